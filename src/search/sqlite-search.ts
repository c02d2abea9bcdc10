// Query plan → SQLite: an FTS5 MATCH for the words, SQL conditions for the rest, run against the
// `entry_search` index (schema migration 3), one list at a time.
//
// Speed: an index row's rowid is its entry's search key (src/store/sqlite/search-keys.ts), ordered
// by list, then date. Within a list, a query is a MATCH limited to the list's rowid range (narrowed
// further by top-level `d:` ranges), read newest first: FTS5 hands over the first page without
// sorting the rest, and counts the matches itself. Only conditions FTS5 cannot hold (Message-IDs,
// dates inside OR/NOT, negations without positive words) join search_keys and entries. `/all/` runs
// the query once per list and merges the pages.
//
// Safety: user text reaches FTS5 only as the words of a plan (letters, digits and marks: tokens.ts),
// each phrase written as an FTS5 string literal ("…", with `"` doubled though no word can hold one);
// column names and operators come from this file. Values reach SQL only as bound parameters.
//
// Shape: the plan is folded into a conjunction {fts, ftsNot, sql, dates}. The top-level positive FTS
// part drives the query (bm25 ranks by it); negated FTS parts become `NOT` inside the same MATCH when
// there is a positive part, else `NOT IN (MATCH …)`; a subtree FTS5 cannot express (an OR mixing
// words with dates, say) becomes `IN (SELECT rowid … MATCH ?)`.

import type { Statement } from 'better-sqlite3';
import { datePosition, keyRange } from '../store/sqlite/search-keys.ts';
import type { SqliteStore } from '../store/sqlite/sqlite-store.ts';
import type { ListRecord } from '../store/store.ts';
import type { Plan, TextField } from './plan.ts';

export const SEARCH_TABLE = 'entry_search';

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

interface Sql {
  text: string;
  params: unknown[];
}

function joined(parts: Sql[], separator: string): Sql {
  return {
    text: `(${parts.map((p) => p.text).join(separator)})`,
    params: parts.flatMap((p) => p.params),
  };
}

interface DateRange {
  from: number | null;
  until: number | null;
}

/** A plan subtree as: FTS expression AND NOT (any of ftsNot) AND every sql condition and date range. */
interface Conjunction {
  fts: string | null;
  ftsNot: string[];
  sql: Sql[];
  dates: DateRange[];
}

/** The list a plan is compiled for: keys, `l:` and date ranges depend on it. */
export interface ListTarget {
  id: number;
  name: string;
}

export interface CompiledQuery {
  /** FTS5 expression the query's rows must match, or null when the plan has no positive words. */
  match: string | null;
  /** Further conditions on `k.key` (search_keys), ANDed. */
  where: Sql[];
  /** With no positive words: an FTS5 expression whose matches are left out (`-s:patch`), or null. */
  exclude: string | null;
  /** Search keys [first, last] the matches lie in: the list, narrowed by top-level `d:` ranges. */
  keys: [bigint, bigint];
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
  return c.fts !== null && c.ftsNot.length === 0 && c.sql.length === 0 && c.dates.length === 0;
}

function withNots(fts: string, ftsNot: string[]): string {
  return ftsNot.length === 0 ? fts : `(${fts}) NOT (${ftsNot.join(' OR ')})`;
}

class Compiler {
  private readonly list: ListTarget;
  private readonly listKeys: [bigint, bigint];

  constructor(list: ListTarget) {
    this.list = list;
    this.listKeys = keyRange(list.id, null, null);
  }

  compile(plan: Plan): CompiledQuery {
    const c = this.conjunction(plan);
    const keys = this.narrow(c.dates);
    if (c.fts !== null) return { match: withNots(c.fts, c.ftsNot), where: c.sql, exclude: null, keys };
    const exclude = c.ftsNot.length > 0 ? c.ftsNot.join(' OR ') : null;
    return { match: null, where: c.sql, exclude, keys };
  }

