// 400, 404 and 500 pages in the site chrome. They say what was wrong, never how the server failed.

import { type HtmlString, html } from './html.ts';
import { type Frame, page } from './layout.ts';

const HEADINGS: Record<number, string> = {
  400: 'Bad request',
  404: 'Not found',
  500: 'Server error',
  503: 'Unavailable',
};

export function errorPage(frame: Frame, status: number, message: string): HtmlString {
  return page(
    frame,
    html`<h1>${HEADINGS[status] ?? 'Error'}</h1>
<p class="error">${message}</p>
<p><a href="${frame.links.to('')}">All lists</a></p>`,
  );
}

/** For when even the chrome cannot be drawn (the archive is unreadable): no links, no lists. */
export function bareErrorPage(status: number, message: string): HtmlString {
  return html`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>${HEADINGS[status] ?? 'Error'}</title></head>
<body><h1>${HEADINGS[status] ?? 'Error'}</h1><p>${message}</p><footer>Powered by listarchive</footer></body></html>
`;
}
