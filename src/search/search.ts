// The search API the web calls: a lore-style query string → the exact number of matching messages
// and one page of results, each with a snippet. Query errors are SearchSyntaxErrors (show the
// message, never a 500).

import { SEARCH_DEFAULT_LIMIT, SEARCH_MAX_LIMIT, SEARCH_MAX_OFFSET } from '../limits.ts';
import type { Address } from '../mail/types.ts';
import type { ArchiveRead, SearchRow } from '../store/store.ts';
import { excerptParts } from './document.ts';
import { highlightPhrases, planQuery } from './plan.ts';
import { buildSnippet, type HighlightPhrase, type SnippetSegment } from './snippet.ts';

export { SearchSyntaxError } from './query-parser.ts';
export type { SnippetSegment } from './snippet.ts';

export interface SearchOptions {
  /** Search one list; omitted: every list (`/all/`), where `l:` narrows. */
  list?: string;
  offset?: number;
  /** Results per page, at most SEARCH_MAX_LIMIT. */
  limit?: number;
  /** 'date' (newest first, lore's default) or 'relevance' (bm25; date order when nothing to rank). */
  order?: 'relevance' | 'date';
  /** One result per thread: its best match, with the number of matches in the thread. */
  collapseThreads?: boolean;
  /** Build snippets; default true. */
  snippets?: boolean;
  /** "Now" for relative dates such as `d:2.weeks.ago..`. */
  now?: Date;
}

export interface SearchResult {
  list: string;
  messageId: string;
  subject: string;
  from: Address | null;
  date: Date | null;
  /** The blists address of the message: /<list>/YYYY/MM/DD/N. */
  day: string;
  n: number;
  threadId: number;
  /** Plain-text pieces; `hit` marks the query's words. The web escapes each piece. */
  snippet: SnippetSegment[];
  /** With collapseThreads: how many matching messages the thread has. */
  threadHits?: number;
}

export interface SearchResponse {
  /** Exact number of matching messages (list entries: a cross-posted message counts per list). */
  total: number;
  /** With collapseThreads: the number of threads among them (what the pages count). */
  threads?: number;
  results: SearchResult[];
}

function clamp(value: number | undefined, fallback: number, max: number): number {
  if (value === undefined || !Number.isFinite(value)) return fallback;
  return Math.max(0, Math.min(max, Math.floor(value)));
}

/**
 * The texts a snippet is cut from, best first: what the author wrote, then what they quoted, then
 * the subject. The index is contentless; the excerpt kept beside it holds the start of each text.
 */
function snippetTexts(row: SearchRow): string[] {
  const [nq, q] = excerptParts(row.excerpt ?? '');
  return [nq, q, row.subject];
}

function toResult(row: SearchRow, snippet: SnippetSegment[]): SearchResult {
  const result: SearchResult = {
    list: row.list,
    messageId: row.message_id,
    subject: row.subject,
    from: row.from_name || row.from_address ? { name: row.from_name, address: row.from_address } : null,
    date: row.date === null ? null : new Date(row.date),
    day: row.day,
    n: row.n,
    threadId: row.thread_id,
    snippet,
  };
  if (row.thread_hits !== undefined) result.threadHits = row.thread_hits;
  return result;
}

export async function search(
  read: ArchiveRead,
  query: string,
  options: SearchOptions = {},
): Promise<SearchResponse> {
  const plan = planQuery(query, { now: options.now });
  const offset = clamp(options.offset, 0, Number.MAX_SAFE_INTEGER);
  const limit = Math.max(1, clamp(options.limit, SEARCH_DEFAULT_LIMIT, SEARCH_MAX_LIMIT));
  const collapseThreads = options.collapseThreads ?? false;
  const snippets = options.snippets ?? true;
  const found = await read.search(plan, {
    excerpts: snippets,
    list: options.list,
    // past SEARCH_MAX_OFFSET the page is empty (the count stays exact); the pager stops before it
    offset: Math.min(offset, SEARCH_MAX_OFFSET),
    limit: offset > SEARCH_MAX_OFFSET ? 0 : limit,
    order: options.order ?? 'date',
    collapseThreads,
  });
  const phrases: HighlightPhrase[] = highlightPhrases(plan);
  const results = found.rows.map((row) =>
    toResult(row, snippets ? buildSnippet(snippetTexts(row), phrases) : []),
  );
  const response: SearchResponse = { total: found.total, results };
  if (collapseThreads) response.threads = found.threads ?? 0;
  return response;
}
