// The word rules shared by the index, the query side and the snippet highlighter. They mirror
// FTS5's `unicode61 remove_diacritics 2` tokenizer, so that what we split and fold in JavaScript
// is what SQLite splits and folds:
//   - a token is a run of letters, digits, private-use characters and combining marks (unicode61's
//     "L* N* Co"; marks count as token characters and are dropped by remove_diacritics: a decomposed
//     "e\u0301te\u0301" matches "ete" — probed on SQLite 3.54.1);
//   - CJK (Han, Kana, Hangul) has no spaces between words, and unicode61 keeps a whole run of it as
//     one token, so a Chinese sentence would be one unsearchable "word". We split every CJK letter
//     into its own token, at index time and in query terms alike: a CJK word becomes a phrase of
//     characters, which FTS5 matches by position (docs/search.md has the measurements behind this).

/** One CJK letter or digit: Han (incl. 々 〇), Hiragana, Katakana (incl. ー, half-width), Hangul. */
const CJK_CHAR = /[[\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}\p{scx=Hangul}]&&[\p{L}\p{N}]]/v;
const CJK_CHARS = new RegExp(CJK_CHAR.source, 'gv');

/** A CJK letter alone, or a run of other token characters. */
const TOKEN =
  /[[\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}\p{scx=Hangul}]&&[\p{L}\p{N}]]|[[\p{L}\p{N}\p{M}\p{Co}]--[[\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}\p{scx=Hangul}]&&[\p{L}\p{N}]]]+/gv;

/** Puts spaces around every CJK letter so that unicode61 indexes each as its own token. */
export function segmentCjk(text: string): string {
  return CJK_CHAR.test(text) ? text.replace(CJK_CHARS, ' $& ') : text;
}

/** Whether a token is a single CJK letter (a token of its own, whatever stands next to it). */
export function isCjkLetter(token: string): boolean {
  return token.length <= 2 && CJK_CHAR.test(token) && [...token].length === 1;
}

export interface TokenSpan {
  text: string;
  start: number;
  end: number;
}

/** The tokens of a text, in order, with their offsets in it (CJK letters one by one). */
export function* tokenSpans(text: string): Generator<TokenSpan> {
  for (const match of text.matchAll(TOKEN)) {
    yield { text: match[0], start: match.index, end: match.index + match[0].length };
  }
}

const NEXT_TOKEN = new RegExp(TOKEN.source, TOKEN.flags);

/** The first token at or after offset `from`, or null. */
export function nextToken(text: string, from: number): TokenSpan | null {
  NEXT_TOKEN.lastIndex = from;
  const match = NEXT_TOKEN.exec(text);
  return match === null ? null : { text: match[0], start: match.index, end: match.index + match[0].length };
}

/** The tokens of a text, unfolded (the query side hands them to FTS5, which folds them itself). */
export function words(text: string): string[] {
  return text.match(TOKEN) ?? [];
}

/**
 * Case and diacritics folded, for comparing tokens in JavaScript (the highlighter). NFD, not NFKD:
 * unicode61 keeps compatibility characters such as the "ﬁ" ligature as they are.
 */
export function fold(token: string): string {
  const lower = token.toLowerCase();
  // ASCII needs no decomposition; most tokens of list mail are ASCII
  return /^[\x00-\x7f]*$/.test(lower) ? lower : lower.normalize('NFD').replace(/\p{M}/gu, '');
}
