import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decodeEntities, htmlToText } from '../../src/mail/html-text.ts';

describe('htmlToText', () => {
  const table: [string, string][] = [
    ['<p>one</p><p>two</p>', 'one\n\ntwo'],
    ['a<br>b<br/><br />c', 'a\nb\n\nc'],
    ['<div>x</div><div>y</div>', 'x\ny'],
    ['<ul><li>a</li><li>b</li></ul>', '* a\n* b'],
    ['<table><tr><td>1</td><td>2</td></tr><tr><td>3</td></tr></table>', '1 2\n3'],
    ['<head><title>t</title><style>p{}</style></head><body>text</body>', 'text'],
    ['<script>if (a < b) alert(1)</script>after', 'after'],
    ['before<!-- <p>hidden</p> -->after', 'beforeafter'],
    ['<!--[if mso]><p>outlook</p><![endif]-->x', 'x'],
    ['<![if !supportLists]>1.<![endif]> item', '1. item'],
    ['a  \n\t b', 'a b'],
    ['<pre>  a\n   b</pre>', '  a\n   b'],
    ['1 < 2 and 3 > 2', '1 < 2 and 3 > 2'],
    ['&lt;tag&gt; &amp;amp; &quot;q&quot; &#39;s&#39; &nbsp;x', '<tag> &amp; "q" \'s\'  x'],
    ['caf&eacute; &#x263A; &#8212; &#150; &unknown; AT&T', 'café ☺ — – &unknown; AT&T'],
    ['<a href="x">link</a> <img src="cid:1" alt="pic">', 'link'],
    ['<title>never closed', 'never closed'], // unclosed: only the tag goes
    ['<p>unterminated <b', 'unterminated <b'],
    ['', ''],
  ];
  for (const [html, text] of table) {
    test(JSON.stringify(html).slice(0, 60), () => assert.equal(htmlToText(html), text));
  }

  test('linear on hostile input (mailparser htmllargecallstack-like)', () => {
    // No timing is asserted (bench/ measures speed): a quadratic or recursive walk would hang or overflow here.
    assert.match(htmlToText('<div>'.repeat(100_000) + 'deep' + '</div>'.repeat(100_000)), /deep/);
    htmlToText('<script>'.repeat(50_000));
    htmlToText('<'.repeat(200_000));
    htmlToText('&#'.repeat(200_000));
  });

  test('decodeEntities leaves text without entities untouched', () => {
    assert.equal(decodeEntities('plain'), 'plain');
    assert.equal(decodeEntities('&#0; &#xD800; &#x110000;'), '\ufffd \ufffd \ufffd');
  });
});
