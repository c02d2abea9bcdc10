// The floor for bench/http-tail.sh: a node:http server that answers each path with the bytes and
// headers a running listarchive gave for it (fetched once at start, uncompressed) and does nothing
// else, so that a latency tail both servers share is the machine's and node:http's, not ours.
// usage: node bench/replay-server.ts PATHS-FILE SOURCE-URL PORT

import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

const [pathsFile, source, port] = process.argv.slice(2);
if (!pathsFile || !source || !port) throw new Error('usage: replay-server.ts PATHS-FILE SOURCE-URL PORT');

const DROPPED = new Set(['content-length', 'date', 'connection', 'keep-alive', 'transfer-encoding']);
const pages = new Map<string, { headers: Record<string, string>; body: Buffer }>();
for (const path of readFileSync(pathsFile, 'utf8').split('\n').filter(Boolean)) {
  const response = await fetch(source + path, { headers: { 'accept-encoding': 'identity' } });
  const headers: Record<string, string> = {};
  for (const [name, value] of response.headers) if (!DROPPED.has(name)) headers[name] = value;
  const body = Buffer.from(await response.arrayBuffer());
  headers['content-length'] = String(body.length);
  pages.set(path, { headers, body });
}

createServer((request, response) => {
  const page = pages.get(request.url ?? '');
  if (page === undefined) {
    response.writeHead(404).end();
    return;
  }
  response.writeHead(200, page.headers);
  response.end(page.body);
}).listen(Number(port), '127.0.0.1', () => process.stderr.write(`replaying ${pages.size} pages\n`));
