// Throughput of the mbox splitter (src/mail/mbox.ts) on the openbmc corpus.
// Usage: node bench/split-speed.ts [MBOX or MBOX.gz] [--rounds=N]
// Prints three figures, all in MB/s of mbox bytes (decompressed), median of N rounds after a warm-up:
//   split      the splitter alone, fed 1 MiB slices of the mbox already in memory
//   file       openSource on an unpacked copy of the mbox (read + split, warm page cache)
//   gzip       openSource on the .gz as shipped (read + gunzip + split)
// Numbers move with machine load: run it alone.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import { MBOX_READ_CHUNK } from '../src/limits.ts';
import { MboxSplitter } from '../src/mail/mbox.ts';
import { openSource } from '../src/mail/sources.ts';

const args = process.argv.slice(2);
const path =
  args.find((arg) => !arg.startsWith('--')) ??
  fileURLToPath(
    new URL('../../shared/corpus/openbmc-lists-ozlabs/openbmc-2019-03_2021-07.mboxrd.gz', import.meta.url),
  );
const rounds = Number(args.find((arg) => arg.startsWith('--rounds='))?.slice(9) ?? 5);

const packed = readFileSync(path);
const mbox = packed[0] === 0x1f && packed[1] === 0x8b ? gunzipSync(packed) : packed;
const scratch = mkdtempSync(join(tmpdir(), 'split-speed-'));
const plainFile = join(scratch, 'corpus.mbox');
const gzipFile = join(scratch, 'corpus.mbox.gz');
writeFileSync(plainFile, mbox);
writeFileSync(gzipFile, packed === mbox ? gzipSync(mbox) : packed);

function splitInMemory(): number {
  const splitter = new MboxSplitter();
  let count = 0;
  for (let i = 0; i < mbox.length; i += MBOX_READ_CHUNK) {
    count += splitter.push(mbox.subarray(i, i + MBOX_READ_CHUNK)).length;
  }
  return count + splitter.end().length;
}

async function readSource(file: string): Promise<number> {
  let count = 0;
  for await (const _ of openSource(file)) count++;
  return count;
}

async function measure(name: string, run: () => number | Promise<number>) {
  await run(); // warm-up
  const times: number[] = [];
  let count = 0;
  for (let r = 0; r < rounds; r++) {
    const start = performance.now();
    count = await run();
    times.push(performance.now() - start);
  }
  const ms = times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
  const mbs = mbox.length / 1e6 / (ms / 1000);
  console.log(
    `${name.padEnd(6)} ${mbs.toFixed(0).padStart(5)} MB/s  ${((count / ms) * 1000).toFixed(0).padStart(7)} msg/s  ` +
      `${ms.toFixed(0).padStart(5)} ms  (${count} messages, ${(mbox.length / 1e6).toFixed(1)} MB, median of ${rounds})`,
  );
}

try {
  console.log(`node ${process.version}, ${path}`);
  await measure('split', splitInMemory);
  await measure('file', () => readSource(plainFile));
  await measure('gzip', () => readSource(gzipFile));
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
