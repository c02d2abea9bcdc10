import assert from 'node:assert/strict';
import { test } from 'node:test';
import { unflow } from '../../../src/web/render/flowed.ts';
import { renderPlain } from '../../../src/web/render/plain.ts';
import { needsCorpus } from '../../helpers.ts';
import { classedLines, parseMbox } from './corpus-mail.ts';

const off = { obfuscate: false };

function classesOf(text: string): string[] {
  return classedLines(renderPlain(text, off)).map(({ cls }) => cls);
}

test('plain: wraps in <pre class="mail-text"> and keeps a leading blank line', () => {
  assert.equal(renderPlain('\nhello', off), '<pre class="mail-text">\n\nhello</pre>');
});

test('plain: CRLF and trailing newlines', () => {
  assert.equal(renderPlain('a\r\nb\r\n\r\n', off), '<pre class="mail-text">\na\nb</pre>');
});

test('plain: quote depths', () => {
  const text = ['Hi,', '> one', '> > two', '>> two', '>>> three', '> >> three', 'me', '>'].join('\n');
  assert.deepEqual(classesOf(text), ['', 'q1', 'q2', 'q2', 'q3', 'q3', '', 'q1']);
});

test('plain: consecutive lines of one class share a span', () => {
  assert.equal(
    renderPlain('> a\n> b\nc', off),
    '<pre class="mail-text">\n<span class="q1">&gt; a\n&gt; b</span>\nc</pre>',
  );
});

test('plain: a list in prose is not a patch', () => {
  const text = ['Changes:', '- fixed a bug', '- added a test', '+1 from me', '--- ', 'done'].join('\n');
  assert.deepEqual(classesOf(text), ['', '', '', '', '', '']);
});

const patch = [
  'Fix the thing.',
  '',
  'Signed-off-by: A <a@example.com>',
  '---',
  ' foo.c | 3 ++-',
  '',
  'diff --git a/foo.c b/foo.c',
  'index 1234567..89abcde 100644',
  '--- a/foo.c',
  '+++ b/foo.c',
  '@@ -1,3 +1,4 @@ int main()',
  ' context',
  '-old',
  '+new',
  '+-- ',
  '',
  '-- ',
  '2.43.0',
];

test('plain: git patch lines get classes, the hunk ends by its counts', () => {
  assert.deepEqual(classesOf(patch.join('\n')), [
    '',
    '',
    '',
    '',
    '',
    '',
    'diff-file',
    'diff-file',
    'diff-file',
    'diff-file',
    'diff-hunk',
    '',
    'diff-del',
    'diff-add',
    'diff-add',
    '', // whitespace-damaged context line: the hunk's last line
    'sig',
    'sig',
  ]);
});

test('plain: non-git patch (--- +++ @@) and a second hunk', () => {
  const text = [
    'look:',
    '--- a.txt',
    '+++ b.txt',
    '@@ -1 +1 @@',
    '-x',
    '+y',
    '@@ -5,0 +6 @@',
    '+z',
    'bye',
  ].join('\n');
  assert.deepEqual(classesOf(text), [
    '',
    'diff-file',
    'diff-file',
    'diff-hunk',
    'diff-del',
    'diff-add',
    'diff-hunk',
    'diff-add',
    '',
  ]);
});

test('plain: signature dimmed, everything after it', () => {
  assert.deepEqual(classesOf('text\n-- \nMe\n> not a quote here'), ['', 'sig', 'sig', 'sig']);
});

test('plain: escapes and links', () => {
  const out = renderPlain('<b>x</b> https://example.org/a?b=1&c=2 "q"', off);
  assert.equal(
    out,
    '<pre class="mail-text">\n&lt;b&gt;x&lt;/b&gt; <a href="https://example.org/a?b=1&amp;c=2" rel="nofollow noopener">https://example.org/a?b=1&amp;c=2</a> &quot;q&quot;</pre>',
  );
});

test('plain: obfuscation before linkifying', () => {
  const out = renderPlain('Reviewed-by: X <x.y@example.com>\n> Cc: <z@kernel.org>', { obfuscate: true });
  assert.ok(!out.includes('example.com'));
  assert.ok(out.includes('x.y@...mple.com'));
  assert.ok(out.includes('z@...nel.org'));
});

test('flowed: soft breaks join, stuffing goes, quotes keep their depth', () => {
  const text = [
    'This is a soft ',
    'broken line.',
    '> quoted soft ',
    '> line two',
    '>> deeper',
    ' >stuffed',
    '-- ',
    'sig',
  ].join('\n');
  assert.equal(
    unflow(text, false),
    ['This is a soft broken line.', '> quoted soft line two', '>> deeper', ' >stuffed', '-- ', 'sig'].join(
      '\n',
    ),
  );
});

