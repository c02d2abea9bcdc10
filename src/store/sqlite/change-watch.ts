// How a reader of the SQLite file learns of commits: `PRAGMA data_version` changes whenever another
// connection commits, `total_changes()` counts this connection's own (a test may serve the store it
// writes). When the archive last changed is the newest mtime of the file and its WAL, or the
// process's start when later (a new version of listarchive may draw pages differently): the same in
// every process and never earlier than the change, so `If-Modified-Since` revalidation stays correct
// (if coarse: any commit renews every page).

import { statSync } from 'node:fs';
import type Database from 'better-sqlite3';
import type { ChangeWatch } from '../store.ts';

export class SqliteChangeWatch implements ChangeWatch {
  private readonly db: Database.Database;
  private readonly dataVersion: Database.Statement<[], { data_version: number }>;
  private readonly ownChanges: Database.Statement<[], { n: number }>;
  private readonly started = Date.now();
  private version: string;
  private changed = new Date(0);

  constructor(db: Database.Database) {
    this.db = db;
    this.dataVersion = db.prepare('PRAGMA data_version');
    this.ownChanges = db.prepare('SELECT total_changes() AS n');
    this.version = this.current();
    this.changed = this.mtime();
  }

  private current(): string {
    return `${this.dataVersion.get()!.data_version}:${this.ownChanges.get()!.n}`;
  }

  poll(): boolean {
    const version = this.current();
    if (version === this.version) return false;
    this.version = version;
    this.changed = this.mtime();
    return true;
  }

  lastModified(): Date {
    return this.changed;
  }

  private mtime(): Date {
    const path = this.db.name;
    let newest = 0;
    for (const file of [path, `${path}-wal`]) {
      try {
        newest = Math.max(newest, statSync(file).mtimeMs);
      } catch {
        // no WAL file (checkpointed and removed) or an in-memory database
      }
    }
    newest = Math.max(newest, this.started);
    return new Date(Math.floor(newest / 1000) * 1000);
  }
}
