// Makes a large mboxrd from the openbmc corpus by repeating it with rewritten Message-IDs, so each
// round is a new set of messages with the same thread shapes. Usage:
//   node bench/generate-big-mbox.ts OUT.mbox|- [TARGET_MB=1000] [--messages N] [--shift-days D]
// Whole rounds only (11,000 messages, 175 MB each) unless --messages stops it at exactly N messages.
// The openbmc corpus is mboxrd with `From mboxrd@z ...` separators: every round is the same bytes
// with `@` in angle-bracketed ids replaced by `.rN@`, which keeps References/In-Reply-To consistent.
// --shift-days D moves round N's Date: and Received: dates D×(N−1) days back, so that the rounds
// spread over years as a long-lived busy list does, instead of piling onto the same 28 months.
// `-` writes to standard output (pipe it into `listarchive import --list NAME -`).

import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createGunzip } from 'node:zlib';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { messages: { type: 'string' }, 'shift-days': { type: 'string' } },
});
const [out, targetArg] = positionals;
if (!out) {
  process.stderr.write(
    'usage: node bench/generate-big-mbox.ts OUT.mbox|- [TARGET_MB] [--messages N] [--shift-days D]\n',
  );
  process.exit(2);
}
const target = Number(targetArg ?? 1000) * 1e6;
const maxMessages = values.messages === undefined ? Number.POSITIVE_INFINITY : Number(values.messages);
const shiftDays = Number(values['shift-days'] ?? 0);
const source = fileURLToPath(
  new URL('../../shared/corpus/openbmc-lists-ozlabs/openbmc-2019-03_2021-07.mboxrd.gz', import.meta.url),
);
const ID = /<([^<>@\s]+)@([^<>\s]+)>/g;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
// an RFC 5322 date as mail carries it: optional weekday, day, month, year, time, zone
const DATE =
  /(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), +)?(\d{1,2}) +(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) +(\d{4}) +(\d\d):(\d\d)(?::(\d\d))? *([+-]\d{4})/g;

function two(n: number): string {
  return String(n).padStart(2, '0');
}

/** The same instant `days` earlier, written in the date's own zone. */
function shifted(match: string, ...g: string[]): string {
  const [day, month, year, hh, mm, ss, zone] = g;
  const sign = zone[0] === '-' ? -1 : 1;
  const offset = sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(3, 5)));
  const utc =
    Date.UTC(Number(year), MONTHS.indexOf(month), Number(day), Number(hh), Number(mm), Number(ss ?? 0)) -
    offset * 60_000;
  if (!Number.isFinite(utc)) return match;
  const local = new Date(utc - currentShift + offset * 60_000);
  return `${DAYS[local.getUTCDay()]}, ${local.getUTCDate()} ${MONTHS[local.getUTCMonth()]} ${local.getUTCFullYear()} ${two(local.getUTCHours())}:${two(local.getUTCMinutes())}:${two(local.getUTCSeconds())} ${zone}`;
}

let currentShift = 0;
let inHeaders = false;
let messages = 0;

/** One line of the round, rewritten; null once the message limit is reached. */
function rewriteLine(line: string, round: number): string | null {
  if (line.startsWith('From ')) {
    if (++messages > maxMessages) return null;
    inHeaders = true;
    return line;
  }
  if (inHeaders && (line === '' || line === '\r')) inHeaders = false;
  let text = line.replace(ID, `<$1.r${round}@$2>`);
  if (inHeaders && currentShift !== 0 && (/^(Date|Received):/i.test(text) || /^[ \t]/.test(text)))
    text = text.replace(DATE, shifted);
  return text;
}

const sink = out === '-' ? process.stdout : createWriteStream(out);
let written = 0;
let done = false;
for (let round = 1; written < target && !done; round++) {
  currentShift = shiftDays * (round - 1) * 86_400_000;
  let tail = '';
  for await (const chunk of createReadStream(source).pipe(createGunzip())) {
    const text = tail + (chunk as Buffer).toString('latin1');
    const cut = text.lastIndexOf('\n') + 1;
    tail = text.slice(cut);
    if (cut === 0) continue;
    const lines: string[] = [];
    for (const line of text.slice(0, cut - 1).split('\n')) {
      const rewritten = rewriteLine(line, round);
      if (rewritten === null) {
        done = true;
        break;
      }
      lines.push(rewritten);
    }
    const block = lines.length > 0 ? `${lines.join('\n')}\n` : '';
    written += block.length;
    if (!sink.write(Buffer.from(block, 'latin1'))) await once(sink, 'drain');
    if (done) break;
  }
  if (tail && !done) {
    const last = rewriteLine(tail, round);
    if (last !== null) sink.write(Buffer.from(last, 'latin1'));
  }
  process.stderr.write(
    `round ${round}: ${(written / 1e6).toFixed(0)} MB, ${Math.min(messages, maxMessages)} messages\n`,
  );
}
sink.end();
if (sink !== process.stdout) await once(sink, 'finish');
