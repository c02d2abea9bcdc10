// Latency of every request at one connection, as wrk measures it but without its correction:
// wrk (4.x) adds, after a run, a synthetic sample for every mean-request-interval a slow request
// stalled the connection (stats_correct, for coordinated omission), so at 1 connection its p99 is
// decided by the rare stalls of the machine and the process, not by how long requests take. This
// client keeps one keep-alive connection busy like `wrk -c1` with bench/wrk-paths.lua, times each
// request from writing it to the last byte of its answer, and prints both figures: the requests'
// own percentiles and the same data corrected the way wrk corrects it.
// Usage: node bench/latency-c1.ts PATHS-FILE PORT [SECONDS]   (answers need a Content-Length)

import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { percentile } from './percentile.ts';

const [pathsFile, port, seconds = '10'] = process.argv.slice(2);
if (!pathsFile || !port) throw new Error('usage: latency-c1.ts PATHS-FILE PORT [SECONDS]');
const requests = readFileSync(pathsFile, 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((path) => Buffer.from(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`));

const latencies = new Float64Array(10_000_000); // µs, preallocated: no collection of ours mid-run
let count = 0;
let next = 0;
let sentAt = 0n;
let pending: Buffer[] = [];
let received = 0;
let expected = -1;
const socket = connect(Number(port), '127.0.0.1');
socket.setNoDelay(true);
const runStart = process.hrtime.bigint();
const runEnd = runStart + BigInt(Number(seconds) * 1e9);

function send(): void {
  sentAt = process.hrtime.bigint();
  socket.write(requests[next++ % requests.length]);
}

function headerEnd(): number {
  const head = pending.length === 1 ? pending[0] : Buffer.concat(pending);
  pending = [head];
  const end = head.indexOf('\r\n\r\n');
  if (end < 0) return -1;
  const length = /\r\ncontent-length: *(\d+)/i.exec(head.subarray(0, end).toString('latin1'));
  if (!length) throw new Error('an answer without Content-Length: this client cannot time it');
  return end + 4 + Number(length[1]);
}

socket.on('connect', send);
socket.on('data', (chunk) => {
  pending.push(chunk);
  received += chunk.length;
  if (expected < 0) expected = headerEnd();
  if (expected < 0 || received < expected) return;
  if (received > expected) throw new Error('more bytes than one answer: pipelining is not expected');
  const now = process.hrtime.bigint();
  latencies[count++] = Number(now - sentAt) / 1000;
  pending = [];
  received = 0;
  expected = -1;
  if (now < runEnd && count < latencies.length) send();
  else report(Number(now - runStart) / 1000);
});

/** wrk's stats_correct on the sorted samples: a sample of n µs adds n-i, n-2i, … (> i), i the mean interval. */
function corrected(sorted: Float64Array, interval: number): Float64Array {
  const extra: number[] = [];
  for (let k = sorted.length - 1; k >= 0 && sorted[k] >= 2 * interval; k--) {
    for (let m = sorted[k] - interval; m > interval; m -= interval) extra.push(m);
  }
  const all = new Float64Array(sorted.length + extra.length);
  all.set(sorted);
  all.set(extra, sorted.length);
  return all.sort();
}

function report(runMicroseconds: number): void {
  socket.destroy();
  const sorted = latencies.slice(0, count).sort();
  const fmt = (us: number) => `${(us / 1000).toFixed(2)}ms`;
  const withCorrection = corrected(sorted, runMicroseconds / count);
  console.log(
    `RESULT req/s=${Math.round(count / (runMicroseconds / 1e6))} p50=${fmt(percentile(sorted, 0.5))} ` +
      `p99=${fmt(percentile(sorted, 0.99))} p99.9=${fmt(percentile(sorted, 0.999))} max=${fmt(sorted[count - 1])} ` +
      `p99-as-wrk=${fmt(percentile(withCorrection, 0.99))}`,
  );
}
