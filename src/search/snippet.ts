// A few lines of a message around the first place the query's words occur, with those words marked.
// The index is contentless (docs/search.md), so FTS5's snippet() has no text to cut from: the caller
// hands us the message text, decoded again from the raw bytes. The result is plain-text segments;
// the web escapes each and wraps the hits, so nothing here produces markup.

import { SNIPPET_CHARS, SNIPPET_SCAN_CHARS } from '../limits.ts';
import { fold, isCjkLetter, nextToken, tokenSpans } from './tokens.ts';

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

interface FoldedPhrase {
  words: string[];
  prefix: boolean;
}

/** Hit ranges [start, end) in text, shifted by `offset`, in order. */
function hitsIn(text: string, offset: number, phrases: FoldedPhrase[]): [number, number][] {
  const spans = [...tokenSpans(text)];
  const tokens = spans.map((s) => fold(s.text));
  const hits: [number, number][] = [];
  for (let i = 0; i < tokens.length; i++) {
    let longest = 0;
    for (const phrase of phrases) {
      const n = phrase.words.length;
      if (n <= longest || i + n > tokens.length) continue;
      let k = 0;
      while (k < n - 1 && tokens[i + k] === phrase.words[k]) k++;
      const last = tokens[i + n - 1];
      if (k === n - 1 && (phrase.prefix ? last.startsWith(phrase.words[k]) : last === phrase.words[k]))
        longest = n;
    }
    if (longest > 0) {
      hits.push([offset + spans[i].start, offset + spans[i + longest - 1].end]);
      i += longest - 1;
    }
  }
  return hits;
}

const TOKEN_CHAR = /[\p{L}\p{N}\p{M}\p{Co}]/u;
const NON_ASCII = /[^\x00-\x7f]/g;

function isTokenChar(text: string, at: number): boolean {
  const code = text.charCodeAt(at);
  if (code < 0x80)
    return (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
  return TOKEN_CHAR.test(text[at]);
}

/**
 * The text folded character by character, offsets kept (é → e, A → a), and whether every character
 * folded to one: then a word occurs in the text exactly where its folded form occurs in the view.
 */
function foldedView(text: string): { view: string; exact: boolean } {
  const lower = text.toLowerCase();
  // a few letters (İ) lower-case to two characters: offsets would no longer line up
  if (lower.length !== text.length) return { view: lower, exact: false };
  let exact = true;
  const view = lower.replace(NON_ASCII, (c) => {
    const folded = fold(c);
    if (folded.length === 1) return folded;
    exact = false; // a lone combining mark, folded away
    return c;
  });
  return { view, exact };
}

/** Whether a phrase's words stand in the text from offset `at` on. */
function phraseAt(text: string, at: number, phrase: FoldedPhrase): boolean {
  const last = phrase.words.length - 1;
  let from = at;
  for (let k = 0; k <= last; k++) {
    const span = nextToken(text, from);
    if (span === null || (k === 0 && span.start !== at)) return false;
    const token = fold(span.text);
    const word = phrase.words[k];
    if (k === last) return phrase.prefix ? token.startsWith(word) : token === word;
    if (token !== word) return false;
    from = span.end;
  }
  return false;
}

/** Characters tokenized from the first hit on: the snippet after it, and a phrase running past that. */
const HIT_WINDOW = SNIPPET_CHARS;

/**
 * The hits a snippet shows: those from the first hit on, within HIT_WINDOW characters, looking at the
 * first SNIPPET_SCAN_CHARS characters of text. Tokenizing a whole text costs more than the query, so
 * the first hit is looked for where a phrase's first word occurs in the folded text as a word, the
 * phrase is checked there, and only the window from the first hit on is tokenized.
 */
function findHits(text: string, folded: FoldedPhrase[]): [number, number][] {
  const scanned = text.length > SNIPPET_SCAN_CHARS ? text.slice(0, SNIPPET_SCAN_CHARS) : text;
  const { view, exact } = foldedView(scanned);
  if (!exact && view.length !== scanned.length) return hitsIn(scanned, 0, folded);
  // where each phrase's first word stands next as a word (a CJK letter is a token by itself,
  // whatever stands next to it; a `word*` may run on)
  const nextAt = (phrase: FoldedPhrase, from: number): number => {
    const word = phrase.words[0];
    const free = isCjkLetter(word);
    const runsOn = phrase.prefix && phrase.words.length === 1;
    for (let found = view.indexOf(word, from); found >= 0; found = view.indexOf(word, found + 1)) {
      if (free) return found;
      if (found > 0 && isTokenChar(scanned, found - 1)) continue;
      const after = found + word.length;
      if (!runsOn && after < scanned.length && isTokenChar(scanned, after)) continue;
      return found;
    }
    return -1;
  };
  let first = -1;
  for (const phrase of folded) {
    for (let at = nextAt(phrase, 0); at >= 0 && (first < 0 || at < first); at = nextAt(phrase, at + 1)) {
      if (phraseAt(scanned, at, phrase)) {
        first = at;
        break;
      }
    }
  }
  if (first < 0) return exact ? [] : hitsIn(scanned, 0, folded);
  let end = Math.min(scanned.length, first + HIT_WINDOW);
  while (end < scanned.length && isTokenChar(scanned, end)) end++;
  return hitsIn(scanned.slice(first, end), first, folded);
}

/** The query's phrases folded once, for all of its results (the caller passes the same array). */
const foldedPhrases = new WeakMap<HighlightPhrase[], FoldedPhrase[]>();

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
  let folded = foldedPhrases.get(phrases);
  if (!folded) {
    folded = phrases
      .map((p) => ({ words: p.words.map(fold), prefix: p.prefix }))
      .filter((p) => p.words.length > 0);
    foldedPhrases.set(phrases, folded);
  }
  for (const text of texts) {
    const hits = findHits(text, folded);
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
