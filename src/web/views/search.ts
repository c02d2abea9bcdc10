// Search pages: the results of `/<list>/?q=…` and `/all/?q=…` (subject, author, day, list, snippet
// with the query's words in <mark>), the page of a query the parser refused (status 400), and the
// empty search page of `/all/`. Links that change only the query string (paging, order, threads,
// Atom) are `?…`, relative to the page itself, so they hold under any base path.

import { SEARCH_MAX_LIMIT, SEARCH_MAX_OFFSET, SEARCH_MAX_QUERY_CHARS } from '../../limits.ts';
import type { SearchResponse, SearchResult, SnippetSegment } from '../../search/search.ts';
import { slashed } from './dates.ts';
import { counted, type HtmlString, html } from './html.ts';
import { type Frame, page } from './layout.ts';
import { listPath, messagePath } from './links.ts';
import { subjectOf } from './message-lists.ts';
import { navRow } from './nav.ts';

type Hide = (text: string) => string;

/** `1 match`, `2 matches` (counted() adds a bare `s`). */
function matches(n: number): string {
  return `${n} ${n === 1 ? 'match' : 'matches'}`;
}

/** What a search URL asks for besides the query (public-inbox's parameter names). */
export interface SearchSettings {
  query: string;
  /** `o=`: results skipped. */
  offset: number;
  /** `l=`: results per page, at most SEARCH_MAX_LIMIT. */
  limit: number;
  /** `r` present: relevance; absent: newest first. */
  relevance: boolean;
  /** `t` present: one result per thread. */
  collapse: boolean;
}

/** The default page size: a link leaves `l=` out when it is this. */
export interface SearchLinkDefaults {
  limit: number;
}

/** `?q=…&o=…&l=…&r&t=1&x=…`: the query string of a search URL, changed by `change`. */
export function searchHref(
  settings: SearchSettings,
  defaults: SearchLinkDefaults,
  change: Partial<SearchSettings> & { format?: 'A' | 'm' } = {},
): string {
  const s = { ...settings, ...change };
  const params = new URLSearchParams({ q: s.query });
  if (s.offset > 0) params.set('o', String(s.offset));
  if (s.limit !== defaults.limit) params.set('l', String(s.limit));
  if (s.collapse) params.set('t', '1');
  if (change.format) params.set('x', change.format);
  // `&r` without a value, as public-inbox writes it: presence is what counts
  return `?${params.toString()}${s.relevance ? '&r' : ''}`;
}

/**
 * The snippet with the list's address obfuscation applied. The rule must see the whole text: a hit
 * can split an address (`ann@` | `example` | `.org`), and hiding each piece alone would show it. The
 * rule swaps three characters for `...`, so where every swap kept the length the piece boundaries
 * still line up; otherwise (an astral character was dropped) the snippet loses its marks, never its
 * hiding.
 */
export function hideSnippet(segments: readonly SnippetSegment[], hide: Hide): SnippetSegment[] {
  const text = segments.map((s) => s.text).join('');
  const hidden = hide(text);
  if (hidden === text) return [...segments];
  if (hidden.length !== text.length) return [{ text: hidden, hit: false }];
  const out: SnippetSegment[] = [];
  let at = 0;
  for (const segment of segments) {
    out.push({ text: hidden.slice(at, at + segment.text.length), hit: segment.hit });
    at += segment.text.length;
  }
  return out;
}

/** Escaped snippet text with the hits in <mark>. */
export function snippetHtml(segments: readonly SnippetSegment[]): HtmlString {
  return html`${segments.map((s) => (s.hit ? html`<mark>${s.text}</mark>` : s.text))}`;
}

export function authorOfResult(result: SearchResult): string {
  return result.from?.name || result.from?.address || '(unknown sender)';
}

export interface SearchPage {
  frame: Frame;
  /** The list searched, or null for every list (`/all/`). */
  list: string | null;
  settings: SearchSettings;
  defaults: SearchLinkDefaults;
  response: SearchResponse;
  /** The obfuscation of each result's list. */
  hideOf: (list: string) => Hide;
  /** Most messages the mbox download holds. */
  mboxLimit: number;
}

function scopeName(list: string | null): string {
  return list ?? 'all lists';
}

function resultItem(data: SearchPage, result: SearchResult): HtmlString {
  const { links } = data.frame;
  const hide = data.hideOf(result.list);
  const hits = result.threadHits;
  return html`<li><a href="${links.to(messagePath(result.list, result.day, result.n))}">${hide(subjectOf(result.subject))}</a> <span class="from">(${hide(authorOfResult(result))})</span> <span class="day">${
    result.date
      ? html`<time datetime="${result.date.toISOString()}">${slashed(result.day)}</time>`
      : slashed(result.day)
  }</span>${data.list === null ? html` <a class="result-list" href="${links.to(listPath(result.list))}">${result.list}</a>` : ''}${
    hits !== undefined && hits > 1
      ? html` <span class="thread-hits">${matches(hits)} in the thread</span>`
      : ''
  }${result.snippet.length > 0 ? html`<p class="snippet">${snippetHtml(hideSnippet(result.snippet, hide))}</p>` : ''}</li>
`;
}

