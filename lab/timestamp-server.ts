/**
 * An RFC 3161 time-stamping server on 127.0.0.1 for the signing tests: `openssl ts -reply` behind
 * HTTP, with a throwaway TSA certificate (Time Stamping extended key usage, critical) of its own,
 * as a CA's timestamp service answers osslsigncode's `-ts`. Its root is no system CA, so a
 * timestamp from it does not verify against the runner's CAs unless given as -TSA-CAfile.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TimestampServer {
  url: string;
  /** The TSA certificate (self-signed): the anchor for `osslsigncode verify -TSA-CAfile`. */
  certFile: string;
  /** Requests answered (a query each). */
  requests: number;
  close(): Promise<void>;
}

export async function startTimestampServer(): Promise<TimestampServer> {
  const dir = mkdtempSync(join(tmpdir(), 'winship-tsa-'));
  const config = join(dir, 'tsa.cnf');
  writeFileSync(
    config,
    [
      '[ req ]',
      'distinguished_name = dn',
      '[ dn ]',
      '[ v3_tsa ]',
      'basicConstraints = CA:FALSE',
      'keyUsage = critical, digitalSignature',
      'extendedKeyUsage = critical, timeStamping',
      '[ tsa ]',
      'default_tsa = tsa_config',
      '[ tsa_config ]',
      `serial = ${join(dir, 'serial')}`,
      `signer_cert = ${join(dir, 'tsa.pem')}`,
      `signer_key = ${join(dir, 'tsa.key')}`,
      `certs = ${join(dir, 'tsa.pem')}`,
      'signer_digest = sha256',
      'default_policy = 1.2.3.4.1',
      'digests = sha256, sha1, sha384, sha512',
      'accuracy = secs:1',
      'ordering = yes',
      'tsa_name = no',
      'ess_cert_id_chain = no',
      'ess_cert_id_alg = sha256',
      '',
    ].join('\n'),
  );
  writeFileSync(join(dir, 'serial'), '01\n');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      'tsa.key',
      '-out',
      'tsa.pem',
      '-days',
      '30',
      '-subj',
      '/CN=Winship Test TSA',
      '-config',
      config,
      '-extensions',
      'v3_tsa',
    ],
    { cwd: dir, stdio: 'pipe' },
  );
  let n = 0;
  const state = { requests: 0 };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const id = ++n;
      const query = join(dir, `q${id}.tsq`);
      const reply = join(dir, `r${id}.tsr`);
      try {
        if (req.method !== 'POST' || req.headers['content-type'] !== 'application/timestamp-query')
          throw new Error(`not a timestamp query: ${req.method} ${req.headers['content-type']}`);
        writeFileSync(query, Buffer.concat(chunks));
        execFileSync(
          'openssl',
          ['ts', '-reply', '-queryfile', query, '-config', config, '-out', reply],
          {
            cwd: dir,
            stdio: 'pipe',
          },
        );
        state.requests++;
        res.writeHead(200, { 'content-type': 'application/timestamp-reply' });
        res.end(readFileSync(reply));
      } catch (err) {
        res.writeHead(400, { 'content-type': 'text/plain' });
        res.end(String(err));
      } finally {
        rmSync(query, { force: true });
        rmSync(reply, { force: true });
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    certFile: join(dir, 'tsa.pem'),
    get requests() {
      return state.requests;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
