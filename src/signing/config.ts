/**
 * The `windows-signing-*` inputs of actions/build (and the root action) as one SigningConfig, or
 * undefined when no certificate is given. The certificate and its password are secrets: masked the
 * moment they are read.
 */
import { InputError } from '../runner/errors.js';
import type { Inputs } from '../runner/inputs.js';
import type { SigningConfig } from './key.js';

export const SIGNING_INPUTS = {
  certificate: 'windows-signing-certificate',
  password: 'windows-signing-password',
  timestampUrl: 'windows-signing-timestamp-url',
  description: 'windows-signing-description',
  url: 'windows-signing-url',
} as const;

/** The post step's state: the folder that holds the key while the build runs. */
export const SIGNING_STATE = { keyDir: 'signing-key-dir' } as const;

function httpUrl(input: string, text: string): string {
  try {
    const u = new URL(text);
    if (u.protocol === 'http:' || u.protocol === 'https:') return text;
  } catch {
    // falls through to the error
  }
  throw new InputError(input, `'${text}' is not an http(s) URL`);
}

export function readSigningConfig(inputs: Inputs): SigningConfig | undefined {
  const certificate = inputs.secret(SIGNING_INPUTS.certificate);
  const password = inputs.secret(SIGNING_INPUTS.password);
  const timestampUrl = inputs.string(SIGNING_INPUTS.timestampUrl);
  const description = inputs.string(SIGNING_INPUTS.description);
  const url = inputs.string(SIGNING_INPUTS.url);
  if (certificate === '') {
    const stray = [
      password && SIGNING_INPUTS.password,
      timestampUrl && SIGNING_INPUTS.timestampUrl,
      description && SIGNING_INPUTS.description,
      url && SIGNING_INPUTS.url,
    ].filter(Boolean);
    if (stray.length > 0)
      throw new InputError(
        SIGNING_INPUTS.certificate,
        `is empty while ${stray.join(', ')} ${stray.length === 1 ? 'is' : 'are'} set: pass the PFX from a secret (is the secret available to this workflow, e.g. not a pull request from a fork?)`,
      );
    return undefined;
  }
  if (/[\0\r\n]/.test(description))
    throw new InputError(SIGNING_INPUTS.description, 'must be one line');
  return {
    certificate,
    password,
    ...(timestampUrl ? { timestampUrl: httpUrl(SIGNING_INPUTS.timestampUrl, timestampUrl) } : {}),
    ...(description ? { description } : {}),
    ...(url ? { url: httpUrl(SIGNING_INPUTS.url, url) } : {}),
  };
}
