// Browser tests' plumbing: a temporary archive (the bundled fedora-devel sample and a list of
// hostile mail) served by `createWebServer` (as `listarchive serve` runs it) on 127.0.0.1, one Debian chromium per test file, and a
// watch on each page that collects what a reader would never want to see: console errors, script
// errors, failed requests, answers other than 200 and dialogs.
//
// The machine is small and shared: each file opens one browser and one page and reuses it.

import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { importMessages } from '../../src/archive/ingest.ts';
import { inlinePreparer } from '../../src/archive/parse-pool.ts';
import { openSource } from '../../src/mail/sources.ts';
import { openStore } from '../../src/store/open.ts';
import { createWeb } from '../../src/web/app.ts';
import { createWebServer } from '../../src/web/server.ts';
import type { SiteConfig } from '../../src/web/site-config.ts';
import { repoRoot, tempDir } from '../helpers.ts';
import { listSettings, messages, SAMPLE } from '../web/archive-fixture.ts';
import { hostileMessages } from './hostile-mail.ts';

export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);
/** Pass as the test option: skips with a reason a reader can act on when chromium is absent. */
export const needsChromium = hasChromium ? {} : { skip: 'chromium not installed (apt-get install chromium)' };

/** Where the screenshots go for a person to look at (gitignored). */
export const SCREENSHOTS = join(repoRoot, 'test-output/screenshots');

/** Playwright's wait for any one step; generous, as the machine is shared with other builds. */
const STEP_TIMEOUT_MS = 60_000;

const LAUNCH_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export const SITE: SiteConfig = {
  title: 'Browser test archive',
  tagline: 'Mail as it was sent',
  banner: 'Read-only copy',
  sections: ['Fedora', 'Hostile'],
  timeZone: 'UTC',
};

export interface Session {
  /** The archive root, with its slash: `http://127.0.0.1:PORT/`. */
  root: string;
  browser: Browser;
  page: Page;
  watch: PageWatch;
}

/**
 * Builds the archive, serves it on a free port and opens chromium with one page. Everything is
 * closed by the `after` hook given (the test file's own).
 */
export async function openSession(t: { after: (fn: () => void | Promise<void>) => void }): Promise<Session> {
  const dir = tempDir(t, 'listarchive-browser-');
  const path = join(dir, 'archive.sqlite');
  const writer = await openStore(path);
  const fedora = await writer.addList(
    listSettings('fedora-devel', { section: 'Fedora', title: 'Fedora development' }),
  );
  const hostile = await writer.addList(
    listSettings('hostile', { section: 'Hostile', title: 'Mail that tries to run script' }),
  );
  await importMessages(writer, fedora, openSource(SAMPLE), inlinePreparer);
  await importMessages(writer, hostile, messages(hostileMessages()), inlinePreparer);
  await writer.close();

  const reader = await openStore(path, { readonly: true });
  let watch: PageWatch | null = null;
  // The server logs its 500s here: a failing page must fail the test that met it.
  const logError = (message: string) => watch?.add(`server error: ${message}`);
  const server = createWebServer(await createWeb({ store: reader, site: SITE, logError }), '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;

  const browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS });
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.setDefaultTimeout(STEP_TIMEOUT_MS);
  page.setDefaultNavigationTimeout(STEP_TIMEOUT_MS);
  const pageWatch = new PageWatch(page);
  watch = pageWatch;

  t.after(async () => {
    await browser.close();
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
    await reader.close();
  });
  return { root: `http://127.0.0.1:${port}/`, browser, page, watch: pageWatch };
}

/**
 * Everything on a page that a reader should never meet. Tests call `take()` after each step and
 * expect an empty list; a step that expects something (a download, a blocked inline script) takes
 * it out itself with `takeMatching`.
 */
export class PageWatch {
  private problems: string[] = [];
  /** Every response the page received, in order: `STATUS URL`. */
  readonly responses: string[] = [];

  constructor(page: Page) {
    page.on('console', (message) => {
      if (message.type() === 'error') this.problems.push(`console error: ${message.text()}`);
    });
    page.on('pageerror', (error) => this.problems.push(`script error: ${error.message}`));
    page.on('requestfailed', (request) =>
      this.problems.push(`request failed: ${request.url()} (${request.failure()?.errorText})`),
    );
    page.on('response', (response) => {
      this.responses.push(`${response.status()} ${response.url()}`);
      if (response.status() !== 200) this.problems.push(`HTTP ${response.status()}: ${response.url()}`);
    });
    page.on('dialog', (dialog) => {
      this.problems.push(`dialog (${dialog.type()}): ${dialog.message()}`);
      dialog.dismiss().catch(() => {});
    });
  }

  add(problem: string): void {
    this.problems.push(problem);
  }

  /** The problems since the last call, cleared. */
  take(): string[] {
    const taken = this.problems;
    this.problems = [];
    return taken;
  }

  /** Removes and returns the problems matching `pattern` (the ones a step expects). */
  takeMatching(pattern: RegExp): string[] {
    const matched = this.problems.filter((p) => pattern.test(p));
    this.problems = this.problems.filter((p) => !pattern.test(p));
    return matched;
  }
}

/** The path of a page URL below the archive root: `fedora-devel/2010/01/07/28`. */
export function archivePath(session: Session, url: string): string {
  return url.startsWith(session.root) ? url.slice(session.root.length) : url;
}

/** The text a reader sees in the first element matching `selector`: rendered text, as laid out. */
export function shownText(page: Page, selector: string): Promise<string> {
  // biome-ignore lint/performance/useDomNodeTextContent: a Playwright locator; the rendered text is the point
  return page.locator(selector).first().innerText();
}
