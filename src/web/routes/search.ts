// Search on the web (docs/search.md has the language, docs/api.md the JSON):
//   GET  /<list>/?q=…   /all/?q=…   results page (an empty q on /<list>/ is the list page)
//        …&x=A                      the same results as Atom
//   POST …?q=…&x=m                  the matching messages as a gzipped mboxrd (public-inbox's form)
//   GET  /all/                      the search form
//   GET  /api/v1/search?q=…         JSON
//   GET  /_/text/help/              the query language
// The parameters are public-inbox's: o= offset, l= limit, r (present) relevance order, t threads.
// A query the parser refuses is a page that says why, with status 400: never a 500.

import type { Context, Hono } from 'hono';
import {
  SEARCH_DEFAULT_LIMIT,
  SEARCH_FORM_MAX_BYTES,
  SEARCH_MAX_LIMIT,
  SEARCH_MAX_OFFSET,
  SEARCH_MBOX_MAX_MESSAGES,
} from '../../limits.ts';
import { planQuery } from '../../search/plan.ts';
import { type SearchResponse, SearchSyntaxError, search } from '../../search/search.ts';
import { mboxGzipStream } from '../mboxrd.ts';
import { ALL_LISTS } from '../message-id-url.ts';
import { CACHE, type Site } from '../site.ts';
import { type AtomEntry, atomFeed } from '../views/atom.ts';
import { messagePath, PageLinks } from '../views/links.ts';
import { subjectOf } from '../views/message-lists.ts';
import {
  authorOfResult,
  hideSnippet,
  type SearchSettings,
  searchErrorPage,
  searchFormPage,
  searchHref,
  searchResultsPage,
  snippetHtml,
} from '../views/search.ts';
import { searchHelpPage } from '../views/search-help.ts';
import { contentDisposition } from './message.ts';
import { requireList, sendHtml } from './pages.ts';
import { isListName, param } from './params.ts';

const ATOM_TYPE = 'application/atom+xml; charset=utf-8';
const DEFAULTS = { limit: SEARCH_DEFAULT_LIMIT };

/** A whole number from a parameter; anything else (absent, `-1`, `abc`) is the fallback. */
function count(text: string | undefined, fallback: number, max: number): number {
  if (text === undefined || !/^\d{1,15}$/.test(text)) return fallback;
  return Math.min(Number(text), max);
}

/** The settings of a search request, read leniently: a bad number is its default, not an error. */
export function searchSettings(get: (name: string) => string | undefined): SearchSettings {
  return {
    query: (get('q') ?? '').trim(),
    // past SEARCH_MAX_OFFSET the page is empty; one step further keeps the pager honest
    offset: count(get('o'), 0, SEARCH_MAX_OFFSET + SEARCH_MAX_LIMIT),
    limit: Math.max(1, count(get('l'), SEARCH_DEFAULT_LIMIT, SEARCH_MAX_LIMIT)),
    relevance: get('r') !== undefined,
    collapse: get('t') !== undefined && get('t') !== '0',
  };
}

function runSearch(site: Site, list: string | null, settings: SearchSettings): Promise<SearchResponse> {
  return search(site.reader.read, settings.query, {
    list: list ?? undefined,
    offset: settings.offset,
    limit: settings.limit,
    order: settings.relevance ? 'relevance' : 'date',
    collapseThreads: settings.collapse,
  });
}

