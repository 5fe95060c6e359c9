import { describe, expect, it } from 'vitest';
import {
  POWER_SCHEME_ALIASES,
  describePowerScheme,
  parseActiveScheme,
  parsePowerSchemeList,
  powercfgGetActiveScheme,
  powercfgSetActive,
  resolvePowerScheme,
} from '../../src/windows/powercfg.js';

// Real powercfg output copied from public pages, each naming the page it came from. Wine has
// no powercfg.exe, so these argv and parser tests are the whole proof for this module.
describe('parseActiveScheme', () => {
  it('reads the GUID of powercfg /getactivescheme (saltstack/salt test_win_powercfg.py fixture)', () => {
    expect(
      parseActiveScheme('Power Scheme GUID: 381b4222-f694-41f0-9685-ff5bb260df2e  (Balanced)'),
    ).toBe(POWER_SCHEME_ALIASES.SCHEME_BALANCED);
  });

  it('reads the GUID whatever the display language (label as in the de-DE /list paste, seerge/g-helper#4315)', () => {
    const out =
      'GUID des Energieschemas: 8C5E7FDA-E8BF-4A96-9A85-A6E23A8C635C  (Höchstleistung)\r\n';
    expect(parseActiveScheme(out)).toBe(POWER_SCHEME_ALIASES.SCHEME_MIN);
  });

  it('finds nothing in an error message (ChrisTitusTech/winutil#2056)', () => {
    expect(
      parseActiveScheme('The power scheme, subgroup or setting specified does not exist.\r\n'),
    ).toBeUndefined();
    expect(parseActiveScheme('')).toBeUndefined();
  });
});

describe('parsePowerSchemeList', () => {
  it('marks the active plan by the * after its name (tarcode-apps/BatteryMode#62)', () => {
    const out = [
      'Existing Power Schemes (* Active)',
      '-----------------------------------',
      'Power Scheme GUID: 381b4222-f694-41f0-9685-ff5bb260df2e  (Balanced)',
      'Power Scheme GUID: 4e5bddd9-75ad-4f4e-925e-78d8fdbedf94  (Ultimate Performance) *',
      'Power Scheme GUID: 8c5e7fda-e8bf-4a96-9a85-a6e23a8c635c  (High performance)',
      'Power Scheme GUID: a1841308-3541-4fab-bc81-f71556f20b4a  (Power saver)',
    ].join('\r\n');
    expect(parsePowerSchemeList(out)).toEqual([
      { guid: '381b4222-f694-41f0-9685-ff5bb260df2e', name: 'Balanced', active: false },
      { guid: '4e5bddd9-75ad-4f4e-925e-78d8fdbedf94', name: 'Ultimate Performance', active: true },
      { guid: '8c5e7fda-e8bf-4a96-9a85-a6e23a8c635c', name: 'High performance', active: false },
      { guid: 'a1841308-3541-4fab-bc81-f71556f20b4a', name: 'Power saver', active: false },
    ]);
  });

  it('reads German output with translated labels and names (seerge/g-helper#4315)', () => {
    const out = `C:\\Users\\XXXXX>powercfg /list

Bestehende Energieschemen (* Aktiv)
-----------------------------------
GUID des Energieschemas: 381b4222-f694-41f0-9685-ff5bb260df2e  (Ausbalanciert) [Balanced]
GUID des Energieschemas: 8d5b02d9-5a68-4c52-b95b-52c758afaede  (Ultimative Leistung) * [Ultimate Performance]
`;
    expect(parsePowerSchemeList(out)).toEqual([
      { guid: '381b4222-f694-41f0-9685-ff5bb260df2e', name: 'Ausbalanciert', active: false },
      { guid: '8d5b02d9-5a68-4c52-b95b-52c758afaede', name: 'Ultimative Leistung', active: true },
    ]);
  });
});

describe('powercfg argument vectors', () => {
  it('queries the active scheme', () => {
    expect(powercfgGetActiveScheme()).toEqual(['powercfg.exe', '/getactivescheme']);
  });

  it('activates a plan by GUID, resolving the documented aliases', () => {
    expect(powercfgSetActive('SCHEME_MIN')).toEqual([
      'powercfg.exe',
      '/setactive',
      '8c5e7fda-e8bf-4a96-9a85-a6e23a8c635c',
    ]);
    expect(powercfgSetActive('scheme_max')).toEqual([
      'powercfg.exe',
      '/setactive',
      'a1841308-3541-4fab-bc81-f71556f20b4a',
    ]);
    expect(powercfgSetActive('SCHEME_BALANCED')).toEqual([
      'powercfg.exe',
      '/setactive',
      '381b4222-f694-41f0-9685-ff5bb260df2e',
    ]);
    expect(powercfgSetActive('{4E5BDDD9-75AD-4F4E-925E-78D8FDBEDF94}')).toEqual([
      'powercfg.exe',
      '/setactive',
      '4e5bddd9-75ad-4f4e-925e-78d8fdbedf94',
    ]);
  });

  it('refuses anything that is neither an alias nor a GUID', () => {
    expect(() => resolvePowerScheme('High performance')).toThrow(/SCHEME_MIN/);
    expect(() => resolvePowerScheme('8c5e7fda & calc')).toThrow(/Invalid power plan/);
    expect(() => resolvePowerScheme('SCHEME_CURRENT')).toThrow(/Invalid power plan/);
  });

  it('describes known plans by alias', () => {
    expect(describePowerScheme('8C5E7FDA-E8BF-4A96-9A85-A6E23A8C635C')).toBe(
      'SCHEME_MIN (8C5E7FDA-E8BF-4A96-9A85-A6E23A8C635C)',
    );
    expect(describePowerScheme('4e5bddd9-75ad-4f4e-925e-78d8fdbedf94')).toBe(
      '4e5bddd9-75ad-4f4e-925e-78d8fdbedf94',
    );
  });
});
