// Search latency and index size: 50 lore-style queries through search() in-process, p50/p95 per
// mode, and the bytes of the search tables (SQLite's dbstat, PostgreSQL's relation sizes) against
// the raw mail.
// usage: node bench/search.ts [DB] [LIST]
//   DB: an archive holding openbmc as list `openbmc` (a SQLite file or a postgres:// URL); default
//   bench/out/search-openbmc.sqlite, imported from the shared corpus when it does not exist yet. LIST: the list searched (default
//   openbmc; the 1,000,000-message archive of bench/search-1m.sh is list `big`).

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { importMessages } from '../src/archive/ingest.ts';
import { newListSettings } from '../src/archive/lists.ts';
import { ParsePool } from '../src/archive/parse-pool.ts';
import { openSource } from '../src/mail/sources.ts';
import { type SearchOptions, search } from '../src/search/search.ts';
import { backendOf, openStore } from '../src/store/open.ts';
import type { SqliteStore } from '../src/store/sqlite/sqlite-store.ts';
import type { Store } from '../src/store/store.ts';
import { createApp } from '../src/web/app.ts';
import { percentile } from './percentile.ts';

const db = process.argv[2] ?? fileURLToPath(new URL('out/search-openbmc.sqlite', import.meta.url));
const listName = process.argv[3] ?? 'openbmc';
const mbox = fileURLToPath(
  new URL('../../shared/corpus/openbmc-lists-ozlabs/openbmc-2019-03_2021-07.mboxrd.gz', import.meta.url),
);

/** What people type into lore's box for a list like openbmc: prefixes, phrases, booleans, dates. */
const QUERIES = [
  'pmbus',
  'aspeed',
  'phosphor-logging',
  'dbus-sensors',
  '"power supply"',
  '"device tree"',
  'ipmi sel',
  'redfish eventservice',
  'bmcweb',
  'u-boot ast2600',
  's:pmbus',
  's:"[PATCH v2"',
  's:ast2600',
  's:fsi',
  's:RFC',
  's:aspe*',
  'f:joel',
  'f:"andrew jeffery"',
  'f:jms.id.au',
  'f:cedric',
  't:openbmc',
  'c:aj.id.au',
  'a:jms.id.au',
  'tc:linux-aspeed',
  'b:"null pointer"',
  'bs:i2c',
  'nq:thanks',
  'q:"signed-off-by"',
  'nq:"reviewed-by: joel stanley"',
  'dfn:aspeed-g6.dtsi',
  'dfn:drivers/hwmon',
  'dfn:Makefile',
  'dfn:aspeed*',
  'm:20210113223808.31626-2-hongweiz@ami.com',
  'd:20200101..20200131',
  'd:2021-01-01..',
  'd:2.weeks.ago..',
  's:ast2600 d:2020..',
  'pmbus aspeed',
  'pmbus OR psu',
  'pmbus -s:pmbus',
  'NOT s:patch',
  '(pmbus OR psu) f:joel',
  's:(fsi OR i2c) d:2020-01..2020-06',
  'i2c OR i3c OR spi',
  'fan -s:re d:2021..',
  'the',
  '邮件',
  '回覆',
  'f:劉晉翰',
];

/** The archive, read-only (a SQLite file is imported first when missing). */
async function ensureArchive(): Promise<Store> {
  if (backendOf(db) === 'postgres' || existsSync(db)) return openStore(db, { readonly: true });
  console.log(`importing ${mbox} into ${db}`);
  const store = (await openStore(db)) as SqliteStore;
  const list = await store.addList(
    newListSettings('openbmc', { title: 'OpenBMC', address: 'openbmc@lists.ozlabs.org' }),
  );
  const pool = new ParsePool();
  const summary = await importMessages(store, list, openSource(mbox), pool);
  await pool.close();
  console.log(`imported ${summary.imported} messages in ${summary.seconds.toFixed(1)} s`);
  (store as SqliteStore).db.pragma('wal_checkpoint(TRUNCATE)');
  await store.close();
  return openStore(db, { readonly: true });
}

