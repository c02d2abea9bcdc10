// Every corpus imports without a crash, the stored count equals the distinct messages Python finds,
// and a second import of the same files is a no-op.
//
// Expected counts: Python's `mailbox.mbox` for mbox files and one message per file otherwise, then
// de-duplicated by content with transport headers (Received:, Delivered-To: …) left out and CRLF read
// as LF — the archive's rule for "the same message" (src/mail/content-key.ts). Computed with python3
// on ../shared/corpus on 2026-11-25; the script's rule is spelled out in each comment.

import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { corpus, needsCorpus, runCli, tempDir } from '../helpers.ts';

function files(dir: string, pattern: RegExp): string[] {
  return readdirSync(corpus(dir))
    .filter((f) => pattern.test(f))
    .sort()
    .map((f) => corpus(join(dir, f)));
}

const CASES: { list: string; paths: () => string[]; stored: number; why: string }[] = [
  {
    list: 'fedora',
    paths: () => [corpus('fedora-devel-pipermail-2010-01/2010-January.txt.gz')],
    stored: 292,
    why: 'Python: 292 messages, all distinct',
  },
  {
    list: 'imagemagick',
    paths: () => [corpus('mailbox-perl-imagemagick/mbox.src'), corpus('mailbox-perl-imagemagick/mbox.win')],
    stored: 45,
    why: 'Python: 45 + 45; the CRLF copy is the same mail, so it adds nothing',
  },
  {
    list: 'notmuch',
    paths: () => [corpus('notmuch-test-corpora')],
    stored: 285,
    why: 'Python: 320 message files (COPYING/README are not mail), 285 distinct contents (the same lkml post via several lists, duplicate/)',
  },
  {
    list: 'b4',
    paths: () => files('b4-samples', /\.mbox$/),
    stored: 45,
    why: 'Python: 70 messages in 19 files, variants of one series: 45 distinct contents',
  },
  {
    list: 'hyperkitty',
    paths: () => files('hyperkitty-testdata', /\.txt$/).filter((p) => !p.endsWith('COPYING.txt')),
    stored: 19,
    why: 'Python: 7 single messages + 12 in pipermail mboxes, all distinct',
  },
  {
    list: 'mailparser',
    paths: () => files('mailparser-fixtures', /\.eml$/),
    stored: 10,
    why: 'Python: 10 files, 10 messages',
  },
  {
    list: 'mimekit',
    paths: () => [...files('mimekit-mbox', /\.mbox\.txt$/), corpus('mimekit-mbox/messages')],
    stored: 69,
    why:
      'Python: 38 in the mbox files + 32 files = 70 distinct; but Python splits unmunged.mbox.txt at the ' +
      'unescaped "From Russia with love" body line (3 messages where the file holds 2, see test/mail/mbox.test.ts)',
  },
  {
    list: 'ponymail',
    paths: () => [...files('ponymail-foal-apache', /\.mbox$/), ...files('ponymail-foal-apache', /\.eml$/)],
    stored: 16,
    why: 'Python: 12 in mboxes + 5 files; one .eml is the same post as a message of an mbox',
  },
  {
    list: 'ruby',
    paths: () => [corpus('ruby-mail-fixtures')],
    stored: 95,
    why: 'Python: 103 files, 95 distinct contents (CRLF and LF copies of the same fixtures)',
  },
];

test(
  'every corpus imports; stored counts equal the distinct messages; re-import is a no-op',
  needsCorpus,
  async (t) => {
    const db = join(tempDir(t), 'archive.sqlite');
    for (const c of CASES) {
      await t.test(c.list, async () => {
        assert.equal((await runCli(['--db', db, 'lists', 'add', c.list])).code, 0);
        const first = await runCli(['--db', db, 'import', '--progress', '--list', c.list, ...c.paths()]);
        assert.equal(first.code, 0, first.stderr);
        const stats = JSON.parse((await runCli(['--db', db, 'stats', '--list', c.list, '--json'])).stdout);
        assert.equal(stats.messages, c.stored, c.why);
        const again = await runCli(['--db', db, 'import', '--progress', '--list', c.list, ...c.paths()]);
        assert.equal(again.code, 0, again.stderr);
        assert.match(again.stderr, / 0 imported, /);
        const after = JSON.parse((await runCli(['--db', db, 'stats', '--list', c.list, '--json'])).stdout);
        assert.deepEqual(after, stats);
      });
    }
  },
);
