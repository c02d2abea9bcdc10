// Messages out as mboxrd, gzipped and streamed: `t.mbox.gz` (a thread, what b4 fetches) and the day
// and month downloads. Each message is written as
//
//   From <sender address> <asctime of its delivery date, UTC>
//   <the stored bytes, every line matching ^>*From  given one more '>'>
//   <a blank line>
//
// public-inbox writes `From mboxrd@z Thu Jan  1 00:00:00 1970` for every message; a real date (the
// one the message's day comes from, DESIGN.md §3) lets an mbox imported elsewhere land on the same
// days. A message with no usable date at all keeps public-inbox's 1970, which every reader,
// listarchive's included, takes for "no date". The bytes are the stored ones, headers untouched
// (public-inbox drops Content-Length, Lines, Status and Bytes; we have nothing to drop: the
// readers never add them, and one that came with the mail is part of it).

import { deliveryDate } from '../archive/day.ts';
import { withoutPrivateHeaders } from '../mail/private-headers.ts';
import type { MboxMessage } from '../store/store.ts';

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad2 = (n: number) => String(n).padStart(2, '0');

/** C's asctime() in UTC: `Thu Jan  1 00:00:00 1970` (day of month padded with a space). */
export function asctime(date: Date): string {
  const time = `${pad2(date.getUTCHours())}:${pad2(date.getUTCMinutes())}:${pad2(date.getUTCSeconds())}`;
  const day = String(date.getUTCDate()).padStart(2, ' ');
  return `${WEEKDAYS[date.getUTCDay()]} ${MONTHS[date.getUTCMonth()]} ${day} ${time} ${date.getUTCFullYear()}`;
}

/**
 * The separator line (without its LF). The sender is the From: address with anything that would
 * split the line removed; a message without one is from MAILER-DAEMON, as in mail spools.
 */
export function fromLine(sender: string, delivered: Date): string {
  const address = sender.replace(/[\s\x00-\x1f\x7f]+/g, '') || 'MAILER-DAEMON';
  return `From ${address} ${asctime(delivered)}`;
}

const FROM = Buffer.from('From ');

/** Whether the line starting at `at` is `>*From `: the lines mboxrd quotes. */
function needsQuote(bytes: Uint8Array, at: number): boolean {
  let i = at;
  while (i < bytes.length && bytes[i] === 0x3e) i++;
  if (i + FROM.length > bytes.length) return false;
  for (let k = 0; k < FROM.length; k++) if (bytes[i + k] !== FROM[k]) return false;
  return true;
}

/** The message with one more `>` before every `>*From ` line; the same buffer when none needs it. */
export function quoteFromLines(raw: Uint8Array): Uint8Array {
  const bytes = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  // Most messages have no `From ` anywhere: one search, no copy.
  if (bytes.indexOf(FROM) < 0) return raw;
  const parts: Uint8Array[] = [];
  let copied = 0;
  for (let line = 0; line < bytes.length; ) {
    if (needsQuote(bytes, line)) {
      parts.push(bytes.subarray(copied, line), Buffer.from('>'));
      copied = line;
    }
    const end = bytes.indexOf(0x0a, line);
    if (end < 0) break;
    line = end + 1;
  }
  if (parts.length === 0) return raw;
  parts.push(bytes.subarray(copied));
  return Buffer.concat(parts);
}

const LF = Buffer.from('\n');
const LF_LF = Buffer.from('\n\n');

/** One message as mboxrd: separator, quoted bytes, and the blank line that ends it. */
export function mboxrdChunks(message: MboxMessage): Uint8Array[] {
  // No date at all: 1970, the placeholder every mbox reader knows (see the top of this file).
  const delivered = deliveryDate(message, new Date(0));
  const raw = withoutPrivateHeaders(message.raw);
  // The ending blank line needs the last line closed first (the readers keep a missing final LF
  // missing; such a message comes back with one).
  const ending = raw.length > 0 && raw[raw.length - 1] === 0x0a ? LF : LF_LF;
  return [Buffer.from(`${fromLine(message.sender, delivered)}\n`), quoteFromLines(raw), ending];
}

/**
 * The messages with these stored ids as a gzipped mboxrd stream. One message is read per pull, so
 * memory holds one message and gzip's window whatever the count; a message that disappeared since
 * the ids were read (`listarchive remove`) is skipped.
 */
export function mboxGzipStream(
  storedIds: readonly number[],
  read: (storedId: number) => Promise<MboxMessage | null>,
): ReadableStream<Uint8Array> {
  let next = 0;
  const mbox = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        while (next < storedIds.length) {
          const message = await read(storedIds[next++]);
          if (!message) continue;
          for (const chunk of mboxrdChunks(message)) controller.enqueue(chunk);
          return;
        }
        controller.close();
      },
    },
    { highWaterMark: 0 },
  );
  return mbox.pipeThrough(new CompressionStream('gzip')) as ReadableStream<Uint8Array>;
}
