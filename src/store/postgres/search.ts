// Runs a query plan against PostgreSQL's search index (search-schema.ts), one list at a time;
// `/all/` merges the lists' pages as SQLite does (src/search/merge.ts). Same answers as the SQLite
// backend: the same exact total, and in date order the same entries in the same order (search key
// descending). Relevance order cannot equal FTS5's bm25: it is ts_rank over the word set, whose
// weights follow bm25's field weights (search-schema.ts), ties broken by key descending. (ts_rank,
// not ts_rank_cd: the word set keeps each word's first position only, and ranking every match of
// `the` took 120 ms with ts_rank_cd against 55 with ts_rank, 45 of them reading the tsvectors.)
//
// Speed. The primary key is the search key, so the newest matches can come two ways: walking the
// list's keys backwards and testing each entry's words until the page is full, or taking every
// match from the GIN index and sorting their keys. The walk wins for a common word (`the`: 52
// entries tested for 50 matches), the index for a rare one. PostgreSQL's planner would choose, but
// it does not count what testing an entry costs (reading its tsvector, often out of line and
// compressed: ~5 µs against ~0.3 µs per match the index hands over), so it walks far too long for
// words in a few percent of the entries (openbmc, `pmbus aspeed`: 3,361 entries tested, 20 ms,
// against 0.5 ms through the index). So the count comes first, from the index, and decides (see
// pageRead); each query is written so that it can only run the way chosen. Sequential scans are
// off for the same reason: a count by scanning tests every entry (`the`: 60 ms against 2).

import { mergeListPages, perListOptions } from '../../search/merge.ts';
import type { Plan } from '../../search/plan.ts';
import type { ListRecord, SearchPage, SearchQueryOptions, SearchRow } from '../records.ts';
import { datePosition } from '../search-keys.ts';
import type { Queryable } from './connection.ts';
import { excerptFromColumn } from './rows.ts';
import { type CompiledQuery, Compiler, type Sql } from './search-compile.ts';
import { RANK_WEIGHTS } from './search-schema.ts';

/** ts_rank's normalization: divide by 1 + the logarithm of the entry's number of words. */
const RANK_NORMALIZATION = 1;
/**
 * What testing an entry's words on the walk costs, in matches handed over by the GIN index: the
 * walk reads the entry's tsvector, the index does not (measured on openbmc: ~5 µs against ~0.25).
 * With phrases both read every candidate's positions, so the walk costs about as much per entry.
 */
const WALK_COST_WORDS = 20;
const WALK_COST_PHRASES = 2;
/** How much longer than expected a walk may go before the page is taken from the index instead. */
const WALK_SLACK = 4;
const WALK_MIN_KEYS = 200;

/**
 * Runs a plan over the given lists (every list for `/all/`, else the one searched; none: nothing
 * found): the exact number of matching list entries (a cross-post counts once per list it stands
 * in), and one page of them, newest first or best first.
 */
export async function runPostgresSearch(
  sql: Queryable,
  lists: ListRecord[],
  plan: Plan,
  options: SearchQueryOptions,
): Promise<SearchPage> {
  return withoutSeqScans(sql, async (tx) => {
    if (lists.length === 1) return searchList(tx, lists[0], plan, options);
    const perList = await Promise.all(
      lists.map((list) => searchList(tx, list, plan, perListOptions(options))),
    );
    return mergeListPages(perList, options);
  });
}

/**
 * Runs the search with sequential scans off (see the top of this file). On the pool the queries
 * share one read-only transaction, so a page and its count see the same archive; inside a caller's
 * transaction (a snapshot) the setting is put back afterwards.
 */
async function withoutSeqScans<T>(sql: Queryable, work: (tx: Queryable) => Promise<T>): Promise<T> {
  if ('begin' in sql) {
    return (await sql.begin('isolation level repeatable read read only', async (tx) => {
      await tx`SELECT set_config('enable_seqscan', 'off', true)`;
      return work(tx);
    })) as T;
  }
  const [{ was }] = await sql<{ was: string }[]>`
    SELECT current_setting('enable_seqscan') AS was, set_config('enable_seqscan', 'off', true)`;
  // after a failed statement the transaction is aborted: there is no setting left to put back
  const result = await work(sql);
  await sql`SELECT set_config('enable_seqscan', ${was}, true)`;
  return result;
}

/** `?` placeholders → `$1`, `$2`, … (the SQL text is ours: no `?` of a user reaches it). */
function numbered(text: string): string {
  let n = 0;
  return text.replace(/\?/g, () => `$${++n}`);
}

/**
 * Runs one statement, unnamed: PostgreSQL plans it with these very values (how common the words
 * are), where a prepared statement would soon get one generic plan for all words.
 */
async function run<T>(sql: Queryable, query: Sql): Promise<T[]> {
  return (await sql.unsafe(numbered(query.text), query.params)) as unknown as T[];
}

function joined(parts: Sql[], separator: string): Sql {
  return { text: parts.map((p) => p.text).join(separator), params: parts.flatMap((p) => p.params) };
}

