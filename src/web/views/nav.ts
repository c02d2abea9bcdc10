// Navigation rows in blists' bracket style: `[<prev] [next>] … [list]`. An item whose target does
// not exist is plain text, so the row keeps its shape. `rel` tells keys.js (and browsers) which
// link goes where.

import { type HtmlString, html, joinHtml } from './html.ts';

export interface NavItem {
  label: string;
  /** Relative link, or null where the target does not exist. */
  href: string | null;
  /** prev, next, up, … (link types), or a class-like name keys.js looks for. */
  rel?: string;
}

export function navRow(items: NavItem[]): HtmlString {
  const parts = items.map((item) =>
    item.href === null
      ? html`<span class="nav-none">[${item.label}]</span>`
      : html`<a href="${item.href}"${item.rel ? html` rel="${item.rel}"` : ''}>[${item.label}]</a>`,
  );
  return html`<nav class="nav">${joinHtml(parts, ' ')}</nav>`;
}
