// Test plumbing for the render tests: messages from the shared corpus, and the rendered
// plain-text HTML read back into (class, line) pairs with a real HTML parser.

import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { Parser } from 'htmlparser2';
import { parseMessage } from '../../../src/mail/parse.ts';
import type { ParsedMessage } from '../../../src/mail/types.ts';
import { corpus } from '../../helpers.ts';

/** The messages of an mbox (gzipped or not), split simply at `\nFrom ` lines. */
export function mboxMessages(path: string): Uint8Array[] {
  let bytes = readFileSync(corpus(path));
  if (path.endsWith('.gz')) bytes = gunzipSync(bytes);
  const text = bytes.toString('latin1');
  return text
    .split('\nFrom ')
    .map((chunk) => chunk.slice(chunk.indexOf('\n') + 1))
    .filter((chunk) => chunk.trim() !== '')
    .map((chunk) => Buffer.from(chunk, 'latin1'));
}

export async function parseMbox(path: string): Promise<ParsedMessage[]> {
  return Promise.all(mboxMessages(path).map((bytes) => parseMessage(bytes)));
}

export async function parseFile(path: string): Promise<ParsedMessage> {
  return parseMessage(readFileSync(corpus(path)));
}

export interface ClassedLine {
  cls: string;
  line: string;
}

/** Reads `<pre class="mail-text">…</pre>` back: each text line with the class of its span. */
export function classedLines(html: string): ClassedLine[] {
  const classes: string[] = [];
  let inPre = false;
  const lines: ClassedLine[] = [{ cls: '', line: '' }];
  let atLineStart = true;
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        if (name === 'pre') inPre = true;
        else if (name === 'span') classes.push(attributes.class ?? '');
      },
      onclosetag(name) {
        if (name === 'pre') inPre = false;
        else if (name === 'span') classes.pop();
      },
      ontext(text) {
        if (!inPre) return;
        for (const char of text) {
          if (char === '\n') {
            // an empty line keeps the class of the span it sits in
            lines.push({ cls: classes.at(-1) ?? '', line: '' });
            atLineStart = true;
            continue;
          }
          const current = lines[lines.length - 1];
          if (atLineStart) current.cls = classes.at(-1) ?? '';
          atLineStart = false;
          current.line += char;
        }
      },
    },
    { decodeEntities: true },
  );
  parser.write(html);
  parser.end();
  // the newline right after <pre> is eaten by HTML parsers
  lines.shift();
  return lines;
}
