/**
 * What can go wrong with an SSH host, as errors a user can act on. Each names its host once, at the
 * start of its message (`user@host:port: …`); `detail` is the same message without the host, for
 * callers that already print the host (a host's own log group, the summary's host column).
 */
import { UserError, errorMessage } from '../runner/errors.js';
import type { HostKeyCheck } from './host-keys.js';

export class SshHostError extends UserError {
  constructor(
    readonly host: string,
    readonly detail: string,
  ) {
    super(`${host}: ${detail}`);
    this.name = 'SshHostError';
  }
}

/** The host presented a key that is not pinned (or is revoked). Never retried. */
export class HostKeyError extends SshHostError {
  constructor(
    label: string,
    readonly check: HostKeyCheck,
    /** The jump host that presented the key, when it was the bastion's (not the host's). */
    readonly jumpHost?: string,
  ) {
    super(
      label,
      `${jumpHost ? `jump host ${jumpHost}: ` : ''}host key refused before authentication: ${check.reason}`,
    );
    this.name = 'HostKeyError';
  }
}

/** The connection could not be made or was lost while an operation ran. */
export class SshConnectionError extends SshHostError {
  constructor(
    label: string,
    detail: string,
    readonly retryable: boolean,
  ) {
    super(label, detail);
    this.name = 'SshConnectionError';
  }
}

/**
 * The SFTP server refused a path winship gave it, the way a server that does not take Windows
 * OpenSSH's `/C:/…` form answers "No such file" for a folder that exists.
 */
export class SftpPathError extends SshHostError {
  constructor(
    label: string,
    readonly what: string,
    readonly windowsPath: string,
    readonly sftpPath: string,
    readonly answer: string,
  ) {
    super(
      label,
      `the SFTP server refused ${sftpPath} (${what} of ${windowsPath}): it answered "${answer}". ` +
        'winship names Windows paths the way Windows OpenSSH does (/C:/dir/file): check that the host runs Windows OpenSSH (sshd with its sftp-server or internal-sftp), ' +
        'and that the deploy user can write under the folder (input root)',
    );
    this.name = 'SftpPathError';
  }
}

/** The message of `err` without a leading `<label>: ` (its host is printed by the caller). */
export function withoutHost(err: unknown): string {
  return err instanceof SshHostError ? err.detail : errorMessage(err);
}

/** A failed ssh2 connect attempt, classified: only network trouble is worth another attempt. */
export function classifyConnectError(label: string, err: unknown): SshConnectionError {
  const e = err as { level?: string; code?: string; message?: string };
  const msg = errorMessage(err);
  if (e.level === 'client-authentication' || /authentication methods failed/i.test(msg))
    return new SshConnectionError(
      label,
      "the host refused the key (authentication failed): add the public key of ssh-private-key to the user's authorized_keys (administrators_authorized_keys for administrators)",
      false,
    );
  if (/privateKey|passphrase/i.test(msg))
    return new SshConnectionError(label, `the private key could not be used: ${msg}`, false);
  if (e.level === 'client-dns' || e.code === 'ENOTFOUND')
    return new SshConnectionError(label, `host name not found (${msg})`, false);
  return new SshConnectionError(label, `cannot connect (${msg})`, true);
}
