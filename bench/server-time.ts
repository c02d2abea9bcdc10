// Where a message page's time goes at 1 connection: the same server `listarchive serve` runs
// (createWebServer), in this process, with the time from the request reaching its listener to the
// listener returning (the answer handed to the socket) recorded for every cached page, while wrk
// loads it from outside. The rest of wrk's latency is node:http, the kernel, wrk and the machine.
// Usage: node bench/server-time.ts [DB] [PATHS] [RUNS]
//   (default bench/out/openbmc.sqlite, bench/out/message.paths from bench/http-openbmc.sh, 3)

import { execFile } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { createWeb } from '../src/web/app.ts';
import { createWebServer } from '../src/web/server.ts';
import { percentile } from './percentile.ts';

const [dbPath = 'bench/out/openbmc.sqlite', pathsFile = 'bench/out/message.paths', runs = '3'] =
  process.argv.slice(2);
const web = await createWeb({ store: dbPath });
// preallocated: a growing array would itself add copies and collections to the figures
const times = new Float64Array(4_000_000);
let count = 0;
const cachedPages = web.cachedPages;
web.cachedPages = (request, response) => {
  const start = process.hrtime.bigint();
  const answered = cachedPages(request, response);
  if (answered && count < times.length) times[count++] = Number(process.hrtime.bigint() - start) / 1000;
  return answered;
};
const server = createWebServer(web);
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

// wrk runs as a child, asynchronously: this process must stay free to answer.
const wrk = (seconds: number) =>
  new Promise<string>((resolve, reject) =>
    execFile(
      'wrk',
      ['-t1', '-c1', `-d${seconds}s`, '-s', 'bench/wrk-paths.lua', url],
      { env: { ...process.env, WRK_PATHS: pathsFile } },
      (error, stdout) => (error ? reject(error) : resolve(stdout)),
    ),
  );
const microseconds = (sorted: Float64Array, fraction: number) => percentile(sorted, fraction).toFixed(0);

await wrk(12); // warm-up, as bench/http-openbmc.sh
for (let run = 1; run <= Number(runs); run++) {
  count = 0;
  const result = (await wrk(10)).match(/RESULT .*/)?.[0] ?? '(no result)';
  const sorted = times.slice(0, count).sort();
  console.log(`run ${run}: wrk ${result}`);
  console.log(
    `       in the server: ${sorted.length} cached pages, p50 ${microseconds(sorted, 0.5)} µs, p99 ${microseconds(sorted, 0.99)} µs, p99.9 ${microseconds(sorted, 0.999)} µs`,
  );
}
server.close();
