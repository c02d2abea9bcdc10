// `/<list>/`: the year × month table of counts (newest year first), the recent messages, the total,
// and a chart of messages per month over the list's life.

import type { IndexLine, PeriodCount } from '../../store/store.ts';
import { monthChart } from './charts.ts';
import { MONTH_NAMES, monthKey, slashed } from './dates.ts';
import { counted, type HtmlString, html } from './html.ts';
import { type Frame, page } from './layout.ts';
import { messagePath, monthPath, yearPath } from './links.ts';
import { authorOf, subjectOf } from './message-lists.ts';

export interface ListPage {
  frame: Frame;
  list: { name: string; title: string; description: string };
  monthCounts: PeriodCount[];
  recent: IndexLine[];
  total: number;
  hide: (text: string) => string;
}

function yearTable(data: ListPage): HtmlString {
  const { links } = data.frame;
  const { name } = data.list;
  const byMonth = new Map(data.monthCounts.map((c) => [c.period, c.count]));
  const years = [...new Set(data.monthCounts.map((c) => Number(c.period.slice(0, 4))))].sort((a, b) => b - a);
  return html`<table class="years">
<thead><tr><th>Year</th>${MONTH_NAMES.map((m) => html`<th>${m.slice(0, 3)}</th>`)}<th>Total</th></tr></thead>
<tbody>
${years.map((year) => {
  let total = 0;
  const cells = MONTH_NAMES.map((_, i) => {
    const month = monthKey(year, i + 1);
    const count = byMonth.get(month) ?? 0;
    total += count;
    return count > 0
      ? html`<td><a href="${links.to(monthPath(name, month))}">${count}</a></td>`
      : html`<td></td>`;
  });
  return html`<tr><th><a href="${links.to(yearPath(name, year))}">${year}</a></th>${cells}<td class="number">${total}</td></tr>
`;
})}</tbody>
</table>`;
}

export function listPage(data: ListPage): HtmlString {
  const { links } = data.frame;
  const { list, hide } = data;
  return page(
    data.frame,
    html`<h1>${list.name} mailing list</h1>
${list.title && list.title !== list.name ? html`<p class="list-title">${list.title}</p>` : ''}
${list.description ? html`<p class="description">${list.description}</p>` : ''}
${data.total === 0 ? html`<p>No messages yet.</p>` : yearTable(data)}
<p class="totals">${counted(data.total, 'message')} in total.</p>
${monthChart(data.monthCounts, list.name, links)}
${
  data.recent.length > 0
    ? html`<h2>Recent messages</h2>
<ul class="recent">
${data.recent.map(
  (line) =>
    html`<li><span class="day">${slashed(line.day)}</span> <a href="${links.to(messagePath(list.name, line.day, line.n))}">${hide(subjectOf(line.subject))}</a> <span class="from">(${hide(authorOf(line))})</span></li>
`,
)}</ul>`
    : ''
}`,
  );
}