  /** The list's keys within every one of the ranges (an empty intersection gives first > last). */
  private narrow(dates: DateRange[]): [bigint, bigint] {
    let [first, last] = this.listKeys;
    for (const range of dates) {
      const [a, b] = keyRange(this.list.id, range.from, range.until);
      if (a > first) first = a;
      if (b < last) last = b;
    }
    return [first, last];
  }

  private ftsIn(expression: string, negate: boolean): Sql {
    const [first, last] = this.listKeys;
    return {
      text: `k.key ${negate ? 'NOT IN' : 'IN'} (SELECT rowid FROM ${SEARCH_TABLE} WHERE ${SEARCH_TABLE} MATCH ? AND rowid BETWEEN ? AND ?)`,
      params: [expression, first, last],
    };
  }

  private dateSql(range: DateRange): Sql {
    const [first, last] = keyRange(this.list.id, range.from, range.until);
    return { text: 'k.key BETWEEN ? AND ?', params: [first, last] };
  }

  private conjunctionSql(c: Conjunction): Sql {
    const parts: Sql[] = [];
    if (c.fts !== null) parts.push(this.ftsIn(withNots(c.fts, c.ftsNot), false));
    else if (c.ftsNot.length > 0) parts.push(this.ftsIn(c.ftsNot.join(' OR '), true));
    parts.push(...c.sql, ...c.dates.map((d) => this.dateSql(d)));
    return parts.length === 0 ? { text: '1', params: [] } : joined(parts, ' AND ');
  }

  // Recursion is bounded here: the parser caps nesting at SEARCH_MAX_DEPTH and the planner flattens
  // and/or chains and cancels double negations, so a plan is at most a few dozen levels deep.
  private conjunction(node: Plan): Conjunction {
    switch (node.kind) {
      case 'text':
        return { fts: ftsText(node), ftsNot: [], sql: [], dates: [] };
      case 'messageId':
        // a key set from the Message-ID index, which SQLite looks up key by key
        return {
          fts: null,
          ftsNot: [],
          sql: [
            {
              text: `k.key IN (SELECT s.key FROM entries m JOIN search_keys s ON s.list_id = m.list_id AND s.seq = m.seq
                WHERE m.list_id = ? AND m.message_id = ?)`,
              params: [this.list.id, node.id],
            },
          ],
          dates: [],
        };
      case 'list':
        // the query runs per list: `l:` is true or false for all of this list's entries
        return {
          fts: null,
          ftsNot: [],
          sql: [{ text: node.name === this.list.name ? '1' : '0', params: [] }],
          dates: [],
        };
      case 'date':
        return { fts: null, ftsNot: [], sql: [], dates: [{ from: node.from, until: node.until }] };
      case 'and': {
        const parts = node.parts.map((p) => this.conjunction(p));
        const fts = parts.flatMap((p) => (p.fts === null ? [] : [`(${p.fts})`]));
        return {
          fts: fts.length === 0 ? null : fts.join(' AND '),
          ftsNot: parts.flatMap((p) => p.ftsNot),
          sql: parts.flatMap((p) => p.sql),
          dates: parts.flatMap((p) => p.dates),
        };
      }
      case 'or': {
        const parts = node.parts.map((p) => this.conjunction(p));
        if (parts.every(pureFts))
          return { fts: parts.map((p) => `(${p.fts})`).join(' OR '), ftsNot: [], sql: [], dates: [] };
        const sql = parts.map((p) => this.conjunctionSql(p));
        return {
          fts: null,
          ftsNot: [],
          sql: [joined(sql, ' OR ')],
          dates: [],
        };
      }
      case 'not': {
        const inner = this.conjunction(node.part);
        if (pureFts(inner)) return { fts: null, ftsNot: [inner.fts], sql: [], dates: [] };
        const sql = this.conjunctionSql(inner);
        return { fts: null, ftsNot: [], sql: [{ ...sql, text: `NOT ${sql.text}` }], dates: [] };
      }
    }
  }
}

