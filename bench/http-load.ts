// HTTP load on loopback with autocannon: requests/s and latency percentiles over a fixed set of URLs.
// usage: node bench/http-load.ts URLS_FILE CONNECTIONS SECONDS [LABEL]
//   URLS_FILE: one absolute URL per line (http://127.0.0.1:PORT/...); requests cycle through them.

import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';

const [file, connectionsArg, secondsArg, label = ''] = process.argv.slice(2);
if (!file) {
  process.stderr.write('usage: node bench/http-load.ts URLS_FILE CONNECTIONS SECONDS [LABEL]\n');
  process.exit(2);
}
const urls = readFileSync(file, 'utf8').split('\n').filter(Boolean);
const origin = new URL(urls[0]).origin;
const paths = urls.map((u) => {
  const url = new URL(u);
  return url.pathname + url.search;
});
let next = 0;
const result = await autocannon({
  url: origin,
  connections: Number(connectionsArg ?? 1),
  duration: Number(secondsArg ?? 10),
  requests: [
    {
      setupRequest: (request) => ({
        ...request,
        path: paths[next++ % paths.length],
      }),
    },
  ],
});
const non2xx = result.non2xx;
process.stdout.write(
  `${label}\tc=${connectionsArg}\treq/s=${result.requests.average.toFixed(0)}\tp50=${result.latency.p50}ms\t` +
    `p99=${result.latency.p99}ms\tmax=${result.latency.max}ms\tnon2xx=${non2xx}\terrors=${result.errors}\n`,
);
