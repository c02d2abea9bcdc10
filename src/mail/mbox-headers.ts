// What the mbox splitter reads of a message's header block: where it ends, and its Content-Length.

import { MBOX_MAX_TRUSTED_CONTENT_LENGTH } from '../limits.ts';

const LF = 0x0a;
const CR = 0x0d;
const LF_LF = Buffer.from('\n\n', 'latin1');
const LF_CRLF = Buffer.from('\n\r\n', 'latin1');
/**
 * "Content-Length:" is found by its tail, then the head is compared case-insensitively. Three tails
 * starting with a rarer letter scan twice as fast as one `ength:` (measured on openbmc's headers).
 */
const LENGTH_TAILS = ['Length:', 'length:', 'LENGTH:'].map((tail) => Buffer.from(tail, 'latin1'));
const LENGTH_HEAD = 'content-';

/**
 * Where the body starts: just after the first blank line (`\n\n` or `\n\r\n`) found in `view` from
 * `from`, or -1. The likelier form is searched first and the other only before it — searching both to
 * the end of the buffer would cost a scan of the whole buffer per message.
 */
export function headerBlockEnd(view: Buffer, from: number, crlfFirst: boolean): number {
  const [first, second] = crlfFirst ? [LF_CRLF, LF_LF] : [LF_LF, LF_CRLF];
  const a = view.indexOf(first, from);
  const before = view.subarray(0, a === -1 ? view.length : a + 2);
  // In an LF file a CR is rare: one memchr for it spares the slower three-byte search.
  const b = !crlfFirst && before.indexOf(CR, from) === -1 ? -1 : before.indexOf(second, from);
  const end = b !== -1 ? b : a;
  if (end === -1) return -1;
  return end + (view[end + 1] === LF ? 2 : 3);
}

/** The first `Content-Length:` of a header block, or -1: absent, not a number, or too large to trust. */
export function contentLength(headers: Buffer): number {
  let first = -1; // position of the value of the first Content-Length field
  for (const tail of LENGTH_TAILS) {
    for (
      let i = headers.indexOf(tail);
      i !== -1 && (first === -1 || i < first);
      i = headers.indexOf(tail, i + 1)
    ) {
      const lineStart = i - LENGTH_HEAD.length;
      if (lineStart < 0 || (lineStart > 0 && headers[lineStart - 1] !== LF)) continue;
      if (headers.toString('latin1', lineStart, i).toLowerCase() !== LENGTH_HEAD) continue;
      first = i + tail.length;
      break;
    }
  }
  if (first === -1) return -1;
  const eol = headers.indexOf(LF, first);
  const value = headers.toString('latin1', first, eol === -1 ? headers.length : eol).trim();
  if (!/^\d{1,12}$/.test(value)) return -1;
  const n = Number(value);
  return n <= MBOX_MAX_TRUSTED_CONTENT_LENGTH ? n : -1;
}
