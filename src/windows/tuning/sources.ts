/** Microsoft pages the built-in settings and the refusals rest on (each checked for what it says). */
export const SOURCES = {
  /** "Performance Tuning Network Adapters": offloads, autotuning, "Deprecated TCP parameters". */
  nicTuning:
    'https://learn.microsoft.com/en-us/windows-server/networking/technologies/network-subsystem/net-sub-performance-tuning-nics',
  /** "Power and performance tuning": Balanced default, High Performance for low latency, aliases. */
  powerPlans:
    'https://learn.microsoft.com/en-us/windows-server/administration/performance-tuning/hardware/power/power-performance-tuning',
  /** KB 929851: dynamic port range 49152-65535, netsh syntax and limits. */
  dynamicPorts:
    'https://learn.microsoft.com/en-us/troubleshoot/windows-server/networking/default-dynamic-port-range-tcpip-chang',
  /** TcpTimedWaitDelay: 2-300 s on Windows Server 2012 R2 and later, default 120, recommended 30. */
  timedWaitDelay:
    'https://learn.microsoft.com/en-us/biztalk/technical-guides/settings-that-can-be-modified-to-improve-network-performance',
  /** KB 328890: TcpAckFrequency lives under Tcpip\Parameters\Interfaces\<interface GUID>. */
  ackFrequency:
    'https://learn.microsoft.com/en-us/troubleshoot/windows-server/networking/registry-entry-control-tcp-acknowledgment-behavior',
  /** Service guidance: SysMain "No guidance" (keep the default), WSearch "Already disabled". */
  services:
    'https://learn.microsoft.com/en-us/windows-server/security/windows-services/security-guidelines-for-disabling-system-services-in-windows-server',
} as const;
