// Query plan → SQLite: FTS5 MATCH for the words, SQL conditions for the rest, run against the
// `message_search` table (schema migration 2) joined to the list entries.
//
// Safety: user text reaches FTS5 only as the words of a plan (letters, digits and marks: tokens.ts),
// each phrase written as an FTS5 string literal ("…", with `"` doubled though no word can hold one);
// column names and operators come from this file. Values reach SQL only as bound parameters.
//
// Shape: the plan is folded into a conjunction {fts, ftsNot, sql}. The top-level positive FTS part
// drives the query (the FTS table is the outer loop, and bm25 ranks by it); negated FTS parts become
// `NOT` inside the same MATCH when there is a positive part, else `NOT IN (MATCH …)`; a subtree FTS5
// cannot express (an OR mixing words with dates, say) becomes `IN (SELECT rowid … MATCH ?)`.

import type { SqliteStore } from '../store/sqlite/sqlite-store.ts';
import type { Plan, TextField } from './plan.ts';

export const SEARCH_TABLE = 'message_search';

const COLUMN: Record<TextField, string> = {
  subject: 'subject',
  from: 'sender',
  to: 'recipients',
  cc: 'cc',
  nq: 'nq',
  q: 'q',
  dfn: 'dfn',
};

/**
 * bm25 weights in column order (subject, sender, recipients, cc, nq, q, dfn): a word in the subject
 * says more about a message than one in its body, and quoted text is someone else's words.
 */
const BM25 = `bm25(${SEARCH_TABLE}, 4.0, 2.0, 1.0, 1.0, 1.0, 0.5, 2.0)`;

/** The instant a message is dated by for `d:` and date order (message_dates, schema migration 2). */
const MESSAGE_DATE = 'd.date';

interface Sql {
  text: string;
  params: unknown[];
}

/** A plan subtree as: FTS expression AND NOT (any of ftsNot) AND every sql condition. */
interface Conjunction {
  fts: string | null;
  ftsNot: string[];
  sql: Sql[];
}

export interface CompiledQuery {
  /** FTS5 expression the query's rows must match, or null when the plan has no positive words. */
  match: string | null;
  /** Further conditions on `e` (entries) and `d` (message_dates), ANDed. */
  where: Sql[];
}

function ftsString(words: string[]): string {
  return `"${words.join(' ').replaceAll('"', '""')}"`;
}

function ftsText(node: Extract<Plan, { kind: 'text' }>): string {
  const phrase = ftsString(node.words) + (node.prefix ? ' *' : '');
  if (node.fields === null) return phrase;
  const columns = node.fields.map((f) => COLUMN[f]);
  return columns.length === 1 ? `${columns[0]} : ${phrase}` : `{${columns.join(' ')}} : ${phrase}`;
}

function pureFts(c: Conjunction): c is Conjunction & { fts: string } {
  return c.fts !== null && c.ftsNot.length === 0 && c.sql.length === 0;
}

function withNots(fts: string, ftsNot: string[]): string {
  return ftsNot.length === 0 ? fts : `(${fts}) NOT (${ftsNot.join(' OR ')})`;
}

function ftsIn(expression: string, negate: boolean): Sql {
  return {
    text: `e.message ${negate ? 'NOT IN' : 'IN'} (SELECT rowid FROM ${SEARCH_TABLE} WHERE ${SEARCH_TABLE} MATCH ?)`,
    params: [expression],
  };
}

function conjunctionSql(c: Conjunction): Sql {
  const parts: Sql[] = [];
  if (c.fts !== null) parts.push(ftsIn(withNots(c.fts, c.ftsNot), false));
  else if (c.ftsNot.length > 0) parts.push(ftsIn(c.ftsNot.join(' OR '), true));
  parts.push(...c.sql);
  return { text: `(${parts.map((p) => p.text).join(' AND ')})`, params: parts.flatMap((p) => p.params) };
}

function leafSql(node: Extract<Plan, { kind: 'messageId' | 'date' | 'list' }>): Sql {
  if (node.kind === 'messageId') return { text: 'e.message_id = ?', params: [node.id] };
  if (node.kind === 'list')
    return { text: 'e.list_id IN (SELECT id FROM lists WHERE name = ?)', params: [node.name] };
  const parts: Sql[] = [];
  if (node.from !== null) parts.push({ text: `${MESSAGE_DATE} >= ?`, params: [node.from] });
  if (node.until !== null) parts.push({ text: `${MESSAGE_DATE} < ?`, params: [node.until] });
  if (parts.length === 0) return { text: `${MESSAGE_DATE} IS NOT NULL`, params: [] };
  return { text: parts.map((p) => p.text).join(' AND '), params: parts.flatMap((p) => p.params) };
}

