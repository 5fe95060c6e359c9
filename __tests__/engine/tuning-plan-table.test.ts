import { describe, expect, it } from 'vitest';
import {
  isChange,
  renderPlanMarkdown,
  renderPlanText,
  summarizePlan,
  type PlanItem,
} from '../../src/engine/plan.js';

const items: PlanItem[] = [
  {
    area: 'registry',
    setting: 'HKLM\\X\\TcpTimedWaitDelay',
    current: '(absent)',
    desired: '30 (0x1e)',
    action: 'set',
  },
  {
    area: 'power',
    setting: 'active power plan',
    current: 'SCHEME_MIN',
    desired: 'SCHEME_MIN',
    action: 'none',
  },
  {
    area: 'registry',
    setting: 'HKLM\\X\\TcpWindowSize',
    current: '',
    desired: '65535',
    action: 'refused',
    note: 'ignored since autotuning',
  },
];

describe('plan tables', () => {
  it('renders a Markdown table with escaped pipes and the note after the action', () => {
    const md = renderPlanMarkdown([
      ...items,
      { area: 'registry', setting: 'a|b', current: 'x', desired: 'y', action: 'update' },
    ]);
    expect(md.split('\n')).toEqual([
      '| Area | Setting | Current | Desired | Action |',
      '| --- | --- | --- | --- | --- |',
      '| registry | HKLM\\X\\TcpTimedWaitDelay | (absent) | 30 (0x1e) | set |',
      '| power | active power plan | SCHEME_MIN | SCHEME_MIN | none |',
      '| registry | HKLM\\X\\TcpWindowSize |  | 65535 | refused (ignored since autotuning) |',
      '| registry | a\\|b | x | y | update |',
      '',
    ]);
  });

  it('renders aligned plain text for logs', () => {
    const text = renderPlanText(items.slice(0, 2));
    expect(text.split('\n')).toEqual([
      'Area      Setting                   Current     Desired     Action',
      '--------  ------------------------  ----------  ----------  ------',
      'registry  HKLM\\X\\TcpTimedWaitDelay  (absent)    30 (0x1e)   set',
      'power     active power plan         SCHEME_MIN  SCHEME_MIN  none',
      '',
    ]);
  });

  it('says so when there is nothing to do', () => {
    expect(renderPlanText([])).toBe('Nothing to do.\n');
    expect(renderPlanMarkdown([])).toBe('_Nothing to do._\n');
  });

  it('counts changes, unchanged and refused rows', () => {
    expect(summarizePlan(items)).toEqual({ changes: 1, unchanged: 1, refused: 1 });
    expect(items.map(isChange)).toEqual([true, false, false]);
  });
});
