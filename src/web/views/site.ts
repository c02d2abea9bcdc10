// `/`: every list, grouped by section, with description, message count, last activity and a
// sparkline of its messages per month.

import type { PeriodCount } from '../../store/store.ts';
import type { SectionGroup } from '../sections.ts';
import { sparkline } from './charts.ts';
import { slashed } from './dates.ts';
import { counted, type HtmlString, html } from './html.ts';
import { type Frame, page } from './layout.ts';
import { dayPath, listPath } from './links.ts';

export interface SiteListRow {
  name: string;
  section: string;
  title: string;
  description: string;
  messages: number;
  /** Day of the newest message in archive order; null for a list without mail. */
  lastDay: string | null;
  monthCounts: PeriodCount[];
}

export interface SitePage {
  frame: Frame;
  groups: SectionGroup<SiteListRow>[];
  totalMessages: number;
}

export function sitePage(data: SitePage): HtmlString {
  const { links } = data.frame;
  const named = data.groups.some((g) => g.section !== '');
  const sections = data.groups.map(
    (group) => html`<section class="lists">
${named ? html`<h2>${group.section || 'Other lists'}</h2>` : ''}
<table class="lists">
<thead><tr><th>List</th><th>Description</th><th>Messages</th><th>Last activity</th><th>Activity</th></tr></thead>
<tbody>
${group.lists.map(
  (list) => html`<tr>
<td><a href="${links.to(listPath(list.name))}">${list.name}</a>${list.title && list.title !== list.name ? html`<br><span class="list-title">${list.title}</span>` : ''}</td>
<td>${list.description}</td>
<td class="number">${list.messages}</td>
<td>${list.lastDay ? html`<a href="${links.to(dayPath(list.name, list.lastDay))}">${slashed(list.lastDay)}</a>` : 'no messages yet'}</td>
<td>${sparkline(list.monthCounts)}</td>
</tr>
`,
)}</tbody>
</table>
</section>
`,
  );
  return page(
    data.frame,
    html`<h1>${data.frame.chrome.site.title}</h1>
${data.groups.length === 0 ? html`<p>No lists yet.</p>` : sections}
<p class="totals">${counted(data.totalMessages, 'message')} in ${counted(
      data.groups.reduce((n, g) => n + g.lists.length, 0),
      'list',
    )}.</p>`,
  );
}