/** Compiles a plan for one list (tests look at what reaches FTS5 and SQL). */
export function compilePlan(plan: Plan, list: ListTarget = { id: 1, name: '' }): CompiledQuery {
  return new Compiler(list).compile(plan);
}

export interface SqliteSearchOptions {
  list?: string;
  offset: number;
  limit: number;
  order: 'relevance' | 'date';
  collapseThreads: boolean;
  /** Also read each result's excerpt (the text snippets are cut from). */
  excerpts?: boolean;
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
  /** Date-order position, comparable across lists (the search key without its list). */
  position: number;
  /** bm25 score (lower is better), with relevance order. */
  score?: number;
  /** Matching messages in the result's thread (only when threads are collapsed). */
  thread_hits?: number;
  /** The start of the message's text (with the excerpts option; null if none was kept). */
  excerpt?: string | null;
}

export interface SqliteSearchResult {
  total: number;
  /** Distinct threads among the matches (only when threads are collapsed). */
  threads: number | null;
  rows: SearchRow[];
}

/**
 * Runs a plan: the exact number of matching list entries (a cross-post counts once per list it
 * stands in), and one page of them, newest first or best first.
 */
export function runSqliteSearch(
  store: SqliteStore,
  plan: Plan,
  options: SqliteSearchOptions,
): SqliteSearchResult {
  const lists =
    options.list === undefined ? store.allLists() : [store.getList(options.list)].filter((l) => l !== null);
  if (lists.length === 1) return searchList(store, lists[0], plan, options);
  // every list's first offset+limit results, then the page of their merge
  const perList = lists.map((list) =>
    searchList(store, list, plan, { ...options, offset: 0, limit: options.offset + options.limit }),
  );
  const relevance = options.order === 'relevance';
  const rows = perList
    .flatMap((found) => found.rows)
    .sort(
      (a, b) =>
        (relevance ? (a.score ?? 0) - (b.score ?? 0) : 0) ||
        b.position - a.position ||
        (a.list < b.list ? -1 : a.list > b.list ? 1 : 0),
    )
    .slice(options.offset, options.offset + options.limit);
  return {
    total: perList.reduce((sum, found) => sum + found.total, 0),
    threads: options.collapseThreads ? perList.reduce((sum, found) => sum + (found.threads ?? 0), 0) : null,
    rows,
  };
}

const ENTRY_JOIN = 'JOIN entries e ON e.list_id = k.list_id AND e.seq = k.seq';

/** Prepared search statements kept per store: a query's SQL depends on its shape, not its words. */
const STATEMENTS_KEPT = 256;
const statements = new WeakMap<SqliteStore, Map<string, Statement>>();

function prepared(store: SqliteStore, text: string): Statement {
  let kept = statements.get(store);
  if (!kept) statements.set(store, (kept = new Map()));
  let statement = kept.get(text);
  if (statement) kept.delete(text);
  else {
    statement = store.db.prepare(text);
    if (kept.size >= STATEMENTS_KEPT) kept.delete(kept.keys().next().value!);
  }
  kept.set(text, statement);
  return statement;
}

