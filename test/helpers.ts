// Shared test plumbing: the shared corpus location, temporary archives, and running the CLI.

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('..', import.meta.url));
export const corpusRoot = fileURLToPath(new URL('../../shared/corpus/', import.meta.url));
export const hasCorpus = existsSync(corpusRoot);
/** Pass as the test option: skips with a reason a reader accepts when ../shared is absent. */
export const needsCorpus = hasCorpus ? {} : { skip: 'shared corpus not present (../shared/corpus)' };

export function corpus(path: string): string {
  return join(corpusRoot, path);
}

export function tempDir(t: { after: (fn: () => void) => void }, prefix = 'listarchive-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs a program to its end without blocking the event loop (a server under test may live in this process). */
export function runProgram(
  command: string,
  args: string[],
  options: { input?: string | Buffer; env?: Record<string, string>; cwd?: string } = {},
): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: Buffer; stderr: Buffer }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => err.push(d));
    child.on('error', reject);
    child.on('close', (code, signal) =>
      resolve({ code, signal, stdout: Buffer.concat(out), stderr: Buffer.concat(err) }),
    );
    // A program that exits without reading its input (b4 does) closes the pipe under our write: the
    // exit status and output tell the result, not the EPIPE.
    child.stdin.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') reject(error);
    });
    child.stdin.end(options.input ?? '');
  });
}

export async function runCli(
  args: string[],
  options: { input?: string | Buffer; env?: Record<string, string>; cwd?: string } = {},
): Promise<CliResult> {
  const result = await runProgram(process.execPath, [join(repoRoot, 'bin/listarchive.js'), ...args], {
    ...options,
    cwd: options.cwd ?? repoRoot,
  });
  return { ...result, stdout: result.stdout.toString('utf8'), stderr: result.stderr.toString('utf8') };
}