// Recursion is bounded here: the parser caps nesting at SEARCH_MAX_DEPTH and the planner flattens
// and/or chains and cancels double negations, so a plan is at most a few dozen levels deep.
function conjunction(node: Plan): Conjunction {
  switch (node.kind) {
    case 'text':
      return { fts: ftsText(node), ftsNot: [], sql: [] };
    case 'messageId':
    case 'date':
    case 'list':
      return { fts: null, ftsNot: [], sql: [leafSql(node)] };
    case 'and': {
      const parts = node.parts.map(conjunction);
      const fts = parts.flatMap((p) => (p.fts === null ? [] : [`(${p.fts})`]));
      return {
        fts: fts.length === 0 ? null : fts.join(' AND '),
        ftsNot: parts.flatMap((p) => p.ftsNot),
        sql: parts.flatMap((p) => p.sql),
      };
    }
    case 'or': {
      const parts = node.parts.map(conjunction);
      if (parts.every(pureFts))
        return { fts: parts.map((p) => `(${p.fts})`).join(' OR '), ftsNot: [], sql: [] };
      const sql = parts.map(conjunctionSql);
      return {
        fts: null,
        ftsNot: [],
        sql: [{ text: `(${sql.map((s) => s.text).join(' OR ')})`, params: sql.flatMap((s) => s.params) }],
      };
    }
    case 'not': {
      const inner = conjunction(node.part);
      if (pureFts(inner)) return { fts: null, ftsNot: [inner.fts], sql: [] };
      const sql = conjunctionSql(inner);
      return { fts: null, ftsNot: [], sql: [{ text: `NOT ${sql.text}`, params: sql.params }] };
    }
  }
}

export function compilePlan(plan: Plan): CompiledQuery {
  const c = conjunction(plan);
  if (c.fts !== null) return { match: withNots(c.fts, c.ftsNot), where: c.sql };
  const where = c.ftsNot.length > 0 ? [ftsIn(c.ftsNot.join(' OR '), true), ...c.sql] : c.sql;
  return { match: null, where };
}

export interface SqliteSearchOptions {
  list?: string;
  offset: number;
  limit: number;
  order: 'relevance' | 'date';
  collapseThreads: boolean;
}

export interface SearchRow {
  list: string;
  stored_id: number;
  message_id: string;
  subject: string;
  from_name: string;
  from_address: string;
  date: number | null;
  day: string;
  n: number;
  thread_id: number;
  /** Matching messages in the result's thread (only when threads are collapsed). */
  thread_hits?: number;
}

export interface SqliteSearchResult {
  total: number;
  /** Distinct threads among the matches (only when threads are collapsed). */
  threads: number | null;
  rows: SearchRow[];
}

/**
 * Runs a plan: the exact number of matching list entries, and one page of them. The matches are
 * counted and ordered on small rows only (FTS rowids, entries, message_dates); messages, whose
 * columns sit behind the raw blob, are read for the page's rows alone.
 */
export function runSqliteSearch(
  store: SqliteStore,
  plan: Plan,
  options: SqliteSearchOptions,
): SqliteSearchResult {
  const { match, where } = compilePlan(plan);
  const conditions: Sql[] = [];
  if (match !== null) conditions.push({ text: `${SEARCH_TABLE} MATCH ?`, params: [match] });
  if (options.list !== undefined) {
    const list = store.getList(options.list);
    if (!list) return { total: 0, threads: options.collapseThreads ? 0 : null, rows: [] };
    conditions.push({ text: 'e.list_id = ?', params: [list.id] });
  }
  conditions.push(...where);
  // CROSS JOIN keeps the FTS table the outer loop: the matches drive, entries are looked up by message
  const from =
    match !== null
      ? `${SEARCH_TABLE} CROSS JOIN entries e ON e.message = ${SEARCH_TABLE}.rowid`
      : 'entries e';
  // LEFT JOIN: a message without a date row must still be found (it sorts last)
  const body = `FROM ${from} LEFT JOIN message_dates d ON d.message = e.message
    WHERE ${conditions.length > 0 ? conditions.map((c) => c.text).join(' AND ') : '1'}`;
  const params = conditions.flatMap((c) => c.params);

  const threads = options.collapseThreads ? 'count(DISTINCT (e.list_id << 32) + e.thread_id)' : 'NULL';
  const counts = store.db
    .prepare<unknown[], { total: number; threads: number | null }>(
      `SELECT count(*) AS total, ${threads} AS threads ${body}`,
    )
    .get(...params)!;

  const relevance = options.order === 'relevance' && match !== null;
  const keys = `e.list_id, e.seq, e.message, ${MESSAGE_DATE} AS sort_date${relevance ? `, ${BM25} AS score` : ''}`;
  const order = (p: string) =>
    `${relevance ? `${p}score, ` : ''}${p}sort_date DESC, ${p}list_id, ${p}seq DESC`;
  // bm25() cannot be called inside a window (SQLite: "unable to use function bm25 in the requested
  // context"), so the scores are computed one level down and the window ranks by the column
  const page = options.collapseThreads
    ? `SELECT * FROM (SELECT *,
         row_number() OVER (PARTITION BY list_id, thread_id ORDER BY ${relevance ? 'score, ' : ''}sort_date DESC, seq DESC) AS thread_rank,
         count(*) OVER (PARTITION BY list_id, thread_id) AS thread_hits
       FROM (SELECT ${keys}, e.thread_id ${body})) WHERE thread_rank = 1 ORDER BY ${order('')} LIMIT ? OFFSET ?`
    : `SELECT ${keys} ${body} ORDER BY ${order('')} LIMIT ? OFFSET ?`;
  const rows = store.db
    .prepare<unknown[], SearchRow>(
      `SELECT l.name AS list, p.message AS stored_id, m.message_id, m.subject, m.from_name, m.from_address, m.date,
         e.day, e.n, e.thread_id${options.collapseThreads ? ', p.thread_hits' : ''}
       FROM (${page}) p
       JOIN entries e ON e.list_id = p.list_id AND e.seq = p.seq
       JOIN messages m ON m.id = p.message
       JOIN lists l ON l.id = p.list_id
       ORDER BY ${order('p.')}`,
    )
    .all(...params, options.limit, options.offset);
  return { total: counts.total, threads: counts.threads, rows };
}
