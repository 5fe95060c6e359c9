/**
 * What a deploy costs on the wire to one SSH host: channels opened (commands, tunnels, the SFTP
 * session), commands run, SFTP calls made, and bytes sent and received. Each channel open and
 * each SFTP call waits for at least one answer from the host, so their sum is the number of round
 * trips a deploy cannot do without (an SFTP call that moves a file takes more than one). Counted
 * by the SSH executor, printed per host, and asserted by a test so it cannot creep back.
 */
export interface RoundTrips {
  /** Channels opened: exec (commands), direct-tcpip (health checks), the SFTP session. */
  channels: number;
  /** Commands run (exec channels). */
  commands: number;
  /** Calls on the SFTP session (stat, mkdir, open-write-close of a small file, rename, …). */
  sftpCalls: number;
  /** Bytes on the wire to the host and back (the TCP connection; 0 through a jump host). */
  bytesSent: number;
  bytesReceived: number;
}

export function noRoundTrips(): RoundTrips {
  return { channels: 0, commands: 0, sftpCalls: 0, bytesSent: 0, bytesReceived: 0 };
}

/** The round trips a deploy cannot avoid: channel opens plus SFTP calls. */
export function roundTripTotal(r: RoundTrips): number {
  return r.channels + r.sftpCalls;
}

export function formatRoundTrips(r: RoundTrips): string {
  const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
  return `${roundTripTotal(r)} round trips: ${r.channels} channels (${r.commands} commands), ${r.sftpCalls} SFTP calls; ${kib(r.bytesSent)} sent, ${kib(r.bytesReceived)} received`;
}

/** `a + b`, field by field. */
export function addRoundTrips(a: RoundTrips, b: RoundTrips): RoundTrips {
  return {
    channels: a.channels + b.channels,
    commands: a.commands + b.commands,
    sftpCalls: a.sftpCalls + b.sftpCalls,
    bytesSent: a.bytesSent + b.bytesSent,
    bytesReceived: a.bytesReceived + b.bytesReceived,
  };
}