const ENTRY_JOIN = 'JOIN entries e ON e.list_id = s.list_id AND e.seq = s.seq';

interface Counts {
  total: number;
  threads: number | null;
}

async function searchList(
  sql: Queryable,
  list: ListRecord,
  plan: Plan,
  options: SearchQueryOptions,
): Promise<SearchPage> {
  const query = new Compiler(list).compile(plan);
  const collapse = options.collapseThreads;
  const empty: SearchPage = { total: 0, threads: collapse ? 0 : null, rows: [] };
  if (query.keys[0] > query.keys[1]) return empty;
  const range: Sql = { text: 's.key BETWEEN ?::bigint AND ?::bigint', params: query.keys.map(String) };
  const conditions: Sql[] = [range];
  if (query.match) conditions.push(query.match);
  conditions.push(...query.where);
  if (query.exclude && collapse) {
    // every entry in range is a match but the left-out ones: those come from the GIN index, once,
    // into a hash, and no entry's words are read (`NOT s:patch`: 110 ms testing each entry, 28 so)
    conditions.push({
      text: `s.key NOT IN (SELECT s.key FROM entry_search s WHERE ${range.text} AND ${query.exclude.text})`,
      params: [...range.params, ...query.exclude.params],
    });
  } else if (query.exclude) {
    // a page walks the newest keys: testing the few it reads is cheaper than finding all left-out ones
    conditions.push({ text: `NOT ${query.exclude.text}`, params: query.exclude.params });
  }
  const filter = joined(conditions, ' AND ');
  const count = () => countMatches(sql, query, range, filter, collapse);
  if (options.limit === 0) return { ...empty, ...(await count()) };

  const relevance = options.order === 'relevance' && query.rank !== null;
  let known: Counts | null = null;
  let read: PageRead = 'planned';
  let entries = 0;
  if (query.match && query.words && !relevance && !collapse) {
    // one index count settles how to read the page, and without phrases it is the total
    const [found] = await run<{ found: number; entries: number }>(sql, {
      text: `SELECT count(*)::float8 AS found,
          (SELECT coalesce(max(seq), 0)::float8 FROM entry_search WHERE list_id = ?) AS entries
        FROM entry_search s WHERE ${query.phrases ? `${range.text} AND s.doc @@ ?::tsquery` : filter.text}`,
      params: [list.id, ...(query.phrases ? [...range.params, query.words] : filter.params)],
    });
    if (!query.phrases) known = { total: found.found, threads: null };
    if (found.found === 0 || (known && options.offset >= known.total)) return { ...empty, ...known };
    entries = found.entries;
    read = pageRead(found.found, entries, options, query.phrases);
  }
  let rows = await pageRows(sql, list, query, range, filter, options, relevance, read);
  const expected = known ? Math.min(options.limit, known.total - options.offset) : options.limit;
  if (typeof read === 'object' && rows.length < expected && read.walk < entries) {
    // the matches thin out further back than the walk went: take them from the index after all
    rows = await pageRows(sql, list, query, range, filter, options, relevance, 'index');
  }
  if (known) return { ...known, rows };
  // a page that is not full holds the last matches: the count is known without counting
  if (rows.length > 0 && rows.length < options.limit) {
    const total = collapse ? rows.reduce((sum, row) => sum + (row.thread_hits ?? 0), 0) : rows.length;
    if (options.offset === 0) return { total, threads: collapse ? rows.length : null, rows };
    if (!collapse) return { total: options.offset + total, threads: null, rows };
  }
  return { ...(await count()), rows };
}

/**
 * How a date-order page is read: as the planner likes (no words to find the matches by), by
 * walking the newest keys, or from the index (see the top of this file).
 */
type PageRead = 'planned' | 'index' | { walk: number };

/**
 * Walks when testing the entries the walk is expected to test, about (offset + limit) × entries /
 * found, costs less than taking all `found` matches from the index (WALK_COST_*). `entries` is the
 * list's size even when `d:` narrows the range: the matches then seem rarer than they are, and
 * their few keys are quickly sorted. The walk stops after a few times the expected length, so
 * matches that thin out into the past (a word of 2019 only) cost a bounded detour.
 */
function pageRead(found: number, entries: number, options: SearchQueryOptions, phrases: boolean): PageRead {
  const tested = ((options.offset + options.limit) * entries) / found;
  if (tested * (phrases ? WALK_COST_PHRASES : WALK_COST_WORDS) >= found) return 'index';
  return { walk: Math.min(entries, Math.ceil(WALK_SLACK * tested) + WALK_MIN_KEYS) };
}

