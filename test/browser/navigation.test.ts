// A reader's way through the fedora-devel sample in chromium: site → list → year → month → day →
// message → [next>] → [thread-next>] → an attachment, clicking links by their text; then the keys
// of keys.js. Every page must load without a console error, a failed request or a subresource
// answering anything but 200.

import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import type { Page } from 'playwright-core';
import { hasChromium, needsChromium, openSession, type Session, shownText } from './browser-fixture.ts';

const session = hasChromium ? await openSession({ after }) : null;

/** Every subresource the page loaded, with its status (Resource Timing), style.css and keys.js among them. */
async function expectSubresources(page: Page, where: string) {
  const entries = await page.evaluate<{ name: string; status: number }[]>(
    `performance.getEntriesByType('resource').map((e) => ({ name: e.name, status: e.responseStatus }))`,
  );
  const names = entries.map((e) => new URL(e.name).pathname);
  assert.ok(
    names.some((n) => n.endsWith('/_/style.css')),
    `${where}: no stylesheet among ${names.join(', ')}`,
  );
  assert.ok(
    names.some((n) => n.endsWith('/_/keys.js')),
    `${where}: no keys.js among ${names.join(', ')}`,
  );
  for (const entry of entries) assert.equal(entry.status, 200, `${where}: ${entry.name}`);
}

/** Title and heading of the page just reached, and nothing wrong on the way. */
async function expectPage(s: Session, want: { path: string; title: string; heading?: string }) {
  const { page, watch } = s;
  await page.waitForLoadState('load');
  assert.equal(page.url(), s.root + want.path);
  assert.equal(await page.title(), want.title, want.path);
  if (want.heading !== undefined) assert.equal(await shownText(page, 'main h1'), want.heading);
  await expectSubresources(page, want.path);
  assert.deepEqual(watch.take(), [], want.path);
}

/** Clicks the first link whose text is exactly `text` inside `main` and waits for the next page. */
async function follow(page: Page, text: string) {
  const link = page.getByRole('main').getByRole('link', { name: text, exact: true }).first();
  await Promise.all([page.waitForEvent('load'), link.click()]);
}

test(
  'click through site, list, year, month, day, message, next, thread-next and an attachment',
  needsChromium,
  async () => {
    const s = session!;
    const { page } = s;
    const list = 'fedora-devel mailing list';

    await page.goto(s.root);
    await expectPage(s, { path: '', title: 'Browser test archive', heading: 'Browser test archive' });

    await follow(page, 'fedora-devel');
    await expectPage(s, { path: 'fedora-devel/', title: list, heading: list });
    assert.equal(await shownText(page, 'nav.lists a.current'), 'fedora-devel');

    await follow(page, '2010');
    await expectPage(s, { path: 'fedora-devel/2010/', title: `${list} - 2010`, heading: `${list} - 2010` });

    await follow(page, 'January 2010');
    await expectPage(s, {
      path: 'fedora-devel/2010/01/',
      title: `${list} - 2010/01`,
      heading: `${list} - 2010/01`,
    });

    await follow(page, 'Thursday, January 7');
    await expectPage(s, {
      path: 'fedora-devel/2010/01/07/',
      title: `${list} - 2010/01/07`,
      heading: `${list} - 2010/01/07`,
    });
    assert.equal(await shownText(page, 'p.day-name'), 'Thursday, January 7, 2010: 45 messages');

    const yumPresto = 'yum-presto occasionally goes into "eternal" loop looking for deltas';
    await follow(page, yumPresto);
    await expectPage(s, { path: 'fedora-devel/2010/01/07/28', title: `${list} - 2010/01/07 - ${yumPresto}` });
    assert.match(await shownText(page, 'pre.headers'), /^From: Pekka Pietikainen </m);

    // [next>] is the next message to arrive (another thread); [thread-next>] stays in that thread,
    // skipping message 30, which belongs to the yum-presto thread.
    const distCvs = 'Re: Question about dist-cvs make targets';
    await follow(page, '[next>]');
    await expectPage(s, { path: 'fedora-devel/2010/01/07/29', title: `${list} - 2010/01/07 - ${distCvs}` });
    assert.match(await shownText(page, 'pre.headers'), /^From: Enrico Scholz </m);

    await follow(page, '[thread-next>]');
    await expectPage(s, { path: 'fedora-devel/2010/01/07/31', title: `${list} - 2010/01/07 - ${distCvs}` });
    assert.match(await shownText(page, 'pre.headers'), /^From: Jesse Keating </m);
    assert.equal(
      await page.locator('section.thread-overview strong.current').count(),
      1,
      'the thread overview marks the message being read',
    );

    const response = page.waitForResponse((r) => r.url() === `${s.root}fedora-devel/2010/01/07/31/1`);
    await follow(page, 'View attachment "signature.asc"');
    assert.equal((await response).headers()['content-type'], 'text/plain; charset=utf-8');
    assert.equal(page.url(), `${s.root}fedora-devel/2010/01/07/31/1`);
    assert.match(await shownText(page, 'body'), /^-----BEGIN PGP SIGNATURE-----/);
    assert.deepEqual(s.watch.take(), []);
  },
);

test('keys: j, n and u on a message page, j and u on a day page', needsChromium, async () => {
  const s = session!;
  const { page } = s;
  const message = 'fedora-devel/2010/01/07/29';
  const expectKey = async (from: string, key: string, to: string) => {
    await page.goto(s.root + from);
    await Promise.all([page.waitForURL(s.root + to), page.keyboard.press(key)]);
    assert.deepEqual(s.watch.take(), [], `${key} on ${from}`);
  };
  await expectKey(message, 'j', 'fedora-devel/2010/01/07/30');
  await expectKey(message, 'n', 'fedora-devel/2010/01/07/31');
  await expectKey(message, 'u', 'fedora-devel/2010/01/07/');
  await expectKey('fedora-devel/2010/01/07/', 'j', 'fedora-devel/2010/01/08/');
  await expectKey('fedora-devel/2010/01/07/', 'u', 'fedora-devel/2010/01/');

  // A key with Ctrl held, or one keys.js does not know, leaves the page where it is.
  await page.goto(s.root + message);
  await page.keyboard.press('Control+j');
  await page.keyboard.press('x');
  await page.evaluate('new Promise((resolve) => setTimeout(resolve, 200))');
  assert.equal(page.url(), s.root + message);
  assert.deepEqual(s.watch.take(), []);
});
