// What a file holds, from its first bytes: an mbox, a single message (an RFC 5322 header block),
// or something else. And the envelope line a single message may start with.

import { readEnvelope } from './mbox-envelope.ts';

const LF = 0x0a;
const CR = 0x0d;
const COLON = 0x3a;
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const FROM = Buffer.from('From ', 'latin1');
/** Longest header field name we accept (RFC 5322 allows 998, real names are < 40). */
const MAX_FIELD_NAME = 76;
/**
 * Fields one of which every real message has. Requiring one keeps `key: value` files (YAML,
 * `Title: …` READMEs) out of a folder walk; names are compared lower-cased.
 */
const MAIL_FIELDS = new Set([
  'from',
  'to',
  'cc',
  'date',
  'subject',
  'message-id',
  'received',
  'return-path',
  'delivered-to',
  'envelope-to',
  'x-original-to',
  'mime-version',
  'content-type',
  'sender',
  'reply-to',
  'in-reply-to',
  'references',
  'dkim-signature',
  'arc-seal',
  'authentication-results',
  'list-id',
  'x-mailer',
  'x-mozilla-status',
]);

/** Skips a UTF-8 BOM and blank lines; returns where the content starts. */
function contentStart(head: Uint8Array): number {
  let p = 0;
  if (head.length >= 3 && head[0] === BOM[0] && head[1] === BOM[1] && head[2] === BOM[2]) p = 3;
  for (;;) {
    if (head[p] === LF) p++;
    else if (head[p] === CR && head[p + 1] === LF) p += 2;
    else return p;
  }
}

/** Starts (after a BOM and blank lines) with a `From ` line: an mbox. */
export function looksLikeMbox(head: Uint8Array): boolean {
  const p = contentStart(head);
  return Buffer.from(head.buffer, head.byteOffset + p, Math.min(FROM.length, head.length - p)).equals(FROM);
}

/**
 * Starts with an RFC 5322 header block: the first line is a `Name: value` field, the lines up to the
 * first blank line (or the end of `head`) are mostly fields or folded continuations — real mail has
 * the odd broken line (ruby-mail-fixtures raw_email_incorrect_header.eml, an unfolded References in
 * multiple_references_with_one_invalid.eml) — and one field is a common mail field.
 */
export function looksLikeMessage(head: Uint8Array): boolean {
  let p = 0;
  if (head.length >= 3 && head[0] === BOM[0] && head[1] === BOM[1] && head[2] === BOM[2]) p = 3;
  let fields = 0;
  let junk = 0;
  let mailFields = 0;
  while (p < head.length) {
    const c = head[p];
    const nl = indexOf(head, LF, p);
    if (c === LF || (c === CR && head[p + 1] === LF)) break; // the blank line ending the header block
    if (c === 0x20 || c === 0x09) {
      if (fields === 0) return false; // a continuation before any field
    } else {
      const colon = fieldNameEnd(head, p);
      if (colon !== -1) {
        fields++;
        const name = Buffer.from(head.buffer, head.byteOffset + p, colon - p)
          .toString('latin1')
          .trimEnd();
        if (MAIL_FIELDS.has(name.toLowerCase())) mailFields++;
      } else if (fields === 0) {
        return false;
      } else if (nl !== -1) {
        junk++; // the last, partial line of `head` is not judged
      }
    }
    if (nl === -1) break;
    p = nl + 1;
  }
  return mailFields > 0 && junk * 4 <= fields;
}

/** Position of the `:` ending a field name at `p`, or -1. Whitespace before the colon is tolerated. */
function fieldNameEnd(head: Uint8Array, p: number): number {
  let sawSpace = false;
  for (let i = p; i < head.length && i - p <= MAX_FIELD_NAME; i++) {
    const c = head[i];
    if (c === COLON) return i > p ? i : -1;
    if (c === 0x20 || c === 0x09) {
      if (i === p) return -1;
      sawSpace = true; // `Subject : x` is seen in old mail; a space *inside* a name is not
    } else if (c < 0x21 || c > 0x7e || sawSpace) return -1;
  }
  return -1;
}

function indexOf(bytes: Uint8Array, byte: number, from: number): number {
  return bytes.indexOf(byte, from);
}

/**
 * A single message file (Maildir, .eml) that starts with an mbox `From ` line: the line is the
 * envelope (its date is kept), not part of the message. Other bytes are returned untouched.
 */
export function stripEnvelope(bytes: Buffer): { bytes: Buffer; envelopeDate: Date | null } {
  if (!bytes.subarray(0, FROM.length).equals(FROM)) return { bytes, envelopeDate: null };
  const nl = bytes.indexOf(LF);
  const lineEnd = nl === -1 ? bytes.length : nl;
  const envelope = readEnvelope(bytes.toString('latin1', FROM.length, lineEnd));
  return { bytes: bytes.subarray(Math.min(lineEnd + 1, bytes.length)), envelopeDate: envelope.date };
}
