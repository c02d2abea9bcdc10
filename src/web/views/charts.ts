// Small charts drawn on the server as inline SVG: a sparkline per list on the site page and a bar
// per month on the list page. Presentation attributes only (fill, stroke): the CSP forbids inline
// style, and attributes are not style.

import type { PeriodCount } from '../../store/store.ts';
import { monthsBetween } from './dates.ts';
import { type HtmlString, html } from './html.ts';
import { monthPath, type PageLinks } from './links.ts';

/** Counts for every month from the first to the last with mail, gaps as zero. */
export function monthSeries(counts: PeriodCount[]): { month: string; count: number }[] {
  if (counts.length === 0) return [];
  const byMonth = new Map(counts.map((c) => [c.period, c.count]));
  return monthsBetween(counts[0].period, counts[counts.length - 1].period).map((month) => ({
    month,
    count: byMonth.get(month) ?? 0,
  }));
}

const SPARK_WIDTH = 120;
const SPARK_HEIGHT = 20;

/** Messages per month over the list's life as one line. */
export function sparkline(counts: PeriodCount[]): HtmlString {
  const series = monthSeries(counts);
  if (series.length === 0) return html``;
  const max = Math.max(...series.map((s) => s.count));
  const step = series.length > 1 ? SPARK_WIDTH / (series.length - 1) : 0;
  const points = series
    .map(
      (s, i) =>
        `${(i * step).toFixed(1)},${(SPARK_HEIGHT - 1 - (s.count / max) * (SPARK_HEIGHT - 2)).toFixed(1)}`,
    )
    .join(' ');
  // A single month draws a flat line across instead of a dot nobody sees.
  const drawn = series.length > 1 ? points : `0,1 ${SPARK_WIDTH},1`;
  const label = `${series.length} months from ${series[0].month} to ${series[series.length - 1].month}, at most ${max} messages a month`;
  return html`<svg class="sparkline" width="${SPARK_WIDTH}" height="${SPARK_HEIGHT}" viewBox="0 0 ${SPARK_WIDTH} ${SPARK_HEIGHT}" role="img" aria-label="${label}"><polyline fill="none" stroke="currentColor" stroke-width="1" points="${drawn}"/></svg>`;
}

const CHART_HEIGHT = 120;
const LABEL_HEIGHT = 14;

/** One bar per month over the list's life, linked to the month page; years marked below. */
export function monthChart(counts: PeriodCount[], list: string, links: PageLinks): HtmlString {
  const series = monthSeries(counts);
  if (series.length === 0) return html``;
  const max = Math.max(...series.map((s) => s.count));
  // Wide bars for a young list, thin ones (down to 2 px) for decades of mail.
  const bar = Math.max(2, Math.min(24, Math.floor(720 / series.length)));
  const width = series.length * bar;
  const bars = series.map((s, i) => {
    if (s.count === 0) return html``;
    const h = Math.max(1, Math.round((s.count / max) * CHART_HEIGHT));
    return html`<a href="${links.to(monthPath(list, s.month))}"><rect x="${i * bar}" y="${CHART_HEIGHT - h}" width="${Math.max(1, bar - 1)}" height="${h}" fill="currentColor"><title>${s.month}: ${s.count}</title></rect></a>`;
  });
  // Year labels need ~30 px; with thin bars only every few years gets one.
  const labelEvery = Math.max(1, Math.ceil(30 / (12 * bar)));
  const years = series.flatMap((s, i) =>
    (s.month.endsWith('-01') && Number(s.month.slice(0, 4)) % labelEvery === 0) || i === 0
      ? [
          html`<text x="${i * bar}" y="${CHART_HEIGHT + LABEL_HEIGHT - 2}" font-size="10" fill="currentColor">${s.month.slice(0, 4)}</text>`,
        ]
      : [],
  );
  return html`<svg class="month-chart" width="${width}" height="${CHART_HEIGHT + LABEL_HEIGHT}" viewBox="0 0 ${width} ${CHART_HEIGHT + LABEL_HEIGHT}" role="img" aria-label="Messages per month, ${series[0].month} to ${series[series.length - 1].month}, at most ${max}">${bars}${years}</svg>`;
}
