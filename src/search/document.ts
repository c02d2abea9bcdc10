// ParsedMessage → the text the search index holds, one field per lore prefix: s: f: t: c: nq: q: dfn:.
// Runs inside the parse workers during import (archive/prepare.ts), so its cost is spread over cores.

import { EXCERPT_QUOTED_CHARS, EXCERPT_UNQUOTED_CHARS, SEARCH_MAX_INDEXED_CHARS } from '../limits.ts';
import type { Address, ParsedMessage } from '../mail/types.ts';
import type { SearchDocument } from '../store/store.ts';
import { segmentCjk } from './tokens.ts';

export type { SearchDocument } from '../store/store.ts';

/** The body cut into what lore's `nq:`, `q:` and `dfn:` look at, as the original text. */
export interface BodyParts {
  /** Lines that are not quoted. */
  nq: string;
  /** Quoted lines: the first non-blank character is `>` (public-inbox uses `^>`; Outlook indents). */
  q: string;
  /** Paths a patch touches, without git's a/ b/ prefixes, in order of first mention. */
  dfn: string[];
}

const QUOTED = /^[ \t]*>/;
// `diff --git a/x b/y`; paths with spaces are rare and git quotes them, so they are not split out
const DIFF_GIT = /^diff --git (\S+) (\S+)$/;
// `--- a/x`, `+++ b/y`, optionally followed by a tab and a timestamp (diff -u). The path must be the
// whole rest of the line, which keeps "--- Original Message ---" out.
const DIFF_FILE = /^(?:---|\+\+\+) (\S+)(?:\t.*)?$/;

function stripSide(path: string): string | null {
  if (path === '/dev/null') return null;
  return /^[ab]\//.test(path) ? path.slice(2) : path;
}

/** Splits a plain-text body into unquoted lines, quoted lines and the file names of its patches. */
export function splitBody(text: string): BodyParts {
  const nq: string[] = [];
  const q: string[] = [];
  const dfn = new Set<string>();
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const line = text.slice(start, end);
    start = end + 1;
    if (QUOTED.test(line)) {
      q.push(line);
      continue;
    }
    nq.push(line);
    const c = line.charCodeAt(0);
    // only lines starting with d, - or + can name a patched file
    if (c !== 0x64 && c !== 0x2d && c !== 0x2b) continue;
    const git = DIFF_GIT.exec(line);
    const paths = git ? [git[1], git[2]] : [DIFF_FILE.exec(line)?.[1]];
    for (const path of paths) {
      const stripped = path ? stripSide(path) : null;
      if (stripped) dfn.add(stripped);
    }
  }
  return { nq: nq.join('\n'), q: q.join('\n'), dfn: [...dfn] };
}

function addresses(list: readonly (Address | null)[]): string {
  return list
    .filter((a): a is Address => a !== null)
    .map((a) => (a.name ? `${a.name} ${a.address}` : a.address))
    .join('\n');
}

function capped(text: string): string {
  return text.length > SEARCH_MAX_INDEXED_CHARS ? text.slice(0, SEARCH_MAX_INDEXED_CHARS) : text;
}

function indexed(text: string): string {
  return segmentCjk(capped(text));
}

/** The separator of the two parts of an excerpt (mail text holds no NUL once decoded). */
const EXCERPT_SEPARATOR = '\u0000';

/** The texts a result snippet is cut from, best first: what the author wrote, then what they quoted. */
export function excerptParts(excerpt: string): [string, string] {
  const at = excerpt.indexOf(EXCERPT_SEPARATOR);
  return at < 0 ? [excerpt, ''] : [excerpt.slice(0, at), excerpt.slice(at + 1)];
}

/**
 * A message's search rows: the index row (CJK segmented here, once, for every column) and the
 * excerpt, the start of its unquoted and quoted text as written, kept for snippets.
 */
export function searchRows(parsed: ParsedMessage): { document: SearchDocument; excerpt: string } {
  const body = splitBody(capped(parsed.text));
  const nq = body.nq.replaceAll(EXCERPT_SEPARATOR, ' ');
  const q = body.q.replaceAll(EXCERPT_SEPARATOR, ' ');
  return {
    document: documentOf(parsed, body),
    excerpt: `${nq.slice(0, EXCERPT_UNQUOTED_CHARS)}${EXCERPT_SEPARATOR}${q.slice(0, EXCERPT_QUOTED_CHARS)}`,
  };
}

/** The search index's row for a message. */
export function searchDocument(parsed: ParsedMessage): SearchDocument {
  return documentOf(parsed, splitBody(capped(parsed.text)));
}

function documentOf(parsed: ParsedMessage, body: BodyParts): SearchDocument {
  return {
    subject: indexed(parsed.subject),
    from: indexed(addresses([parsed.from])),
    to: indexed(addresses(parsed.to)),
    cc: indexed(addresses(parsed.cc)),
    nq: indexed(body.nq),
    q: indexed(body.q),
    dfn: body.dfn.join('\n'),
  };
}
