// `/all/`: each list is searched on its own (its search keys are one range, read newest first), and
// the lists' first pages are merged here into the page asked for. Both backends merge alike, so a
// page of /all/ lists the same results in the same order whichever store answers it.

import type { SearchPage, SearchQueryOptions, SearchRow } from '../store/records.ts';

/** What each list is asked for when lists are merged: its first offset + limit matches. */
export function perListOptions<T extends SearchQueryOptions>(options: T): T {
  return { ...options, offset: 0, limit: options.offset + options.limit };
}

/** Best score first (relevance order), then newest, then by list name. */
function compareRows(relevance: boolean): (a: SearchRow, b: SearchRow) => number {
  return (a, b) =>
    (relevance ? (a.score ?? 0) - (b.score ?? 0) : 0) ||
    b.position - a.position ||
    (a.list < b.list ? -1 : a.list > b.list ? 1 : 0);
}

/** One page of the merge of every list's first page (asked for with perListOptions); totals add up. */
export function mergeListPages(pages: SearchPage[], options: SearchQueryOptions): SearchPage {
  const rows = pages
    .flatMap((page) => page.rows)
    .sort(compareRows(options.order === 'relevance'))
    .slice(options.offset, options.offset + options.limit);
  return {
    total: pages.reduce((sum, page) => sum + page.total, 0),
    threads: options.collapseThreads ? pages.reduce((sum, page) => sum + (page.threads ?? 0), 0) : null,
    rows,
  };
}
