// The site config file (README.md, "Serving") and how sections order the lists.

import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { UsageError } from '../../src/archive/lists.ts';
import { groupBySection } from '../../src/web/sections.ts';
import { DEFAULT_SITE, loadSiteConfig, parseSiteConfig } from '../../src/web/site-config.ts';
import { tempDir } from '../helpers.ts';

test('a full config file', (t) => {
  const path = join(tempDir(t), 'site.toml');
  writeFileSync(
    path,
    `title = "Openwall lists"
tagline = "Mailing lists hosted here"
banner = "Moved from the old server on 2026-11-01"
sections = ["Security", "Linux"]
time_zone = "Europe/Berlin"
`,
  );
  assert.deepEqual(loadSiteConfig(path), {
    title: 'Openwall lists',
    tagline: 'Mailing lists hosted here',
    banner: 'Moved from the old server on 2026-11-01',
    sections: ['Security', 'Linux'],
    timeZone: 'Europe/Berlin',
  });
});

test('missing keys take the defaults; mistakes name the file and the key', () => {
  assert.deepEqual(parseSiteConfig('title = "x"'), { ...DEFAULT_SITE, title: 'x' });
  assert.throws(() => parseSiteConfig('titel = "x"', 'site.toml'), /site.toml: unknown key "titel"/);
  assert.throws(() => parseSiteConfig('sections = "Security"', 'site.toml'), /"sections" must be a list/);
  assert.throws(() => parseSiteConfig('time_zone = "Mars/Olympus"', 'site.toml'), /unknown time zone/);
  assert.throws(() => parseSiteConfig('banner = """two\nlines"""', 'site.toml'), /one line/);
  assert.throws(
    () => parseSiteConfig('title = ', 'site.toml'),
    (error) => error instanceof UsageError && error.message.startsWith('site.toml: Invalid TOML'),
  );
  assert.throws(
    () => loadSiteConfig('/nonexistent/site.toml'),
    /cannot read config \/nonexistent\/site.toml/,
  );
});

test('sections: configured order first, then other sections by name, then lists without one', () => {
  const lists = [
    { name: 'zeta', section: 'Misc' },
    { name: 'oss-security', section: 'Security' },
    { name: 'lkml', section: 'Linux' },
    { name: 'alpha', section: 'Another' },
    { name: 'loose', section: '' },
    { name: 'announce', section: 'Security' },
  ];
  assert.deepEqual(
    groupBySection(lists, ['Security', 'Linux']).map((g) => [g.section, g.lists.map((l) => l.name)]),
    [
      ['Security', ['announce', 'oss-security']],
      ['Linux', ['lkml']],
      ['Another', ['alpha']],
      ['Misc', ['zeta']],
      ['', ['loose']],
    ],
  );
});
