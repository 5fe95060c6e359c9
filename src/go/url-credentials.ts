/**
 * Credentials in a mirror URL (`https://user:password@mirror/dl`): they are sent as HTTP Basic
 * auth, registered as secrets, and shown nowhere. Every URL setup-go prints goes through
 * `shownUrl`, which puts `***` where the user name and password were.
 */

/** `scheme://userinfo@`: the part of a URL that carries credentials, wherever it appears. */
const USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^/?#@\s]*@/gi;

/** The URL (or any text holding URLs) with every user name and password replaced by `***`. */
export function shownUrl(text: string): string {
  return text.replace(USERINFO, '$1***@');
}

export interface UrlCredentials {
  /** The URL without them, for the HTTP client. */
  url: string;
  /** `user:password`, decoded, for the Authorization header; undefined without credentials. */
  basic?: string;
}

/** Splits the credentials off a URL. */
export function splitCredentials(raw: string): UrlCredentials {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { url: raw };
  }
  if (!url.username && !url.password) return { url: raw };
  const basic = `${decode(url.username)}:${decode(url.password)}`;
  url.username = '';
  url.password = '';
  return { url: url.href, basic };
}

/**
 * Registers every form the credentials of `raw` could be printed in as a secret: as written and
 * decoded, the password alone and with the user name. No-op for a URL without them.
 */
export function maskUrlCredentials(raw: string, mask: (secret: string) => void): void {
  for (const s of urlSecrets(raw)) mask(s);
}

export function urlSecrets(raw: string): string[] {
  const m = /^[a-z][a-z0-9+.-]*:\/\/([^/?#@\s]*)@/i.exec(raw.trim());
  if (!m) return [];
  const userinfo = m[1]!;
  const colon = userinfo.indexOf(':');
  // `token@host` carries a token as the user name: then the whole userinfo is the secret.
  const password = colon < 0 ? userinfo : userinfo.slice(colon + 1);
  const forms = [userinfo, decode(userinfo), password, decode(password)];
  return [...new Set(forms)].filter((s) => s !== '');
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
