// Mail written to run script (test/browser/hostile-mail.ts), read in chromium under the archive's
// real headers: its day page, both message pages (by day/N and by Message-ID URL) and every
// attachment. Nothing may run — no `window.__pwned`, no changed title, no dialog, no CSP violation
// (which would mean the sanitiser let something through and only the policy stopped it) — and the
// reader sees the text as written.

import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import type { Response } from 'playwright-core';
import { hasChromium, needsChromium, openSession, type Session, shownText } from './browser-fixture.ts';
import { HOSTILE_DAY, HTML, PLAIN, PWNED_TITLE } from './hostile-mail.ts';

const session = hasChromium ? await openSession({ after }) : null;

// Runs before any script of every document: records what the Content-Security-Policy blocked.
const RECORD_VIOLATIONS = `
  window.__violations = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__violations.push(e.violatedDirective + ' ' + (e.blockedURI || '') + ' ' + (e.sample || ''));
  });`;

if (session) await session.page.addInitScript(RECORD_VIOLATIONS);

/** Everything a payload would have left behind on the page. */
async function expectNothingRan(s: Session, where: string, title: string) {
  const { page, watch } = s;
  // onerror, onload and autofocus handlers fire after load: give them a moment
  await page.evaluate('new Promise((resolve) => setTimeout(resolve, 300))');
  assert.equal(await page.evaluate('typeof window.__pwned'), 'undefined', `${where}: a payload ran`);
  assert.equal(await page.title(), title, `${where}: title`);
  assert.deepEqual(await page.evaluate('window.__violations'), [], `${where}: CSP had to block something`);
  assert.deepEqual(watch.take(), [], where);
}

function expectPolicy(response: Response | null, where: string) {
  assert.ok(response, where);
  const headers = response.headers();
  const policy = headers['content-security-policy'] ?? '';
  assert.match(policy, /(?:^|; )script-src 'self'(?:;|$)/, `${where}: ${policy}`);
  assert.match(policy, /(?:^|; )default-src 'none'(?:;|$)/, `${where}: ${policy}`);
  assert.doesNotMatch(policy, /unsafe-inline|unsafe-eval/, `${where}: ${policy}`);
  assert.equal(headers['x-content-type-options'], 'nosniff', where);
}

async function visit(s: Session, path: string): Promise<Response | null> {
  const response = await s.page.goto(s.root + path);
  expectPolicy(response, path);
  return response;
}

const list = 'hostile mailing list';
const dayPath = `hostile/${HOSTILE_DAY}/`;

test('hostile mail: the day page shows subjects and authors as text', needsChromium, async () => {
  const s = session!;
  await visit(s, dayPath);
  await expectNothingRan(s, dayPath, `${list} - ${HOSTILE_DAY}`);
  const listing = await shownText(s.page, 'ul.messages');
  assert.ok(listing.includes(`${PLAIN.subject} (${PLAIN.fromName})`), listing);
  assert.ok(listing.includes(`${HTML.subject} (${HTML.fromName})`), listing);
  // no element came out of the text: the listing holds links and spans only
  assert.deepEqual(
    await s.page.evaluate(
      `[...new Set([...document.querySelectorAll('ul.messages *')].map((e) => e.localName))].sort()`,
    ),
    ['a', 'li', 'span', 'ul'],
  );
});

