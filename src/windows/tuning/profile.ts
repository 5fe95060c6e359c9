/**
 * The tuning profile file: YAML (or JSON, which YAML reads too) in the user's repository. Every
 * mistake is reported with the file and line; settings that are known to be ignored or harmful on
 * Windows Server 2019-2025 are not errors but refusals, shown in the plan with the reason.
 *
 * ```yaml
 * extends: default                # or none (the default): start from the built-in profile
 * power-plan: SCHEME_MIN          # alias or GUID
 * tcp-dynamic-ports:
 *   ipv4: { start: 10000, num: 55535 }
 * tcp-global:
 *   autotuninglevel: normal
 * services:
 *   - { name: Spooler, start: disabled }
 * registry:
 *   - key: HKLM\SOFTWARE\MyCompany\MyService
 *     name: Workers
 *     type: REG_DWORD
 *     data: 8
 *     reboot: false               # default: true under HKLM\SYSTEM, false elsewhere
 * allow-disable-task-offload: false
 * ```
 */
import { LineCounter, isMap, isScalar, isSeq, parseDocument, type Pair } from 'yaml';
import { UserError } from '../../runner/errors.js';
import {
  IP_FAMILIES,
  TCP_GLOBAL_PARAMS,
  checkTcpGlobalValue,
  validatePortRange,
  type IpFamily,
} from '../netsh.js';
import { resolvePowerScheme } from '../powercfg.js';
import {
  checkRegData,
  validateRegKey,
  validateRegValueName,
  type RegData,
  type RegType,
} from '../reg.js';
import { validateServiceName } from '../validate.js';
import { defaultProfile } from './builtin.js';
import { registryRefusal, tcpGlobalRefusal } from './refusals.js';
import {
  formatValue,
  settingArea,
  settingId,
  settingLabel,
  type Refusal,
  type SettingValue,
  type StartType,
  type TuningProfile,
  type TuningSetting,
} from './settings.js';

/** Registry types a profile may set. */
export const PROFILE_REG_TYPES: readonly RegType[] = [
  'REG_DWORD',
  'REG_QWORD',
  'REG_SZ',
  'REG_EXPAND_SZ',
  'REG_MULTI_SZ',
];
export const START_TYPES: readonly StartType[] = ['auto', 'delayed-auto', 'demand', 'disabled'];
const TOP_KEYS = [
  'extends',
  'allow-disable-task-offload',
  'power-plan',
  'tcp-dynamic-ports',
  'tcp-global',
  'services',
  'registry',
];

type YNode = unknown;

class Reader {
  constructor(
    readonly file: string,
    private readonly lc: LineCounter,
  ) {}

  line(node: YNode): number | undefined {
    const range = (node as { range?: [number, number, number] } | null)?.range;
    return range ? this.lc.linePos(range[0]).line : undefined;
  }

  fail(node: YNode, message: string): never {
    const line = this.line(node);
    throw new UserError(`${this.file}${line ? `:${line}` : ''}: ${message}`, this.file, line);
  }

  /** Runs a check that throws UserError and adds the file and line to its message. */
  at<T>(node: YNode, check: () => T): T {
    try {
      return check();
    } catch (e) {
      if (e instanceof UserError) this.fail(node, e.message);
      throw e;
    }
  }

  pairs(
    node: YNode,
    what: string,
    allowed?: readonly string[],
  ): Map<string, { key: YNode; value: YNode }> {
    if (!isMap(node)) this.fail(node, `${what} must be a mapping (key: value)`);
    const out = new Map<string, { key: YNode; value: YNode }>();
    for (const pair of node.items as Pair[]) {
      const key = pair.key;
      if (!isScalar(key) || typeof key.value !== 'string')
        this.fail(key ?? node, `${what}: keys must be names`);
      const name = key.value;
      if (allowed && !allowed.includes(name))
        this.fail(key, `unknown key '${name}' in ${what}: use ${allowed.join(', ')}`);
      out.set(name, { key, value: pair.value });
    }
    return out;
  }

  items(node: YNode, what: string): YNode[] {
    if (!isSeq(node)) this.fail(node, `${what} must be a list`);
    return node.items;
  }

  scalar(node: YNode, what: string): unknown {
    if (!isScalar(node)) this.fail(node, `${what} must be a single value`);
    return node.value;
  }

