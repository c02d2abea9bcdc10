// Runs a compiled query against SQLite: an FTS5 MATCH for the words, SQL conditions for the rest,
// on the `entry_search` index (schema migration 3), one list at a time.
//
// Speed: an index row's rowid is its entry's search key (src/store/search-keys.ts), ordered
// by list, then date. Within a list, a query is a MATCH limited to the list's rowid range (narrowed
// further by top-level `d:` ranges), read newest first: FTS5 hands over the first page without
// sorting the rest, and counts the matches itself. Only conditions FTS5 cannot hold (Message-IDs,
// dates inside OR/NOT, negations without positive words) join search_keys. `/all/` runs the query
// once per list and merges the pages (src/search/merge.ts, shared with PostgreSQL).

import type { Statement } from 'better-sqlite3';
import { mergeListPages, perListOptions } from '../../search/merge.ts';
import type { Plan } from '../../search/plan.ts';
import type { ListRecord, SearchPage, SearchQueryOptions, SearchRow } from '../records.ts';
import { datePosition } from '../search-keys.ts';
import { Compiler, SEARCH_TABLE, type Sql } from './search-compile.ts';
import type { SqliteStore } from './sqlite-store.ts';

export { compilePlan } from './search-compile.ts';

/**
 * bm25 weights in column order (subject, sender, recipients, cc, nq, q, dfn): a word in the subject
 * says more about a message than one in its body, and quoted text is someone else's words.
 */
const BM25 = `bm25(${SEARCH_TABLE}, 4.0, 2.0, 1.0, 1.0, 1.0, 0.5, 2.0)`;

type SqliteSearchOptions = SearchQueryOptions;
type SqliteSearchResult = SearchPage;

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
    options.list === undefined ? store.listsNow() : [store.listNamed(options.list)].filter((l) => l !== null);
  if (lists.length === 1) return searchList(store, lists[0], plan, options);
  return mergeListPages(
    lists.map((list) => searchList(store, list, plan, perListOptions(options))),
    options,
  );
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
