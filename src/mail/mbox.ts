// The mbox splitter: bytes in (any chunking), messages out, byte-exact, memory bounded by the largest
// message plus one read chunk (STACK.md §4: a hand-written Buffer splitter runs at disk speed).
//
// What a message is. The stored bytes are the message without its `From ` separator line, with the
// `>From ` quoting undone, and without the one blank line the mbox writer put between messages (the
// message's own final newline stays). CRLF files keep their CRLF bytes; separators end in `\r\n` there.
//
// Where a message starts. A line starting with `From ` splits only when it looks like a separator
// (mbox-envelope.ts has the shapes): mboxo writers such as Thunderbird leave body lines like
// `From Russia with love` unescaped (mimekit unmunged.mbox.txt). The rule:
//   - the first line of the input (after a UTF-8 BOM and blank lines) is always a separator;
//   - after a blank line: `From <sender> <date>` and Netscape's `From -` split; a dateless
//     `From x@y` (Gmail export, mimekit issue1189.mbox.txt) splits when the next line is a header field;
//   - after a non-blank line: Netscape's `From -` splits (Netscape wrote no blank line between
//     messages: mimekit content-length.mbox.txt), and `From <sender> <date>` splits when the next
//     line is a header field (writers that forget the blank line); nothing else does.
// The first line of a message is never a separator (two separators in a row would be an empty message).
//
// Content-Length (mboxcl/mboxcl2, Netscape, Mail::Box). When the header block has `Content-Length: N`
// and the N body bytes are followed by `\nFrom ` (or `\r\nFrom `), or by the end of the input, the
// count is trusted: the message is the header block plus exactly N bytes, a `From ` line inside the
// body does not split, and no `>From ` is unquoted (mboxcl2 does not quote). Otherwise the count is
// ignored and the rules above apply.
//
// mboxo or mboxrd? mboxrd writers quote `^>*From ` with one more `>`; mboxo writers quote only
// `^From `. The rule: a file is mboxrd when its separators are all `From mboxrd@z …` (public-inbox) or
// when it contains a `>>From ` line, else mboxo. The two readings differ only on lines matching
// `^>>+From `, and any such line makes the file mboxrd under this rule; so "remove one `>` from every
// `^>+From ` line" is the exact result for every file, and the rule streams: no second pass, no
// holding messages back until the end of the file.

import { MAX_HEADER_BYTES } from '../limits.ts';
import { readEnvelope } from './mbox-envelope.ts';
import { contentLength, headerBlockEnd } from './mbox-headers.ts';

/** A message as the splitter finds it; the reader adds its origin and source offset. */
export interface SplitMessage {
  bytes: Buffer;
  envelopeDate: Date | null;
}

/** The input does not start with a `From ` line (after a BOM and blank lines), or is empty. */
export class NotMboxError extends Error {}

const LF = 0x0a;
const CR = 0x0d;
const GT = 0x3e;
const COLON = 0x3a;
const FROM = Buffer.from('From ', 'latin1');
const NL_FROM = Buffer.from('\nFrom ', 'latin1');
const GT_FROM = Buffer.from('>From ', 'latin1');
const CRLF = Buffer.from('\r\n', 'latin1');
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
/** Longest header field name accepted when asking "is the next line a header field?". */
const MAX_FIELD_NAME = 76;

type State =
  | 'start' // before the first separator: skip a BOM and blank lines
  | 'separator' // at `msgStart` is a line that is a separator by position
  | 'headers' // looking for the end of the header block (and its Content-Length)
  | 'counted' // waiting for the bytes that prove or disprove Content-Length
  | 'body' // scanning for the next separator and for quoted `>From ` lines
  | 'done';

/**
 * Push chunks, get whole messages. `buf[0, len)` holds the input from the current message's first
 * byte (`msgStart`, after compaction 0) to the last byte received; every position is an offset in it.
 */
