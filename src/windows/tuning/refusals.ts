/**
 * Settings winship will not apply, each with the reason and what to do instead. They come from
 * tuning scripts written for Windows Server 2003; on Windows Server 2019-2025 they are ignored,
 * misplaced, or against Microsoft's recommendation.
 */
import { SOURCES } from './sources.js';

const TCPIP_PARAMETERS =
  /^HKLM\\SYSTEM\\(CurrentControlSet|ControlSet\d{3})\\Services\\Tcpip6?\\Parameters$/i;
const TCPIP_TREE =
  /^HKLM\\SYSTEM\\(CurrentControlSet|ControlSet\d{3})\\Services\\Tcpip6?\\Parameters(\\.*)?$/i;

export interface RegistryRefusalInput {
  /** Key as validated (`HKLM\...`). */
  key: string;
  name: string;
  data: unknown;
  allowDisableTaskOffload: boolean;
}

/** The reason a registry value is refused, or undefined when it may be applied. */
export function registryRefusal(v: RegistryRefusalInput): string | undefined {
  const name = v.name.toLowerCase();
  if (
    TCPIP_TREE.test(v.key) &&
    ['tcpwindowsize', 'numtcbtablepartitions', 'maxhashtablesize'].includes(name)
  )
    return (
      `${v.name} is ignored since Windows Server 2008: receive window autotuning sizes the TCP window. ` +
      `Use tcp-global: { autotuninglevel: normal } (netsh int tcp set global autotuninglevel=normal). ` +
      `Source: ${SOURCES.nicTuning}#deprecated-tcp-parameters`
    );
  if (TCPIP_PARAMETERS.test(v.key) && name === 'tcpackfrequency')
    return (
      `TcpAckFrequency is read per interface, under Tcpip\\Parameters\\Interfaces\\{interface GUID}; ` +
      `at the global Tcpip\\Parameters key it does nothing. Put it under the interface's key. Source: ${SOURCES.ackFrequency}`
    );
  if (TCPIP_PARAMETERS.test(v.key) && name === 'maxuserport')
    return (
      `MaxUserPort does not set the ephemeral port range since Windows Server 2008: the range is set with ` +
      `netsh int ipv4 set dynamicport. Use tcp-dynamic-ports instead. Source: ${SOURCES.dynamicPorts}`
    );
  if (
    TCPIP_PARAMETERS.test(v.key) &&
    name === 'disabletaskoffload' &&
    Number(v.data) !== 0 &&
    !v.allowDisableTaskOffload
  )
    return (
      `DisableTaskOffload=1 turns off network adapter offloads, which Microsoft recommends keeping on. ` +
      `Set allow-disable-task-offload: true in the profile if you have measured that you need it. Source: ${SOURCES.nicTuning}`
    );
  return undefined;
}

/** The reason a `netsh int tcp set global` parameter is refused, or undefined. */
export function tcpGlobalRefusal(name: string): string | undefined {
  if (name.toLowerCase() === 'chimney')
    return `TCP Chimney Offload is deprecated since Windows Server 2016 and Microsoft advises against it. Source: ${SOURCES.nicTuning}`;
  return undefined;
}
