// Screenshots of the main pages at phone and desktop widths, in light and dark, and of a message
// as printed, written to test-output/screenshots/ for a person to look at. What a machine can
// judge is checked too: no page scrolls sideways, and text keeps a readable contrast against what
// is behind it in both colour schemes.

import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { Page } from 'playwright-core';
import { hasChromium, needsChromium, openSession, SCREENSHOTS } from './browser-fixture.ts';
import { HOSTILE_DAY } from './hostile-mail.ts';

const session = hasChromium ? await openSession({ after }) : null;

const VIEWPORTS = {
  phone: { width: 390, height: 844 },
  desktop: { width: 1440, height: 900 },
} as const;

/** Name of the screenshot → page below the archive root. */
const PAGES: Record<string, string> = {
  site: '',
  list: 'fedora-devel/',
  year: 'fedora-devel/2010/',
  month: 'fedora-devel/2010/01/',
  day: 'fedora-devel/2010/01/07/',
  // a reply: a quote, an inline patch (diff -durN, one hunk) and a signature
  message: 'fedora-devel/2010/01/06/40',
  // HTML-only mail: a white sheet in both schemes
  'html-mail': `hostile/${HOSTILE_DAY}/2`,
};

/**
 * WCAG contrast ratio below which text counts as unreadable here: 3:1, the floor for large text
 * and for the dimmed parts of the page (an absent [next>], dates, signatures). Body text is far above.
 */
const MIN_CONTRAST = 3;

// In the page: every visible text-bearing element whose colour is too close to the colour behind it.
const LOW_CONTRAST = `((minimum) => {
  const rgba = (value) => {
    const m = value.match(/rgba?\\(([\\d.]+), ([\\d.]+), ([\\d.]+)(?:, ([\\d.]+))?\\)/);
    return m ? [Number(m[1]), Number(m[2]), Number(m[3]), m[4] === undefined ? 1 : Number(m[4])] : null;
  };
  const luminance = ([r, g, b]) => {
    const lin = (c) => ((c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
  };
  const behind = (element) => {
    for (let e = element; e; e = e.parentElement) {
      const c = rgba(getComputedStyle(e).backgroundColor);
      if (c && c[3] > 0) return c;
    }
    return rgba(getComputedStyle(document.documentElement).backgroundColor) ?? [255, 255, 255, 1];
  };
  const found = [];
  for (const element of document.querySelectorAll('body *')) {
    const ownText = [...element.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim() !== '');
    if (!ownText || element.getClientRects().length === 0) continue;
    const fg = rgba(getComputedStyle(element).color);
    const bg = behind(element);
    const [hi, lo] = [luminance(fg), luminance(bg)].sort((a, b) => b - a);
    const ratio = (hi + 0.05) / (lo + 0.05);
    if (ratio < minimum) {
      const name = element.localName + (element.className ? '.' + element.className : '');
      found.push(name + ' ' + ratio.toFixed(2) + ': ' + element.textContent.trim().slice(0, 40));
    }
  }
  return [...new Set(found)];
})`;

async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
}

test(
  'pages at phone and desktop widths, light and dark: no sideways scrolling, readable text',
  needsChromium,
  async () => {
    const s = session!;
    const { page } = s;
    mkdirSync(SCREENSHOTS, { recursive: true });
    const problems: string[] = [];
    for (const [device, viewport] of Object.entries(VIEWPORTS)) {
      await page.setViewportSize(viewport);
      for (const colorScheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ media: 'screen', colorScheme });
        for (const [name, path] of Object.entries(PAGES)) {
          const where = `${name} (${path || '/'}) on a ${device}, ${colorScheme}`;
          await page.goto(s.root + path);
          // every screenshot is taken before anything is judged: a person can then look at the failure
          await page.screenshot({
            path: join(SCREENSHOTS, `${name}-${device}-${colorScheme}.png`),
            fullPage: true,
          });
          const overflow = await horizontalOverflow(page);
          if (overflow > 0) problems.push(`${where}: scrolls sideways by ${overflow}px`);
          const lowContrast = await page.evaluate<string[]>(`${LOW_CONTRAST}(${MIN_CONTRAST})`);
          for (const found of lowContrast) problems.push(`${where}: low contrast ${found}`);
          for (const found of s.watch.take()) problems.push(`${where}: ${found}`);
        }
      }
    }
    assert.deepEqual(problems, []);
  },
);

test('a message as printed: no chrome, black on white', needsChromium, async () => {
  const s = session!;
  const { page } = s;
  mkdirSync(SCREENSHOTS, { recursive: true });
  // an A4 page at 96 dpi; print media is emulated (page.pdf() needs the headless shell)
  await page.setViewportSize({ width: 794, height: 1123 });
  await page.emulateMedia({ media: 'print', colorScheme: 'dark' });
  await page.goto(s.root + PAGES.message);
  const shown = await page.evaluate<Record<string, string>>(`Object.fromEntries(
    ['header.site', 'footer.site', 'nav.nav', 'section.thread-overview', 'pre.headers', 'pre.mail-text']
      .map((selector) => [selector, getComputedStyle(document.querySelector(selector)).display]))`);
  assert.deepEqual(shown, {
    'header.site': 'none',
    'footer.site': 'none',
    'nav.nav': 'none',
    'section.thread-overview': 'none',
    'pre.headers': 'block',
    'pre.mail-text': 'block',
  });
  const colours = await page.evaluate<string[]>(
    `[...new Set([...document.querySelectorAll('main *')].map((e) => getComputedStyle(e).color))]`,
  );
  assert.deepEqual(colours, ['rgb(0, 0, 0)']);
  // Paper stays white: nothing paints a background, and the canvas behind the page is the light
  // scheme's even when the reader's screen is dark.
  assert.equal(await page.evaluate('getComputedStyle(document.body).backgroundColor'), 'rgba(0, 0, 0, 0)');
  assert.equal(await page.evaluate('getComputedStyle(document.documentElement).colorScheme'), 'light');
  assert.equal(await page.evaluate(`getComputedStyle(document.querySelector('.q1')).fontStyle`), 'italic');
  assert.equal(
    await page.evaluate(`getComputedStyle(document.querySelector('.diff-add')).fontWeight`),
    '700',
  );
  await page.screenshot({ path: join(SCREENSHOTS, 'message-print.png'), fullPage: true });
  assert.deepEqual(s.watch.take(), []);
  await page.emulateMedia({ media: 'screen', colorScheme: 'light' });
});
