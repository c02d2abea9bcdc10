// The search key: the rowid of a list entry's row in the full-text index, laid out so that the
// index's own rowid order is the order people ask for (newest first, per list):
//
//   key = list id << 50 | second of the message's date << 16 | slot (0 … 65535)
//
// A per-list search is then an FTS5 MATCH limited to one rowid range, read backwards: the newest 50
// matches come off the index without sorting the rest, the exact count is the index's own count,
// and a `d:` range narrows the rowid range. Keys pass 2^53, so JavaScript holds them as BigInt only.
//
// Seconds are clamped to [0, 2^34) (1970 … 2514): a message dated before 1970, or never, sorts as
// the oldest. The slot is the next free one in that second of that list, so messages of one second
// keep their arrival order; past SEARCH_KEYS_PER_SECOND of them a message takes the next second.
//
// Both backends keep the same keys (SQLite as the FTS5 rowid, PostgreSQL as a bigint column: a key
// is below 2^63), so both order matches alike and `copy` keeps them comparable.

export const LIST_SHIFT = 50n;
export const SECOND_SHIFT = 16n;
export const MAX_SECOND = 2 ** 34 - 1;
/** Lists a key can name: list ids above this cannot be searched (8191 lists is beyond any archive). */
export const MAX_SEARCH_LIST_ID = 2 ** 13 - 1;

/** The key bits of an instant (ms), clamped to the representable seconds; null: the oldest. */
export function secondOf(instant: number | null): number {
  if (instant === null || !Number.isFinite(instant)) return 0;
  return Math.min(MAX_SECOND, Math.max(0, Math.floor(instant / 1000)));
}

/** The first key of a second in a list. */
export function keyAt(listId: number, second: number): bigint {
  return (BigInt(listId) << LIST_SHIFT) | (BigInt(second) << SECOND_SHIFT);
}

/** Keys [first, last] of every entry of a list dated in [from, until) (ms; null: open end). */
export function keyRange(listId: number, from: number | null, until: number | null): [bigint, bigint] {
  const first = from === null ? keyAt(listId, 0) : keyAt(listId, secondOf(Math.ceil(from / 1000) * 1000));
  const end =
    until === null || until / 1000 > MAX_SECOND
      ? keyAt(listId + 1, 0)
      : keyAt(listId, secondOf(Math.ceil(until / 1000) * 1000));
  return [first, end - 1n];
}

/** SQL for a date-order position comparable across lists: the key without its list bits (< 2^50). */
export function datePosition(keyColumn: string): string {
  return `(${keyColumn} & ${(1n << LIST_SHIFT) - 1n})`;
}