export class MboxSplitter {
  private buf: Buffer = Buffer.alloc(0);
  private len = 0;
  /** Input bytes dropped from the front of `buf` so far (to know where the file starts). */
  private consumed = 0;
  private state: State = 'start';
  private msgStart = 0;
  private envelopeDate: Date | null = null;
  /** Separator candidates before `sepScan` are handled; `sepPos` is the next `\nFrom ` found (-1: search). */
  private sepScan = 0;
  private sepPos = -1;
  /** Quoted lines before `quoteScan` are handled; `quotePos` is the next `>From ` found (-1: search). */
  private quoteScan = 0;
  private quotePos = -1;
  /** The current message's separator line ended in CRLF: look for a CRLF blank line first. */
  private crlf = false;
  /** Where to look next for the blank line that ends the header block. */
  private headerScan = 0;
  /** In state `counted`: where the counted body ends. */
  private countedEnd = 0;
  /** Positions of the `>` bytes to drop from the current message (ascending). */
  private drops: number[] = [];

  /** Feeds the next piece of input; returns the messages it completed. */
  push(chunk: Uint8Array): SplitMessage[] {
    const out: SplitMessage[] = [];
    this.append(chunk);
    this.run(false, out);
    this.compact();
    return out;
  }

  /** Ends the input; returns the last message. Throws NotMboxError when there was no separator. */
  end(): SplitMessage[] {
    const out: SplitMessage[] = [];
    this.run(true, out);
    if (this.state === 'start') throw new NotMboxError('no "From " line');
    this.state = 'done';
    this.buf = Buffer.alloc(0);
    this.len = 0;
    return out;
  }

  private run(final: boolean, out: SplitMessage[]): void {
    let more = true;
    while (more) {
      switch (this.state) {
        case 'start':
          more = this.skipPreamble(final);
          break;
        case 'separator':
          more = this.takeSeparator(final);
          break;
        case 'headers':
          more = this.readHeaders(final);
          break;
        case 'counted':
          more = this.checkCounted(final, out);
          break;
        case 'body':
          more = this.scanBody(final, out);
          break;
        case 'done':
          more = false;
      }
    }
  }

  /** Skips a BOM and blank lines at the start of the input; the first other line must be `From `. */
  private skipPreamble(final: boolean): boolean {
    let p = this.msgStart;
    if (this.consumed + p === 0) {
      if (this.len < BOM.length && !final) return false;
      if (this.startsWith(0, BOM)) p = BOM.length;
    }
    for (;;) {
      if (p < this.len && this.buf[p] === LF) p++;
      else if (this.startsWith(p, CRLF)) p += 2;
      else break;
    }
    this.msgStart = p;
    if (this.len - p < FROM.length && !final) return false;
    if (!this.startsWith(p, FROM)) throw new NotMboxError('no "From " line');
    this.state = 'separator';
    return true;
  }

  /** The line at `msgStart` is a separator by position (input start, after a trusted count). */
  private takeSeparator(final: boolean): boolean {
    const p = this.msgStart;
    const nl = this.buf.subarray(0, this.len).indexOf(LF, p);
    const lineEnd = nl === -1 ? this.len : nl;
    if (lineEnd === this.len && !final) return false;
    this.startMessage(lineEnd, readEnvelope(this.buf.toString('latin1', p + FROM.length, lineEnd)).date);
    return true;
  }

  /** Starts a message after the separator line that ends at `lineEnd`. */
  private startMessage(lineEnd: number, envelopeDate: Date | null): void {
    const start = Math.min(lineEnd + 1, this.len);
    this.envelopeDate = envelopeDate;
    this.crlf = lineEnd > 0 && this.buf[lineEnd - 1] === CR;
    this.msgStart = start;
    this.sepScan = start;
    this.quoteScan = Math.max(this.quoteScan, start);
    this.headerScan = start;
    this.drops = [];
    this.state = 'headers';
  }

  /** Finds the end of the header block; a Content-Length in it moves on to state `counted`. */
  private readHeaders(final: boolean): boolean {
    const start = this.msgStart;
    if (this.len - start < 2 && !final) return false;
    this.state = 'body';
    if (this.buf[start] === LF || this.startsWith(start, CRLF)) return true; // no header block
    const view = this.buf.subarray(0, Math.min(this.len, start + MAX_HEADER_BYTES));
    const bodyStart = headerBlockEnd(view, Math.max(start, this.headerScan - 2), this.crlf);
    if (bodyStart === -1) {
      if (final || this.len - start >= MAX_HEADER_BYTES) return true;
      this.state = 'headers';
      this.headerScan = this.len;
      return false;
    }
    // A `From ` line inside the header block: a message without a body, not one to count.
    const sep = this.nextCandidate(this.buf.subarray(0, this.len));
    const fromInHeaders = this.startsWith(start, FROM) || (sep !== -1 && sep + 1 < bodyStart);
    const length = fromInHeaders ? -1 : contentLength(this.buf.subarray(start, bodyStart));
    if (length !== -1) {
      this.countedEnd = bodyStart + length;
      this.state = 'counted';
    }
    return true;
  }

