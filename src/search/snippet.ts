// A few lines of a message around the first place the query's words occur, with those words marked.
// The index is contentless (docs/search.md), so FTS5's snippet() has no text to cut from: the caller
// hands us the message text, decoded again from the raw bytes. The result is plain-text segments;
// the web escapes each and wraps the hits, so nothing here produces markup.

import { SNIPPET_CHARS, SNIPPET_SCAN_CHARS } from '../limits.ts';
import { fold, tokenSpans } from './tokens.ts';

export interface SnippetSegment {
  text: string;
  hit: boolean;
}

export interface HighlightPhrase {
  words: string[];
  /** The last word is a prefix (a `word*` query term). */
  prefix: boolean;
}

/** Characters of context shown before the first hit. */
const LEAD = 60;

/** Hit ranges [start, end) in text, in order, looking at its first SNIPPET_SCAN_CHARS characters. */
function findHits(text: string, phrases: HighlightPhrase[]): [number, number][] {
  const folded = phrases.map((p) => ({ words: p.words.map(fold), prefix: p.prefix }));
  const spans = [...tokenSpans(text.length > SNIPPET_SCAN_CHARS ? text.slice(0, SNIPPET_SCAN_CHARS) : text)];
  const tokens = spans.map((s) => fold(s.text));
  const hits: [number, number][] = [];
  for (let i = 0; i < tokens.length; i++) {
    let longest = 0;
    for (const phrase of folded) {
      const n = phrase.words.length;
      if (n <= longest || i + n > tokens.length) continue;
      let k = 0;
      while (k < n - 1 && tokens[i + k] === phrase.words[k]) k++;
      const last = tokens[i + n - 1];
      if (k === n - 1 && (phrase.prefix ? last.startsWith(phrase.words[k]) : last === phrase.words[k]))
        longest = n;
    }
    if (longest > 0) {
      hits.push([spans[i].start, spans[i + longest - 1].end]);
      i += longest - 1;
    }
  }
  return hits;
}

/** Moves an offset off the second half of a surrogate pair. */
function whole(text: string, at: number): number {
  const c = text.charCodeAt(at);
  return c >= 0xdc00 && c <= 0xdfff ? at + 1 : at;
}

function segmentsOf(text: string, start: number, end: number, hits: [number, number][]): SnippetSegment[] {
  const out: SnippetSegment[] = [];
  const push = (piece: string, hit: boolean) => {
    const clean = piece.replace(/\s+/g, ' ');
    if (clean) out.push({ text: clean, hit });
  };
  let at = start;
  for (const [s, e] of hits) {
    if (s < at || e > end) continue;
    push(text.slice(at, s), false);
    push(text.slice(s, e), true);
    at = e;
  }
  push(text.slice(at, end), false);
  if (out.length > 0) {
    out[0].text = out[0].text.trimStart();
    out[out.length - 1].text = out[out.length - 1].text.trimEnd();
  }
  if (start > 0) out.unshift({ text: '… ', hit: false });
  if (end < text.length) out.push({ text: ' …', hit: false });
  return out.filter((s) => s.text !== '');
}

/**
 * The snippet for a message: from the first of `texts` (body, then quoted text, …) that contains
 * a hit, the window around its first hit; when none does, the start of the first non-empty text.
 */
export function buildSnippet(texts: string[], phrases: HighlightPhrase[]): SnippetSegment[] {
  for (const text of texts) {
    const hits = findHits(text, phrases);
    if (hits.length === 0) continue;
    let start = Math.max(0, hits[0][0] - LEAD);
    if (start > 0) {
      // start at a word boundary, unless the text has none nearby (CJK)
      const space = text.slice(start, hits[0][0]).search(/\s/);
      if (space >= 0) start += space + 1;
    }
    start = whole(text, start);
    let end = Math.min(text.length, Math.max(start + SNIPPET_CHARS, hits[0][1]));
    if (end < text.length) {
      const space = text.slice(hits[0][1], end).search(/\s\S*$/);
      if (space >= 0) end = hits[0][1] + space;
      end = whole(text, end);
    }
    return segmentsOf(text, start, end, hits);
  }
  const first = texts.find((t) => t.trim() !== '');
  if (first === undefined) return [];
  const text = first.trimStart();
  return segmentsOf(text, 0, whole(text, Math.min(text.length, SNIPPET_CHARS)), []);
}