export function searchRoutes(app: Hono, site: Site): void {
  const { reader } = site;
  const ids = reader.read;
  const hideOf = (name: string) => {
    const list = reader.list(name);
    return list ? site.hide(list) : (text: string) => text;
  };

  /** The list of `/<list>/`, null for `/all/`; undefined when the segment is not a list name at all. */
  function scopeOf(c: Context): string | null | undefined {
    const name = param(c, 'list');
    if (name === ALL_LISTS) return null;
    if (!isListName(name)) return undefined;
    return requireList(site, name).name;
  }

  function frameOf(c: Context, list: string | null, settings: SearchSettings) {
    const title = `${list ?? 'all lists'} - search: ${settings.query}`;
    const frame = site.frame(c, title, list ?? undefined);
    frame.query = settings.query;
    return frame;
  }

  async function resultsPage(c: Context, list: string | null, settings: SearchSettings) {
    const frame = frameOf(c, list, settings);
    let response: SearchResponse;
    try {
      response = await runSearch(site, list, settings);
    } catch (error) {
      if (!(error instanceof SearchSyntaxError)) throw error;
      return sendHtml(c, searchErrorPage(frame, list, settings.query, error.message), CACHE.error, 400);
    }
    frame.atom = searchHref(settings, DEFAULTS, { format: 'A', offset: 0 });
    return sendHtml(
      c,
      searchResultsPage({
        frame,
        list,
        settings,
        defaults: DEFAULTS,
        response,
        hideOf,
        mboxLimit: SEARCH_MBOX_MAX_MESSAGES,
      }),
      CACHE.index,
    );
  }

  async function atom(c: Context, list: string | null, settings: SearchSettings) {
    let response: SearchResponse;
    try {
      response = await runSearch(site, list, settings);
    } catch (error) {
      if (!(error instanceof SearchSyntaxError)) throw error;
      return c.text(`Bad query: ${error.message}\n`, 400, { 'Cache-Control': CACHE.error });
    }
    const links = new PageLinks(site.pageOf(c));
    const entries: AtomEntry[] = response.results.map((result) => {
      const hide = hideOf(result.list);
      const obfuscated = reader.list(result.list)?.obfuscate ?? true;
      const address = result.from?.address ?? '';
      return {
        title: hide(subjectOf(result.subject)),
        authorName: hide(authorOfResult(result)),
        authorEmail: obfuscated ? null : address || null,
        // undated mail is dated by its day, the date its page shows
        updated: result.date ?? new Date(`${result.day}T00:00:00Z`),
        href: links.to(messagePath(result.list, result.day, result.n)),
        // the same id new.atom gives the message: a reader that has it shows it once
        idSeed: `${result.list}/${result.day}/${result.n}`,
        content: snippetHtml(hideSnippet(result.snippet, hide)),
      };
    });
    const body = atomFeed({
      title: `${list ?? 'all lists'} - search: ${settings.query}`,
      selfHref: searchHref(settings, DEFAULTS, { format: 'A' }),
      alternateHref: searchHref(settings, DEFAULTS),
      idSeed: `search/${list ?? ALL_LISTS}/${searchHref(settings, DEFAULTS, { offset: 0 })}`,
      fallbackUpdated: reader.lastModified,
      entries,
    });
    return c.body(body, 200, { 'Content-Type': ATOM_TYPE, 'Cache-Control': CACHE.index });
  }

  /**
   * The download: the newest SEARCH_MBOX_MAX_MESSAGES matches, oldest first (the order to read or
   * `git am` them), each message once (a cross-post matches once per list under `/all/`).
   */
  async function mbox(c: Context, list: string | null, settings: SearchSettings) {
    let storedIds: number[];
    try {
      const found = await ids.search(planQuery(settings.query), {
        list: list ?? undefined,
        offset: 0,
        limit: SEARCH_MBOX_MAX_MESSAGES,
        order: 'date',
        collapseThreads: false,
      });
      storedIds = [...new Set(found.rows.map((row) => row.stored_id))].reverse();
    } catch (error) {
      if (!(error instanceof SearchSyntaxError)) throw error;
      return sendHtml(
        c,
        searchErrorPage(frameOf(c, list, settings), list, settings.query, error.message),
        CACHE.never,
        400,
      );
    }
    // no STREAM_HEADER: deliver() passes POSTs through untouched
    return new Response(
      mboxGzipStream(storedIds, (id) => ids.mboxMessage(id)),
      {
        status: 200,
        headers: {
          'Content-Type': 'application/gzip',
          'Content-Disposition': contentDisposition('attachment', `${list ?? ALL_LISTS}-search.mbox.gz`),
          'Cache-Control': CACHE.never,
        },
      },
    );
  }

  app.get('/_/text/help', (c) => {
    c.header('Cache-Control', CACHE.static);
    return c.redirect('help/', 301);
  });
  app.get('/_/text/help/', (c) =>
    sendHtml(c, searchHelpPage(site.frame(c, `${site.config.title} - search help`)), CACHE.static),
  );

  app.get(`/${ALL_LISTS}`, (c) => {
    c.header('Cache-Control', CACHE.static);
    return c.redirect(`${ALL_LISTS}/`, 301);
  });

  app.get('/:list/', (c, next) => {
    const list = scopeOf(c);
    if (list === undefined) return next();
    const settings = searchSettings((name) => c.req.query(name));
    if (settings.query === '') {
      if (list !== null) return next(); // the list page
      return sendHtml(c, searchFormPage(site.frame(c, `${site.config.title} - search`)), CACHE.static);
    }
    return c.req.query('x') === 'A' ? atom(c, list, settings) : resultsPage(c, list, settings);
  });

  // public-inbox's download button posts to `?q=…&x=m`; a form may send the fields in its body.
  app.post('/:list/', async (c, next) => {
    const list = scopeOf(c);
    if (list === undefined) return next();
    const form = await formFields(c);
    const get = (name: string) => form.get(name) ?? c.req.query(name);
    if (get('x') !== 'm') return next();
    const settings = searchSettings(get);
    if (settings.query === '') {
      return sendHtml(
        c,
        searchErrorPage(frameOf(c, list, settings), list, '', 'the query is empty'),
        CACHE.never,
        400,
      );
    }
    return mbox(c, list, settings);
  });

  app.get('/api/v1/search', async (c, next) => {
    const query = c.req.query('q');
    // a list named `search` keeps its calendar at /api/v1/search; searching needs q= then
    if (query === undefined && reader.list('search')) return next();
    const headers = { 'Access-Control-Allow-Origin': '*' };
    const fail = (status: 400 | 404, error: string) =>
      c.json({ error }, status, { ...headers, 'Cache-Control': CACHE.error });
    const settings = searchSettings((name) => c.req.query(name));
    if (settings.query === '') return fail(400, 'the query is empty: give it as q=');
    const name = c.req.query('list');
    if (name !== undefined && (name === '' || !isListName(name) || !reader.list(name)))
      return fail(404, `there is no list "${name}" here`);
    let response: SearchResponse;
    try {
      response = await runSearch(site, name ?? null, settings);
    } catch (error) {
      if (!(error instanceof SearchSyntaxError)) throw error;
      return fail(400, error.message);
    }
    const results = response.results.map((result) => {
      const hide = hideOf(result.list);
      const segments = hideSnippet(result.snippet, hide);
      return {
        list: result.list,
        messageId: result.messageId,
        subject: hide(result.subject),
        from: result.from && { name: hide(result.from.name), address: hide(result.from.address) },
        date: result.date ? result.date.toISOString() : null,
        day: result.day,
        n: result.n,
        url: `${site.basePath}/${messagePath(result.list, result.day, result.n)}`,
        threadId: result.threadId,
        ...(result.threadHits === undefined ? {} : { threadHits: result.threadHits }),
        snippet: segments.map((s) => s.text).join(''),
        snippetSegments: segments,
      };
    });
    return c.json(
      {
        query: settings.query,
        list: name ?? null,
        total: response.total,
        ...(response.threads === undefined ? {} : { threads: response.threads }),
        offset: settings.offset,
        limit: settings.limit,
        order: settings.relevance ? 'relevance' : 'date',
        results,
      },
      200,
      { ...headers, 'Cache-Control': CACHE.index },
    );
  });
}

/** The fields of a small urlencoded form body; anything else is ignored (the URL carries the query). */
async function formFields(c: Context): Promise<Map<string, string>> {
  const type = c.req.header('Content-Type') ?? '';
  const length = Number(c.req.header('Content-Length') ?? 'NaN');
  if (
    !type.startsWith('application/x-www-form-urlencoded') ||
    !(length > 0 && length <= SEARCH_FORM_MAX_BYTES)
  )
    return new Map();
  const body = await c.req.text();
  return new Map(new URLSearchParams(body.slice(0, SEARCH_FORM_MAX_BYTES)));
}