  /** Trusts Content-Length when the counted body ends at `\nFrom ` or at the end of the input. */
  private checkCounted(final: boolean, out: SplitMessage[]): boolean {
    const end = this.countedEnd;
    if (this.len < end + NL_FROM.length + 1 && !final) return false;
    const rest = this.len - end;
    let next = -1; // where the next separator line starts; len at the end of the input
    if (this.startsWith(end, NL_FROM)) next = end + 1;
    else if (end < this.len && this.buf[end] === CR && this.startsWith(end + 1, NL_FROM)) next = end + 2;
    else if (
      final &&
      (rest === 0 || (rest === 1 && this.buf[end] === LF) || (rest === 2 && this.startsWith(end, CRLF)))
    )
      next = this.len;
    if (next === -1) {
      this.state = 'body'; // a wrong count: split by the separator rules instead
      return true;
    }
    this.emit(end, false, out);
    this.msgStart = next;
    this.state = next === this.len ? 'done' : 'separator';
    return true;
  }

  /** Looks for the next separator; collects quoted lines on the way. */
  private scanBody(final: boolean, out: SplitMessage[]): boolean {
    const view = this.buf.subarray(0, this.len);
    for (;;) {
      const s = this.nextCandidate(view);
      this.collectQuotes(view, s === -1 ? this.len : s + 1);
      if (s === -1) {
        if (final) {
          this.emit(this.len, true, out);
          this.state = 'done';
          return false;
        }
        return false;
      }
      const lineStart = s + 1;
      const nl = view.indexOf(LF, lineStart);
      if (nl === -1 && !final) return false;
      const lineEnd = nl === -1 ? this.len : nl;
      const envelope = readEnvelope(view.toString('latin1', lineStart + FROM.length, lineEnd));
      const split = this.isSeparator(envelope.kind, lineStart, lineEnd, final);
      if (split === undefined) return false;
      this.sepPos = -1;
      if (split) {
        this.emit(lineStart, true, out);
        this.startMessage(lineEnd, envelope.date);
        return true;
      }
      this.sepScan = lineEnd;
    }
  }

  /** The next `\nFrom ` at or after `sepScan` (cached until used), or -1 when the buffer has none. */
  private nextCandidate(view: Buffer): number {
    if (this.sepPos !== -1 && this.sepPos >= this.sepScan) return this.sepPos;
    this.sepPos = view.indexOf(NL_FROM, this.sepScan);
    if (this.sepPos === -1) this.sepScan = Math.max(this.sepScan, this.len - NL_FROM.length + 1);
    return this.sepPos;
  }

  /** The separator rule of the file comment; undefined when the next line is not here yet. */
  private isSeparator(kind: string, lineStart: number, lineEnd: number, final: boolean): boolean | undefined {
    if (kind === 'other') return false;
    if (kind === 'netscape') return true;
    const blank = this.previousLineBlank(lineStart);
    if (kind === 'dated' && blank) return true;
    if (kind === 'bare' && !blank) return false;
    return this.headerFieldAt(lineEnd + 1, final);
  }

  /** Is the line ending just before `p` (a line start after `msgStart`) empty? */
  private previousLineBlank(p: number): boolean {
    const lo = this.msgStart;
    if (p - 1 <= lo) return p - 1 === lo;
    const c = this.buf[p - 2];
    if (c === LF) return true;
    return c === CR && (p - 2 === lo || this.buf[p - 3] === LF);
  }

  /** Does a header field (`Name:`) start at `p`? undefined when the bytes are not here yet. */
  private headerFieldAt(p: number, final: boolean): boolean | undefined {
    for (let i = p; i < p + MAX_FIELD_NAME; i++) {
      if (i >= this.len) return final ? false : undefined;
      const c = this.buf[i];
      if (c === COLON) return i > p;
      if (c <= 0x20 || c >= 0x7f) return false;
    }
    return false;
  }

