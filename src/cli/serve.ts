// `listarchive serve`: the web archive. With --workers N, N processes share the port (node:cluster);
// each opens the archive read-only and notices new mail by itself, so `import` and `deliver` can run
// while it serves.

import cluster from 'node:cluster';
import type { AddressInfo } from 'node:net';
import { createWeb, normalizeBasePath } from '../web/app.ts';
import { createWebServer } from '../web/server.ts';
import { DEFAULT_SITE, loadSiteConfig } from '../web/site-config.ts';
import { type GlobalOptions, openStore, parseCommand, UsageError } from './context.ts';

/** A worker that dies sooner than this after its start counts as crashing, not as a one-off failure. */
const CRASH_WINDOW_MS = 5_000;

export async function run(args: string[], global: GlobalOptions): Promise<number> {
  const { values } = parseCommand(args, {
    host: { type: 'string' },
    port: { type: 'string' },
    'base-path': { type: 'string' },
    config: { type: 'string' },
    workers: { type: 'string' },
  });
  const host = values.host ?? '127.0.0.1';
  const port = Number(values.port ?? '8080');
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError('--port takes a number from 0 to 65535');
  const workers = Number(values.workers ?? '1');
  if (!Number.isInteger(workers) || workers < 1 || workers > 64)
    throw new UsageError('--workers takes a number from 1 to 64');
  let basePath: string;
  try {
    basePath = normalizeBasePath(values['base-path'] ?? '/');
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  // Read the config and open the store before forking, so mistakes show once, as one line.
  const site = values.config ? loadSiteConfig(values.config) : DEFAULT_SITE;
  const store = await openStore(global, { readonly: true });

  if (workers > 1 && cluster.isPrimary) {
    await store.close();
    return supervise(workers, (actualPort) => `http://${host}:${actualPort}${basePath}/`);
  }

  const web = await createWeb({ store, site, basePath });
  return new Promise((resolve, reject) => {
    const server = createWebServer(web, host);
    server.listen(port, host, () => {
      const info = server.address() as AddressInfo;
      if (cluster.isPrimary)
        process.stderr.write(
          `listarchive: serving ${store.location} on http://${host}:${info.port}${basePath}/\n`,
        );
    });
    server.on('error', (error) =>
      reject(new UsageError(`cannot listen on ${host}:${port}: ${error.message}`)),
    );
    const stop = () => {
      server.close(() => {
        void store.close();
        // A worker's IPC channel to the primary would keep it alive: let go of it.
        if (cluster.isWorker) cluster.worker?.disconnect();
        resolve(0);
      });
      // Keep-alive connections would hold close() open: end them.
      server.closeAllConnections();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

/** The primary of --workers N: starts the workers, replaces crashed ones, stops them all on a signal. */
function supervise(count: number, url: (port: number) => string): Promise<number> {
  return new Promise((resolve) => {
    let stopping = false;
    const started = new Map<number, number>();
    const start = () => {
      const worker = cluster.fork();
      started.set(worker.id, Date.now());
    };
    for (let i = 0; i < count; i++) start();
    let listening = 0;
    cluster.on('listening', (_worker, address) => {
      if (++listening === count)
        process.stderr.write(`listarchive: serving on ${url(address.port)} with ${count} workers\n`);
    });
    cluster.on('exit', (worker, code, signal) => {
      const age = Date.now() - (started.get(worker.id) ?? 0);
      started.delete(worker.id);
      if (stopping) {
        if (Object.keys(cluster.workers ?? {}).length === 0) resolve(0);
        return;
      }
      process.stderr.write(`listarchive: worker ${worker.process.pid} exited (${signal ?? code})\n`);
      // A worker that cannot even start (port taken, archive gone) would be restarted forever.
      if (age < CRASH_WINDOW_MS) {
        process.stderr.write('listarchive: workers fail at start; stopping\n');
        stopAll(1);
        return;
      }
      start();
    });
    const stopAll = (code: number) => {
      if (stopping) return;
      stopping = true;
      const alive = Object.values(cluster.workers ?? {});
      if (alive.length === 0) resolve(code);
      for (const worker of alive) worker?.process.kill('SIGTERM');
      if (code !== 0) setImmediate(() => resolve(code));
    };
    process.once('SIGINT', () => stopAll(0));
    process.once('SIGTERM', () => stopAll(0));
  });
}
