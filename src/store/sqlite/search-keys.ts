// Search key allocation in SQLite (the key layout: src/store/search-keys.ts).

import type Database from 'better-sqlite3';
import { SEARCH_KEYS_PER_SECOND } from '../../limits.ts';
import { keyAt, MAX_SEARCH_LIST_ID, MAX_SECOND, secondOf } from '../search-keys.ts';

/**
 * Takes the next free key for an entry dated `instant`, and records which entry it stands for.
 * Call inside a write transaction.
 */
export function allocateSearchKey(
  sql: (text: string) => Database.Statement<unknown[], unknown>,
  entry: { listId: number; seq: number; message: number },
  instant: number | null,
): bigint {
  if (entry.listId > MAX_SEARCH_LIST_ID)
    throw new Error(`list id ${entry.listId} is past the search keys' range`);
  const last = sql('SELECT max(key) AS key FROM search_keys WHERE key BETWEEN ? AND ?').safeIntegers(true);
  for (let second = secondOf(instant); second <= MAX_SECOND; second++) {
    const first = keyAt(entry.listId, second);
    const top = first + BigInt(SEARCH_KEYS_PER_SECOND) - 1n;
    const used = (last.get(first, top) as { key: bigint | null }).key;
    if (used !== null && used >= top) continue;
    const key = used === null ? first : used + 1n;
    sql('INSERT INTO search_keys (key, list_id, seq, message) VALUES (?, ?, ?, ?)').run(
      key,
      entry.listId,
      entry.seq,
      entry.message,
    );
    return key;
  }
  throw new Error('no free search key');
}
