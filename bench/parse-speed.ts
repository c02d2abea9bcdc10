// Throughput of parseMessage alone (no reading, no splitting, no store) on the openbmc corpus.
// Usage: node bench/parse-speed.ts [MBOX.gz] [--rounds=N] [--baseline]
//   --baseline  first times bare, unpatched `PostalMime.parse` on the same messages, for comparison.
// The mbox is split here with a plain cut at public-inbox's `From mboxrd@z …` lines (and `>From`
// unquoting); the real readers live in src/mail/mbox.ts.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import PostalMime from 'postal-mime';
import { parseMessage } from '../src/mail/parse.ts';

const args = process.argv.slice(2);
const path =
  args.find((arg) => !arg.startsWith('--')) ??
  fileURLToPath(
    new URL('../../shared/corpus/openbmc-lists-ozlabs/openbmc-2019-03_2021-07.mboxrd.gz', import.meta.url),
  );
const rounds = Number(args.find((arg) => arg.startsWith('--rounds='))?.slice(9) ?? 3);
const baseline = args.includes('--baseline');

function split(mbox: Buffer): Uint8Array[] {
  const separator = Buffer.from('From mboxrd@z Thu Jan  1 00:00:00 1970\n');
  const messages: Uint8Array[] = [];
  let start = mbox.indexOf(separator);
  while (start >= 0) {
    const from = start + separator.length;
    const next = mbox.indexOf(Buffer.concat([Buffer.from('\n'), separator]), from);
    const end = next < 0 ? mbox.length : next + 1;
    const text = mbox
      .subarray(from, end)
      .toString('latin1')
      .replace(/^>(>*From )/gm, '$1');
    messages.push(Buffer.from(text, 'latin1'));
    start = next < 0 ? -1 : next + 1;
  }
  return messages;
}

async function time(label: string, messages: Uint8Array[], parse: (bytes: Uint8Array) => Promise<unknown>) {
  const bytes = messages.reduce((sum, message) => sum + message.length, 0);
  for (let round = 0; round <= rounds; round++) {
    const start = performance.now();
    for (const message of messages) await parse(message);
    const seconds = (performance.now() - start) / 1000;
    const kind = round === 0 ? 'warm-up' : `run ${round}`;
    console.log(
      `${label.padEnd(18)} ${kind.padEnd(8)} ${messages.length} msgs ${(bytes / 1e6).toFixed(1)} MB in ${seconds.toFixed(2)} s: ` +
        `${Math.round(messages.length / seconds)} msg/s, ${(bytes / 1e6 / seconds).toFixed(1)} MB/s`,
    );
  }
}

const messages = split(gunzipSync(readFileSync(path)));
console.log(`node ${process.version}, ${messages.length} messages from ${path}`);
// the baseline runs first: parseMessage's first call swaps postal-mime's pass-through decoder for
// a faster one (src/mail/postal-mime-speedup.ts), which bare PostalMime.parse would then share
if (baseline) await time('PostalMime.parse', messages, (bytes) => PostalMime.parse(bytes));
await time('parseMessage', messages, parseMessage);
const rss = process.memoryUsage().rss;
console.log(`rss ${(rss / 1e6).toFixed(0)} MB (the corpus itself is held in memory)`);