test('flowed: DelSp=yes removes the soft-break space', () => {
  assert.equal(unflow('Lorem ip \nsum dolor', true), 'Lorem ipsum dolor');
  assert.equal(unflow('Lorem ip \nsum dolor', false), 'Lorem ip sum dolor');
});

test('flowed: a soft break before a depth change is hard', () => {
  assert.equal(unflow('> a \nb', false), '> a \nb');
});

test('flowed: renderPlain reflows when told', () => {
  const out = renderPlain('> one \n> two\n\nthree \nfour', { obfuscate: false, flowed: true, delSp: false });
  assert.equal(out, '<pre class="mail-text">\n<span class="q1">&gt; one two</span>\n\nthree four</pre>');
});

test('plain: real patch series from b4 (shazam-git1-just-series.mbox)', needsCorpus, async () => {
  const messages = await parseMbox('b4-samples/shazam-git1-just-series.mbox');
  assert.equal(messages.length, 5);
  const patches = messages.filter((m) => m.text.includes('diff --git'));
  assert.equal(patches.length, 4);
  for (const message of patches) {
    const lines = classedLines(renderPlain(message.text, off));
    assert.equal(
      lines.map((l) => l.line).join('\n'),
      message.text.replace(/\n+$/, ''),
      'rendering is lossless',
    );
    const first = lines.findIndex((l) => l.line.startsWith('diff --git'));
    assert.ok(first > 0);
    // nothing before the patch is painted as a patch (the diffstat, the `---` separator)
    assert.ok(
      lines.slice(0, first).every((l) => !l.cls.startsWith('diff-')),
      message.subject,
    );
    for (const l of lines.slice(first)) {
      if (l.line.startsWith('diff --git') || l.line.startsWith('index ')) assert.equal(l.cls, 'diff-file');
      if (l.line.startsWith('--- a/') || l.line.startsWith('+++ b/')) assert.equal(l.cls, 'diff-file');
      if (l.line.startsWith('@@ ')) assert.equal(l.cls, 'diff-hunk');
    }
    assert.ok(
      lines.some((l) => l.cls === 'diff-add' || l.cls === 'diff-del'),
      message.subject,
    );
    for (const l of lines) {
      if (l.cls === 'diff-add') assert.ok(l.line.startsWith('+'), l.line);
      if (l.cls === 'diff-del') assert.ok(l.line.startsWith('-'), l.line);
    }
    // git's version signature after `-- `
    const sig = lines.findIndex((l) => l.line === '-- ');
    assert.equal(lines[sig].cls, 'sig');
    assert.ok(lines.slice(sig).every((l) => l.cls === 'sig'));
  }
});

test('plain: non-git patch from b4 (trailers-followup-non-git-patch.mbox)', needsCorpus, async () => {
  const [message] = await parseMbox('b4-samples/trailers-followup-non-git-patch.mbox');
  const lines = classedLines(renderPlain(message.text, off));
  assert.equal(lines.find((l) => l.line === '--- a/b4/junk.py')?.cls, 'diff-file');
  assert.equal(lines.find((l) => l.line === '-junk1')?.cls, 'diff-del');
  assert.equal(lines.find((l) => l.line === '+junk2')?.cls, 'diff-add');
  assert.equal(lines.find((l) => l.line === '-- ')?.cls, 'sig');
});

test('plain: quoted replies from fedora-devel are classed by depth, losslessly', needsCorpus, async () => {
  const messages = await parseMbox('fedora-devel-pipermail-2010-01/2010-January.txt.gz');
  assert.ok(messages.length > 250);
  const seen = new Set<string>();
  for (const message of messages) {
    const lines = classedLines(renderPlain(message.text, off));
    assert.equal(
      lines.map((l) => l.line).join('\n'),
      message.text.replace(/\n+$/, ''),
      'rendering is lossless',
    );
    const sig = lines.findIndex((l) => l.cls === 'sig');
    for (const [i, l] of lines.entries()) {
      if (sig >= 0 && i >= sig) break;
      if (l.cls.startsWith('diff-')) continue;
      const depth = /^(?:> *)+/.exec(l.line)?.[0].replace(/ /g, '').length ?? 0;
      assert.equal(l.cls, depth === 0 ? '' : `q${Math.min(depth, 3)}`, l.line);
      seen.add(l.cls);
    }
  }
  for (const cls of ['q1', 'q2', 'q3']) assert.ok(seen.has(cls), cls);
});
