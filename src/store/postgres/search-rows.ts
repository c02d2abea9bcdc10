// A list entry's search rows in PostgreSQL: its key, its word set (entry_search.doc) and its word
// positions (entry_search_positions), built here in JavaScript from the word rules of
// src/search/tokens.ts. PostgreSQL's own parser never sees the text: it would split e-mail
// addresses, URLs, paths and hyphenated words otherwise than FTS5 does, and the backends must agree.
//
// tsvector limits (PostgreSQL docs, "Text Search Limitations") and what we do about each:
//   - a lexeme under 2 KB: longer words are shortened with a digest (search-schema.ts `lexeme`);
//   - at most 256 positions per lexeme, positions 1 … 16383: the positions of a field are cut into
//     segments that keep both, each counting from 1, and consecutive segments overlap by
//     PHRASE_OVERLAP words so that a phrase of up to PHRASE_OVERLAP + 1 words is whole in one of
//     them. A longer phrase that straddles a cut is missed (openbmc has no field that needs a cut
//     for positions; 139 of 10,996 messages repeat a word more than 256 times in a field);
//   - under 1 MB per tsvector: positions go into parts of at most PART_MAX_BYTES; the word set keeps
//     one position per word and is cut at DOC_MAX_BYTES, past which the words seen last are not
//     indexed (several hundred thousand distinct words in one message: never in real mail).

import { SEARCH_KEYS_PER_SECOND } from '../../limits.ts';
import type { TextField } from '../../search/plan.ts';
import { words } from '../../search/tokens.ts';
import type { EntrySearch, SearchDocument } from '../records.ts';
import { keyAt, MAX_SEARCH_LIST_ID, MAX_SECOND, secondOf } from '../search-keys.ts';
import type { TransactionSql } from './connection.ts';
import { FIELD_WEIGHT, lexeme, quoteLexeme } from './search-schema.ts';

/** Highest word position a tsvector keeps; later ones are all stored as this one. */
export const MAX_POSITION = 16383;
/** Positions a tsvector keeps per lexeme; the rest are dropped. */
export const MAX_POSITIONS_PER_LEXEME = 256;
/** Words shared by consecutive segments of a field: a longer phrase can straddle a cut. */
export const PHRASE_OVERLAP = 64;
/** Bytes of lexemes and positions per part of entry_search_positions (a tsvector stops at 1 MB). */
const PART_MAX_BYTES = 256 << 10;
/** Bytes of the word set (entry_search.doc), safely below tsvector's 1 MB. */
const DOC_MAX_BYTES = 1_000_000;

/** The fields in the order the word set lists them: the ones people search most survive a cut. */
const FIELDS: [TextField, keyof SearchDocument][] = [
  ['subject', 'subject'],
  ['from', 'from'],
  ['to', 'to'],
  ['cc', 'cc'],
  ['dfn', 'dfn'],
  ['nq', 'nq'],
  ['q', 'q'],
];

/** What a lexeme costs in a tsvector's data: its bytes, alignment, position count, entry header. */
function lexemeBytes(text: string): number {
  return Buffer.byteLength(text) + 1 + 2 + 4;
}

interface Segment {
  field: TextField;
  lexemes: string[];
  bytes: number;
}

/** A field's lexemes cut into segments within the position limits, overlapping (see above). */
function segments(field: TextField, lexemes: string[]): Segment[] {
  const out: Segment[] = [];
  let start = 0;
  while (start < lexemes.length) {
    const counts = new Map<string, number>();
    let bytes = 0;
    let end = start;
    for (; end < lexemes.length && end - start < MAX_POSITION; end++) {
      const seen = counts.get(lexemes[end]) ?? 0;
      const cost = seen === 0 ? lexemeBytes(lexemes[end]) + 2 : 2;
      if (seen === MAX_POSITIONS_PER_LEXEME || bytes + cost > PART_MAX_BYTES) break;
      counts.set(lexemes[end], seen + 1);
      bytes += cost;
    }
    out.push({ field, lexemes: lexemes.slice(start, end), bytes });
    if (end >= lexemes.length) break;
    // a segment holds hundreds of words at the least (256 of one lexeme, or a part's bytes of
    // lexemes under 1 KB each), so stepping back by the overlap still moves forward
    start = Math.max(start + 1, end - PHRASE_OVERLAP);
  }
  return out;
}