/** `sorted by: date | relevance`, `threads: collapsed | expanded`, the Atom feed and the mbox. */
function options(data: SearchPage): HtmlString {
  const { settings, defaults } = data;
  const toggle = (current: boolean, label: string, change: Partial<SearchSettings>) =>
    current
      ? html`<strong>${label}</strong>`
      : html`<a href="${searchHref(settings, defaults, { ...change, offset: 0 })}">${label}</a>`;
  const shown = Math.min(data.response.total, data.mboxLimit);
  return html`<p class="search-options">sorted by: ${toggle(!settings.relevance, 'date', { relevance: false })} | ${toggle(settings.relevance, 'relevance', { relevance: true })}
· threads: ${toggle(!settings.collapse, 'expanded', { collapse: false })} | ${toggle(settings.collapse, 'collapsed', { collapse: true })}
· <a href="${searchHref(settings, defaults, { format: 'A', offset: 0 })}">Atom feed</a></p>
${
  data.response.total > 0
    ? html`<form class="search-download" method="post" action="${searchHref(settings, defaults, { format: 'm', offset: 0, collapse: false, relevance: false })}"><button type="submit">download mbox.gz</button> <span class="from">${
        data.response.total > data.mboxLimit
          ? `(the newest ${shown} of ${data.response.total} matches)`
          : `(${matches(data.response.total)})`
      }</span></form>`
    : ''
}`;
}

function pager(data: SearchPage): HtmlString {
  const { settings, defaults, response } = data;
  const count = settings.collapse ? (response.threads ?? 0) : response.total;
  const end = settings.offset + settings.limit;
  const prev =
    settings.offset > 0
      ? searchHref(settings, defaults, { offset: Math.max(0, settings.offset - settings.limit) })
      : null;
  // past SEARCH_MAX_OFFSET the search serves empty pages: no link leads there
  const next =
    end < count && end <= SEARCH_MAX_OFFSET ? searchHref(settings, defaults, { offset: end }) : null;
  return navRow([
    { label: '<prev', href: prev, rel: 'prev' },
    { label: 'next>', href: next, rel: 'next' },
  ]);
}

function summary(data: SearchPage): HtmlString {
  const { settings, response } = data;
  const count = settings.collapse ? (response.threads ?? 0) : response.total;
  const first = settings.offset + 1;
  const last = settings.offset + response.results.length;
  const range =
    response.results.length > 0 && count > response.results.length ? html`, ${first}–${last} shown` : '';
  const threads = settings.collapse ? html` in ${counted(response.threads ?? 0, 'thread')}` : '';
  return html`<p class="totals">${counted(response.total, 'message')}${threads} ${response.total === 1 ? 'matches' : 'match'} <q>${settings.query}</q>${range}.</p>`;
}

export function searchResultsPage(data: SearchPage): HtmlString {
  const { results } = data.response;
  return page(
    data.frame,
    html`<h1>Search ${scopeName(data.list)}</h1>
${summary(data)}
${options(data)}
${
  results.length > 0
    ? html`<ol class="results" start="${data.settings.offset + 1}">
${results.map((r) => resultItem(data, r))}</ol>
${pager(data)}`
    : html`<p>${data.response.total > 0 ? 'No more results on this page.' : 'Nothing matches.'} See the <a href="${data.frame.links.to(SEARCH_HELP_PATH)}">query syntax</a>.</p>`
}`,
  );
}

/** The path of the help page, from the archive root. */
export const SEARCH_HELP_PATH = '_/text/help/';

/** A query the parser refused: what and where, and the way to the help page. Sent with status 400. */
export function searchErrorPage(
  frame: Frame,
  list: string | null,
  query: string,
  message: string,
): HtmlString {
  return page(
    frame,
    html`<h1>Search ${scopeName(list)}</h1>
<p class="error">The query <q>${query}</q> cannot be searched: ${message}.</p>
<p>Change it in the search box above; the <a href="${frame.links.to(SEARCH_HELP_PATH)}">query syntax</a> lists what it can say.</p>`,
  );
}

/** `/all/` without a query: the search form, with the order and thread options as checkboxes. */
export function searchFormPage(frame: Frame): HtmlString {
  return page(
    frame,
    html`<h1>Search all lists</h1>
<form class="search-form" method="get" action="./">
<p><input type="search" name="q" maxlength="${SEARCH_MAX_QUERY_CHARS}" aria-label="Query" required> <button type="submit">search</button></p>
<p><label><input type="checkbox" name="r"> order by relevance</label> <label><input type="checkbox" name="t" value="1"> one result per thread</label></p>
</form>
<p>Words, <q>phrases</q>, prefixes such as <code>s:</code> (subject) and <code>f:</code> (from), <code>d:</code> dates,
<code>AND</code>/<code>OR</code>/<code>NOT</code>: see the <a href="${frame.links.to(SEARCH_HELP_PATH)}">query syntax</a>.
Results come as pages (up to ${SEARCH_MAX_LIMIT} each), an Atom feed or an mbox.gz download.</p>`,
  );
}
