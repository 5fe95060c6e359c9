/**
 * The built-in `default` profile: few settings, each documented by Microsoft for Windows Server
 * 2019-2025, with one line of why, whether it needs a reboot, and the source. Left alone on
 * purpose: SysMain (Microsoft gives no guidance, so its default stays), Windows Search (already
 * disabled on Server), network adapter offloads (recommended on), MaxUserPort (not used since 2008),
 * KeepAliveTime (Go sets keep-alive per socket, 15 s by default, so the system value does not apply).
 */
import { POWER_SCHEME_ALIASES } from '../powercfg.js';
import type { TuningProfile } from './settings.js';
import { SOURCES } from './sources.js';

const TCPIP = 'HKLM\\SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Parameters';
const PORTS = { start: 10000, num: 55535 };

export function defaultProfile(): TuningProfile {
  return {
    name: 'default',
    refused: [],
    settings: [
      {
        ref: { kind: 'power-plan' },
        desired: { kind: 'power-plan', scheme: POWER_SCHEME_ALIASES.SCHEME_MIN },
        why: 'High performance plan: processors stay at their highest performance state, for low-latency services (costs energy).',
        reboot: false,
        source: SOURCES.powerPlans,
      },
      ...(['ipv4', 'ipv6'] as const).map((family) => ({
        ref: { kind: 'dynamic-port' as const, family },
        desired: { kind: 'dynamic-port' as const, range: { ...PORTS } },
        why: 'Ephemeral ports 10000-65534 instead of 49152-65535, so bursts of outbound connections do not run out of ports; keep listening ports below 10000.',
        reboot: false,
        source: SOURCES.dynamicPorts,
      })),
      {
        ref: { kind: 'registry', key: TCPIP, name: 'TcpTimedWaitDelay' },
        desired: { kind: 'registry', value: { type: 'REG_DWORD', data: 30 } },
        why: "Closed connections leave TIME_WAIT after 30 s instead of 120 s, so their ports are reused sooner (Microsoft's recommended value).",
        reboot: true,
        source: SOURCES.timedWaitDelay,
      },
      {
        ref: { kind: 'tcp-global', name: 'autotuninglevel' },
        desired: { kind: 'tcp-global', value: 'normal' },
        why: 'Receive window autotuning at its default level, undoing old scripts that disabled it (the modern replacement for TcpWindowSize).',
        reboot: false,
        source: SOURCES.nicTuning,
      },
    ],
  };
}
