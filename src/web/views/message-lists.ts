// Listings of messages as nested lists: a day's or month's messages with thread indentation, and
// the compact thread overview of a message page. Indentation is nesting of <ul>, so it needs no CSS
// and reads right in any browser (blists draws its listings the same way).

import { MAX_DRAWN_DEPTH } from '../../limits.ts';
import type { IndexLine } from '../../store/store.ts';
import { type HtmlString, html, trustedHtml } from './html.ts';
import { messagePath, type PageLinks } from './links.ts';

/** One row of a listing: a message, or a ghost (referenced, not archived) with `line` null. */
export interface ListingRow {
  messageId: string;
  line: IndexLine | null;
  depth: number;
}

export interface ListingContext {
  list: string;
  links: PageLinks;
  /** Address obfuscation of the list (identity when off). */
  hide: (text: string) => string;
}

export function authorOf(line: IndexLine): string {
  return line.fromName || line.fromAddress || '(unknown sender)';
}

export function subjectOf(subject: string): string {
  return subject.trim() === '' ? '(no subject)' : subject;
}

/** Wraps pre-ordered rows into nested lists; a depth never jumps by more than one level. */
function nest(
  rows: ListingRow[],
  item: (row: ListingRow, index: number) => HtmlString,
  cssClass: string,
): HtmlString {
  if (rows.length === 0) return html``;
  const out: string[] = [`<ul class="${cssClass}">`];
  let depth = 0;
  rows.forEach((row, index) => {
    const wanted = Math.min(row.depth, MAX_DRAWN_DEPTH, index === 0 ? 0 : depth + 1);
    if (index > 0) {
      if (wanted > depth) out.push('<ul>');
      else {
        out.push('</li>');
        for (; depth > wanted; depth--) out.push('</ul></li>');
      }
    }
    depth = wanted;
    out.push('<li>', item(row, index).value);
  });
  out.push('</li>');
  for (; depth > 0; depth--) out.push('</ul></li>');
  out.push('</ul>');
  return trustedHtml(out.join(''));
}

/** Messages with thread indentation: `Subject (Author)`, each linked to its page. */
export function messageListing(rows: ListingRow[], context: ListingContext): HtmlString {
  const { list, links, hide } = context;
  return nest(
    rows,
    ({ line }) =>
      line
        ? html`<a href="${links.to(messagePath(list, line.day, line.n))}">${hide(subjectOf(line.subject))}</a> <span class="from">(${hide(authorOf(line))})</span>`
        : html`<span class="ghost">(message not in archive)</span>`,
    'messages',
  );
}

/** Reply and list prefixes removed: what tells whether a reply changed the subject. */
function subjectCore(subject: string): string {
  let core = subject.trim().toLowerCase();
  for (let previous = ''; previous !== core; ) {
    previous = core;
    core = core.replace(/^(?:(?:re|fwd?|aw|sv|antw)(?:\[\d+\])?\s*:|\[[^\]]*\])\s*/, '');
  }
  return core;
}

/**
 * The thread overview: who replied to whom, one line per message (author, day), the subject only
 * where it changes; the current message marked and not linked; ghosts unlinked.
 */
export function threadOverview(
  rows: ListingRow[],
  context: ListingContext & { currentSeq: number },
): HtmlString {
  const { list, links, hide, currentSeq } = context;
  const coreAtDepth: string[] = [];
  return nest(
    rows,
    ({ line, depth }) => {
      if (!line) {
        coreAtDepth[depth] = '';
        return html`<span class="ghost">(message not in archive)</span>`;
      }
      const core = subjectCore(line.subject);
      const showSubject = depth === 0 || coreAtDepth[depth - 1] !== core;
      coreAtDepth[depth] = core;
      const label = html`${hide(authorOf(line))}${showSubject ? html` <span class="subject">${hide(subjectOf(line.subject))}</span>` : ''}`;
      const day = html` <span class="day">${line.day.replaceAll('-', '/')}</span>`;
      return line.seq === currentSeq
        ? html`<strong class="current" aria-current="page">${label}</strong>${day}`
        : html`<a href="${links.to(messagePath(list, line.day, line.n))}">${label}</a>${day}`;
    },
    'thread',
  );
}
