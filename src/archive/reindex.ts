// Rebuilding everything derived from the raw bytes: decoded fields and the search index row, then
// each list's threads.
// Day and N are addresses, not derived data: they are kept exactly.

import { IMPORT_BATCH } from '../limits.ts';
import { fieldsToRow } from '../store/sqlite/rows.ts';
import type { SqliteStore } from '../store/sqlite/sqlite-store.ts';
import type { ListRecord } from '../store/store.ts';
import type { Preparer } from './parse-pool.ts';
import { threadMessage } from './threading.ts';

export interface ReindexSummary {
  messages: number;
  lists: number;
  seconds: number;
}

export async function reindex(
  store: SqliteStore,
  lists: ListRecord[],
  preparer: Preparer,
): Promise<ReindexSummary> {
  const started = performance.now();
  const listIds = lists.map((l) => l.id);
  const placeholders = listIds.map(() => '?').join(',');
  const ids = store.db
    .prepare<number[], { id: number }>(
      `SELECT DISTINCT message AS id FROM entries WHERE list_id IN (${placeholders}) ORDER BY message`,
    )
    .all(...listIds)
    .map((r) => r.id);
  const update = store.db.prepare(
    `UPDATE messages SET message_id = @message_id, subject = @subject, from_name = @from_name,
       from_address = @from_address, date = @date, received_date = @received_date, to_json = @to_json,
       cc_json = @cc_json, in_reply_to = @in_reply_to, references_json = @references_json,
       attachments_json = @attachments_json, flags = @flags, problems_json = @problems_json WHERE id = @id`,
  );
  const updateEntryIds = store.db.prepare('UPDATE entries SET message_id = ? WHERE message = ?');
  for (let start = 0; start < ids.length; start += IMPORT_BATCH) {
    const chunk = ids.slice(start, start + IMPORT_BATCH);
    const raws = chunk.map((id) => store.raw(id));
    const prepared = await preparer.prepare(raws);
    store.db.transaction(() => {
      chunk.forEach((id, i) => {
        const row = fieldsToRow(prepared[i].fields);
        update.run({ ...row, id });
        updateEntryIds.run(row.message_id, id);
        const { search, excerpt, fields } = prepared[i];
        store.replaceSearchRows(id, { document: search, excerpt }, fields);
      });
    })();
  }
  for (const list of lists) rethreadList(store, list);
  return { messages: ids.length, lists: lists.length, seconds: (performance.now() - started) / 1000 };
}

/** Threads a list again from scratch, in archive order, as an import would have. */
function rethreadList(store: SqliteStore, list: ListRecord): void {
  store.write(() => {
    store.db.prepare('DELETE FROM containers WHERE list_id = ?').run(list.id);
    store.db.prepare('UPDATE lists SET next_thread_id = 1 WHERE id = ?').run(list.id);
    const containers = store.containers(list.id);
    const setThread = store.db.prepare('UPDATE entries SET thread_id = ? WHERE list_id = ? AND seq = ?');
    const rows = store.db
      .prepare<
        [number],
        { seq: number; message_id: string; in_reply_to: string | null; references_json: string }
      >(
        `SELECT e.seq, m.message_id, m.in_reply_to, m.references_json FROM entries e
         JOIN messages m ON m.id = e.message WHERE e.list_id = ? ORDER BY e.seq`,
      )
      .all(list.id);
    for (const row of rows) {
      const container = threadMessage(containers, {
        messageId: row.message_id,
        inReplyTo: row.in_reply_to,
        references: JSON.parse(row.references_json),
      });
      setThread.run(container.threadId, list.id, row.seq);
    }
  });
}
