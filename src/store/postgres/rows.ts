// Rows of the PostgreSQL store: the layout and mapping both SQL backends share
// (src/store/columns.ts; int8 columns arrive as BigInt, connection.ts), and the excerpt column.

export {
  type ContainerRow,
  containerFromRow,
  dateFrom,
  ENTRY_COLUMNS,
  ENTRY_FROM,
  type EntryRow,
  entryFromRow,
  FIELD_COLUMNS,
  type FieldColumns,
  type FieldRow,
  fieldsFromRow,
  fieldsToColumns,
  LINE_SELECT,
  type LineRow,
  type ListRow,
  lineFromRow,
  listFromRow,
} from '../columns.ts';

/** An excerpt as `message_excerpts.utf8` keeps it: PostgreSQL text cannot hold the NUL inside. */
export const excerptToColumn = (excerpt: string): Buffer => Buffer.from(excerpt, 'utf8');

/** An excerpt read back from `message_excerpts.utf8` (null: none was kept). */
export const excerptFromColumn = (utf8: Buffer | null): string | null => utf8?.toString('utf8') ?? null;
