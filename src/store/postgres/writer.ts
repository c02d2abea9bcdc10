// The PostgreSQL write transaction handle: what the archive writes, inside the transaction
// PostgresStore.write opened. Threading is not done here: src/archive runs it over containers().
//
// Every list-scoped call first takes that list's advisory lock (once per transaction), so seq, day/N
// and thread ids are computed by one writer per list at a time, on whatever host it runs; the
// UNIQUE constraints of `entries` stay as the last guard. Why the locks are what they are: the top of
// postgres-store.ts.

import type {
  EntrySearch,
  MessageFields,
  NewEntry,
  NewMessage,
  PlacedEntry,
  SearchDocument,
} from '../records.ts';
import type { ContainerStore, WriteTransaction } from '../store.ts';
import type { TransactionSql } from './connection.ts';
import { PostgresContainerStore } from './container-store.ts';
import { LIST_LOCK_NAMESPACE } from './locks.ts';
import { dateFrom, excerptToColumn, FIELD_COLUMNS, fieldsToColumns } from './rows.ts';
import { deleteSearchRows, insertSearchRow } from './search-rows.ts';

export class PostgresWriter implements WriteTransaction {
  private readonly tx: TransactionSql;
  /** The lists this transaction holds the lock of (or is taking it for). */
  private readonly listLocks = new Map<number, Promise<void>>();
  private readonly containerStores = new Map<number, PostgresContainerStore>();
  /** Whether anything was written: only then is the change announced. */
  changed = false;
  /**
   * The next seq of each list, and the next N of each list's day, once read under the list's lock:
   * no other writer places entries in the list until this transaction ends, so they are counted
   * here instead of read again for every entry (and an entry and its search row go in one round trip).
   */
  private readonly nextSeq = new Map<number, number>();
  private readonly nextN = new Map<string, number>();
  /** Messages this transaction stored: in no list yet but where this transaction placed them. */
  private readonly storedHere = new Set<number>();
  private readonly placedHere = new Set<string>();

  constructor(tx: TransactionSql) {
    this.tx = tx;
  }

  /** Takes the list's write lock, held until the transaction ends; waits at most lock_timeout. */
  readonly lockList = (listId: number): Promise<void> => {
    let lock = this.listLocks.get(listId);
    if (!lock) {
      lock = this.tx`SELECT pg_advisory_xact_lock(${LIST_LOCK_NAMESPACE}, ${listId})`.then(() => {});
      this.listLocks.set(listId, lock);
    }
    return lock;
  };

  private readonly noteChange = (): void => {
    this.changed = true;
  };

  /** Writes what the containers keep back (container-store.ts); before commit. */
  async flush(): Promise<void> {
    for (const store of this.containerStores.values()) await store.flush();
  }

  async findStored(contentKey: Buffer): Promise<number | null> {
    const [row] = await this.tx<{ id: bigint }[]>`SELECT id FROM messages WHERE content_key = ${contentKey}`;
    return row ? Number(row.id) : null;
  }

  async inList(listId: number, storedId: number): Promise<boolean> {
    await this.lockList(listId);
    if (this.storedHere.has(storedId)) return this.placedHere.has(`${listId}:${storedId}`);
    const rows = await this.tx`SELECT 1 FROM entries WHERE list_id = ${listId} AND message = ${storedId}`;
    return rows.length > 0;
  }

  containers(listId: number): ContainerStore {
    let store = this.containerStores.get(listId);
    if (!store) {
      store = new PostgresContainerStore(this.tx, listId, this.lockList, this.noteChange);
      this.containerStores.set(listId, store);
    }
    return store;
  }

  async insertMessage(message: NewMessage): Promise<number> {
    const row = {
      content_key: message.contentKey,
      raw: message.raw,
      raw_size: message.rawSize,
      codec: message.codec,
      envelope_date: message.envelopeDate ? message.envelopeDate.getTime() : null,
      ...fieldsToColumns(message.fields),
    };
    // Two writers may store the same content at once (a message cross-posted to two lists, delivered
    // to both at the same moment): the second INSERT waits for the first to commit, then does
    // nothing, and the id is read back. The excerpt goes in with the message, in the same statement.
    const [inserted] = await this.tx<{ id: bigint }[]>`
      WITH stored AS (
        INSERT INTO messages ${this.tx(row, 'content_key', 'raw', 'raw_size', 'codec', 'envelope_date', ...FIELD_COLUMNS)}
        ON CONFLICT (content_key) DO NOTHING RETURNING id
      ), excerpt AS (
        INSERT INTO message_excerpts (message, utf8) SELECT id, ${excerptToColumn(message.excerpt)} FROM stored
      )
      SELECT id FROM stored`;
    if (inserted) {
      this.changed = true;
      this.storedHere.add(Number(inserted.id));
      return Number(inserted.id);
    }
    const storedId = await this.findStored(message.contentKey);
    if (storedId === null) throw new Error('a message with this content key was stored and is gone again');
    return storedId;
  }

