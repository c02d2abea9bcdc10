// RFC 2047 encoded words (`=?charset?B|Q?text?=`) in header text, decoded the forgiving way.
//
// What postal-mime's own decodeWords misses and this fills in:
//   - adjacent words are joined as decoded *bytes*, so a multi-byte character split across two
//     words (Outlook and QQ Mail split GBK/UTF-8 mid-character; openbmc has many) decodes
//     whatever the base64 padding of the first word;
//   - charsets TextDecoder lacks go through charsets.ts (iconv-lite, ISO-2022-KR, HZ), and a
//     Latin-1/ASCII label on UTF-8 bytes is sniffed (`=?iso-8859-1?Q?=E2=80=99?=` → ’);
//   - unknown charsets are reported to the caller, which flags the message.
// Words glued to text without whitespace (`Re:=?utf-8?B?…?=`) are decoded too, as every MUA does.

import { Buffer } from 'node:buffer';
import { decodeText, isKnownCharset } from './charsets.ts';

/** Called with each charset label that no decoder knows. */
export type UnknownCharsetReporter = (charset: string) => void;

const ENCODED_WORD = /=\?([^?\s]+)\?([bBqQ])\?([^?]*)\?=/g;
const LINEAR_WHITESPACE = /^[ \t\r\n]*$/;

interface WordRun {
  /** Charset label without an RFC 2231 `*language` suffix, lower-cased. */
  charset: string;
  bytes: number[];
}

function hexValue(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  const lower = code | 0x20;
  if (lower >= 0x61 && lower <= 0x66) return lower - 0x61 + 10;
  return -1;
}

function pushQ(text: string, out: number[]): void {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x3d && i + 2 < text.length) {
      const high = hexValue(text.charCodeAt(i + 1));
      const low = hexValue(text.charCodeAt(i + 2));
      if (high >= 0 && low >= 0) {
        out.push((high << 4) | low);
        i += 2;
        continue;
      }
    }
    if (code === 0x5f || code === 0x09) out.push(0x20);
    else if (code < 0x80) out.push(code);
    else for (const byte of Buffer.from(text[i], 'utf8')) out.push(byte);
  }
}

function pushB(text: string, out: number[]): void {
  let clean = text.replace(/[^A-Za-z0-9+/]/g, '');
  if (clean.length % 4 === 1) clean = clean.slice(0, -1); // a truncated group carries no byte
  for (const byte of Buffer.from(clean, 'base64')) out.push(byte);
}

/**
 * Splits `value` into literal text and runs of adjacent encoded words (only linear whitespace
 * between them, which RFC 2047 §6.2 says to drop) and hands each piece to `emit` in order.
 */
function scan(value: string, emit: (literal: string | null, run: WordRun | null) => void): void {
  ENCODED_WORD.lastIndex = 0;
  let pos = 0;
  let run: WordRun | null = null;
  let match: RegExpExecArray | null;
  while ((match = ENCODED_WORD.exec(value)) !== null) {
    const between = value.slice(pos, match.index);
    const charset = match[1].toLowerCase().replace(/\*.*$/, '');
    // whitespace after a word is folding when another word follows, whatever its charset
    const folding = run !== null && LINEAR_WHITESPACE.test(between);
    if (run && !(folding && run.charset === charset)) {
      emit(null, run);
      run = null;
    }
    if (!run) {
      if (!folding && between) emit(between, null);
      run = { charset, bytes: [] };
    }
    if (match[2] === 'B' || match[2] === 'b') pushB(match[3], run.bytes);
    else pushQ(match[3], run.bytes);
    pos = match.index + match[0].length;
  }
  if (run) emit(null, run);
  if (pos < value.length) emit(value.slice(pos), null);
}

function decodeRun(run: WordRun, report: UnknownCharsetReporter | undefined): string {
  if (report && !isKnownCharset(run.charset)) report(run.charset);
  return decodeText(Uint8Array.from(run.bytes), run.charset);
}

/** Decodes every encoded word in `value`; text outside the words is kept as it is. Never throws. */
export function decodeEncodedWords(value: string, report?: UnknownCharsetReporter): string {
  if (!value.includes('=?')) return value;
  const out: string[] = [];
  scan(value, (literal, run) => {
    out.push(run ? decodeRun(run, report) : (literal ?? ''));
  });
  return out.join('');
}

/**
 * Rewrites every run of encoded words as one UTF-8 base64 word with the same meaning, so that a
 * structured-header parser that decodes words itself (postal-mime's addressParser) sees only
 * words it decodes right, while the header's structure (quotes, commas, brackets) is untouched.
 */
export function reencodeWordsAsUtf8(value: string, report?: UnknownCharsetReporter): string {
  if (!value.includes('=?')) return value;
  const out: string[] = [];
  scan(value, (literal, run) => {
    if (!run) {
      out.push(literal ?? '');
      return;
    }
    const text = decodeRun(run, report);
    out.push(`=?utf-8?B?${Buffer.from(text, 'utf8').toString('base64')}?=`);
  });
  return out.join('');
}