async function countMatches(
  sql: Queryable,
  query: CompiledQuery,
  range: Sql,
  filter: Sql,
  collapse: boolean,
): Promise<Counts> {
  if (query.exclude && query.where.length === 0 && !collapse) {
    // everything in range but the matches: two index counts instead of a test per entry
    const [row] = await run<{ total: number }>(sql, {
      text: `SELECT ((SELECT count(*) FROM entry_search s WHERE ${range.text})
          - (SELECT count(*) FROM entry_search s WHERE ${range.text} AND ${query.exclude.text}))::float8 AS total`,
      params: [...range.params, ...range.params, ...query.exclude.params],
    });
    return { total: row.total, threads: null };
  }
  const [row] = await run<Counts>(sql, {
    text: `SELECT count(*)::float8 AS total,
        ${collapse ? 'count(DISTINCT e.thread_id)::float8' : 'NULL'} AS threads
      FROM entry_search s ${collapse ? ENTRY_JOIN : ''} WHERE ${filter.text}`,
    params: filter.params,
  });
  return row;
}

/** The keys of one page of matches (with rank and thread_hits when asked), as SQL. */
function pageKeys(
  query: CompiledQuery,
  range: Sql,
  filter: Sql,
  options: SearchQueryOptions,
  relevance: boolean,
  read: PageRead,
): Sql {
  const paging = [options.limit, options.offset];
  const score: Sql = relevance
    ? {
        text: `, ts_rank('${RANK_WEIGHTS}', s.doc, ?::tsquery, ${RANK_NORMALIZATION}) AS rank`,
        params: [query.rank!],
      }
    : { text: '', params: [] };
  if (options.collapseThreads) {
    const order = `${relevance ? 'rank DESC, ' : ''}key DESC`;
    return {
      text: `SELECT key${relevance ? ', rank' : ''}, thread_hits FROM (
          SELECT key${relevance ? ', rank' : ''},
            row_number() OVER (PARTITION BY thread_id ORDER BY ${order}) AS thread_rank,
            count(*) OVER (PARTITION BY thread_id) AS thread_hits
          FROM (SELECT s.key, e.thread_id${score.text} FROM entry_search s ${ENTRY_JOIN}
            WHERE ${filter.text}) hits) ranked
        WHERE thread_rank = 1 ORDER BY ${order} LIMIT ? OFFSET ?`,
      params: [...score.params, ...filter.params, ...paging],
    };
  }
  if (relevance) {
    return {
      text: `SELECT s.key${score.text} FROM entry_search s WHERE ${filter.text}
        ORDER BY rank DESC, s.key DESC LIMIT ? OFFSET ?`,
      params: [...score.params, ...filter.params, ...paging],
    };
  }
  // The walk: at most `walk` of the list's keys, newest first (the LIMIT also keeps the planner from
  // sorting the whole range), tested one by one until the page is full. From the index: `s.key + 0`
  // hides the key order from the planner, which then takes the matches from the GIN index and
  // sorts them.
  if (typeof read === 'object') {
    return {
      text: `SELECT s.key FROM (SELECT s.key, s.list_id, s.seq, s.doc FROM entry_search s WHERE ${range.text}
          ORDER BY s.key DESC LIMIT ?) s
        WHERE ${filter.text} ORDER BY s.key DESC LIMIT ? OFFSET ?`,
      params: [...range.params, read.walk, ...filter.params, ...paging],
    };
  }
  return {
    text: `SELECT s.key FROM entry_search s WHERE ${filter.text}
      ORDER BY ${read === 'index' ? 's.key + 0' : 's.key'} DESC LIMIT ? OFFSET ?`,
    params: [...filter.params, ...paging],
  };
}

/** One page of matches, with what a result shows. */
async function pageRows(
  sql: Queryable,
  list: ListRecord,
  query: CompiledQuery,
  range: Sql,
  filter: Sql,
  options: SearchQueryOptions,
  relevance: boolean,
  read: PageRead,
): Promise<SearchRow[]> {
  const page = pageKeys(query, range, filter, options, relevance, read);
  const rows = await run<SearchRow>(sql, {
    text: `SELECT ?::text AS list, s.message::float8 AS stored_id, m.message_id, m.subject, m.from_name,
        m.from_address, m.date::float8 AS date, e.day::text AS day, e.n::float8 AS n,
        e.thread_id::float8 AS thread_id, ${datePosition('s.key')}::float8 AS position
        ${relevance ? ', (-p.rank)::float8 AS score' : ''}
        ${options.collapseThreads ? ', p.thread_hits::float8 AS thread_hits' : ''}
        ${options.excerpts ? ', x.utf8 AS excerpt' : ''}
      FROM (${page.text}) p
      JOIN entry_search s ON s.key = p.key
      ${ENTRY_JOIN}
      JOIN messages m ON m.id = s.message
      ${options.excerpts ? 'LEFT JOIN message_excerpts x ON x.message = s.message' : ''}
      ORDER BY ${relevance ? 'p.rank DESC, ' : ''}p.key DESC`,
    params: [list.name, ...page.params],
  });
  if (options.excerpts) {
    // kept as UTF-8 bytes: PostgreSQL text cannot hold the NUL between an excerpt's two parts
    for (const row of rows) row.excerpt = excerptFromColumn(row.excerpt as unknown as Buffer | null);
  }
  return rows;
}
