// Message-ID rules: what counts as an id, how it is normalised, and the synthetic id for mail
// that has none. Ids keep their case: public-inbox URLs (and b4) treat them as case-sensitive.
//
// The rule for In-Reply-To/References (extractMessageIds) is public-inbox's (MID.pm):
//   - only `<…>` tokens are ids. Free text around them is dropped, so MH's
//     `In-Reply-To: Your message of "Sat, 7 Apr 2007 …" <200704070053.46646.other.person@example.com>`
//     yields the bracketed id (hyperkitty-testdata/strange-in-reply-to-header.txt);
//   - a value with no complete `<…>` token yields nothing: a bare `someone@yahoo.com`
//     (ruby-mail-fixtures/error_emails/bad_date_header.eml), git-send-email's old `y`/`n` answers,
//     and an unclosed `<200704070053.46646.other.person@example` (wrong-in-reply-to-header.txt) are
//     not ids, and a reply without a usable parent becomes a thread root;
//   - a token equal to one of the message's own From/To/Cc addresses is an address somebody
//     bracketed (`In-Reply-To: Message from John <john@example.com>`), not an id;
//   - the innermost brackets win: `<<id@host>+4075DA63F0F3317D>` (an Android 163.com client quoting
//     a Message-ID of `<id@host>+4075DA63F0F3317D`, openbmc) gives `id@host`, which is also what
//     normalizeMessageId makes of the parent's Message-ID, so the reply still threads;
//   - whitespace inside a token is folding damage and is removed (`<invalid.   something@bar.net>`,
//     ruby-mail-fixtures/error_emails/multiple_references_with_one_invalid.eml); ids need no `@`
//     (Gmail web sends `<FMfcgxwGDDpcbrVbWGfkMRbZCLSZqpMM>`, openbmc); over MAX_MESSAGE_ID_CHARS
//     characters is junk; duplicates keep their first place; at most MAX_REFERENCES are kept, the
//     last ones (the nearest ancestors).

import { Buffer } from 'node:buffer';
import { createHash } from 'node:crypto';
import { MAX_MESSAGE_ID_CHARS, MAX_REFERENCES } from '../limits.ts';

/** Domain of synthetic ids: `.invalid` (RFC 2606) can never clash with a real host. */
export const SYNTHETIC_ID_DOMAIN = 'listarchive.invalid';

const BRACKETED = /<([^<>]*)>/g;

/**
 * Removes RFC 5322 comments `(…)`, nesting-aware and linear, inside brackets too: RFC 5322's
 * obsolete syntax allows `<1234 @ local(blah) .machine .example>` (ruby-mail-fixtures
 * rfc2822/example13.eml), and no real id in the corpora holds a parenthesis. An unbalanced `(` is
 * not a comment and leaves the value as it is.
 */
function stripComments(value: string): string {
  if (!value.includes('(')) return value;
  let out = '';
  let depth = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === '(') {
      depth++;
    } else if (depth > 0) {
      if (c === ')') depth--;
      else if (c === '\\') i++;
    } else {
      out += c;
    }
  }
  return depth === 0 ? out : value;
}

/** Cleans one id candidate (brackets already removed): no whitespace, no `mailto:`; null if unusable. */
function cleanId(candidate: string): string | null {
  let id = candidate.replace(/\s+/g, '');
  if (/^mailto:/i.test(id)) id = id.slice(7);
  if (id === '' || id.length > MAX_MESSAGE_ID_CHARS) return null;
  return id;
}

/**
 * Normalises a Message-ID header value: the first `<…>` token when there is one (comments and
 * trailing junk dropped), otherwise the whole value; brackets, whitespace and `mailto:` removed;
 * case kept. Null when nothing usable is left (empty, or longer than MAX_MESSAGE_ID_CHARS).
 */
export function normalizeMessageId(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const value = stripComments(raw).trim();
  BRACKETED.lastIndex = 0;
  let match: RegExpExecArray | null;
  while ((match = BRACKETED.exec(value)) !== null) {
    const id = cleanId(match[1]);
    if (id) return id;
  }
  // no brackets (`60306319.8090700@linux.intel.com`, openbmc) or an unclosed `<id@host`
  return cleanId(value.replace(/^<+|>+$/g, ''));
}

/**
 * The ids in an In-Reply-To or References value, in order, by the rule at the top of this file.
 * `ownAddresses` are the message's From/To/Cc addresses (compared case-insensitively).
 */
export function extractMessageIds(
  headerValue: string | null | undefined,
  ownAddresses: Iterable<string> = [],
): string[] {
  if (!headerValue?.includes('<')) return [];
  const value = stripComments(headerValue);
  const addresses = new Set<string>();
  for (const address of ownAddresses) if (address) addresses.add(address.toLowerCase());
  const ids: string[] = [];
  const seen = new Set<string>();
  BRACKETED.lastIndex = 0;
  let match: RegExpExecArray | null;
  while ((match = BRACKETED.exec(value)) !== null) {
    const id = cleanId(match[1]);
    if (!id || seen.has(id) || addresses.has(id.toLowerCase())) continue;
    seen.add(id);
    ids.push(id);
  }
  return ids.length > MAX_REFERENCES ? ids.slice(ids.length - MAX_REFERENCES) : ids;
}

/**
 * A stable id for a message without one: the first 40 hex digits of the SHA-256 of its bytes, with
 * CRLF normalised to LF and trailing line breaks ignored, so the same message read from an LF mbox
 * and from a CRLF Maildir file gets the same id. No brackets, like every normalised id.
 */
export function syntheticMessageId(bytes: Uint8Array): string {
  const hash = createHash('sha256');
  let end = bytes.length;
  while (end > 0 && (bytes[end - 1] === 0x0a || bytes[end - 1] === 0x0d)) end--;
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, end);
  let start = 0;
  for (let crlf = buf.indexOf('\r\n'); crlf >= 0; crlf = buf.indexOf('\r\n', crlf + 2)) {
    hash.update(buf.subarray(start, crlf));
    start = crlf + 1; // keep the LF
  }
  hash.update(buf.subarray(start));
  return `${hash.digest('hex').slice(0, 40)}@${SYNTHETIC_ID_DOMAIN}`;
}
