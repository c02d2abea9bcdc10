// Memory stays flat however big the mbox: generates a large synthetic mbox, reads it through
// openSource (the path `listarchive import` takes), and prints the resident set size as it goes.
// Usage: node bench/split-rss.ts [SIZE_MB=1000] [--keep=FILE] [--gzip]
//   --keep=FILE  write the mbox to FILE and leave it (default: a temporary file, removed at the end)
//   --gzip       gzip the generated mbox (tests the streamed gunzip path too)
//   --read=FILE  only read FILE and report (what the generating run starts in a fresh process, so
//                the generator's memory does not count)
// Exits 1 when RSS grows by more than RSS_GROWTH_LIMIT_MB between 10 % and the end of the file.
// The mbox mixes ordinary messages (2–30 KB) with a 4 MB attachment every 2,000 messages, mboxrd
// `>From ` lines and body `From ` lines that are no separators.

import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGzip } from 'node:zlib';
import { openSource } from '../src/mail/sources.ts';

const RSS_GROWTH_LIMIT_MB = 64;
const args = process.argv.slice(2);
const sizeMb = Number(args.find((arg) => !arg.startsWith('--')) ?? 1000);
const keep = args.find((arg) => arg.startsWith('--keep='))?.slice(7);
const gzip = args.includes('--gzip');
const readOnly = args.find((arg) => arg.startsWith('--read='))?.slice(7);

function message(n: number): string {
  const paragraph = 'The quick brown fox jumps over the lazy dog. '.repeat(8);
  const lines = 40 + ((n * 7919) % 600);
  const body: string[] = [];
  for (let i = 0; i < lines; i++) {
    if (i === 5) body.push('>From the previous message, quoted by the mboxrd writer');
    else if (i === 9) body.push('', 'From Russia with love', '');
    else body.push(paragraph.slice(0, 60 + ((i * 31) % 300)));
  }
  if (n % 2000 === 1999) {
    // A 4 MB base64 attachment: the splitter must hold one whole message, and only one.
    const line = 'QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5ejAx\n';
    body.push('', '--b', 'Content-Type: application/octet-stream', 'Content-Transfer-Encoding: base64', '');
    body.push(line.repeat((4 << 20) / line.length));
  }
  return (
    `From list-owner@example.org  Mon Jan  4 10:${String(n % 60).padStart(2, '0')}:00 2010\n` +
    `From: Sender ${n % 97} <s${n % 97}@example.org>\nTo: dev@example.org\n` +
    `Subject: message ${n}\nMessage-ID: <m${n}@example.org>\nDate: Mon, 4 Jan 2010 10:00:00 +0000\n\n` +
    `${body.join('\n')}\n\n`
  );
}

async function generate(file: string): Promise<number> {
  const out = createWriteStream(gzip ? `${file}.tmp` : file);
  const sink = gzip ? createGzip({ level: 1 }) : out;
  if (gzip) sink.pipe(createWriteStream(file));
  let written = 0;
  let n = 0;
  while (written < sizeMb * 1e6) {
    const text = message(n++);
    written += text.length;
    if (!sink.write(text, 'latin1')) await once(sink, 'drain');
  }
  sink.end();
  await once(gzip ? (sink as NodeJS.WritableStream) : out, 'finish');
  if (gzip) {
    out.destroy();
    rmSync(`${file}.tmp`, { force: true });
    await new Promise((resolve) => setTimeout(resolve, 200)); // let the gzip file stream flush
  }
  return n;
}

const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(0).padStart(5);

/** Reads `file` through openSource, printing RSS every 10 % and the message count at the end. */
async function read(file: string): Promise<void> {
  const fileSize = statSync(file).size;
  console.log(`before reading: RSS ${mb(process.memoryUsage.rss()).trim()} MiB`);
  console.log(' read   messages   RSS MiB  heap MiB');
  const start = performance.now();
  let count = 0;
  let bytes = 0;
  let nextReport = 0.1;
  let rssAt10 = 0;
  let rssMax = 0;
  for await (const m of openSource(file)) {
    count++;
    bytes += m.bytes.length;
    if (count % 100 === 0) {
      const rss = process.memoryUsage.rss();
      rssMax = Math.max(rssMax, rss);
      const done = m.sourceOffset / fileSize;
      if (done >= nextReport) {
        if (rssAt10 === 0) rssAt10 = rss;
        console.log(
          `${(done * 100).toFixed(0).padStart(4)} %  ${String(count).padStart(8)}   ${mb(rss)}    ${mb(process.memoryUsage().heapUsed)}`,
        );
        nextReport += 0.1;
      }
    }
  }
  const rss = process.memoryUsage.rss();
  rssMax = Math.max(rssMax, rss);
  console.log(` end   ${String(count).padStart(8)}   ${mb(rss)}    ${mb(process.memoryUsage().heapUsed)}`);
  const seconds = (performance.now() - start) / 1000;
  const growth = (rssMax - rssAt10) / 2 ** 20;
  console.log(
    `read ${count} messages (${(bytes / 1e6).toFixed(0)} MB) in ${seconds.toFixed(1)} s, ` +
      `${(bytes / 1e6 / seconds).toFixed(0)} MB/s; peak RSS ${mb(rssMax).trim()} MiB, ` +
      `growth after 10 %: ${growth.toFixed(1)} MiB (limit ${RSS_GROWTH_LIMIT_MB})`,
  );
  console.log(`messages: ${count}`);
  if (growth > RSS_GROWTH_LIMIT_MB) process.exitCode = 1;
}

if (readOnly) {
  await read(readOnly);
} else {
  const scratch = keep ? null : mkdtempSync(join(tmpdir(), 'split-rss-'));
  const file = keep ?? join(scratch!, gzip ? 'big.mbox.gz' : 'big.mbox');
  try {
    const t0 = performance.now();
    const generated = await generate(file);
    console.log(
      `generated ${generated} messages, ${(statSync(file).size / 1e6).toFixed(0)} MB on disk${gzip ? ' (gzip)' : ''} ` +
        `in ${((performance.now() - t0) / 1000).toFixed(1)} s: ${file}`,
    );
    const child = spawnSync(process.execPath, [process.argv[1], `--read=${file}`], { encoding: 'utf8' });
    process.stdout.write(child.stdout);
    process.stderr.write(child.stderr);
    const count = Number(/^messages: (\d+)$/m.exec(child.stdout)?.[1]);
    if (count !== generated) throw new Error(`expected ${generated} messages, read ${count}`);
    process.exitCode = child.status ?? 1;
  } finally {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  }
}
