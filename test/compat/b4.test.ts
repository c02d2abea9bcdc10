// b4 (Debian's 0.12) works against listarchive as against lore: `b4 am` and `b4 mbox` on a patch
// series, with the configuration of ../shared/peers/b4-against (midmask and linkmask on the list's
// URL, attestation off, a fixed identity), and what b4 writes equals what it writes against
// public-inbox-httpd serving the same mailbox. Then `git am` applies the series b4 made.
//
// The public-inbox side was produced once, not in this test (public-inbox imports openbmc in minutes):
//   ../shared/peers/public-inbox-import WORK b4sample ../shared/corpus/b4-samples/trailers-thread-with-followups.mbox
//   ../shared/peers/public-inbox-import WORK openbmc ../shared/corpus/openbmc-lists-ozlabs/openbmc-2019-03_2021-07.mboxrd.gz
//   ../shared/peers/public-inbox-serve WORK PORT
//   ../shared/peers/b4-against http://127.0.0.1:PORT/b4sample OUT am -l 20221025-test1-v1-0-e4f28f57990c@linuxfoundation.org
//   ../shared/peers/b4-against http://127.0.0.1:PORT/b4sample OUT mbox 20221025-test1-v1-0-e4f28f57990c@linuxfoundation.org
//   (the same for openbmc with 20190626071430.28556-1-andrew@aj.id.au)
// with `http://127.0.0.1:PORT/<list>` replaced by BASE in what b4 wrote. The b4-samples results are
// kept in test/fixtures/compat/ (GPL-2.0, see its README); openbmc's may not be copied here, so
// only their sha256 is.

import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { corpus, repoRoot, tempDir } from '../helpers.ts';
import { needsCommands, run, type Served, serveArchive, sha256, succeeded } from './compat-fixture.ts';
import { baseTree, parseDiffs } from './preimage.ts';

const SAMPLE = corpus('b4-samples/trailers-thread-with-followups.mbox');
const SAMPLE_SERIES = '20221025-test1-v1-0-e4f28f57990c@linuxfoundation.org';
const OPENBMC = corpus('openbmc-lists-ozlabs/openbmc-2019-03_2021-07.mboxrd.gz');
const OPENBMC_SERIES = '20190626071430.28556-1-andrew@aj.id.au';
const FIXTURES = join(repoRoot, 'test/fixtures/compat');

/** What b4 wrote against public-inbox for the openbmc series (see the top of this file). */
const OPENBMC_EXPECTED = {
  amMbx: '7530a56f52acc93b1d5b2cb31404399b9995a2e2f4e1bfd2287fe37d179ee9a5',
  amCover: '2649278e882df6bee624a5e866856b10fa20e6f71c33cae2cacc13dd69b5bf55',
  /** `b4 mbox`, less the headers public-inbox drops at import (see withoutDroppedHeaders). */
  mbox: 'e6c2497db5e9837446907d9a88cc959e6f6322c4008136c20bf2914d88d9b7ed',
};

const tools = needsCommands('b4', 'git');
const skipOf = (path: string) =>
  tools.skip ? tools : existsSync(path) ? {} : { skip: `corpus file missing: ${path} (../shared/corpus)` };

const home = tempDir({ after }, 'listarchive-b4-home-');

/** b4 as ../shared/peers/b4-against runs it, with HOME and caches in a temporary folder. */
async function b4(base: string, out: string, args: string[]) {
  const settings: [string, string][] = [
    ['b4.midmask', `${base}/%s`],
    ['b4.linkmask', `${base}/%s`],
    ['b4.attestation-policy', 'off'],
    ['user.name', 'Archive Tester'],
    ['user.email', 'tester@127.0.0.1'],
  ];
  const env: Record<string, string> = {
    GIT_CONFIG_COUNT: String(settings.length),
    HOME: home,
    XDG_CACHE_HOME: join(home, 'cache'),
    XDG_CONFIG_HOME: join(home, 'config'),
  };
  settings.forEach(([key, value], i) => {
    env[`GIT_CONFIG_KEY_${i}`] = key;
    env[`GIT_CONFIG_VALUE_${i}`] = value;
  });
  const [command, ...rest] = args;
  mkdirSync(out, { recursive: true });
  // cwd is no git repository, as when the public-inbox side was made (b4 looks for base commits).
  succeeded(await run('b4', ['-n', command, '-C', '-o', out, ...rest], { cwd: home, env }), `b4 ${command}`);
  const written = (suffix: string) => {
    const name = readdirSync(out).find((f) => f.endsWith(suffix));
    return name ? readFileSync(join(out, name), 'utf8').replaceAll(base, 'BASE') : null;
  };
  return { mbx: written('.mbx'), cover: written('.cover') };
}

/**
 * A mailbox less the headers public-inbox drops when it imports (Import.pm @UNWANTED_HEADERS and
 * MDA.pm @BAD_HEADERS): listarchive keeps every byte, so `b4 mbox` differs from public-inbox's
 * there (openbmc carries Delivered-To and X-Original-To) and nowhere else.
 */
