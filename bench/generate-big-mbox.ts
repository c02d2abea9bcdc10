// Makes a large mboxrd from the openbmc corpus by repeating it with rewritten Message-IDs, so each
// round is a new set of messages with the same thread shapes. Usage:
//   node bench/generate-big-mbox.ts OUT.mbox [TARGET_MB=1000]
// Whole rounds only (175 MB each), so no message is cut. The openbmc corpus is mboxrd with `From mboxrd@z ...` separators: every round is the same bytes with
// `@` in angle-bracketed ids replaced by `.rN@`, which keeps References/In-Reply-To consistent.

import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createGunzip } from 'node:zlib';

const [out, targetArg] = process.argv.slice(2);
if (!out) {
  process.stderr.write('usage: node bench/generate-big-mbox.ts OUT.mbox [TARGET_MB]\n');
  process.exit(2);
}
const target = Number(targetArg ?? 1000) * 1e6;
const source = fileURLToPath(
  new URL('../../shared/corpus/openbmc-lists-ozlabs/openbmc-2019-03_2021-07.mboxrd.gz', import.meta.url),
);
const ID = /<([^<>@\s]+)@([^<>\s]+)>/g;

const sink = createWriteStream(out);
let written = 0;
for (let round = 1; written < target; round++) {
  let tail = '';
  for await (const chunk of createReadStream(source).pipe(createGunzip())) {
    const text = tail + (chunk as Buffer).toString('latin1');
    const cut = text.lastIndexOf('\n') + 1;
    tail = text.slice(cut);
    const rewritten = text.slice(0, cut).replace(ID, `<$1.r${round}@$2>`);
    written += rewritten.length;
    if (!sink.write(Buffer.from(rewritten, 'latin1'))) await once(sink, 'drain');
  }
  if (tail) sink.write(Buffer.from(tail.replace(ID, `<$1.r${round}@$2>`), 'latin1'));
  process.stderr.write(`round ${round}: ${(written / 1e6).toFixed(0)} MB\n`);
}
sink.end();
await once(sink, 'finish');
