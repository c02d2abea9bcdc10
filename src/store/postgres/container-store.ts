// One list's threading containers inside a write transaction: what src/archive/threading.ts runs JWZ
// over. Each call is one statement, so threading a message costs a handful of round trips whatever
// it references; every call first takes the list's lock (writer.ts), so no other writer threads the
// list meanwhile.

import type { ContainerStore, ThreadContainer } from '../store.ts';
import type { TransactionSql } from './connection.ts';
import { type ContainerRow, containerFromRow } from './rows.ts';

/** The type oid of text: the Message-IDs go as one text[] parameter. */
const TEXT = 25;
/** Containers per INSERT: 5 parameters each stays far below PostgreSQL's 65,535 per statement. */
const UPSERT_BATCH = 1000;

export class PostgresContainerStore implements ContainerStore {
  private readonly tx: TransactionSql;
  private readonly listId: number;
  /** Takes the list's lock (once per transaction) and notes that the transaction writes. */
  private readonly lockList: (listId: number) => Promise<void>;
  private readonly noteChange: () => void;

  constructor(
    tx: TransactionSql,
    listId: number,
    lockList: (listId: number) => Promise<void>,
    noteChange: () => void,
  ) {
    this.tx = tx;
    this.listId = listId;
    this.lockList = lockList;
    this.noteChange = noteChange;
  }

  async getMany(messageIds: string[]): Promise<Map<string, ThreadContainer>> {
    await this.lockList(this.listId);
    const found = new Map<string, ThreadContainer>();
    if (messageIds.length === 0) return found;
    const rows = await this.tx<ContainerRow[]>`
      SELECT message_id, parent_id, thread_id, ghost FROM containers
      WHERE list_id = ${this.listId} AND message_id = ANY(${this.tx.array(messageIds, TEXT)}::text[])`;
    for (const row of rows) found.set(row.message_id, containerFromRow(row));
    return found;
  }

  async putMany(containers: ThreadContainer[]): Promise<void> {
    await this.lockList(this.listId);
    if (containers.length === 0) return;
    this.noteChange();
    // One row per Message-ID, the last one given: an upsert may not touch a row twice.
    const byId = new Map(containers.map((c) => [c.messageId, c]));
    const rows = [...byId.values()].map((c) => ({
      list_id: this.listId,
      message_id: c.messageId,
      parent_id: c.parentId,
      thread_id: c.threadId,
      ghost: c.ghost,
    }));
    for (let start = 0; start < rows.length; start += UPSERT_BATCH) {
      await this.tx`
        INSERT INTO containers ${this.tx(rows.slice(start, start + UPSERT_BATCH), 'list_id', 'message_id', 'parent_id', 'thread_id', 'ghost')}
        ON CONFLICT (list_id, message_id) DO UPDATE SET parent_id = excluded.parent_id,
          thread_id = excluded.thread_id, ghost = excluded.ghost`;
    }
  }

  async renumberThread(from: number, to: number): Promise<void> {
    await this.lockList(this.listId);
    this.noteChange();
    await Promise.all([
      this.tx`UPDATE containers SET thread_id = ${to} WHERE list_id = ${this.listId} AND thread_id = ${from}`,
      this.tx`UPDATE entries SET thread_id = ${to} WHERE list_id = ${this.listId} AND thread_id = ${from}`,
    ]);
  }

  async nextThreadId(): Promise<number> {
    await this.lockList(this.listId);
    this.noteChange();
    const [row] = await this.tx<{ id: number }[]>`
      UPDATE lists SET next_thread_id = next_thread_id + 1 WHERE id = ${this.listId}
      RETURNING next_thread_id - 1 AS id`;
    if (!row) throw new Error(`no list with id ${this.listId}`);
    return row.id;
  }
}