test('hostile mail: the plain-text message and its attachments run nothing', needsChromium, async () => {
  const s = session!;
  const { page } = s;
  await visit(s, dayPath);
  await Promise.all([
    page.waitForEvent('load'),
    page.getByRole('link', { name: PLAIN.subject, exact: true }).click(),
  ]);
  const messagePath = `${dayPath}1`;
  assert.equal(page.url(), s.root + messagePath);
  await expectNothingRan(s, messagePath, `${list} - ${HOSTILE_DAY} - ${PLAIN.subject}`);

  const headers = await shownText(page, 'pre.headers');
  assert.ok(headers.includes(`Subject: ${PLAIN.subject}\n`), headers);
  assert.ok(headers.includes(`From: ${PLAIN.fromName} <`), headers);
  // the innermost <…> of the raw Message-ID, as the archive keeps it
  assert.ok(headers.startsWith('Message-ID: <">\n'), headers);
  const body = await shownText(page, 'div.body');
  assert.ok(body.includes(PLAIN.bodyLine), body);
  assert.ok(body.includes(`</pre></div><img src=x onerror="window.__pwned='body-img'">`), body);
  // the linkifier ends the URL at the quote; the rest stays text
  assert.ok(body.includes(PLAIN.linkLine.slice(4)), body);
  assert.deepEqual(
    await page.evaluate(`[...document.querySelectorAll('div.body a')].map((a) => a.getAttribute('href'))`),
    ['https://example.org/x?a=1&b='],
  );
  assert.equal(
    await page.evaluate(`document.querySelectorAll('div.body :is(script, img, svg, iframe)').length`),
    0,
  );

  await followMessageId(s, '"', `${list} - ${HOSTILE_DAY} - ${PLAIN.subject}`);

  // The CSP is live, not only sent: an inline script and an inline handler put into the page
  // (as a sanitiser miss would) are refused.
  await page.evaluate(`(() => {
    const script = document.createElement('script');
    script.textContent = "window.__inline = 'script'";
    document.body.append(script);
    const button = document.createElement('button');
    button.setAttribute('onclick', "window.__inline = 'handler'");
    document.body.append(button);
    button.click();
  })()`);
  assert.equal(await page.evaluate('typeof window.__inline'), 'undefined');
  const violations = (await page.evaluate<string[]>('window.__violations')).map((v) => v.split(' ')[0]);
  assert.deepEqual(violations, ['script-src-elem', 'script-src-attr']);
  assert.equal(s.watch.takeMatching(/Content Security Policy/).length, 2);
  assert.deepEqual(s.watch.take(), []);

  // K = 1: an HTML attachment is shown as plain text, sandboxed
  await openTextAttachment(s, `View attachment "${PLAIN.htmlAttachment}"`, `${messagePath}/1`);
  assert.ok(
    (await shownText(page, 'body')).startsWith(
      `<html><body onload="window.__pwned='html-attachment-onload'">`,
    ),
  );

  // K = 2: the name that is a script is link text, and its content plain text
  await page.goBack();
  await openTextAttachment(s, `View attachment "${PLAIN.scriptFilename}"`, `${messagePath}/2`);
  assert.equal((await shownText(page, 'body')).trimEnd(), 'An attachment whose name is a script.');

  // K = 3: an SVG (which could carry script) is only ever a download
  await page.goBack();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: `Download attachment "${PLAIN.svgAttachment}"` }).click(),
  ]);
  assert.equal(download.suggestedFilename(), PLAIN.svgAttachment);
  assert.equal(download.url(), `${s.root}${messagePath}/3`);
  await download.cancel();
  assert.equal(page.url(), s.root + messagePath, 'the page stays where it was');
  // a download aborts the navigation that started it; that is the only thing allowed to fail
  assert.equal(s.watch.takeMatching(/request failed: .*\/1\/3 \(net::ERR_ABORTED\)/).length, 1);
  await expectNothingRan(
    s,
    `${messagePath} after the download`,
    `${list} - ${HOSTILE_DAY} - ${PLAIN.subject}`,
  );
});

