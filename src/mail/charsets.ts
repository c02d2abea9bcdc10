// Bytes → text for a declared charset label, with the fallbacks real mail needs.
//
// postal-mime decodes with TextDecoder (WHATWG labels only) and silently falls back to
// windows-1252 for anything else, so cp437/cp850/utf-7 text came out as mojibake with no sign
// of it. Here a label resolves, once, to one of:
//   - TextDecoder, when the runtime knows the label (gb18030, gbk/gb2312, big5, iso-2022-jp,
//     shift_jis, euc-kr/ks_c_5601-1987, koi8-r, windows-125x, iso-8859-x, …);
//   - iconv-lite, for the labels TextDecoder lacks (cp437, cp850, utf-7, viscii, …);
//   - two small decoders for ISO-2022-KR and HZ-GB-2312 (WHATWG maps both to "replacement";
//     STACK.md §3 found them undecoded by every npm candidate);
//   - "sniff": the label says nothing reliable (none, us-ascii, iso-8859-1/windows-1252, utf8,
//     x-unknown, unknown-8bit): valid UTF-8 → UTF-8, otherwise windows-1252. ISO-8859-1 text
//     almost never forms valid multi-byte UTF-8, while UTF-8 labelled Latin-1 is common (Mailman
//     footers, old MUAs), so the sniff is safe in that direction;
//   - unknown: the sniff, and the caller flags `undecoded-charset`.

import { Buffer, isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';

type Decode = (bytes: Uint8Array) => string;

interface ResolvedCharset {
  decode: Decode;
  /** False when no decoder knows the label: the text is a best-effort guess. */
  known: boolean;
}

const windows1252 = new TextDecoder('windows-1252');
const utf8 = new TextDecoder('utf-8');
const eucKr = new TextDecoder('euc-kr');
const gbk = new TextDecoder('gbk');

function hasHighBytes(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i] > 0x7f) return true;
  return false;
}

/**
 * True when bytes that are not valid UTF-8 still look like UTF-8 text with a few bad bytes
 * (a Latin-1 footer appended to a UTF-8 body): at least as many valid multi-byte sequences as
 * stray bytes. Pure Latin-1 text has almost no valid sequences and fails this.
 */
function mostlyUtf8(bytes: Uint8Array): boolean {
  let good = 0;
  let bad = 0;
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    const len = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    let ok = len > 0 && i + len <= bytes.length;
    for (let j = 1; ok && j < len; j++) ok = (bytes[i + j] & 0xc0) === 0x80;
    if (ok) {
      good++;
      i += len;
    } else {
      bad++;
      i++;
    }
  }
  return good > 0 && good >= bad;
}

/** Label gave no usable information: UTF-8 when the bytes are valid UTF-8, else windows-1252. */
function decodeSniffed(bytes: Uint8Array): string {
  if (!hasHighBytes(bytes) || isUtf8(bytes)) return utf8.decode(bytes);
  return windows1252.decode(bytes);
}

/** Declared UTF-8 (in any spelling): trust it unless the bytes are plainly something else. */
function decodeDeclaredUtf8(bytes: Uint8Array): string {
  if (isUtf8(bytes) || mostlyUtf8(bytes)) return utf8.decode(bytes);
  return windows1252.decode(bytes);
}

/**
 * ISO-2022-KR (RFC 1557): ESC $ ) C designates KS X 1001 as G1, SO/SI shift in and out; the
 * shifted bytes are EUC-KR with the high bit cleared.
 */
function decodeIso2022Kr(bytes: Uint8Array): string {
  const out = new Uint8Array(bytes.length);
  let n = 0;
  let shifted = false;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b === 0x1b && bytes[i + 1] === 0x24 && bytes[i + 2] === 0x29 && bytes[i + 3] === 0x43) {
      i += 3;
    } else if (b === 0x0e) {
      shifted = true;
    } else if (b === 0x0f || b === 0x0a) {
      shifted = false;
      if (b === 0x0a) out[n++] = b;
    } else {
      out[n++] = shifted && b > 0x20 && b < 0x7f ? b | 0x80 : b;
    }
  }
  return eucKr.decode(out.subarray(0, n));
}

/** HZ-GB-2312 (RFC 1843): `~{` … `~}` hold GB 2312 with the high bits cleared, `~~` is `~`. */
function decodeHz(bytes: Uint8Array): string {
  const out = new Uint8Array(bytes.length);
  let n = 0;
  let gb = false;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b === 0x7e) {
      const next = bytes[i + 1];
      if (next === 0x7b || next === 0x7d) {
        gb = next === 0x7b;
        i++;
        continue;
      }
      if (next === 0x7e) {
        out[n++] = 0x7e;
        i++;
        continue;
      }
      if (next === 0x0a) {
        i++; // line continuation
        continue;
      }
    }
    out[n++] = gb && b > 0x20 && b < 0x7f ? b | 0x80 : b;
    if (b === 0x0a) gb = false;
  }
  return gbk.decode(out.subarray(0, n));
}

