// The index document (nq / q / dfn split, CJK segmentation), the shared word rules, and snippets.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ParsedMessage } from '../../src/mail/types.ts';
import { searchDocument, splitBody } from '../../src/search/document.ts';
import { buildSnippet } from '../../src/search/snippet.ts';
import { fold, segmentCjk, words } from '../../src/search/tokens.ts';
import { parsedMessage } from '../parsed-message.ts';

const patchMail = `Hi,

This fixes the fan table.
  > indented quote counts as quoted
>> Ann wrote:
> > nested
--- Original Message ---
diff --git a/drivers/hwmon/pmbus/core.c b/drivers/hwmon/pmbus/core.c
index 1234..5678 100644
--- a/drivers/hwmon/pmbus/core.c
+++ b/drivers/hwmon/pmbus/core.c
@@ -1 +1 @@
diff --git a/old name.c b/new.c
--- /dev/null
+++ b/Documentation/new-file.rst
--- foo.orig\t2021-01-01 10:00:00
+++ foo.c\t2021-01-01 10:00:00
> --- a/quoted/file.c
-- 
signature`;

test('the body splits into unquoted lines, quoted lines and patched file names', () => {
  const parts = splitBody(patchMail);
  assert.deepEqual(parts.q.split('\n'), [
    '  > indented quote counts as quoted',
    '>> Ann wrote:',
    '> > nested',
    '> --- a/quoted/file.c',
  ]);
  assert.match(parts.nq, /^Hi,\n\nThis fixes the fan table\.\n--- Original Message ---\ndiff --git/);
  assert.doesNotMatch(parts.nq, /nested/);
  // a quoted patch is someone else's; "--- Original Message ---" is no file; /dev/null is none
  assert.deepEqual(parts.dfn, [
    'drivers/hwmon/pmbus/core.c',
    'Documentation/new-file.rst',
    'foo.orig',
    'foo.c',
  ]);
});

function parsed(overrides: Partial<ParsedMessage>): ParsedMessage {
  return parsedMessage({ messageId: 'x@y', ...overrides });
}

test('the document has one field per lore prefix; CJK letters are spaced out in every field', () => {
  const doc = searchDocument(
    parsed({
      subject: '回覆: 测试 pmbus',
      from: { name: '劉晉翰', address: 'liu@example.tw' },
      to: [
        { name: '', address: 'openbmc@lists.ozlabs.org' },
        { name: 'Joel', address: 'joel@jms.id.au' },
      ],
      cc: [{ name: 'Andrew Jeffery', address: 'andrew@aj.id.au' }],
      text: '你好\n> 引用\n+++ b/x.c',
    }),
  );
  assert.deepEqual(words(doc.subject), ['回', '覆', '测', '试', 'pmbus']);
  assert.deepEqual(words(doc.from), ['劉', '晉', '翰', 'liu', 'example', 'tw']);
  assert.equal(doc.to, 'openbmc@lists.ozlabs.org\nJoel joel@jms.id.au');
  assert.equal(doc.cc, 'Andrew Jeffery andrew@aj.id.au');
  assert.deepEqual(words(doc.nq), ['你', '好', 'b', 'x', 'c']);
  assert.deepEqual(words(doc.q), ['引', '用']);
  assert.equal(doc.dfn, 'x.c');
});

test('words follow unicode61: letters, digits and marks; CJK one letter each; folding drops case and accents', () => {
  assert.deepEqual(words('CONFIG_ASPEED foo-bar v2.1 "q" 測試ok ひらがな 한국어'), [
    'CONFIG',
    'ASPEED',
    'foo',
    'bar',
    'v2',
    '1',
    'q',
    '測',
    '試',
    'ok',
    'ひ',
    'ら',
    'が',
    'な',
    '한',
    '국',
    '어',
  ]);
  assert.deepEqual(words('e\u0301te\u0301 Straße ﬁne'), ['e\u0301te\u0301', 'Straße', 'ﬁne']);
  assert.equal(fold('Cédric'), 'cedric');
  assert.equal(fold('E\u0301TE\u0301'), 'ete');
  assert.equal(segmentCjk('plain ascii'), 'plain ascii');
  assert.equal(segmentCjk('a测试b'), 'a 测  试 b');
});

const texts = (segments: { text: string; hit: boolean }[]) =>
  segments.map((s) => (s.hit ? `[${s.text}]` : s.text)).join('');

test('a snippet shows the words around the first hit, hits marked, as plain segments', () => {
  const body = `${'filler words here. '.repeat(20)}The PMBus driver reads <b>&amp; the pmbus-core registers.\n\nMore ${'text '.repeat(80)}`;
  const segments = buildSnippet([body], [{ words: ['pmbus'], prefix: false }]);
  const shown = texts(segments);
  assert.match(shown, /^… .*The \[PMBus\] driver reads <b>&amp; the \[pmbus\]-core registers\. More text/);
  assert.ok(shown.endsWith(' …'));
  assert.ok(shown.length < 320, shown);
  // markup stays text: the web escapes each segment
  assert.ok(segments.some((s) => !s.hit && s.text.includes('<b>&amp;')));
});

test('snippets match phrases, prefixes and CJK words; no hit shows the start of the first text', () => {
  assert.equal(
    texts(buildSnippet(['a power supply and a power unit'], [{ words: ['power', 'supply'], prefix: false }])),
    'a [power supply] and a power unit',
  );
  assert.equal(
    texts(buildSnippet(['aspeed-g6 ast2600'], [{ words: ['aspe'], prefix: true }])),
    '[aspeed]-g6 ast2600',
  );
  assert.equal(
    texts(buildSnippet(['你好世界，测试一下'], [{ words: ['测', '试'], prefix: false }])),
    '你好世界，[测试]一下',
  );
  assert.equal(
    texts(buildSnippet(['', '> quoted pmbus'], [{ words: ['pmbus'], prefix: false }])),
    '> quoted [pmbus]',
  );
  assert.equal(
    texts(buildSnippet(['\n  first line\nsecond', 'x'], [{ words: ['nothing'], prefix: false }])),
    'first line second',
  );
  assert.deepEqual(buildSnippet(['', ''], []), []);
});

test('a snippet never splits a surrogate pair', () => {
  const text = `${'𠀀'.repeat(200)}测试${'𠀀'.repeat(200)}`;
  for (const segment of buildSnippet([text], [{ words: ['测', '试'], prefix: false }])) {
    assert.ok(segment.text.isWellFormed(), JSON.stringify(segment.text.slice(0, 4)));
  }
});