  async addEntry(entry: NewEntry, search: EntrySearch): Promise<{ seq: number; n: number }> {
    await this.lockList(entry.listId);
    this.changed = true;
    const dayKey = `${entry.listId}:${entry.day}`;
    let seq = this.nextSeq.get(entry.listId);
    let n = this.nextN.get(dayKey);
    if (seq === undefined || n === undefined) {
      const [last] = await this.tx<{ seq: number; n: number }[]>`
        SELECT coalesce((SELECT max(seq) FROM entries WHERE list_id = ${entry.listId}), 0) + 1 AS seq,
          coalesce((SELECT max(n) FROM entries WHERE list_id = ${entry.listId} AND day = ${entry.day}), 0) + 1 AS n`;
      seq = last.seq;
      n = last.n;
    }
    this.nextSeq.set(entry.listId, seq + 1);
    this.nextN.set(dayKey, n + 1);
    this.placedHere.add(`${entry.listId}:${entry.storedId}`);
    // sent together: postgres.js pipelines the two statements on the transaction's connection
    await Promise.all([
      this.tx`
        INSERT INTO entries (list_id, seq, message, day, n, message_id, thread_id)
        VALUES (${entry.listId}, ${seq}, ${entry.storedId}, ${entry.day}, ${n}, ${entry.messageId},
          ${entry.threadId})`,
      insertSearchRow(this.tx, { listId: entry.listId, seq, message: entry.storedId }, search),
    ]);
    return { seq, n };
  }

  async placeEntry(entry: PlacedEntry, search: EntrySearch): Promise<boolean> {
    await this.lockList(entry.listId);
    // an address given from outside: what addEntry counted for this list no longer holds
    this.nextSeq.delete(entry.listId);
    for (const key of this.nextN.keys()) if (key.startsWith(`${entry.listId}:`)) this.nextN.delete(key);
    const placed = await this.tx`
      INSERT INTO entries (list_id, seq, message, day, n, message_id, thread_id)
      VALUES (${entry.listId}, ${entry.seq}, ${entry.storedId}, ${entry.day}, ${entry.n}, ${entry.messageId},
        ${entry.threadId})
      ON CONFLICT (list_id, seq) DO NOTHING RETURNING seq`;
    if (placed.length === 0) return false;
    this.changed = true;
    this.placedHere.add(`${entry.listId}:${entry.storedId}`);
    await insertSearchRow(this.tx, { listId: entry.listId, seq: entry.seq, message: entry.storedId }, search);
    return true;
  }

  async updateMessage(
    storedId: number,
    fields: MessageFields,
    search: { document: SearchDocument; excerpt: string },
  ): Promise<void> {
    // Its search rows get new keys in every list it stands in: take those lists' locks, in id order
    // so that two such updates cannot wait for each other.
    const lists = await this.tx<{ list_id: number }[]>`
      SELECT DISTINCT list_id FROM entries WHERE message = ${storedId} ORDER BY list_id`;
    for (const { list_id } of lists) await this.lockList(list_id);
    this.changed = true;
    const columns = fieldsToColumns(fields);
    const [stored] = await this.tx<{ envelope_date: bigint | null }[]>`
      UPDATE messages SET ${this.tx(columns, ...FIELD_COLUMNS)} WHERE id = ${storedId}
      RETURNING envelope_date`;
    if (!stored) throw new Error(`no stored message ${storedId}`);
    await Promise.all([
      this.tx`UPDATE entries SET message_id = ${columns.message_id} WHERE message = ${storedId}`,
      this.tx`
        INSERT INTO message_excerpts (message, utf8) VALUES (${storedId}, ${excerptToColumn(search.excerpt)})
        ON CONFLICT (message) DO UPDATE SET utf8 = excluded.utf8`,
      deleteSearchRows(this.tx, storedId),
    ]);
    // The mbox date is not derived: it is the stored message's.
    const date = fields.date ?? fields.receivedDate ?? dateFrom(stored.envelope_date);
    const entries = await this.tx<{ list_id: number; seq: number }[]>`
      SELECT list_id, seq FROM entries WHERE message = ${storedId} ORDER BY list_id, seq`;
    for (const e of entries) {
      await insertSearchRow(
        this.tx,
        { listId: e.list_id, seq: e.seq, message: storedId },
        { document: search.document, date },
      );
    }
  }

  async resetThreads(listId: number): Promise<void> {
    await this.lockList(listId);
    this.changed = true;
    // what the containers of this transaction kept of the list is void now
    this.containerStores.delete(listId);
    await Promise.all([
      this.tx`DELETE FROM containers WHERE list_id = ${listId}`,
      this.tx`UPDATE lists SET next_thread_id = 1 WHERE id = ${listId}`,
    ]);
  }

  async setEntryThread(listId: number, seq: number, threadId: number): Promise<void> {
    await this.lockList(listId);
    this.changed = true;
    await this.tx`UPDATE entries SET thread_id = ${threadId} WHERE list_id = ${listId} AND seq = ${seq}`;
  }

  async reserveThreadIds(listId: number, next: number): Promise<void> {
    await this.lockList(listId);
    this.changed = true;
    await this.tx`UPDATE lists SET next_thread_id = greatest(next_thread_id, ${next}) WHERE id = ${listId}`;
  }
}
