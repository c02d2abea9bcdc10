// The site chrome around every page: title, the bar of all lists by section, tagline, banner,
// footer. No inline style or script anywhere: the Content-Security-Policy allows neither.

import { SEARCH_MAX_QUERY_CHARS } from '../../limits.ts';
import { ALL_LISTS } from '../message-id-url.ts';
import type { SectionGroup } from '../sections.ts';
import type { SiteConfig } from '../site-config.ts';
import { type HtmlString, type HtmlValue, html } from './html.ts';
import { listPath, type PageLinks } from './links.ts';

export interface ListLabel {
  name: string;
  section: string;
  title: string;
}

/** What every page's frame shows, the same for all pages of a site. */
export interface Chrome {
  site: SiteConfig;
  sections: SectionGroup<ListLabel>[];
}

export interface Frame {
  chrome: Chrome;
  links: PageLinks;
  /** The document title (already obfuscated where it carries a subject). */
  title: string;
  /** The list the page belongs to: marked in the list bar. */
  currentList?: string;
  /** Relative link to the page's permanent address, when the page has several (a Message-ID URL). */
  canonical?: string;
  /** Relative link to the page's Atom feed, for feed readers to discover. */
  atom?: string;
  /** The query of a search page: shown in the search box. */
  query?: string;
}

/**
 * The search box of every page: a list's pages search the list, the others every list (`all/`). A
 * plain GET form (no script: the CSP allows none inline) with a relative action, so it works under
 * any base path.
 */
function searchBox(frame: Frame): HtmlString {
  const { links, currentList } = frame;
  const target = currentList ? listPath(currentList) : `${ALL_LISTS}/`;
  return html`<form class="search" role="search" method="get" action="${links.to(target)}"><input type="search" name="q" value="${frame.query ?? ''}" maxlength="${SEARCH_MAX_QUERY_CHARS}" placeholder="search ${currentList ?? 'all lists'}" aria-label="Search ${currentList ?? 'all lists'}"> <button type="submit">search</button> <a href="${links.to('_/text/help/')}">help</a></form>`;
}

function listBar(frame: Frame): HtmlString {
  const { chrome, links } = frame;
  return html`<nav class="lists" aria-label="Lists">${chrome.sections.map(
    (group) =>
      html`<span class="section">${group.section ? html`<span class="section-name">${group.section}:</span> ` : ''}${group.lists.map(
        (list) =>
          html`<a href="${links.to(listPath(list.name))}"${list.name === frame.currentList ? html` class="current" aria-current="page"` : ''} title="${list.title}">${list.name}</a> `,
      )}</span> `,
  )}</nav>`;
}

// The empty `rel="icon"` keeps browsers from asking for /favicon.ico with every page: the archive
// has none, so each page view cost a 404 and a console error (test/browser/navigation.test.ts).
export function page(frame: Frame, body: HtmlValue): HtmlString {
  const { site } = frame.chrome;
  const { links } = frame;
  return html`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${frame.title}</title>
<link rel="stylesheet" href="${links.to('_/style.css')}">
${
  frame.canonical
    ? html`<link rel="canonical" href="${frame.canonical}">
`
    : ''
}${
  frame.atom
    ? html`<link rel="alternate" type="application/atom+xml" href="${frame.atom}">
`
    : ''
}<link rel="icon" href="data:,">
<script src="${links.to('_/keys.js')}" defer></script>
</head>
<body>
<header class="site">
<div class="site-title"><a href="${links.to('')}">${site.title}</a></div>
${site.tagline ? html`<div class="tagline">${site.tagline}</div>` : ''}
${listBar(frame)}
${searchBox(frame)}
${site.banner ? html`<div class="banner" role="note">${site.banner}</div>` : ''}
</header>
<main>
${body}
</main>
<footer class="site">Powered by listarchive</footer>
</body>
</html>
`;
}