function searchList(
  store: SqliteStore,
  list: ListRecord,
  plan: Plan,
  options: SqliteSearchOptions,
): SqliteSearchResult {
  const { match, where, exclude, keys } = new Compiler(list).compile(plan);
  const empty = { total: 0, threads: options.collapseThreads ? 0 : null, rows: [] };
  if (keys[0] > keys[1]) return empty;
  const relevance = options.order === 'relevance' && match !== null;
  const collapse = options.collapseThreads;
  // the FTS table stays the outer loop (CROSS JOIN), so its rowid range and order drive the query
  const joins = `${match !== null && (where.length > 0 || collapse) ? ` CROSS JOIN search_keys k ON k.key = ${SEARCH_TABLE}.rowid` : ''}${collapse ? ' CROSS JOIN entries e ON e.list_id = k.list_id AND e.seq = k.seq' : ''}`;
  const from = `${match !== null ? SEARCH_TABLE : 'search_keys k'}${joins}`;
  const key = match !== null ? `${SEARCH_TABLE}.rowid` : 'k.key';
  const inRange: Sql = { text: `${key} BETWEEN ? AND ?`, params: keys };
  const conditions: Sql[] = [];
  if (match !== null) conditions.push({ text: `${SEARCH_TABLE} MATCH ?`, params: [match] });
  conditions.push(inRange, ...where);
  const excluded: Sql | null =
    exclude === null
      ? null
      : {
          text: `k.key NOT IN (SELECT rowid FROM ${SEARCH_TABLE} WHERE ${SEARCH_TABLE} MATCH ? AND rowid BETWEEN ? AND ?)`,
          params: [exclude, ...keys],
        };
  if (excluded) conditions.push(excluded);
  const body = `FROM ${from} WHERE ${conditions.map((c) => c.text).join(' AND ')}`;
  const params = conditions.flatMap((c) => c.params);

  const count = (): { total: number; threads: number | null } => {
    if (excluded && where.length === 0 && !collapse) {
      // everything in range but the matches: two index counts instead of a lookup per entry
      const all = prepared(store, 'SELECT count(*) AS n FROM search_keys WHERE key BETWEEN ? AND ?').get(
        ...keys,
      ) as { n: number };
      const left = prepared(
        store,
        `SELECT count(*) AS n FROM ${SEARCH_TABLE} WHERE ${SEARCH_TABLE} MATCH ? AND rowid BETWEEN ? AND ?`,
      ).get(exclude, ...keys) as { n: number };
      return { total: all.n - left.n, threads: null };
    }
    return prepared(
      store,
      `SELECT count(*) AS total, ${collapse ? 'count(DISTINCT e.thread_id)' : 'NULL'} AS threads ${body}`,
    ).get(...params) as { total: number; threads: number | null };
  };
  if (options.limit === 0) return { ...empty, ...count() };

  const score = relevance ? `, ${BM25} AS score` : '';
  const order = `${relevance ? 'score, ' : ''}key DESC`;
  const page = collapse
    ? `SELECT key${relevance ? ', score' : ''}, thread_hits FROM (
         SELECT key${relevance ? ', score' : ''},
           row_number() OVER (PARTITION BY thread_id ORDER BY ${order}) AS thread_rank,
           count(*) OVER (PARTITION BY thread_id) AS thread_hits
         FROM (SELECT ${key} AS key, e.thread_id${score} ${body}))
       WHERE thread_rank = 1 ORDER BY ${order} LIMIT ? OFFSET ?`
    : `SELECT ${key} AS key${score} ${body} ORDER BY ${order} LIMIT ? OFFSET ?`;
  const rows = prepared(
    store,
    `SELECT ? AS list, k.message AS stored_id, m.message_id, m.subject, m.from_name, m.from_address, m.date,
         e.day, e.n, e.thread_id, ${datePosition('k.key')} AS position
         ${relevance ? ', p.score' : ''}${collapse ? ', p.thread_hits' : ''}${options.excerpts ? ', x.text AS excerpt' : ''}
       FROM (${page}) p
       JOIN search_keys k ON k.key = p.key
       ${ENTRY_JOIN}
       JOIN messages m ON m.id = k.message
       ${options.excerpts ? 'LEFT JOIN message_excerpts x ON x.message = k.message' : ''}
       ORDER BY ${relevance ? 'p.score, ' : ''}p.key DESC`,
  ).all(list.name, ...params, options.limit, options.offset) as SearchRow[];
  // a page that is not full holds the last matches: the count is known without counting
  if (rows.length > 0 && rows.length < options.limit) {
    const total = collapse ? rows.reduce((sum, row) => sum + (row.thread_hits ?? 0), 0) : rows.length;
    if (options.offset === 0) return { total, threads: collapse ? rows.length : null, rows };
    if (!collapse) return { total: options.offset + total, threads: null, rows };
  }
  return { ...count(), rows };
}