  string(node: YNode, what: string): string {
    const v = this.scalar(node, what);
    if (typeof v !== 'string' || v === '') this.fail(node, `${what} must be a non-empty string`);
    return v;
  }

  scalarString(node: YNode, what: string): string {
    const v = this.scalar(node, what);
    if (typeof v !== 'string') this.fail(node, `${what} must be a string`);
    return v;
  }

  integer(node: YNode, what: string): number {
    const v = this.scalar(node, what);
    const n = typeof v === 'bigint' ? Number(v) : v;
    if (typeof n !== 'number' || !Number.isSafeInteger(n))
      this.fail(node, `${what} must be a whole number`);
    return n;
  }

  boolean(node: YNode, what: string): boolean {
    const v = this.scalar(node, what);
    if (typeof v !== 'boolean') this.fail(node, `${what} must be true or false`);
    return v;
  }
}

function registryData(r: Reader, node: YNode, type: RegType, what: string): RegData {
  if (type === 'REG_MULTI_SZ')
    return r.items(node, `${what} data`).map((n) => r.scalarString(n, `${what} data item`));
  const v = r.scalar(node, `${what} data`);
  if (type === 'REG_DWORD' || type === 'REG_QWORD') {
    let n: bigint;
    if (typeof v === 'bigint') n = v;
    else if (typeof v === 'number' && Number.isSafeInteger(v)) n = BigInt(v);
    else if (typeof v === 'string' && /^(0x[0-9a-fA-F]+|[0-9]+)$/.test(v.trim()))
      n = BigInt(v.trim());
    else r.fail(node, `${what}: ${type} data must be a whole number (decimal or 0x hex)`);
    return type === 'REG_DWORD' && n <= 0xffffffffn && n >= 0n ? Number(n) : n;
  }
  if (typeof v !== 'string')
    r.fail(node, `${what}: ${type} data must be a string (quote numbers: "30")`);
  return v;
}

