import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderBody } from '../../../src/web/render/body.ts';
import { renderHtmlMail } from '../../../src/web/render/html-mail.ts';
import { needsCorpus } from '../../helpers.ts';
import { parseFile } from './corpus-mail.ts';
import { dangers } from './html-check.ts';

const off = { obfuscate: false };
const on = { obfuscate: true };

test('html mail: formatting, tables and font survive', () => {
  const out = renderHtmlMail(
    '<p align="center"><b>bold</b> <font color="#f00" face="Arial">red</font></p><table border="1" width="900"><tr><td colspan="2" nowrap>c</td></tr></table>',
    off,
  );
  assert.equal(
    out,
    '<div class="mail-html"><p align="center"><b>bold</b> <font color="#f00" face="Arial">red</font></p><table border="1"><tr><td colspan="2">c</td></tr></table></div>',
  );
});

test('html mail: links get rel, only absolute http/https/mailto keep their href', () => {
  const out = renderHtmlMail(
    '<a href="https://x.org/">a</a><a href="mailto:me@example.com">b</a><a href="/local">c</a><a href="#top">d</a><a href="ftp://x.org/">e</a>',
    off,
  );
  assert.equal(
    out,
    '<div class="mail-html"><a href="https://x.org/" rel="nofollow noopener">a</a><a href="mailto:me@example.com" rel="nofollow noopener">b</a><a>c</a><a>d</a><a>e</a></div>',
  );
});

test('html mail: images only from data: (or a resolved cid:), the others leave their alt text', () => {
  assert.equal(
    renderHtmlMail(
      '<img src="https://t.example/p.gif" alt="Logo"><img src="data:image/png;base64,AA" alt="a">',
      off,
    ),
    '<div class="mail-html"><span>[image: Logo]</span><img src="data:image/png;base64,AA" alt="a" /></div>',
  );
  assert.equal(
    renderHtmlMail('<img src="cid:logo@x" alt="L">', off),
    '<div class="mail-html"><span>[image: L]</span></div>',
  );
  const cidUrl = (id: string) => (id === 'logo@x' ? '3/2' : null);
  assert.equal(
    renderHtmlMail('<img src="cid:logo@x" alt="L">', { obfuscate: false, cidUrl }),
    '<div class="mail-html"><img src="3/2" alt="L" /></div>',
  );
});

test('html mail: obfuscation of text, title/alt and addresses in links', () => {
  const out = renderHtmlMail(
    '<p title="by bob@example.org">Write to <a href="mailto:alice@example.com">alice@example.com</a> &amp; <b>x&lt;carol@example.net&gt;</b></p><a href="https://lore.kernel.org/r/1@example.com">lore</a>',
    on,
  );
  assert.equal(
    out,
    '<div class="mail-html"><p title="by bob@...mple.org">Write to <a>alice@...mple.com</a> &amp; <b>x&lt;carol@...mple.net&gt;</b></p><a>lore</a></div>',
  );
});

test('html mail: head, title, style and script text is not shown', () => {
  const out = renderHtmlMail(
    '<html><head><title>T</title><style>p{}</style></head><body><script>x()</script>body</body></html>',
    off,
  );
  assert.equal(out, '<div class="mail-html">body</div>');
});

test('html mail: nesting is bounded', () => {
  const deep = '<div>'.repeat(5000) + 'deep' + '</div>'.repeat(5000);
  const out = renderHtmlMail(deep, off);
  assert.ok(out.includes('deep'));
  assert.ok((out.match(/<div>/g)?.length ?? 0) <= 100);
});

test('html mail: notmuch attribute-text shows text, not attribute values', needsCorpus, async () => {
  const parsed = await parseFile('notmuch-test-corpora/html/attribute-text');
  const out = String(renderBody(parsed, off));
  assert.ok(out.startsWith('<div class="mail-html">'));
  assert.ok(out.includes('hunter2'));
  assert.ok(!out.includes('swordfish'));
  assert.deepEqual(dangers(out), []);
});

test(
  'html mail: multipart/alternative with text/plain shows the text (notmuch embedded-image)',
  needsCorpus,
  async () => {
    const parsed = await parseFile('notmuch-test-corpora/html/embedded-image');
    assert.ok(parsed.html !== null);
    const out = String(renderBody(parsed, off));
    assert.ok(out.startsWith('<pre class="mail-text">'));
    assert.deepEqual(dangers(out), []);
    // the view may still show the HTML alternative
    assert.deepEqual(dangers(renderHtmlMail(parsed.html ?? '', on)), []);
  },
);

test(
  'html mail: hyperkitty html-email-1 (has text/plain) and html-email-2 (HTML only)',
  needsCorpus,
  async () => {
    const withText = await parseFile('hyperkitty-testdata/html-email-1.txt');
    assert.ok(String(renderBody(withText, on)).startsWith('<pre class="mail-text">'));
    const htmlOnly = await parseFile('hyperkitty-testdata/html-email-2.txt');
    const out = String(renderBody(htmlOnly, on));
    assert.ok(out.startsWith('<div class="mail-html">'));
    assert.match(out, /Vous connaissez\s\?/);
    assert.ok(out.includes('rel="nofollow noopener"'));
    assert.deepEqual(dangers(out), []);
    // the text rendering the view may offer instead
    const text = String(renderBody(htmlOnly, { obfuscate: true, htmlMail: 'text' }));
    assert.ok(text.startsWith('<pre class="mail-text">'));
    assert.match(text, /Vous connaissez\s\?/);
  },
);

test('html mail: mailparser htmllargecallstack.eml renders inertly', needsCorpus, async () => {
  const parsed = await parseFile('mailparser-fixtures/htmllargecallstack.eml');
  const out = String(renderBody(parsed, on));
  assert.deepEqual(dangers(out), []);
});
