// Threading containers of one list, kept in SQLite so that threading is incremental across imports
// and deliveries. Used only inside a write transaction.

import type Database from 'better-sqlite3';
import { type ContainerRow, containerFromRow } from '../columns.ts';
import type { ContainerStore, ThreadContainer } from '../store.ts';

export class SqliteContainerStore implements ContainerStore {
  private readonly select: Database.Statement<[number, string], ContainerRow>;
  private readonly upsert: Database.Statement;
  private readonly renumberContainers: Database.Statement;
  private readonly renumberEntries: Database.Statement;
  private readonly takeThreadId: Database.Statement<[number], { id: number }>;
  private readonly listId: number;

  constructor(db: Database.Database, listId: number) {
    this.listId = listId;
    this.select = db.prepare(
      'SELECT message_id, parent_id, thread_id, ghost FROM containers WHERE list_id = ? AND message_id = ?',
    );
    this.upsert = db.prepare(
      `INSERT INTO containers (list_id, message_id, parent_id, thread_id, ghost) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (list_id, message_id) DO UPDATE SET parent_id = excluded.parent_id,
         thread_id = excluded.thread_id, ghost = excluded.ghost`,
    );
    this.renumberContainers = db.prepare(
      'UPDATE containers SET thread_id = ? WHERE list_id = ? AND thread_id = ?',
    );
    this.renumberEntries = db.prepare('UPDATE entries SET thread_id = ? WHERE list_id = ? AND thread_id = ?');
    this.takeThreadId = db.prepare(
      'UPDATE lists SET next_thread_id = next_thread_id + 1 WHERE id = ? RETURNING next_thread_id - 1 AS id',
    );
  }

  async getMany(messageIds: string[]): Promise<Map<string, ThreadContainer>> {
    // One indexed lookup each: as fast as an IN list in SQLite, and no statement per list length.
    const found = new Map<string, ThreadContainer>();
    for (const id of messageIds) {
      const row = this.select.get(this.listId, id);
      if (row) found.set(id, containerFromRow(row));
    }
    return found;
  }

  async putMany(containers: ThreadContainer[]): Promise<void> {
    for (const c of containers)
      this.upsert.run(this.listId, c.messageId, c.parentId, c.threadId, c.ghost ? 1 : 0);
  }

  async renumberThread(from: number, to: number): Promise<void> {
    this.renumberContainers.run(to, this.listId, from);
    this.renumberEntries.run(to, this.listId, from);
  }

  async nextThreadId(): Promise<number> {
    return this.takeThreadId.get(this.listId)!.id;
  }
}