/** Parses and checks a profile; `file` is used in messages (the path as the user wrote it). */
export function parseProfile(text: string, file: string): TuningProfile {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, intAsBigInt: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const line = e?.linePos?.[0].line;
    const msg = (e?.message ?? 'invalid YAML').split('\n')[0];
    throw new UserError(`${file}${line ? `:${line}` : ''}: ${msg}`, file, line);
  }
  const r: Reader = new Reader(file, lc);
  if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null))
    throw new UserError(
      `${file}: the tuning profile is empty: write settings, or use 'none' for no tuning`,
      file,
    );
  const top = r.pairs(doc.contents, 'the profile', TOP_KEYS);

  const settings = new Map<string, TuningSetting>();
  const refused: Refusal[] = [];
  const add = (node: YNode, s: TuningSetting) => {
    const id = settingId(s.ref);
    if (settings.has(id) && settings.get(id)?.line !== undefined)
      r.fail(node, `${settingLabel(s.ref)} is set twice (also on line ${settings.get(id)?.line})`);
    settings.set(id, { ...s, line: r.line(node) });
  };
  const refuse = (
    node: YNode,
    area: Refusal['area'],
    setting: string,
    desired: string,
    reason: string,
  ) => refused.push({ area, setting, desired, reason, line: r.line(node) });

  const ext = top.get('extends');
  if (ext) {
    const base = r.string(ext.value, 'extends');
    if (base === 'default')
      for (const s of defaultProfile().settings) settings.set(settingId(s.ref), s);
    else if (base !== 'none')
      r.fail(ext.value, `extends must be 'default' or 'none', not '${base}'`);
  }
  const allowOffload = top.get('allow-disable-task-offload');
  const allowDisableTaskOffload = allowOffload
    ? r.boolean(allowOffload.value, 'allow-disable-task-offload')
    : false;

  const plan = top.get('power-plan');
  if (plan) {
    const scheme = r.at(plan.value, () => resolvePowerScheme(r.string(plan.value, 'power-plan')));
    add(plan.value, {
      ref: { kind: 'power-plan' },
      desired: { kind: 'power-plan', scheme },
      reboot: false,
    });
  }

  const ports = top.get('tcp-dynamic-ports');
  if (ports)
    for (const [family, { value }] of r.pairs(ports.value, 'tcp-dynamic-ports', IP_FAMILIES)) {
      const fields = r.pairs(value, `tcp-dynamic-ports.${family}`, ['start', 'num']);
      const start = fields.get('start');
      const num = fields.get('num');
      if (!start || !num) r.fail(value, `tcp-dynamic-ports.${family} needs start and num`);
      const range = r.at(value, () =>
        validatePortRange({
          start: r.integer(start.value, 'start'),
          num: r.integer(num.value, 'num'),
        }),
      );
      add(value, {
        ref: { kind: 'dynamic-port', family: family as IpFamily },
        desired: { kind: 'dynamic-port', range },
        reboot: false,
      });
    }

  const global = top.get('tcp-global');
  if (global)
    for (const [name, { key, value }] of r.pairs(global.value, 'tcp-global')) {
      const v = r.scalar(value, `tcp-global.${name}`);
      const refusal = tcpGlobalRefusal(name);
      if (refusal) {
        refuse(key, 'netsh', `TCP global ${name}`, String(v), refusal);
        continue;
      }
      if (!(name in TCP_GLOBAL_PARAMS))
        r.fail(
          key,
          `unknown TCP global setting '${name}': use ${Object.keys(TCP_GLOBAL_PARAMS).join(', ')}`,
        );
      const checked = r.at(value, () =>
        checkTcpGlobalValue(name, typeof v === 'bigint' ? Number(v) : (v as string)),
      );
      add(key, {
        ref: { kind: 'tcp-global', name },
        desired: { kind: 'tcp-global', value: checked },
        reboot: false,
      });
    }

  const services = top.get('services');
  if (services)
    for (const item of r.items(services.value, 'services')) {
      const f = r.pairs(item, 'a services entry', ['name', 'start']);
      const nameNode = f.get('name');
      const startNode = f.get('start');
      if (!nameNode || !startNode) r.fail(item, 'a services entry needs name and start');
      const service = r.at(nameNode.value, () =>
        validateServiceName(r.string(nameNode.value, 'service name')),
      );
      const start = r.string(startNode.value, 'start');
      if (!START_TYPES.includes(start as StartType))
        r.fail(startNode.value, `start must be one of ${START_TYPES.join(', ')}, not '${start}'`);
      add(item, {
        ref: { kind: 'service-start', service },
        desired: { kind: 'service-start', start: start as StartType },
        reboot: false,
      });
    }

  const registry = top.get('registry');
  if (registry)
    for (const item of r.items(registry.value, 'registry')) {
      const f = r.pairs(item, 'a registry entry', ['key', 'name', 'type', 'data', 'reboot', 'why']);
      for (const k of ['key', 'name', 'type', 'data'])
        if (!f.has(k))
          r.fail(item, `a registry entry needs key, name, type and data (missing ${k})`);
      const keyNode = f.get('key')?.value;
      const key = r.at(keyNode, () => validateRegKey(r.string(keyNode, 'key')));
      if (!key.toUpperCase().startsWith('HKLM\\'))
        r.fail(keyNode, `key '${key}': tuning is machine-wide, use a key under HKLM`);
      const nameNode = f.get('name')?.value;
      const name = r.at(nameNode, () => validateRegValueName(r.string(nameNode, 'name')));
      const typeNode = f.get('type')?.value;
      const type = r.string(typeNode, 'type').toUpperCase() as RegType;
      if (!PROFILE_REG_TYPES.includes(type))
        r.fail(typeNode, `type must be one of ${PROFILE_REG_TYPES.join(', ')}, not '${type}'`);
      const dataNode = f.get('data')?.value;
      const data = r.at(dataNode, () =>
        checkRegData(type, registryData(r, dataNode, type, name), `${key}\\${name}`),
      );
      const rebootNode = f.get('reboot');
      const whyNode = f.get('why');
      const ref = { kind: 'registry' as const, key, name };
      const desired: SettingValue = { kind: 'registry', value: { type, data } };
      const refusal = registryRefusal({ key, name, data, allowDisableTaskOffload });
      if (refusal) {
        refuse(item, settingArea(ref), settingLabel(ref), formatValue(desired), refusal);
        continue;
      }
      add(item, {
        ref,
        desired,
        reboot: rebootNode ? r.boolean(rebootNode.value, 'reboot') : /^HKLM\\SYSTEM\\/i.test(key),
        ...(whyNode ? { why: r.string(whyNode.value, 'why') } : {}),
      });
    }

  return { name: file, settings: [...settings.values()], refused };
}
