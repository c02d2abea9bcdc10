import assert from 'node:assert/strict';
import { test } from 'node:test';
import { linkify } from '../../../src/web/render/linkify.ts';

const plain = { obfuscate: false };
const hidden = { obfuscate: true };

function a(href: string, text = href): string {
  return `<a href="${href}" rel="nofollow noopener">${text}</a>`;
}

const cases: [string, string, string][] = [
  ['https', 'see https://example.com/x for more', `see ${a('https://example.com/x')} for more`],
  [
    'http, ftp and git',
    'http://a.org ftp://b.org/f git://c.org/r.git',
    `${a('http://a.org')} ${a('ftp://b.org/f')} ${a('git://c.org/r.git')}`,
  ],
  ['scheme in capitals', 'HTTPS://EXAMPLE.COM/', a('HTTPS://EXAMPLE.COM/')],
  ['www. gets http://', 'go to www.kernel.org.', `go to ${a('http://www.kernel.org', 'www.kernel.org')}.`],
  [
    'trailing punctuation',
    'https://x.org/a, https://x.org/b; https://x.org/c!? https://x.org/d:',
    `${a('https://x.org/a')}, ${a('https://x.org/b')}; ${a('https://x.org/c')}!? ${a('https://x.org/d')}:`,
  ],
  ['parenthesised URL', '(see https://x.org/a)', `(see ${a('https://x.org/a')})`],
  [
    'balanced parentheses stay',
    'https://en.wikipedia.org/wiki/Foo_(bar)',
    a('https://en.wikipedia.org/wiki/Foo_(bar)'),
  ],
  [
    'balanced then closing',
    '(https://en.wikipedia.org/wiki/Foo_(bar))',
    `(${a('https://en.wikipedia.org/wiki/Foo_(bar)')})`,
  ],
  ['brackets', '[1] https://x.org/a]', `[1] ${a('https://x.org/a')}]`],
  ['angle brackets', '<https://x.org/a>', `&lt;${a('https://x.org/a')}&gt;`],
  ['query with &', 'https://x.org/?a=1&b=2', a('https://x.org/?a=1&amp;b=2')],
  ['quotes stop the URL', '"https://x.org/a"', `&quot;${a('https://x.org/a')}&quot;`],
  [
    '"><script> stops the URL',
    'https://x.org/"><script>alert(1)</script>',
    `${a('https://x.org/')}&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;`,
  ],
  ["' stops at the end", "'https://x.org/a'", `&#39;${a('https://x.org/a')}&#39;`],
  ['no host, no link', 'http:// and https://-', 'http:// and https://-'],
  ['bare www. is no link', 'www. is a prefix', 'www. is a prefix'],
  ['glued to a word', 'xhttp://x.org nowww.x.org', 'xhttp://x.org nowww.x.org'],
  ['no mailto', 'mail foo@example.com', 'mail foo@example.com'],
  ['no Message-ID link', '<20240101.1@example.com>', '&lt;20240101.1@example.com&gt;'],
  ['address with www. host', 'user@www.example.com', 'user@www.example.com'],
  ['javascript: is text', 'javascript:alert(1)', 'javascript:alert(1)'],
  ['CJK after URL', '请看https://example.com/a。谢谢', `请看${a('https://example.com/a')}。谢谢`],
  ['two on a line', 'https://a.org https://b.org', `${a('https://a.org')} ${a('https://b.org')}`],
  ['www inside a URL is not a second link', 'https://x.org/www.y.org', a('https://x.org/www.y.org')],
  ['escapes text', 'a < b && c > d', 'a &lt; b &amp;&amp; c &gt; d'],
];

for (const [what, input, expected] of cases) {
  test(`linkify: ${what}`, () => {
    assert.equal(linkify(input, plain), expected);
  });
}

test('linkify: obfuscation hides addresses in text and does not link URLs holding an @', () => {
  assert.equal(linkify('From: foo@example.com', hidden), 'From: foo@...mple.com');
  assert.equal(
    linkify('Link: https://lore.kernel.org/r/20240101.123-1-foo@example.com/ ok', hidden),
    'Link: https://lore.kernel.org/r/20240101.123-1-foo@...mple.com/ ok',
  );
  assert.equal(
    linkify('Link: https://lore.kernel.org/r/20240101.123-1-foo@example.com/', plain),
    `Link: ${a('https://lore.kernel.org/r/20240101.123-1-foo@example.com/')}`,
  );
  assert.equal(linkify('https://x.org/ a@example.com', hidden), `${a('https://x.org/')} a@...mple.com`);
});

test('linkify: over-long URLs stay text', () => {
  const url = 'https://x.org/' + 'a'.repeat(3000);
  assert.equal(linkify(url, plain), url);
});

test('linkify: output has no raw < > " outside the markup it writes', () => {
  const hostile = 'x"><img src=x onerror=alert(1)> https://a.org/"onmouseover="alert(1) \'';
  const out = linkify(hostile, plain);
  const withoutLinks = out.replace(/<a href="[^"<>]*" rel="nofollow noopener">/g, '').replace(/<\/a>/g, '');
  assert.doesNotMatch(withoutLinks, /[<>"]/);
});