/** Bytes of the search tables, by table, and of the whole database. */
async function sizesOf(store: Store): Promise<{ sizes: { name: string; bytes: number }[]; file: number }> {
  if (store.backend === 'postgres') {
    const sql = postgres(db, { max: 1, onnotice: () => {} });
    const sizes = await sql<{ name: string; bytes: number }[]>`
      SELECT relname AS name, pg_total_relation_size(oid)::float8 AS bytes FROM pg_class
      WHERE relname IN ('entry_search', 'entry_search_positions', 'message_excerpts') ORDER BY relname`;
    const [{ file }] = await sql<
      { file: number }[]
    >`SELECT pg_database_size(current_database())::float8 AS file`;
    await sql.end();
    return { sizes: [...sizes], file };
  }
  const { db: sqlite } = store as SqliteStore;
  const sizes = sqlite
    .prepare<[], { name: string; bytes: number }>(
      `SELECT name, sum(pgsize) AS bytes FROM dbstat
       WHERE name LIKE 'entry_search%' OR name LIKE '%search_keys%' OR name = 'message_excerpts'
       GROUP BY name ORDER BY name`,
    )
    .all();
  const { b } = sqlite
    .prepare('SELECT page_count * page_size AS b FROM pragma_page_count, pragma_page_size')
    .get() as { b: number };
  return { sizes, file: b };
}

const store = await ensureArchive();
const now = new Date('2021-07-15T13:45:00Z');

const { sizes, file } = await sizesOf(store);
const index = sizes.reduce((sum, s) => sum + s.bytes, 0);
const stats = await store.read.stats(null);
console.log(
  `messages ${stats.messages}; raw ${(stats.bytesRaw / 1e6).toFixed(1)} MB, stored ${(stats.bytesStored / 1e6).toFixed(1)} MB, database ${(file / 1e6).toFixed(1)} MB`,
);
console.log(
  `search index ${(index / 1e6).toFixed(1)} MB = ${(index / stats.bytesRaw).toFixed(3)} of raw, ${(index / file).toFixed(3)} of the database (${sizes.map((s) => `${s.name} ${(s.bytes / 1e6).toFixed(2)}`).join(', ')})`,
);

const modes: [string, SearchOptions][] = [
  ['date, 50 results, snippets', { limit: 50 }],
  ['date, 50 results, no snippets', { limit: 50, snippets: false }],
  ['relevance, 50 results, snippets', { limit: 50, order: 'relevance' }],
  ['date, 200 results, snippets', { limit: 200 }],
  ['collapsed threads, 50, snippets', { limit: 50, collapseThreads: true }],
  ['/all/, date, 50, snippets', { limit: 50, list: undefined }],
];
/** Timed runs per query and mode (RUNS=…; the 1,000,000-message PostgreSQL archive takes 2). */
const RUNS = Number(process.env.RUNS ?? 5);
// one pass over everything first: the parser's and SQLite's code and pages are cold on the first mode
for (const query of QUERIES) await search(store.read, query, { list: listName, now, limit: 200 });
console.log(`\n${QUERIES.length} queries × ${RUNS} runs after one warm-up run, in-process, ms:`);
console.log('mode                               p50     p95     max   mean hits');
let slowest: { query: string; ms: number } = { query: '', ms: 0 };
for (const [name, options] of modes) {
  const times: number[] = [];
  let hits = 0;
  for (const query of QUERIES) {
    const opts = { list: listName, now, ...options };
    hits += (await search(store.read, query, opts)).total;
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      await search(store.read, query, opts);
      const ms = performance.now() - t0;
      times.push(ms);
      if (ms > slowest.ms) slowest = { query: `${query} (${name})`, ms };
    }
  }
  times.sort((a, b) => a - b);
  console.log(
    `${name.padEnd(32)} ${percentile(times, 0.5).toFixed(2).padStart(7)} ${percentile(times, 0.95).toFixed(2).padStart(7)} ${times.at(-1)!.toFixed(2).padStart(7)}   ${Math.round(hits / QUERIES.length)}`,
  );
}
console.log(`slowest single run: ${slowest.query}: ${slowest.ms.toFixed(1)} ms`);

// The whole results page: routing, search, snippets, HTML, with the page cache cold (a new app for
// every run, so no answer comes from memory), in-process (no socket).
{
  const times: number[] = [];
  for (let run = 0; run <= RUNS; run++) {
    const app = await createApp({ store, logError: () => {} });
    for (const query of QUERIES) {
      const t0 = performance.now();
      const response = await app.fetch(
        new Request(`http://archive.test/${listName}/?q=${encodeURIComponent(query)}`),
      );
      await response.arrayBuffer();
      if (run > 0) times.push(performance.now() - t0);
      if (response.status !== 200) throw new Error(`${query}: HTTP ${response.status}`);
    }
  }
  times.sort((a, b) => a - b);
  console.log(
    `${'HTML results page (50, cache cold)'.padEnd(32)} ${percentile(times, 0.5).toFixed(2).padStart(7)} ${percentile(times, 0.95).toFixed(2).padStart(7)} ${times.at(-1)!.toFixed(2).padStart(7)}`,
  );
}
await store.close();
