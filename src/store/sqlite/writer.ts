// The SQLite write transaction handle: what the archive writes, inside the IMMEDIATE transaction
// SqliteStore.write opened. Threading is not done here: src/archive runs it over containers().

import { fieldsToColumns } from '../columns.ts';
import type {
  EntrySearch,
  MessageFields,
  NewEntry,
  NewMessage,
  PlacedEntry,
  SearchDocument,
} from '../records.ts';
import type { ContainerStore, WriteTransaction } from '../store.ts';
import { allocateSearchKey } from './search-keys.ts';
import type { SqliteStore } from './sqlite-store.ts';

export class SqliteWriter implements WriteTransaction {
  private readonly store: SqliteStore;

  constructor(store: SqliteStore) {
    this.store = store;
  }

  private sql<R = unknown>(text: string) {
    return this.store.sql<R>(text);
  }

  async findStored(contentKey: Buffer): Promise<number | null> {
    return (
      this.sql<{ id: number }>('SELECT id FROM messages WHERE content_key = ?').get(contentKey)?.id ?? null
    );
  }

  async inList(listId: number, storedId: number): Promise<boolean> {
    return (
      this.sql('SELECT 1 FROM entries WHERE list_id = ? AND message = ?').get(listId, storedId) !== undefined
    );
  }

  containers(listId: number): ContainerStore {
    return this.store.containers(listId);
  }

  async insertMessage(message: NewMessage): Promise<number> {
    const present = await this.findStored(message.contentKey);
    if (present !== null) return present;
    const row = fieldsToColumns(message.fields);
    const result = this.sql(
      `INSERT INTO messages (content_key, raw, raw_size, codec, envelope_date, message_id, subject, from_name,
         from_address, date, received_date, to_json, cc_json, in_reply_to, references_json, attachments_json,
         flags, problems_json)
       VALUES (@content_key, @raw, @raw_size, @codec, @envelope_date, @message_id, @subject, @from_name,
         @from_address, @date, @received_date, @to_json, @cc_json, @in_reply_to, @references_json,
         @attachments_json, @flags, @problems_json)`,
    ).run({
      ...row,
      content_key: message.contentKey,
      raw: message.raw,
      raw_size: message.rawSize,
      codec: message.codec,
      envelope_date: message.envelopeDate ? message.envelopeDate.getTime() : null,
    });
    const storedId = Number(result.lastInsertRowid);
    this.sql('INSERT OR REPLACE INTO message_excerpts (message, text) VALUES (?, ?)').run(
      storedId,
      message.excerpt,
    );
    return storedId;
  }

  async addEntry(entry: NewEntry, search: EntrySearch): Promise<{ seq: number; n: number }> {
    const seq =
      (this.sql<{ s: number | null }>('SELECT max(seq) AS s FROM entries WHERE list_id = ?').get(
        entry.listId,
      )!.s ?? 0) + 1;
    const n =
      (this.sql<{ n: number | null }>('SELECT max(n) AS n FROM entries WHERE list_id = ? AND day = ?').get(
        entry.listId,
        entry.day,
      )!.n ?? 0) + 1;
    this.insertEntry({ ...entry, seq, n }, search);
    return { seq, n };
  }

  async placeEntry(entry: PlacedEntry, search: EntrySearch): Promise<boolean> {
    if (this.sql('SELECT 1 FROM entries WHERE list_id = ? AND seq = ?').get(entry.listId, entry.seq))
      return false;
    this.insertEntry(entry, search);
    return true;
  }

  private insertEntry(entry: PlacedEntry, search: EntrySearch): void {
    this.sql(
      'INSERT INTO entries (list_id, seq, message, day, n, message_id, thread_id) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ).run(entry.listId, entry.seq, entry.storedId, entry.day, entry.n, entry.messageId, entry.threadId);
    this.insertSearchRow({ listId: entry.listId, seq: entry.seq, message: entry.storedId }, search);
  }

  /** Adds a list entry's row to the search index (schema migration 3) under a fresh search key. */
  private insertSearchRow(
    entry: { listId: number; seq: number; message: number },
    search: EntrySearch,
  ): void {
    const key = allocateSearchKey((text) => this.sql(text), entry, search.date?.getTime() ?? null);
    const doc = search.document;
    this.sql(
      `INSERT INTO entry_search (rowid, subject, sender, recipients, cc, nq, q, dfn)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(key, doc.subject, doc.from, doc.to, doc.cc, doc.nq, doc.q, doc.dfn);
  }

  async updateMessage(
    storedId: number,
    fields: MessageFields,
    search: { document: SearchDocument; excerpt: string },
  ): Promise<void> {
    const row = fieldsToColumns(fields);
    this.sql(
      `UPDATE messages SET message_id = @message_id, subject = @subject, from_name = @from_name,
         from_address = @from_address, date = @date, received_date = @received_date, to_json = @to_json,
         cc_json = @cc_json, in_reply_to = @in_reply_to, references_json = @references_json,
         attachments_json = @attachments_json, flags = @flags, problems_json = @problems_json WHERE id = @id`,
    ).run({ ...row, id: storedId });
    this.sql('UPDATE entries SET message_id = ? WHERE message = ?').run(row.message_id, storedId);
    this.sql('DELETE FROM entry_search WHERE rowid IN (SELECT key FROM search_keys WHERE message = ?)').run(
      storedId,
    );
    this.sql('DELETE FROM search_keys WHERE message = ?').run(storedId);
    this.sql('INSERT OR REPLACE INTO message_excerpts (message, text) VALUES (?, ?)').run(
      storedId,
      search.excerpt,
    );
    // The mbox date is not derived: it is read back from the stored message.
    const envelope = this.sql<{ d: number | null }>(
      'SELECT envelope_date AS d FROM messages WHERE id = ?',
    ).get(storedId);
    const date = fields.date ?? fields.receivedDate ?? (envelope?.d == null ? null : new Date(envelope.d));
    const entries = this.sql<{ list_id: number; seq: number }>(
      'SELECT list_id, seq FROM entries WHERE message = ? ORDER BY list_id, seq',
    ).all(storedId);
    for (const e of entries)
      this.insertSearchRow(
        { listId: e.list_id, seq: e.seq, message: storedId },
        { document: search.document, date },
      );
  }

  async resetThreads(listId: number): Promise<void> {
    this.sql('DELETE FROM containers WHERE list_id = ?').run(listId);
    this.sql('UPDATE lists SET next_thread_id = 1 WHERE id = ?').run(listId);
  }

  async setEntryThread(listId: number, seq: number, threadId: number): Promise<void> {
    this.sql('UPDATE entries SET thread_id = ? WHERE list_id = ? AND seq = ?').run(threadId, listId, seq);
  }

  async reserveThreadIds(listId: number, next: number): Promise<void> {
    this.sql('UPDATE lists SET next_thread_id = max(next_thread_id, ?) WHERE id = ?').run(next, listId);
  }
}
