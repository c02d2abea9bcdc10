// Throughput of the plain-text body renderer (classify + obfuscate + linkify + escape) and of the
// linkifier alone, on the bodies of the fedora-devel sample (292 real list messages).
// Usage: node bench/render-speed.ts [MBOX.gz] [--rounds=N]
// The mbox is split simply at `\nFrom ` lines; parsing is done once and not timed.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { parseMessage } from '../src/mail/parse.ts';
import { linkify } from '../src/web/render/linkify.ts';
import { renderPlain } from '../src/web/render/plain.ts';

const args = process.argv.slice(2);
const path =
  args.find((arg) => !arg.startsWith('--')) ??
  fileURLToPath(
    new URL('../../shared/corpus/fedora-devel-pipermail-2010-01/2010-January.txt.gz', import.meta.url),
  );
const rounds = Number(args.find((arg) => arg.startsWith('--rounds='))?.slice(9) ?? 5);

const mbox = gunzipSync(readFileSync(path)).toString('latin1');
const chunks = mbox
  .split('\nFrom ')
  .map((chunk) => chunk.slice(chunk.indexOf('\n') + 1))
  .filter((chunk) => chunk.trim() !== '');
const texts: string[] = [];
for (const chunk of chunks) texts.push((await parseMessage(Buffer.from(chunk, 'latin1'))).text);
const bytes = texts.reduce((sum, text) => sum + Buffer.byteLength(text), 0);

// How many times the whole set is rendered per timed round: enough for a stable figure.
const REPEAT = 20;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function measure(name: string, render: (text: string) => string): void {
  let sink = 0;
  for (const text of texts) sink += render(text).length; // warm-up
  const rates: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const started = process.hrtime.bigint();
    for (let r = 0; r < REPEAT; r++) for (const text of texts) sink += render(text).length;
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    rates.push((bytes * REPEAT) / seconds / 1e6);
  }
  // bytes / (MB/s) = µs
  const microsPerMessage = bytes / texts.length / median(rates);
  console.log(
    `${name.padEnd(36)} ${median(rates).toFixed(1).padStart(7)} MB/s  (median of ${rounds}; ` +
      `${(bytes / texts.length / 1024).toFixed(1)} KB/message avg, ${microsPerMessage.toFixed(1)} µs/message; sink ${sink % 10})`,
  );
}

console.log(`${texts.length} messages, ${(bytes / 1e6).toFixed(2)} MB of body text (${path})`);
measure('linkify, obfuscation off', (text) => linkify(text, { obfuscate: false }));
measure('linkify, obfuscation on', (text) => linkify(text, { obfuscate: true }));
measure('renderPlain, obfuscation off', (text) => renderPlain(text, { obfuscate: false }));
measure('renderPlain, obfuscation on', (text) => renderPlain(text, { obfuscate: true }));
measure('renderPlain, flowed + obfuscation', (text) => renderPlain(text, { obfuscate: true, flowed: true }));
