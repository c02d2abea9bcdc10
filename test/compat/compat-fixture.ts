// Plumbing of the compatibility tests: a temporary archive served on 127.0.0.1 (createWebServer, as
// `listarchive serve` runs it), and the real clients run against it as child
// processes — b4, git, python3 — with skip reasons when one is not installed.

import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importMessages } from '../../src/archive/ingest.ts';
import { newListSettings } from '../../src/archive/lists.ts';
import { inlinePreparer, ParsePool } from '../../src/archive/parse-pool.ts';
import { openSource } from '../../src/mail/sources.ts';
import type { RawMessage } from '../../src/mail/types.ts';
import { openStore } from '../../src/store/open.ts';
import type { ListSettings } from '../../src/store/store.ts';
import { createWeb } from '../../src/web/app.ts';
import { createWebServer } from '../../src/web/server.ts';
import { runProgram } from '../helpers.ts';

/** Whether a command is on PATH. */
export function hasCommand(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

/** Pass as the test option: skips, saying why, when a Debian package the test drives is missing. */
export function needsCommands(...names: string[]): { skip?: string } {
  const missing = names.filter((name) => !hasCommand(name));
  return missing.length === 0 ? {} : { skip: `not installed: ${missing.join(', ')} (make system-packages)` };
}

/**
 * Debian's Python: the python3-* packages the tests use (feedparser) are installed for it, and a
 * python3 found first on PATH (pyenv, a virtualenv) may not see them.
 */
export const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

/** Python with a module importable, or a skip reason. */
export function needsPythonModule(module: string): { skip?: string } {
  if (!hasCommand(PYTHON)) return { skip: 'python3 is not installed' };
  const ok = spawnSync(PYTHON, ['-c', `import ${module}`], { stdio: 'ignore' }).status === 0;
  return ok ? {} : { skip: `python3 module ${module} is missing (apt-get install python3-${module})` };
}

export interface ListSpec {
  name: string;
  address?: string;
  obfuscate?: boolean;
  /** Mailboxes imported in order (any format `import` reads). */
  sources?: string[];
  /** Single messages imported after the mailboxes, in order. */
  messages?: Buffer[];
}

async function* rawMessages(texts: Buffer[]): AsyncGenerator<RawMessage> {
  let i = 0;
  for (const bytes of texts) yield { bytes, envelopeDate: null, origin: `message#${++i}`, sourceOffset: 0 };
}

export interface Served {
  /** `http://127.0.0.1:PORT` (no slash). */
  origin: string;
  dir: string;
  close(): Promise<void>;
}

/**
 * Builds an archive of the lists and serves it read-only on a free loopback port. The caller closes
 * it (in its `after` hook: a `before` hook cannot register one), which also removes the archive.
 */
export async function serveArchive(lists: ListSpec[], options: { workers?: boolean } = {}): Promise<Served> {
  const dir = mkdtempSync(join(tmpdir(), 'listarchive-compat-'));
  const path = join(dir, 'archive.sqlite');
  const writer = await openStore(path);
  // The big corpus parses on worker threads, as `import` does; small ones are quicker in line.
  const pool = options.workers ? new ParsePool() : null;
  try {
    for (const spec of lists) {
      const settings: ListSettings = newListSettings(spec.name, {
        address: spec.address ?? `${spec.name}@example.org`,
        obfuscate: spec.obfuscate ?? false,
      });
      const list = await writer.addList(settings);
      const preparer = pool ?? inlinePreparer;
      for (const source of spec.sources ?? [])
        await importMessages(writer, list, openSource(source), preparer);
      if (spec.messages) await importMessages(writer, list, rawMessages(spec.messages), preparer);
    }
  } finally {
    await pool?.close();
    await writer.close();
  }
  const store = await openStore(path, { readonly: true });
  const web = await createWeb({ store, logError: (message) => console.error(message) });
  const server = createWebServer(web, '127.0.0.1');
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const close = async () => {
    await new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  };
  return { origin: `http://127.0.0.1:${port}`, dir, close };
}

export interface Run {
  code: number | null;
  stdout: Buffer;
  stderr: string;
}

/** Runs a program without blocking the event loop (the server it talks to lives in this process). */
export async function run(
  command: string,
  args: string[],
  options: { cwd?: string; env?: Record<string, string>; input?: Buffer | string } = {},
): Promise<Run> {
  const result = await runProgram(command, args, options);
  return { code: result.code, stdout: result.stdout, stderr: result.stderr.toString() };
}

/** Fails with the program's own words when it did not exit 0. */
export function succeeded(result: Run, what: string): Run {
  if (result.code !== 0) throw new Error(`${what} exited ${result.code}:\n${result.stderr}${result.stdout}`);
  return result;
}

export function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** A python3 script of test/compat/, run with arguments; its stdout parsed as JSON. */
export async function python(script: string, args: string[]): Promise<unknown> {
  const result = succeeded(await run(PYTHON, [join(import.meta.dirname, script), ...args]), script);
  return JSON.parse(result.stdout.toString());
}
