// Hostile input: the 25 vectors of STACK.md §8 (and a few more) through every renderer.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ParsedMessage } from '../../../src/mail/types.ts';
import { renderAddress, renderBody, renderSubject } from '../../../src/web/render/body.ts';
import { renderHtmlMail } from '../../../src/web/render/html-mail.ts';
import { renderPlain } from '../../../src/web/render/plain.ts';
import { parsedMessage } from '../../parsed-message.ts';
import { dangers } from './html-check.ts';

const VECTORS: [string, string][] = [
  ['script', '<script>alert(1)</script>'],
  ['img onerror', '<img src=x onerror=alert(1)>'],
  ['javascript: href', '<a href="javascript:alert(1)">x</a>'],
  ['javascript: with entities', '<a href="&#106;&#97;vascript&#x3A;alert(1)">x</a>'],
  ['javascript: with case and spaces', '<a href="  JaVaScRiPt:alert(1)">x</a>'],
  ['javascript: with a tab', '<a href="java&#x09;script:alert(1)">x</a>'],
  ['data:text/html link', '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>'],
  ['svg onload', '<svg onload=alert(1)><circle r="1"/></svg>'],
  [
    'mXSS math/mglyph/style',
    '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>',
  ],
  [
    'mXSS comment in style',
    '<math><mtext><table><mglyph><style><!--</style><img title="--&gt;&lt;/mglyph&gt;&lt;img&Tab;src=1&Tab;onerror=alert(1)&gt;">',
  ],
  ['iframe javascript:', '<iframe src="javascript:alert(1)"></iframe>'],
  ['iframe srcdoc', '<iframe srcdoc="<script>alert(1)</script>"></iframe>'],
  ['object', '<object data="javascript:alert(1)"></object>'],
  ['embed', '<embed src="javascript:alert(1)">'],
  [
    'form action',
    '<form action="javascript:alert(1)"><button formaction="javascript:alert(2)">go</button></form>',
  ],
  ['base href', '<base href="javascript:alert(1)//"><a href="x">x</a>'],
  ['meta refresh', '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">'],
  ['CSS url(javascript:)', '<div style="background:url(javascript:alert(1))">x</div>'],
  ['CSS expression()', '<div style="width: expression(alert(1))">x</div>'],
  [
    'style beacon',
    '<style>@import url(http://evil.example/x.css); body{background:url(http://evil.example/b)}</style>x',
  ],
  ['remote image', '<img src="http://evil.example/track.gif?u=1" width="1" height="1">'],
  ['noscript breakout', '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>'],
  ['textarea breakout', '<textarea></textarea><img src=x onerror=alert(1)></textarea>'],
  ['details ontoggle', '<details open ontoggle=alert(1)>x</details>'],
  ['body onload', '<body onload=alert(1)>x</body>'],
  // more than the 25
  ['xmp', '<xmp><img src=x onerror=alert(1)></xmp>'],
  ['comment trick', '<!--><img src=x onerror=alert(1)>-->'],
  ['protocol-relative image', '<img src="//evil.example/x.gif">'],
  ['srcset', '<img src="data:image/png;base64,AA" srcset="http://evil.example/x 1x">'],
  ['svg image', '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">'],
  ['table background', '<table background="http://evil.example/bg.gif"><tr><td>x</td></tr></table>'],
  ['svg xlink', '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>'],
  ['link stylesheet', '<link rel="stylesheet" href="http://evil.example/x.css">'],
  ['input autofocus', '<input autofocus onfocus=alert(1)>'],
  ['video source', '<video><source onerror=alert(1)></video>'],
  ['vbscript', '<a href="vbscript:msgbox(1)">x</a>'],
  [
    'DOM clobbering of keys.js anchors',
    '<a id="thread-next" name="up-day" class="nav" href="https://evil.example/">x</a>',
  ],
  ['unclosed attribute', '<a href="https://ok.example/" title="x onmouseover=alert(1) y=">z</a>'],
  ['closing our container', '</div></pre><script>alert(1)</script>'],
  ['svg use', '<svg><use href="data:image/svg+xml;base64,PHN2Zy8+#x"/></svg>'],
];

for (const [what, vector] of VECTORS) {
  test(`xss in HTML mail: ${what}`, () => {
    for (const obfuscate of [false, true]) {
      const out = renderHtmlMail(vector, { obfuscate });
      assert.deepEqual(dangers(out), [], out);
      assert.ok(out.startsWith('<div class="mail-html">') && out.endsWith('</div>'));
      // the container is not closed early: exactly one div open and closed at the top level
      assert.equal(out.match(/<\/div>/g)?.length ?? 0, out.match(/<div[ >]/g)?.length ?? 0, out);
    }
  });
}

test('xss: every vector in one HTML-only message through renderBody', () => {
  const html = VECTORS.map(([, vector]) => vector).join('\n');
  const parsed: ParsedMessage = parsedMessage({
    messageId: 'x@example.com',
    subject: 's',
    text: '',
    html,
  });
  const out = String(renderBody(parsed, { obfuscate: true }));
  assert.ok(out.startsWith('<div class="mail-html">'));
  assert.deepEqual(dangers(out), []);
});

function unescapeHtml(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

for (const [what, vector] of VECTORS) {
  test(`xss in plain text, subjects and addresses: ${what}`, () => {
    const plain = renderPlain(`> ${vector}\n${vector}\nhttps://example.org/${vector}`, { obfuscate: false });
    assert.deepEqual(dangers(plain), [], plain);
    const subject = String(renderSubject(vector, { obfuscate: false }));
    assert.doesNotMatch(subject, /[<>"]/);
    assert.equal(unescapeHtml(subject), vector);
    const address = String(
      renderAddress({ name: vector, address: `${vector}x@example.com` }, { obfuscate: true }),
    );
    assert.doesNotMatch(address, /[<>"]/);
    assert.ok(!address.includes('@example.com'));
  });
}

test('xss: the unparseable notice shows raw text escaped', () => {
  const raw = VECTORS.map(([, vector]) => vector).join('\n');
  const parsed: ParsedMessage = parsedMessage({
    messageId: 'x@example.com',
    subject: '',
    text: raw,
    html: null,
    flags: ['unparseable'],
    problems: ['MIME parse failed'],
  });
  const out = String(renderBody(parsed, { obfuscate: false }));
  assert.deepEqual(dangers(out), []);
  assert.ok(out.includes('class="mail-notice"'));
});
