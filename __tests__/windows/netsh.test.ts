import { describe, expect, it } from 'vitest';
import {
  checkTcpGlobalValue,
  netshSetDynamicPort,
  netshSetTcpGlobal,
  netshShowDynamicPort,
  netshShowTcpGlobal,
  parseDynamicPort,
  parseTcpGlobal,
  validatePortRange,
} from '../../src/windows/netsh.js';

// Real netsh output copied from public pages, each naming the page it came from. Wine's
// netsh is a stub, so these argv and parser tests are the whole proof for this module.
describe('parseDynamicPort', () => {
  it('reads start and count (dorssel/usbipd-win#53, leading blank line as netsh prints it)', () => {
    const out =
      '\r\nProtocol tcp Dynamic Port Range\r\n---------------------------------\r\nStart Port      : 49152\r\nNumber of Ports : 16384\r\n';
    expect(parseDynamicPort(out)).toEqual({ start: 49152, num: 16384 });
  });

  it('reads the range a Visual Studio install left behind (actions/runner-images#1442, Packer prefix removed)', () => {
    const out =
      'Protocol tcp Dynamic Port Range\n---------------------------------\nStart Port      : 1024\nNumber of Ports : 64511\n\n';
    expect(parseDynamicPort(out)).toEqual({ start: 1024, num: 64511 });
  });

  it('reads French output by position, not by label (DataDog/datadog-agent event_windows_test.go)', () => {
    const out =
      'Plage de ports dynamique du protocole tcp\n---------------------------------\nPort de démarrage   : 49152\nNombre de ports     : 16384\n';
    expect(parseDynamicPort(out)).toEqual({ start: 49152, num: 16384 });
  });

  it('gives nothing for empty output (what the Wine netsh stub prints) or nonsense', () => {
    expect(parseDynamicPort('')).toBeUndefined();
    expect(parseDynamicPort('Start Port : 60000\nNumber of Ports : 10000\n')).toBeUndefined();
    expect(parseDynamicPort('Start Port : 49152\n')).toBeUndefined();
  });
});

describe('parseTcpGlobal', () => {
  it('reads English labels (Microsoft "Performance tuning network adapters" sample, whitespace as printed there)', () => {
    const out = `Querying active state...

TCP Global Parameters
-----
Receive-Side Scaling State : enabled
Chimney Offload State : disabled
Receive Window Auto-Tuning Level : normal
Add-On Congestion Control Provider : default
ECN Capability : disabled
RFC 1323 Timestamps : disabled
Initial RTO : 3000
Receive Segment Coalescing State : enabled
Non Sack Rtt Resiliency : disabled
Max SYN Retransmissions : 2
Fast Open : enabled
Fast Open Fallback : enabled
Pacing Profile : off
`;
    expect(parseTcpGlobal(out)).toEqual({
      rss: 'enabled',
      chimney: 'disabled',
      autotuninglevel: 'normal',
      congestionprovider: 'default',
      ecncapability: 'disabled',
      timestamps: 'disabled',
      initialrto: '3000',
      rsc: 'enabled',
      nonsackrttresiliency: 'disabled',
      maxsynretransmissions: '2',
      fastopen: 'enabled',
      fastopenfallback: 'enabled',
      pacingprofile: 'off',
    });
  });

  it('reads padded English labels (GoogleCloudPlatform/PerfKitBenchmarker gce_windows_virtual_machine.py)', () => {
    const out =
      'Receive-Side Scaling State          : enabled\r\nReceive Window Auto-Tuning Level    : normal\r\nECN Capability                      : disabled\r\n';
    expect(parseTcpGlobal(out)).toEqual({
      rss: 'enabled',
      autotuninglevel: 'normal',
      ecncapability: 'disabled',
    });
  });

  it('reads German output by its known row layout, checking every value (MysticFoxDE/WINDOWS-OPTIMIZATIONS#15)', () => {
    const out = `Globale TCP-Parameter
----------------------------------------------
Zustand der empfangsseitigen Skalierung          : enabled
Autom. Abstimmungsgrad Empfangsfenster    : normal
Add-On "Überlastungssteuerungsanbieter"  : default
ECN-Funktion                      : enabled
RFC 1323-Zeitstempel                 : disabled
RTO (anfänglich)                         : 1000
Zustand der Empfangssegmentzusammenfügung    : disabled
Nicht-SACK-RTT-Widerstandsfähigkeit             : disabled
Maximale SYN-Neuübertragungen             : 4
Fast Open                           : enabled
Fast Open-Fallback                  : enabled
HyStart                             : enabled
Proportionale Ratenreduzierung         : enabled
Schrittsteuerungsprofil                      : off
`;
    expect(parseTcpGlobal(out)).toEqual({
      rss: 'enabled',
      autotuninglevel: 'normal',
      congestionprovider: 'default',
      ecncapability: 'enabled',
      timestamps: 'disabled',
      initialrto: '1000',
      rsc: 'disabled',
      nonsackrttresiliency: 'disabled',
      maxsynretransmissions: '4',
      fastopen: 'enabled',
      fastopenfallback: 'enabled',
      hystart: 'enabled',
      prr: 'enabled',
      pacingprofile: 'off',
    });
  });

  it('refuses to guess when a translated layout does not match (values out of their domains)', () => {
    const rows = Array.from(
      { length: 14 },
      (_, i) => `Zeile ${i}   : ${i === 1 ? 'enabled' : 'normal'}`,
    ).join('\n');
    expect(parseTcpGlobal(rows)).toBeUndefined();
    expect(parseTcpGlobal('')).toBeUndefined();
  });
});

