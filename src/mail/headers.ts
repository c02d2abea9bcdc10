// A plain scan of a message's top header block, straight from the bytes.
//
// Used for the fields the archive needs (Subject, From, Date, Message-ID, References, Received)
// rather than postal-mime's header list, because postal-mime decodes header bytes as UTF-8 and
// so loses raw 8-bit GBK/Big5/Latin-1 headers, and because a message postal-mime rejects
// (header or nesting limits) still needs its headers shown.

import { Buffer } from 'node:buffer';
import { MAX_HEADER_BYTES } from '../limits.ts';
import { decodeHeaderBytes } from './charsets.ts';
import { decodeEncodedWords, type UnknownCharsetReporter } from './encoded-words.ts';

export interface HeaderField {
  /** Lower-cased field name. */
  name: string;
  /** Unfolded value as a byte string: one char per byte (latin1), not yet decoded. */
  value: string;
}

export interface HeaderBlock {
  fields: HeaderField[];
  /** Offset of the first body byte (after the blank line), or the length when there is no body. */
  bodyOffset: number;
  /** The header block was longer than the scan limit and was cut. */
  truncated: boolean;
}

/** Index just past the blank line ending the header block, or -1 if there is none within `limit`. */
function headerEnd(bytes: Uint8Array, limit: number): { end: number; body: number } | null {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  // a message that starts with its blank line has no headers at all
  if (buf[0] === 0x0a) return { end: 0, body: 1 };
  if (buf[0] === 0x0d && buf[1] === 0x0a) return { end: 0, body: 2 };
  let from = 0;
  while (from < limit) {
    const nl = buf.indexOf(0x0a, from);
    if (nl < 0 || nl >= limit) return null;
    const next = buf[nl + 1];
    if (next === 0x0a) return { end: nl + 1, body: nl + 2 };
    if (next === 0x0d && buf[nl + 2] === 0x0a) return { end: nl + 1, body: nl + 3 };
    from = nl + 1;
  }
  return null;
}

/** Scans the header block: fields in order, unfolded; lines without a colon are skipped. */
export function scanHeaders(bytes: Uint8Array, limit = MAX_HEADER_BYTES): HeaderBlock {
  const found = headerEnd(bytes, Math.min(limit, bytes.length));
  let end: number;
  let bodyOffset: number;
  let truncated = false;
  if (found) {
    end = found.end;
    bodyOffset = found.body;
  } else if (bytes.length <= limit) {
    end = bytes.length; // headers only, no body
    bodyOffset = bytes.length;
  } else {
    end = limit;
    bodyOffset = bytes.length;
    truncated = true;
  }
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, end).toString('latin1');
  const fields: HeaderField[] = [];
  let current: string[] | null = null;
  const flush = (): void => {
    if (!current) return;
    const line = current.join('');
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).trim().toLowerCase();
    // `From ` envelope lines and other junk have no colon, or whitespace in the name
    if (colon > 0 && name && !/\s/.test(name)) fields.push({ name, value: line.slice(colon + 1).trim() });
    current = null;
  };
  for (const raw of text.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if ((line.startsWith(' ') || line.startsWith('\t')) && current) {
      current.push(line);
    } else {
      flush();
      current = [line];
    }
  }
  flush();
  return { fields, bodyOffset, truncated };
}

/** First field with this (lower-case) name, or undefined. */
export function headerValue(fields: readonly HeaderField[], name: string): string | undefined {
  for (const field of fields) if (field.name === name) return field.value;
  return undefined;
}

/** Every value of a field that may repeat (To, Cc, Received), in order. */
export function headerValues(fields: readonly HeaderField[], name: string): string[] {
  const out: string[] = [];
  for (const field of fields) if (field.name === name) out.push(field.value);
  return out;
}

/** Byte string → text: raw 8-bit bytes decoded (UTF-8, else the body charset, else windows-1252). */
export function byteStringToText(value: string, bodyCharset: string | null): string {
  if (!/[\x80-\xff]/.test(value)) return value;
  return decodeHeaderBytes(Buffer.from(value, 'latin1'), bodyCharset);
}

/** Control characters and line breaks out, runs of whitespace to one space, trimmed. */
export function cleanHeaderText(text: string): string {
  return text
    .replace(/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/g, '')
    .replace(/[ \t\r\n]+/g, ' ')
    .trim();
}

/** An unstructured header (Subject, a Date shown as written) as display text. */
export function decodeUnstructured(
  value: string,
  bodyCharset: string | null,
  report?: UnknownCharsetReporter,
): string {
  return cleanHeaderText(decodeEncodedWords(byteStringToText(value, bodyCharset), report));
}

/** The `charset` parameter of a Content-Type value, or null. */
export function charsetParam(contentType: string | undefined): string | null {
  if (!contentType) return null;
  const match = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(contentType);
  return match ? match[1] : null;
}
