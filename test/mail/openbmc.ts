// Single messages of the openbmc corpus by Message-ID, read at test time from the shared corpus
// (its messages may not be copied into this repository). A plain cut at public-inbox's
// `From mboxrd@z …` separators with `>From` unquoting: enough for tests, the real readers are
// in src/mail/.

import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { corpus } from '../helpers.ts';

const path = corpus('openbmc-lists-ozlabs/openbmc-2019-03_2021-07.mboxrd.gz');
const SEPARATOR = '\nFrom mboxrd@z Thu Jan  1 00:00:00 1970\n';

/** Pass as the test option: skips when the openbmc corpus is absent. */
export const needsOpenbmc = existsSync(path) ? {} : { skip: 'openbmc corpus not present (../shared/corpus)' };

let mbox: Buffer | null = null;

function load(): Buffer {
  mbox ??= Buffer.concat([Buffer.from('\n'), gunzipSync(readFileSync(path))]);
  return mbox;
}

/** The message whose Message-ID header holds `<id>`; throws when there is none. */
export function openbmcMessage(id: string): Uint8Array {
  const buf = load();
  const needle = Buffer.from(`<${id}>`);
  for (let at = buf.indexOf(needle); at >= 0; at = buf.indexOf(needle, at + 1)) {
    const lineStart = buf.lastIndexOf(0x0a, at) + 1;
    if (!/^message-id:/i.test(buf.subarray(lineStart, at).toString('latin1'))) continue;
    const start = buf.lastIndexOf(SEPARATOR, at) + SEPARATOR.length;
    const next = buf.indexOf(SEPARATOR, at);
    const end = next < 0 ? buf.length : next + 1;
    const text = buf
      .subarray(start, end)
      .toString('latin1')
      .replace(/^>(>*From )/gm, '$1');
    return new Uint8Array(Buffer.from(text, 'latin1'));
  }
  throw new Error(`no message <${id}> in ${path}`);
}