describe('netsh argument vectors', () => {
  it('shows and sets the dynamic port range per family as in KB 929851', () => {
    expect(netshShowDynamicPort('ipv4')).toEqual([
      'netsh.exe',
      'int',
      'ipv4',
      'show',
      'dynamicport',
      'tcp',
    ]);
    expect(netshSetDynamicPort('ipv6', { start: 10000, num: 55535 })).toEqual([
      'netsh.exe',
      'int',
      'ipv6',
      'set',
      'dynamicport',
      'tcp',
      'start=10000',
      'num=55535',
    ]);
  });

  it('refuses ranges netsh rejects: start below 1025, fewer than 255 ports, end above 65535', () => {
    expect(() => validatePortRange({ start: 1024, num: 1000 })).toThrow(/at least 1025/);
    expect(() => validatePortRange({ start: 10000, num: 254 })).toThrow(/at least 255/);
    expect(() => validatePortRange({ start: 10000, num: 55537 })).toThrow(/at most 65535/);
    expect(validatePortRange({ start: 10000, num: 55536 })).toEqual({ start: 10000, num: 55536 });
  });

  it('shows and sets TCP global parameters with checked values', () => {
    expect(netshShowTcpGlobal()).toEqual(['netsh.exe', 'int', 'tcp', 'show', 'global']);
    expect(netshSetTcpGlobal('autotuninglevel', 'Normal')).toEqual([
      'netsh.exe',
      'int',
      'tcp',
      'set',
      'global',
      'autotuninglevel=normal',
    ]);
    expect(netshSetTcpGlobal('initialrto', 1000)).toEqual([
      'netsh.exe',
      'int',
      'tcp',
      'set',
      'global',
      'initialrto=1000',
    ]);
  });

  it('refuses unknown parameters, values outside the domain, and "default" (it never converges)', () => {
    expect(() => checkTcpGlobalValue('chimney', 'enabled')).toThrow(
      /Unknown TCP global setting 'chimney'/,
    );
    expect(() => checkTcpGlobalValue('autotuninglevel', 'fast')).toThrow(
      /one of disabled, highlyrestricted/,
    );
    expect(() => checkTcpGlobalValue('rss', 'default')).toThrow(/enabled, disabled/);
    expect(() => checkTcpGlobalValue('maxsynretransmissions', 9)).toThrow(/2 to 8/);
  });
});
