// Raw-store codecs on real list mail: size ratio and compression/decompression speed per message.
// usage: node bench/compression.ts [MESSAGES=3000]   (reads the openbmc corpus in ../shared)

import { fileURLToPath } from 'node:url';
import {
  brotliCompressSync,
  brotliDecompressSync,
  constants,
  deflateRawSync,
  inflateRawSync,
  zstdCompressSync,
  zstdDecompressSync,
} from 'node:zlib';
import { openSource } from '../src/mail/sources.ts';

const limit = Number(process.argv[2] ?? 3000);
const mbox = fileURLToPath(
  new URL('../../shared/corpus/openbmc-lists-ozlabs/openbmc-2019-03_2021-07.mboxrd.gz', import.meta.url),
);
const messages: Uint8Array[] = [];
for await (const raw of openSource(mbox)) {
  messages.push(raw.bytes);
  if (messages.length >= limit) break;
}
const total = messages.reduce((sum, m) => sum + m.byteLength, 0);

const codecs: [string, (b: Uint8Array) => Buffer, (b: Buffer) => Buffer][] = [
  ['deflate-6', (b) => deflateRawSync(b), (b) => inflateRawSync(b)],
  ['deflate-1', (b) => deflateRawSync(b, { level: 1 }), (b) => inflateRawSync(b)],
  [
    'brotli-4',
    (b) => brotliCompressSync(b, { params: { [constants.BROTLI_PARAM_QUALITY]: 4 } }),
    (b) => brotliDecompressSync(b),
  ],
  [
    'brotli-6',
    (b) => brotliCompressSync(b, { params: { [constants.BROTLI_PARAM_QUALITY]: 6 } }),
    (b) => brotliDecompressSync(b),
  ],
  ['zstd-3', (b) => zstdCompressSync(b), (b) => zstdDecompressSync(b)],
  [
    'zstd-6',
    (b) => zstdCompressSync(b, { params: { [constants.ZSTD_c_compressionLevel]: 6 } }),
    (b) => zstdDecompressSync(b),
  ],
];
process.stdout.write(`${messages.length} messages, ${(total / 1e6).toFixed(1)} MB\n`);
for (const [name, compress, decompress] of codecs) {
  let start = performance.now();
  const packed = messages.map(compress);
  const compressMs = performance.now() - start;
  start = performance.now();
  for (const p of packed) decompress(p);
  const decompressMs = performance.now() - start;
  const size = packed.reduce((sum, p) => sum + p.byteLength, 0);
  process.stdout.write(
    `${name.padEnd(10)} ratio ${(size / total).toFixed(3)}  compress ${(total / 1e3 / compressMs).toFixed(0)} MB/s  ` +
      `decompress ${(total / 1e3 / decompressMs).toFixed(0)} MB/s\n`,
  );
}