/** Clicks an attachment link: a text/plain document under the sandboxing policy, nothing run. */
async function openTextAttachment(s: Session, linkText: string, path: string) {
  const { page } = s;
  const [response] = await Promise.all([
    page.waitForResponse(s.root + path),
    page.getByRole('link', { name: linkText, exact: true }).click(),
  ]);
  await page.waitForLoadState('load');
  assert.equal(page.url(), s.root + path);
  expectPolicy(response, path);
  assert.match(response.headers()['content-security-policy'], /; sandbox$/);
  assert.match(response.headers()['content-type'], /^text\/plain; charset=/);
  assert.equal(await page.evaluate('document.contentType'), 'text/plain');
  assert.equal(await page.evaluate('typeof window.__pwned'), 'undefined', `${path}: a payload ran`);
  assert.notEqual(await page.title(), PWNED_TITLE);
  assert.deepEqual(s.watch.take(), [], path);
}

/**
 * Follows the Message-ID in the headers to the message's Message-ID URL (public-inbox style): the
 * id, quotes and all, travels in the path and comes back as the same message, running nothing.
 */
async function followMessageId(s: Session, messageId: string, title: string) {
  const { page } = s;
  const headers = await shownText(page, 'pre.headers');
  await Promise.all([page.waitForEvent('load'), page.locator('pre.headers a').first().click()]);
  assert.equal(decodeURIComponent(new URL(page.url()).pathname), `/hostile/${messageId}/`);
  await expectNothingRan(s, `Message-ID URL of <${messageId}>`, title);
  assert.equal(await shownText(page, 'pre.headers'), headers);
  await page.goBack();
}

test(
  'hostile mail: the HTML-only reply is sanitised; its javascript: links go nowhere',
  needsChromium,
  async () => {
    const s = session!;
    const { page } = s;
    const messagePath = `${dayPath}2`;
    const title = `${list} - ${HOSTILE_DAY} - ${HTML.subject}`;
    await visit(s, messagePath);
    await expectNothingRan(s, messagePath, title);

    const headers = await shownText(page, 'pre.headers');
    assert.ok(headers.includes(`Subject: ${HTML.subject}\n`), headers);
    assert.ok(headers.includes(`From: ${HTML.fromName} <`), headers);
    assert.ok(headers.startsWith(`Message-ID: <${HTML.messageId}>\n`), headers);

    await followMessageId(s, HTML.messageId, title);

    const mail = page.locator('div.mail-html');
    const shown = await shownText(page, 'div.mail-html');
    assert.ok(shown.includes(HTML.visibleText), shown);
    assert.ok(shown.includes('[image: broken image]'), shown);
    assert.ok(!shown.includes('window.__pwned'), shown);
    // what the sanitiser left: formatting and links, no element that can run or load anything
    const tags = await page.evaluate<string[]>(
      `[...new Set([...document.querySelectorAll('div.mail-html *')].map((e) => e.localName))].sort()`,
    );
    assert.deepEqual(tags, ['a', 'p', 'span']);
    assert.deepEqual(
      await page.evaluate(
        `[...document.querySelectorAll('div.mail-html a')].map((a) => [a.textContent, a.getAttribute('href'), a.getAttribute('rel')])`,
      ),
      [
        [HTML.jsLinkText, null, null],
        ['another javascript: link', null, null],
        [HTML.fineLinkText, 'https://example.org/fine', 'nofollow noopener'],
      ],
    );

    // Clicking the javascript: link, as a curious reader would, does nothing at all.
    await mail.getByText(HTML.jsLinkText).click();
    await expectNothingRan(s, `${messagePath} after clicking the javascript: link`, title);
    assert.equal(page.url(), s.root + messagePath);

    // The thread overview shows the first message's author and subject as text, linked.
    const overview = page.locator('section.thread-overview');
    assert.ok(
      (await shownText(page, 'section.thread-overview')).includes(`${PLAIN.fromName} ${PLAIN.subject}`),
    );
    await Promise.all([page.waitForEvent('load'), overview.getByRole('link').first().click()]);
    assert.equal(page.url(), `${s.root}${dayPath}1`);
    await expectNothingRan(
      s,
      `${dayPath}1 from the thread overview`,
      `${list} - ${HOSTILE_DAY} - ${PLAIN.subject}`,
    );
  },
);
