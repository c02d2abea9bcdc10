// A Monday-first month calendar with per-day message counts, each counted day linked to its page
// (year and month pages, as blists draws them).

import { dayKey, daysInMonth, MONTH_NAMES, mondayIndex, monthKey, WEEKDAY_ABBREVIATIONS } from './dates.ts';
import { type HtmlString, type HtmlValue, html } from './html.ts';
import { dayPath, monthPath, type PageLinks } from './links.ts';

export interface CalendarInput {
  list: string;
  year: number;
  month: number;
  /** Messages per day (YYYY-MM-DD); days without mail may be absent. */
  counts: Map<string, number>;
  links: PageLinks;
  /** Link the month's name to the month page (on year pages). */
  linkMonth: boolean;
}

export function monthCalendar(input: CalendarInput): HtmlString {
  const { list, year, month, counts, links } = input;
  const name = `${MONTH_NAMES[month - 1]} ${year}`;
  const monthTotal = [...counts].reduce(
    (sum, [day, n]) => (day.startsWith(monthKey(year, month)) ? sum + n : sum),
    0,
  );
  const caption =
    input.linkMonth && monthTotal > 0
      ? html`<a href="${links.to(monthPath(list, monthKey(year, month)))}">${name}</a>`
      : name;
  const cells: HtmlValue[] = [];
  const lead = mondayIndex(year, month, 1);
  for (let i = 0; i < lead; i++) cells.push(html`<td></td>`);
  const last = daysInMonth(year, month);
  for (let d = 1; d <= last; d++) {
    const day = dayKey(year, month, d);
    const count = counts.get(day) ?? 0;
    cells.push(
      count > 0
        ? html`<td class="mail"><a href="${links.to(dayPath(list, day))}" title="${count} message${count === 1 ? '' : 's'}">${d}</a><span class="count">${count}</span></td>`
        : html`<td>${d}</td>`,
    );
  }
  while (cells.length % 7 !== 0) cells.push(html`<td></td>`);
  const rows: HtmlValue[] = [];
  for (let i = 0; i < cells.length; i += 7) rows.push(html`<tr>${cells.slice(i, i + 7)}</tr>`);
  return html`<table class="calendar"><caption>${caption}</caption><thead><tr>${WEEKDAY_ABBREVIATIONS.map((w) => html`<th>${w}</th>`)}</tr></thead><tbody>${rows}</tbody></table>`;
}