function positionsLiteral(segmentsOfPart: Segment[]): string {
  const positions = new Map<string, number[]>();
  for (const segment of segmentsOfPart) {
    segment.lexemes.forEach((text, i) => {
      const list = positions.get(text);
      if (list) list.push(i + 1);
      else positions.set(text, [i + 1]);
    });
  }
  let literal = '';
  for (const [text, list] of positions) literal += `${quoteLexeme(text)}:${list.join(',')} `;
  return literal;
}

export interface SearchVectors {
  /**
   * entry_search.doc: every lexeme once, with its field's weight at its first position in the field
   * (what ts_rank reads: which fields hold the words, how near each other they first come).
   */
  doc: string;
  /** entry_search_positions.doc, part by part. */
  parts: string[];
}

/** A document's tsvector literals. */
export function searchVectors(document: SearchDocument): SearchVectors {
  let doc = '';
  let docBytes = 0;
  const all: Segment[] = [];
  for (const [field, column] of FIELDS) {
    const lexemes = words(document[column]).map((word) => lexeme(field, word));
    if (lexemes.length === 0) continue;
    const weight = FIELD_WEIGHT[field] === 'D' ? '' : FIELD_WEIGHT[field];
    const first = new Map<string, number>();
    lexemes.forEach((text, i) => {
      if (!first.has(text)) first.set(text, Math.min(i + 1, MAX_POSITION));
    });
    for (const [text, position] of first) {
      if (docBytes + lexemeBytes(text) + 2 > DOC_MAX_BYTES) break;
      docBytes += lexemeBytes(text) + 2;
      doc += `${quoteLexeme(text)}:${position}${weight} `;
    }
    all.push(...segments(field, lexemes));
  }
  // segments of different fields share a part (their lexemes differ by field code); two of one
  // field cannot (their positions would mix)
  const parts: { fields: Set<TextField>; bytes: number; segments: Segment[] }[] = [];
  for (const segment of all) {
    let part = parts.find((p) => !p.fields.has(segment.field) && p.bytes + segment.bytes <= PART_MAX_BYTES);
    if (!part) parts.push((part = { fields: new Set(), bytes: 0, segments: [] }));
    part.fields.add(segment.field);
    part.bytes += segment.bytes;
    part.segments.push(segment);
  }
  return { doc, parts: parts.map((part) => positionsLiteral(part.segments)) };
}

/**
 * Adds a list entry's search rows under a fresh key: the first free slot of the second of its date,
 * else of the next second, exactly as SQLite allocates (src/store/sqlite/search-keys.ts), so that
 * `copy` between backends keeps the order. Call inside the write transaction holding the list's lock.
 * One statement takes the key and writes both rows (an import writes thousands of entries, and each
 * round trip to the server is most of an entry's cost); a full second makes it try the next.
 */
export async function insertSearchRow(
  tx: TransactionSql,
  entry: { listId: number; seq: number; message: number },
  search: EntrySearch,
): Promise<void> {
  if (entry.listId > MAX_SEARCH_LIST_ID)
    throw new Error(`list id ${entry.listId} is past the search keys' range`);
  const { doc, parts } = searchVectors(search.document);
  for (let second = secondOf(search.date?.getTime() ?? null); second <= MAX_SECOND; second++) {
    const first = keyAt(entry.listId, second);
    const top = first + BigInt(SEARCH_KEYS_PER_SECOND) - 1n;
    const written = await tx`
      WITH used AS (
        SELECT max(key) AS key FROM entry_search
        WHERE key BETWEEN ${first.toString()}::bigint AND ${top.toString()}::bigint
      ), free AS (
        SELECT CASE WHEN key IS NULL THEN ${first.toString()}::bigint WHEN key < ${top.toString()}::bigint THEN key + 1 END
          AS key FROM used
      ), entry AS (
        INSERT INTO entry_search (key, list_id, seq, message, doc)
        SELECT key, ${entry.listId}, ${entry.seq}, ${entry.message}, ${doc}::tsvector FROM free WHERE key IS NOT NULL
        RETURNING key
      ), positions AS (
        INSERT INTO entry_search_positions (key, part, doc)
        SELECT entry.key, p.ordinality - 1, p.doc::tsvector
        FROM entry, unnest(${parts}::text[]) WITH ORDINALITY AS p (doc, ordinality)
      )
      SELECT key FROM entry`;
    if (written.length > 0) return;
  }
  throw new Error('no free search key');
}

/** Removes a stored message's search rows from every list (reindex writes them again). */
export async function deleteSearchRows(tx: TransactionSql, storedId: number): Promise<void> {
  await tx`
    WITH gone AS (DELETE FROM entry_search WHERE message = ${storedId} RETURNING key)
    DELETE FROM entry_search_positions WHERE key IN (SELECT key FROM gone)`;
}
