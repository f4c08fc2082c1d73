/**
 * The headers every mail carries: the one-click opt-out (RFC 2369 List-Unsubscribe,
 * RFC 8058 List-Unsubscribe-Post) and a Message-ID per outbox row. Pure.
 */

/** The opt-out page of one invitation: `<publicUrl>/abmelden/<token>` (the same URL as `{{abmelden}}`). */
export function unsubscribeUrl(publicUrl: string, token: string): string {
  if (!/^https?:\/\/[^\s<>"]+$/i.test(publicUrl)) throw new Error('publicUrl must be an absolute http(s) URL');
  if (!/^[A-Za-z0-9_-]+$/.test(token)) throw new Error('token must be URL-safe (base64url)');
  return `${publicUrl.replace(/\/+$/, '')}/abmelden/${token}`;
}

/**
 * `List-Unsubscribe: <url>` and, for an https URL, `List-Unsubscribe-Post:
 * List-Unsubscribe=One-Click`: a mail client then POSTs that body to the URL
 * with no further confirmation (RFC 8058 requires https for one-click; a plain
 * http URL, as in local use, gets only the first header). Both headers must be
 * covered by the DKIM signature when the relay signs.
 */
export function listUnsubscribeHeaders(url: string): Record<string, string> {
  if (!/^https?:\/\/[^\s<>",]+$/i.test(url))
    throw new Error('url must be an absolute http(s) URL without spaces, commas or angle brackets');
  const headers: Record<string, string> = { 'List-Unsubscribe': `<${url}>` };
  if (/^https:/i.test(url)) headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
  return headers;
}

/** The body a one-click client POSTs (RFC 8058 §3.1); the opt-out route accepts it without the CSRF form field. */
export const ONE_CLICK_BODY = 'List-Unsubscribe=One-Click';

/** The domain of MAIL_FROM ("Projektteam <umfrage@example.org>" or "umfrage@example.org"), lower-cased. */
export function domainOfAddress(mailFrom: string): string {
  const address = /<([^<>]+)>\s*$/.exec(mailFrom)?.[1] ?? mailFrom;
  const match = /^[^\s@<>]+@([A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*)$/.exec(
    address.trim(),
  );
  if (!match) throw new Error(`not an e-mail address with a domain: ${mailFrom}`);
  return match[1].toLowerCase();
}

/**
 * The Message-ID of one outbox row: `<<rowId>.survey-waves@<domain>>`. It is
 * stored with the row before the send and is the same on every attempt, so a
 * mail that the documented crash window sends twice carries one Message-ID
 * twice (mail clients and many relays show it once). Use uuids for outbox rows
 * so two installations on one domain never collide.
 */
export function messageIdFor(outboxRowId: string | number, domainOfMailFrom: string): string {
  const id = String(outboxRowId);
  if (!/^[A-Za-z0-9-]+$/.test(id)) throw new Error('outboxRowId must be letters, digits and dashes');
  const domain = domainOfAddress(`x@${domainOfMailFrom}`);
  return `<${id}.survey-waves@${domain}>`;
}