const SNIFF: ResolvedCharset = { decode: decodeSniffed, known: true };
const UTF8: ResolvedCharset = { decode: decodeDeclaredUtf8, known: true };
const UNKNOWN: ResolvedCharset = { decode: decodeSniffed, known: false };

/** Labels that carry no information about the bytes (besides the WHATWG windows-1252 family). */
const SNIFF_LABELS = new Set([
  'unknown',
  'x-unknown',
  'unknown-8bit',
  'x-unknown-8bit',
  '8bit',
  '7bit',
  'default',
  'none',
  'us',
  'iso',
  'iso-8859',
  'x-user-defined',
]);

const SPECIAL: Record<string, ResolvedCharset> = {
  'iso-2022-kr': { decode: decodeIso2022Kr, known: true },
  csiso2022kr: { decode: decodeIso2022Kr, known: true },
  'hz-gb-2312': { decode: decodeHz, known: true },
  hz: { decode: decodeHz, known: true },
};

function fromTextDecoder(label: string): ResolvedCharset | null {
  let decoder: InstanceType<typeof TextDecoder>;
  try {
    decoder = new TextDecoder(label);
  } catch {
    return null;
  }
  if (decoder.encoding === 'windows-1252') return SNIFF;
  if (decoder.encoding === 'utf-8') return UTF8;
  return { decode: (bytes) => decoder.decode(bytes), known: true };
}

function fromIconv(label: string): ResolvedCharset | null {
  if (!iconv.encodingExists(label)) return null;
  return {
    decode: (bytes) => iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length), label),
    known: true,
  };
}

/** Spellings to try for a label: as written, without vendor prefixes, with `_` as `-`, code pages. */
function candidates(label: string): string[] {
  const out = [label];
  const bare = label.replace(/^(?:x-ms-|x-|cs)/, '');
  if (bare !== label) out.push(bare);
  const dashed = bare.replace(/_/g, '-');
  if (dashed !== bare) out.push(dashed);
  const codePage = /^(?:cp|windows|ms|ibm)-?(\d+)$/.exec(dashed);
  if (codePage) out.push(`windows-${codePage[1]}`, `cp${codePage[1]}`);
  return out;
}

function resolveUncached(label: string): ResolvedCharset {
  if (label === '' || SNIFF_LABELS.has(label)) return SNIFF;
  if (/^(?:x-)?(?:unicode-1-1-)?utf-?8(?:mb[34])?$/.test(label)) return UTF8;
  const special = SPECIAL[label];
  if (special) return special;
  const spellings = candidates(label);
  for (const spelling of spellings) {
    const resolved = fromTextDecoder(spelling);
    if (resolved) return resolved;
  }
  for (const spelling of spellings) {
    const resolved = fromIconv(spelling);
    if (resolved) return resolved;
  }
  return UNKNOWN;
}

// Labels come from the mail itself, so the cache is bounded; past the bound labels still
// resolve, just without being remembered.
const MAX_CACHED_LABELS = 512;
const cache = new Map<string, ResolvedCharset>();

/** Lower-cased label without quotes, whitespace or trailing junk (`"UTF-8";` → `utf-8`). */
export function normalizeCharsetLabel(label: string | null | undefined): string {
  const match = /[\w.:+-]+/.exec((label ?? '').toLowerCase());
  return match ? match[0] : '';
}

function resolveCharset(label: string | null | undefined): ResolvedCharset {
  const key = normalizeCharsetLabel(label);
  let resolved = cache.get(key);
  if (!resolved) {
    resolved = resolveUncached(key);
    if (cache.size < MAX_CACHED_LABELS) cache.set(key, resolved);
  }
  return resolved;
}

/** Whether some decoder knows this charset label (an absent label counts as known). */
export function isKnownCharset(label: string | null | undefined): boolean {
  return resolveCharset(label).known;
}

/** Decodes bytes labelled with `label`; never throws. Unknown labels get the UTF-8/windows-1252 sniff. */
export function decodeText(bytes: Uint8Array, label: string | null | undefined): string {
  try {
    return resolveCharset(label).decode(bytes);
  } catch {
    return decodeSniffed(bytes);
  }
}

/**
 * Decodes raw 8-bit header bytes (no encoded words involved): UTF-8 when valid (RFC 6532),
 * otherwise the body's charset when one is declared (a GBK mailer writes GBK headers too),
 * otherwise windows-1252.
 */
export function decodeHeaderBytes(bytes: Uint8Array, bodyCharset: string | null | undefined): string {
  if (!hasHighBytes(bytes) || isUtf8(bytes)) return utf8.decode(bytes);
  const resolved = resolveCharset(bodyCharset);
  if (resolved.known && resolved !== SNIFF && resolved !== UTF8) return decodeText(bytes, bodyCharset);
  return windows1252.decode(bytes);
}