  /** Records the `>` to drop for every `^>+From ` line that starts before `limit`. */
  private collectQuotes(view: Buffer, limit: number): void {
    for (;;) {
      if (this.quotePos === -1) {
        const q = view.indexOf(GT_FROM, this.quoteScan);
        if (q === -1) {
          this.quoteScan = Math.max(this.quoteScan, this.len - GT_FROM.length + 1);
          return;
        }
        this.quotePos = q;
      }
      const q = this.quotePos;
      if (q >= limit) return;
      this.quotePos = -1;
      this.quoteScan = q + 1;
      if (q < this.msgStart) continue; // inside a separator line or a counted body: not ours
      let k = q;
      while (k > this.msgStart && this.buf[k - 1] === GT) k--;
      if (k === this.msgStart || this.buf[k - 1] === LF) this.drops.push(k);
    }
  }

  /** Copies out the current message `[msgStart, end)`, without quoting and the mbox blank line. */
  private emit(end: number, trimBlank: boolean, out: SplitMessage[]): void {
    const start = this.msgStart;
    const buf = this.buf;
    if (trimBlank && end > start && buf[end - 1] === LF) {
      if (end - 1 === start || buf[end - 2] === LF) end -= 1;
      else if (buf[end - 2] === CR && (end - 2 === start || buf[end - 3] === LF)) end -= 2;
    }
    const drops = this.drops;
    let n = 0;
    while (n < drops.length && drops[n] < end) n++;
    const size = end - start - n;
    if (size <= 0) return; // nothing between two separators: no message
    const bytes = Buffer.allocUnsafeSlow(size);
    let at = 0;
    let from = start;
    for (let i = 0; i < n; i++) {
      at += buf.copy(bytes, at, from, drops[i]);
      from = drops[i] + 1;
    }
    buf.copy(bytes, at, from, end);
    out.push({ bytes, envelopeDate: this.envelopeDate });
  }

  private startsWith(p: number, needle: Buffer): boolean {
    return (
      p + needle.length <= this.len && this.buf.compare(needle, 0, needle.length, p, p + needle.length) === 0
    );
  }

  private append(chunk: Uint8Array): void {
    if (this.len + chunk.length > this.buf.length) {
      const grown = Buffer.allocUnsafeSlow(Math.max(this.buf.length * 2, this.len + chunk.length));
      this.buf.copy(grown, 0, 0, this.len);
      this.buf = grown;
    }
    this.buf.set(chunk, this.len);
    this.len += chunk.length;
  }

  /** Moves the current message to the front of `buf`; gives memory back after a huge message. */
  private compact(): void {
    const shift = this.msgStart;
    if (shift === 0) return;
    const keep = this.len - shift;
    const big = this.buf.length > 16 << 20 && keep < this.buf.length >> 3;
    const target = big ? Buffer.allocUnsafeSlow(Math.max(keep * 2, 4 << 20)) : this.buf;
    this.buf.copy(target, 0, shift, this.len);
    this.buf = target;
    this.len = keep;
    this.consumed += shift;
    this.msgStart = 0;
    this.sepScan = Math.max(0, this.sepScan - shift);
    this.quoteScan = Math.max(0, this.quoteScan - shift);
    this.quotePos = this.quotePos < shift ? -1 : this.quotePos - shift;
    this.sepPos = this.sepPos < shift ? -1 : this.sepPos - shift;
    this.headerScan = Math.max(0, this.headerScan - shift);
    this.countedEnd -= shift;
    for (let i = 0; i < this.drops.length; i++) this.drops[i] -= shift;
  }
}

/**
 * Splits an mbox byte stream. `name` labels origins (`name#1`, `name#2`, …). Each message's bytes
 * own their ArrayBuffer (no pooled or shared memory): safe to keep, or to transfer to a worker.
 */
export async function* splitMbox(
  chunks: AsyncIterable<Uint8Array>,
  name: string,
  bytesRead: () => number,
): AsyncGenerator<{ bytes: Buffer; envelopeDate: Date | null; origin: string; sourceOffset: number }> {
  const splitter = new MboxSplitter();
  let count = 0;
  const label = (m: SplitMessage) => ({ ...m, origin: `${name}#${++count}`, sourceOffset: bytesRead() });
  for await (const chunk of chunks) yield* splitter.push(chunk).map(label);
  yield* splitter.end().map(label);
}
