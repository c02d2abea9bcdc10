// Message pages drawn from scratch (the response cache is empty; the JIT is warm): what the first
// reader of a message waits for. 300 messages picked at random (fixed seed) and the 5 largest.
// Usage: node bench/cold-pages.ts [DB] [LIST]   (default bench/out/openbmc.sqlite, openbmc)

import { openStore } from '../src/store/open.ts';
import { createApp } from '../src/web/app.ts';
import { percentile } from './percentile.ts';

const [dbPath = 'bench/out/openbmc.sqlite', listName = 'openbmc'] = process.argv.slice(2);
const store = await openStore(dbPath, { readonly: true });
const list = await store.getList(listName);
if (!list) throw new Error(`no list ${listName} in ${dbPath}`);

interface Row {
  day: string;
  n: number;
  rawSize: number;
}
const rows: Row[] = [];
for await (const { day, n, rawSize } of store.read.entries(list.id)) rows.push({ day, n, rawSize });

// a small deterministic generator: the same 300 pages on every run
let seed = 1;
const random = () => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed / 2 ** 31;
};
const sample = Array.from(
  { length: Math.min(300, rows.length) },
  () => rows[Math.floor(random() * rows.length)],
);
const largest = [...rows].sort((a, b) => b.rawSize - a.rawSize).slice(0, 5);
const pathOf = (row: Row) => `/${listName}/${row.day.replaceAll('-', '/')}/${row.n}`;

async function timeCold(paths: string[]): Promise<number[]> {
  const app = await createApp({ store }); // a new app: its response cache is empty
  const times: number[] = [];
  for (const path of paths) {
    const started = performance.now();
    const response = await app.request(path);
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`${path}: ${response.status}`);
    times.push(performance.now() - started);
  }
  return times;
}

await timeCold(sample.map(pathOf)); // warm the JIT and the OS cache
const times = (await timeCold(sample.map(pathOf))).sort((a, b) => a - b);
console.log(
  `${sample.length} random message pages, cold: p50 ${percentile(times, 0.5).toFixed(2)} ms, ` +
    `p95 ${percentile(times, 0.95).toFixed(2)} ms, p99 ${percentile(times, 0.99).toFixed(2)} ms, ` +
    `max ${times[times.length - 1].toFixed(2)} ms`,
);
for (const row of largest) {
  const runs = [];
  for (let i = 0; i < 5; i++) runs.push((await timeCold([pathOf(row)]))[0]);
  console.log(
    `${pathOf(row)} (${(row.rawSize / 1e6).toFixed(2)} MB): median of 5 cold renders ${percentile(
      runs.sort((a, b) => a - b),
      0.5,
    ).toFixed(1)} ms`,
  );
}
await store.close();
