import assert from 'node:assert/strict';
import { test } from 'node:test';
import { obfuscate } from '../../../src/web/render/obfuscate.ts';

const cases: [string, string, string][] = [
  // [what, input, expected]
  ['DESIGN.md example 1', 'alex.williamson@redhat.com', 'alex.williamson@...hat.com'],
  ['DESIGN.md example 2', 'robin.murphy@arm.com', 'robin.murphy@....com'],
  ['in a sentence', 'Reported-by: Foo <foo@example.org>', 'Reported-by: Foo <foo@...mple.org>'],
  ['two addresses', 'a@example.com, b@example.net', 'a@...mple.com, b@...mple.net'],
  ['exactly four after', 'x@ab.c', 'x@...c'],
  ['three after: too short', 'x@a.b', 'x@a.b'],
  ['short domain with a space', 'x@abc d', 'x@abc d'],
  ['@ at the start', '@example.com', '@example.com'],
  ['space before @', 'meet @example.com', 'meet @example.com'],
  ['@ at the end', 'user@', 'user@'],
  ['dot before @ is no atom', 'a.@example.com', 'a.@example.com'],
  ['dots count after @', 'a@...xyz', 'a@...xyz'],
  ['@@', 'a@@example.com', 'a@@example.com'],
  ['atext specials', "o'hara+tag@ex-ample.com", "o'hara+tag@...ample.com"],
  ['angle bracket after @ stops', 'a@b<cd', 'a@b<cd'],
  ['no @', 'nothing to see', 'nothing to see'],
  ['empty', '', ''],
  ['Message-ID', '<20240101.1234@mail.gmail.com>', '<20240101.1234@...l.gmail.com>'],
  ['non-ASCII local part', 'josé@example.com', 'josé@...mple.com'],
  ['non-ASCII domain', 'user@exämple.de', 'user@...mple.de'],
  ['CJK', '用户@例子.广告', '用户@...广告'],
  ['astral characters are one character', 'a@😀😀😀😀x', 'a@...😀x'],
  ['no-break space is not an atom', 'a\u00a0@example.com', 'a\u00a0@example.com'],
  ['ideographic space after @', 'a@ex\u3000mple', 'a@ex\u3000mple'],
  ['newline between', 'a@\nexample.com', 'a@\nexample.com'],
];

for (const [what, input, expected] of cases) {
  test(`obfuscate: ${what}`, () => {
    assert.equal(obfuscate(input), expected);
  });
}

test('obfuscate: output never holds a full address from the input', () => {
  const text = 'Cc: linux-kernel@vger.kernel.org, stable@vger.kernel.org; Signed-off-by: A <a@b.cd>';
  const out = obfuscate(text);
  assert.ok(!out.includes('@vger.kernel.org'));
  assert.ok(!out.includes('a@b.cd'));
});
