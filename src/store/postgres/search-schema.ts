// The search index of the PostgreSQL store, and how its words are spelled. Same keys and same word
// rules as SQLite's FTS5 index (src/store/search-keys.ts, src/search/tokens.ts), so both backends
// find the same entries in the same order; docs/search.md ("PostgreSQL") has the reasoning.
//
// Two tables, because PostgreSQL's tsvector cannot hold every position of a long message:
//   - entry_search: one row per list entry (key = the search key), `doc` = every word of every
//     field, each once, without its real positions. The GIN index on it finds entries by words; a
//     backward walk of the primary key reads them newest first.
//   - entry_search_positions: the same words with their positions, cut into parts that stay inside
//     tsvector's limits (a part per entry for all but long messages). Only phrases read it, one
//     entry at a time, by key.
//
// A lexeme is a one-letter field code followed by the folded word: `spmbus` is "pmbus" in the
// subject, `npmbus` in the unquoted body. So one tsvector holds seven fields whose phrases never
// run into each other (each field counts positions on its own), and a field filter is a choice of
// codes in the tsquery, which one GIN index answers.

import { createHash } from 'node:crypto';
import type { TextField } from '../../search/plan.ts';
import { fold } from '../../search/tokens.ts';

export const SEARCH_SCHEMA = `
  -- One row per list entry, keyed by its search key (src/store/search-keys.ts): the primary key's
  -- order is date order within a list. doc holds each field-coded word once (search-schema.ts).
  CREATE TABLE entry_search (
    key bigint PRIMARY KEY,
    list_id integer NOT NULL,
    seq integer NOT NULL,
    message bigint NOT NULL,
    doc tsvector NOT NULL,
    UNIQUE (list_id, seq)
  );
  CREATE INDEX entry_search_message ON entry_search (message);
  CREATE INDEX entry_search_doc ON entry_search USING gin (doc);
  -- Word positions of each entry, in parts that fit tsvector's limits; read by key for phrases.
  CREATE TABLE entry_search_positions (
    key bigint NOT NULL,
    part integer NOT NULL,
    doc tsvector NOT NULL,
    PRIMARY KEY (key, part)
  );
`;

/** Each field's lexeme code. */
export const FIELD_CODE: Record<TextField, string> = {
  subject: 's',
  from: 'f',
  to: 't',
  cc: 'c',
  nq: 'n',
  q: 'q',
  dfn: 'd',
};

/**
 * Each field's tsvector weight: SQLite's bm25 weights (subject 4, from 2, dfn 2, to/cc/nq 1,
 * quoted 0.5) fall on the four weights A–D, which RANK_WEIGHTS values in the same ratios.
 */
export const FIELD_WEIGHT: Record<TextField, 'A' | 'B' | 'C' | 'D'> = {
  subject: 'A',
  from: 'B',
  dfn: 'B',
  to: 'C',
  cc: 'C',
  nq: 'C',
  q: 'D',
};

/** ts_rank's weights, in its order {D, C, B, A}. */
export const RANK_WEIGHTS = '{0.125, 0.25, 0.5, 1.0}';

/**
 * Longest lexeme written as it is, in UTF-8 bytes. PostgreSQL refuses lexemes of 2 KB; a longer
 * word (a run of hex or base64 with no punctuation) keeps its start and gets a digest of the whole
 * in place of the rest, on both sides, so it is still found exactly. A wildcard reaching past the
 * kept start finds no such word.
 */
const LEXEME_MAX_BYTES = 1024;
const LONG_WORD_KEPT_BYTES = LEXEME_MAX_BYTES - 64;

/** A word that no token can equal: tokens hold letters, digits and marks only (tokens.ts). */
const DIGEST_MARK = '#';

/** The lexeme of a word (as written or already folded) in a field. */
export function lexeme(field: TextField, word: string): string {
  const folded = fold(word);
  const spelled = FIELD_CODE[field] + folded;
  if (spelled.length * 3 <= LEXEME_MAX_BYTES || Buffer.byteLength(spelled) <= LEXEME_MAX_BYTES)
    return spelled;
  let kept = '';
  let bytes = 0;
  for (const char of spelled) {
    bytes += Buffer.byteLength(char);
    if (bytes > LONG_WORD_KEPT_BYTES) break;
    kept += char;
  }
  return kept + DIGEST_MARK + createHash('sha256').update(folded).digest('hex').slice(0, 32);
}

const QUOTED_SPECIAL = /['\\]/;

/** A lexeme as a tsvector or tsquery literal: quoted, quotes doubled, backslashes escaped. */
export function quoteLexeme(text: string): string {
  // words never hold either character (tokens.ts), but nothing else stands between them and the parser
  if (!QUOTED_SPECIAL.test(text)) return `'${text}'`;
  return `'${text.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`;
}