function withoutDroppedHeaders(mbox: string): string {
  const dropped =
    /^(?:bytes|lines|content-length|status|x-status|delivered-to|x-original-to|approved|approve|x-approved|x-approve|urgent)$/i;
  const out: string[] = [];
  let inHeader = false;
  let dropping = false;
  for (const line of mbox.split('\n')) {
    if (line.startsWith('From ')) {
      inHeader = true;
      dropping = false;
    } else if (inHeader && line === '') {
      inHeader = false;
    } else if (inHeader) {
      if (line[0] === ' ' || line[0] === '\t') {
        if (dropping) continue;
      } else {
        dropping = dropped.test(line.split(':')[0].trim());
        if (dropping) continue;
      }
    }
    out.push(line);
  }
  return out.join('\n');
}

/** `git am` of b4's mbox in a fresh repository holding the tree the series applies to (preimage.ts). */
async function gitAm(t: { after: (fn: () => void) => void }, mbx: string) {
  const repo = tempDir(t, 'listarchive-git-am-');
  for (const [path, content] of baseTree(parseDiffs(mbx))) {
    mkdirSync(dirname(join(repo, path)), { recursive: true });
    writeFileSync(join(repo, path), content);
  }
  writeFileSync(join(repo, 'series.mbx'), mbx);
  const env = {
    GIT_CONFIG_COUNT: '2',
    GIT_CONFIG_KEY_0: 'user.name',
    GIT_CONFIG_VALUE_0: 'Archive Tester',
    GIT_CONFIG_KEY_1: 'user.email',
    GIT_CONFIG_VALUE_1: 'tester@127.0.0.1',
    HOME: home,
  };
  const git = async (...args: string[]) =>
    succeeded(await run('git', args, { cwd: repo, env }), `git ${args[0]}`);
  await git('init', '-q');
  await git('add', '--all', ':!series.mbx');
  await git('commit', '-q', '-m', 'base tree rebuilt from the series');
  await git('am', 'series.mbx');
  return (await git('log', '--format=%B%x00', 'HEAD~1..HEAD')).stdout.toString();
}

const patchCount = (mbx: string) => mbx.split('\n').filter((l) => /^Subject: \[PATCH/.test(l)).length;

describe('b4 against the b4-samples series (trailers-thread-with-followups)', () => {
  const skip = skipOf(SAMPLE);
  let served: Served;
  let base: string;
  before(async () => {
    if (skip.skip) return;
    served = await serveArchive([{ name: 'b4sample', address: 'list@example.org', sources: [SAMPLE] }]);
    base = `${served.origin}/b4sample`;
  });
  after(() => served?.close());

  test(
    'b4 am writes the same series and cover letter as against public-inbox; git am applies it',
    skip,
    async (t) => {
      const written = await b4(base, join(served.dir, 'am'), ['am', '-l', SAMPLE_SERIES]);
      assert.equal(
        written.mbx,
        readFileSync(join(FIXTURES, 'trailers-thread-with-followups.am.mbx'), 'utf8'),
      );
      assert.equal(
        written.cover,
        readFileSync(join(FIXTURES, 'trailers-thread-with-followups.am.cover'), 'utf8'),
      );
      assert.equal(patchCount(written.mbx!), 4);
      // The follow-up's trailer reached the last patch, and its Link points at our Message-ID URL.
      const last = await gitAm(t, written.mbx!);
      assert.match(last, /^Reviewed-by: Follow Upper <follow.upper@example.org>$/m);
      assert.match(last, /^Link: BASE\/20221025-test1-v1-4-e4f28f57990c@linuxfoundation.org$/m);
    },
  );

  test('b4 mbox writes the same thread as against public-inbox', skip, async () => {
    const written = await b4(base, join(served.dir, 'mbox'), ['mbox', SAMPLE_SERIES]);
    assert.equal(
      written.mbx,
      readFileSync(join(FIXTURES, 'trailers-thread-with-followups.mbox.mbx'), 'utf8'),
    );
  });
});

describe('b4 against a real openbmc series (pinctrl: aspeed, 8 patches, 26 messages)', () => {
  const skip = skipOf(OPENBMC);
  let served: Served;
  let base: string;
  before(
    async () => {
      if (skip.skip) return;
      // The whole corpus, once for this file: the thread must be found among 11,000 messages.
      served = await serveArchive([{ name: 'openbmc', sources: [OPENBMC] }], { workers: true });
      base = `${served.origin}/openbmc`;
    },
    { timeout: 900_000 },
  );
  after(() => served?.close());

  test('b4 am writes what it writes against public-inbox; git am applies all 8 patches', skip, async (t) => {
    const written = await b4(base, join(served.dir, 'am'), ['am', '-l', OPENBMC_SERIES]);
    assert.equal(sha256(written.mbx!), OPENBMC_EXPECTED.amMbx);
    assert.equal(sha256(written.cover!), OPENBMC_EXPECTED.amCover);
    assert.equal(patchCount(written.mbx!), 8);
    const last = await gitAm(t, written.mbx!);
    assert.match(last, /^pinctrl: aspeed: Add implementation-related documentation$/m);
  });

  test(
    'b4 mbox writes the thread public-inbox gives, but for the headers public-inbox drops',
    skip,
    async () => {
      const written = await b4(base, join(served.dir, 'mbox'), ['mbox', OPENBMC_SERIES]);
      assert.equal(sha256(withoutDroppedHeaders(written.mbx!)), OPENBMC_EXPECTED.mbox);
      // listarchive serves the stored bytes: the delivery headers public-inbox removed are there.
      assert.match(written.mbx!, /^Delivered-To: openbmc@lists.ozlabs.org$/m);
    },
  );
});
