/**
 * The console's session cookie: its name and attributes, and reading it from a Cookie header. Pure.
 * Over https the name carries the `__Host-` prefix, which browsers accept only with `Secure`, `Path=/`
 * and no `Domain`, so that no other host or path can plant or shadow it.
 */

export const SESSION_COOKIE = 'survey_console';
export const SECURE_SESSION_COOKIE = `__Host-${SESSION_COOKIE}`;

export function sessionCookieName(secure: boolean): string {
  return secure ? SECURE_SESSION_COOKIE : SESSION_COOKIE;
}

/** The value of one cookie in a `Cookie` request header, or undefined. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const separator = part.indexOf('=');
    if (separator < 0 || part.slice(0, separator).trim() !== name) continue;
    const value = part.slice(separator + 1).trim();
    return /^[A-Za-z0-9_-]{1,100}$/.test(value) ? value : undefined;
  }
  return undefined;
}

/** A `Set-Cookie` value: HttpOnly, SameSite=Lax, Path=/, Secure over https; a session cookie (no Max-Age) unless clearing. */
export function sessionCookie(secure: boolean, value: string | null): string {
  const attributes = ['Path=/', 'HttpOnly', 'SameSite=Lax'];
  if (secure) attributes.push('Secure');
  if (value === null) attributes.push('Max-Age=0');
  return [`${sessionCookieName(secure)}=${value ?? ''}`, ...attributes].join('; ');
}
