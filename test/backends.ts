// The storage backends a suite runs on: one SQLite file, and a database in the PostgreSQL test cluster
// that `make test` starts (scripts/test-postgres.sh; its admin URL in LISTARCHIVE_TEST_PG). Every
// location is fresh and empty and is removed after its test.
//
//   forEachBackend(test, 'a list keeps its settings', async (t, backend) => {
//     const store = await openStore(await backend.location(t));
//     t.after(() => store.close());
//     …
//   });

import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type test from 'node:test';
import type { TestContext } from 'node:test';
import postgres from 'postgres';
import { tempDir } from './helpers.ts';

export interface TestBackend {
  name: 'sqlite' | 'postgres';
  /** Why this backend's tests skip here, or false when it is available. */
  skip: string | false;
  /** A fresh, empty archive location for --db: a file path in a temp dir, or the URL of a new database. */
  location(t: TestContext): Promise<string>;
}

const adminUrl = process.env.LISTARCHIVE_TEST_PG || null;

export const sqliteBackend: TestBackend = {
  name: 'sqlite',
  skip: false,
  async location(t) {
    return join(tempDir(t), 'archive.sqlite');
  },
};

export const postgresBackend: TestBackend = {
  name: 'postgres',
  skip: adminUrl ? false : 'PostgreSQL test cluster not running (LISTARCHIVE_TEST_PG unset)',
  async location(t) {
    if (!adminUrl) throw new Error(postgresBackend.skip as string);
    const name = newDatabaseName();
    await withAdmin((sql) => sql.unsafe(`CREATE DATABASE ${name}`));
    // t.after hooks run in the order they were added, so this drop comes before the close of a store
    // opened on the location: FORCE ends the store's connections (its close() still succeeds).
    t.after(() => withAdmin((sql) => sql.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)));
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    return url.href;
  },
};

export const backends: TestBackend[] = [sqliteBackend, postgresBackend];

type Runner = TestContext | typeof test;

/**
 * Runs `fn` as one test per backend, named `name [backend]`, skipped with the reason where a backend is
 * unavailable. Given a TestContext, these are its subtests: await the result.
 */
export async function forEachBackend(
  t: Runner,
  name: string,
  fn: (t: TestContext, backend: TestBackend) => Promise<void>,
): Promise<void> {
  await Promise.all(
    backends.map((backend) => {
      const options = { skip: backend.skip };
      const body = (t: TestContext) => fn(t, backend);
      const title = `${name} [${backend.name}]`;
      return typeof t === 'function' ? t(title, options, body) : t.test(title, options, body);
    }),
  );
}

// Several test processes create databases in the one cluster at once: the pid keeps them apart on this
// machine, the random part across machines and pid reuse, the counter within the process.
let created = 0;
function newDatabaseName(): string {
  return `la_${process.pid}_${++created}_${randomBytes(4).toString('hex')}`;
}

// One admin connection shared by the process's creates and drops, ended as soon as none is running:
// an open connection would keep a finished test process alive.
let admin: postgres.Sql | null = null;
let adminUsers = 0;

async function withAdmin<T>(work: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  adminUsers++;
  admin ??= postgres(adminUrl!, { max: 1, onnotice: () => {} });
  const sql = admin;
  try {
    return await work(sql);
  } finally {
    if (--adminUsers === 0) {
      admin = null;
      await sql.end();
    }
  }
}
