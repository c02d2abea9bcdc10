// Year, month and day pages of a list: counts and calendars, then the messages with thread
// indentation (blists' `/<list>/YYYY/`, `/<list>/YYYY/MM/`, `/<list>/YYYY/MM/DD/`).

import { monthCalendar } from './calendar.ts';
import { longDay, MONTH_NAMES, monthKey, pad2, slashed } from './dates.ts';
import { counted, type HtmlString, html } from './html.ts';
import { type Frame, page } from './layout.ts';
import { dayPath, listPath, monthPath, yearPath } from './links.ts';
import { type ListingRow, messageListing } from './message-lists.ts';
import { navRow } from './nav.ts';

interface PeriodBase {
  frame: Frame;
  list: string;
  hide: (text: string) => string;
}

/** The link to a period's messages as one gzipped mbox (routes/mbox.ts). */
function download(href: string, period: string): HtmlString {
  return html`<p class="downloads"><a href="${href}" type="application/gzip">Download this ${period} as mbox.gz</a></p>`;
}

export interface YearPage extends PeriodBase {
  year: number;
  /** Messages per day of the year. */
  dayCounts: Map<string, number>;
  prevYear: number | null;
  nextYear: number | null;
}

export function yearPage(data: YearPage): HtmlString {
  const { links } = data.frame;
  const { list, year, dayCounts } = data;
  const monthTotals = MONTH_NAMES.map((_, i) => {
    const prefix = monthKey(year, i + 1);
    let total = 0;
    for (const [day, count] of dayCounts) if (day.startsWith(prefix)) total += count;
    return total;
  });
  const total = monthTotals.reduce((a, b) => a + b, 0);
  return page(
    data.frame,
    html`${navRow([
      {
        label: '<prev',
        href: data.prevYear === null ? null : links.to(yearPath(list, data.prevYear)),
        rel: 'prev',
      },
      {
        label: 'next>',
        href: data.nextYear === null ? null : links.to(yearPath(list, data.nextYear)),
        rel: 'next',
      },
      { label: 'list', href: links.to(listPath(list)), rel: 'up' },
    ])}
<h1>${list} mailing list - ${year}</h1>
<table class="year-counts"><thead><tr>${MONTH_NAMES.map((m) => html`<th>${m.slice(0, 3)}</th>`)}<th>Total</th></tr></thead>
<tbody><tr>${monthTotals.map((count, i) =>
      count > 0
        ? html`<td><a href="${links.to(monthPath(list, monthKey(year, i + 1)))}">${count}</a></td>`
        : html`<td></td>`,
    )}<td class="number">${total}</td></tr></tbody></table>
<div class="calendars">
${MONTH_NAMES.map((_, i) => monthCalendar({ list, year, month: i + 1, counts: dayCounts, links, linkMonth: true }))}
</div>`,
  );
}

export interface DayListing {
  day: string;
  rows: ListingRow[];
  /** Messages of the day in all; more than rows when the month page cut the day short. */
  count: number;
}

export interface MonthPage extends PeriodBase {
  year: number;
  month: number;
  dayCounts: Map<string, number>;
  days: DayListing[];
  /** Nearest months with mail (YYYY-MM). */
  prevMonth: string | null;
  nextMonth: string | null;
}

export function monthPage(data: MonthPage): HtmlString {
  const { links } = data.frame;
  const { list, year, month, hide } = data;
  return page(
    data.frame,
    html`${navRow([
      {
        label: '<prev',
        href: data.prevMonth ? links.to(monthPath(list, data.prevMonth)) : null,
        rel: 'prev',
      },
      {
        label: 'next>',
        href: data.nextMonth ? links.to(monthPath(list, data.nextMonth)) : null,
        rel: 'next',
      },
      { label: 'year', href: links.to(yearPath(list, year)), rel: 'up' },
      { label: 'list', href: links.to(listPath(list)) },
    ])}
<h1>${list} mailing list - ${year}/${pad2(month)}</h1>
${download(links.to(`${monthPath(list, monthKey(year, month))}mbox.gz`), 'month')}
${monthCalendar({ list, year, month, counts: data.dayCounts, links, linkMonth: false })}
${data.days.map(
  (day) => html`<section class="day">
<h2><a href="${links.to(dayPath(list, day.day))}">${longDay(day.day)}</a></h2>
${messageListing(day.rows, { list, links, hide })}
${
  day.count > day.rows.length
    ? html`<p class="more"><a href="${links.to(dayPath(list, day.day))}">${day.count - day.rows.length} more messages</a></p>`
    : ''
}</section>
`,
)}`,
  );
}

export interface DayPage extends PeriodBase {
  day: string;
  rows: ListingRow[];
  prevDay: string | null;
  nextDay: string | null;
}

export function dayPage(data: DayPage): HtmlString {
  const { links } = data.frame;
  const { list, day, hide } = data;
  const [year, month] = day.split('-').map(Number);
  return page(
    data.frame,
    html`${navRow([
      { label: '<prev', href: data.prevDay ? links.to(dayPath(list, data.prevDay)) : null, rel: 'prev' },
      { label: 'next>', href: data.nextDay ? links.to(dayPath(list, data.nextDay)) : null, rel: 'next' },
      { label: 'month', href: links.to(monthPath(list, monthKey(year, month))), rel: 'up' },
      { label: 'year', href: links.to(yearPath(list, year)) },
      { label: 'list', href: links.to(listPath(list)) },
    ])}
<h1>${list} mailing list - ${slashed(day)}</h1>
<p class="day-name">${longDay(day)}, ${year}: ${counted(data.rows.filter((r) => r.line).length, 'message')}</p>
${download(links.to(`${dayPath(list, day)}mbox.gz`), 'day')}
${messageListing(data.rows, { list, links, hide })}`,
  );
}
