// The table layout both SQL backends share (src/store/sqlite, src/store/postgres): the same column
// names, the same joins for an entry and an index line, and one mapping between rows and records,
// so both give back the very same records. Where a driver's types differ (SQLite gives integers
// for booleans and numbers for int8; PostgreSQL's client gives booleans and BigInt), the row types
// take either and the mapping converts.

import type { MessageFlag } from '../mail/types.ts';
import type { EntryRecord, IndexLine, ListRecord, MessageFields, ThreadContainer } from './records.ts';

type Integer = number | bigint;

export interface ListRow {
  id: number;
  name: string;
  title: string;
  description: string;
  section: string;
  address: string;
  time_zone: string;
  obfuscate: number | boolean;
  subject_tag: string;
}

export function listFromRow(row: ListRow): ListRecord {
  return {
    id: row.id,
    name: row.name,
    title: row.title,
    description: row.description,
    section: row.section,
    address: row.address,
    timeZone: row.time_zone,
    obfuscate: Boolean(row.obfuscate),
    subjectTag: row.subject_tag,
  };
}

/** Milliseconds as kept in an integer column, as a Date. */
export const dateFrom = (ms: Integer | null): Date | null => (ms === null ? null : new Date(Number(ms)));

/** The derived columns of `messages`, as written (dates in ms). */
export interface FieldColumns {
  message_id: string;
  subject: string;
  from_name: string;
  from_address: string;
  date: number | null;
  received_date: number | null;
  to_json: string;
  cc_json: string;
  in_reply_to: string | null;
  references_json: string;
  attachments_json: string;
  flags: string;
  problems_json: string;
}

export const FIELD_COLUMNS = [
  'message_id',
  'subject',
  'from_name',
  'from_address',
  'date',
  'received_date',
  'to_json',
  'cc_json',
  'in_reply_to',
  'references_json',
  'attachments_json',
  'flags',
  'problems_json',
] as const satisfies readonly (keyof FieldColumns)[];

export function fieldsToColumns(fields: MessageFields): FieldColumns {
  return {
    message_id: fields.messageId,
    subject: fields.subject,
    from_name: fields.from?.name ?? '',
    from_address: fields.from?.address ?? '',
    date: fields.date ? fields.date.getTime() : null,
    received_date: fields.receivedDate ? fields.receivedDate.getTime() : null,
    to_json: JSON.stringify(fields.to),
    cc_json: JSON.stringify(fields.cc),
    in_reply_to: fields.inReplyTo,
    references_json: JSON.stringify(fields.references),
    attachments_json: JSON.stringify(fields.attachments),
    flags: fields.flags.join(' '),
    problems_json: JSON.stringify(fields.problems),
  };
}

/** The derived columns as read. */
export interface FieldRow extends Omit<FieldColumns, 'date' | 'received_date'> {
  date: Integer | null;
  received_date: Integer | null;
}

export function fieldsFromRow(row: FieldRow): MessageFields {
  return {
    messageId: row.message_id,
    subject: row.subject,
    from: row.from_name || row.from_address ? { name: row.from_name, address: row.from_address } : null,
    to: JSON.parse(row.to_json),
    cc: JSON.parse(row.cc_json),
    date: dateFrom(row.date),
    receivedDate: dateFrom(row.received_date),
    inReplyTo: row.in_reply_to,
    references: JSON.parse(row.references_json),
    attachments: JSON.parse(row.attachments_json),
    flags: row.flags ? (row.flags.split(' ') as MessageFlag[]) : [],
    problems: JSON.parse(row.problems_json),
  };
}

export interface EntryRow extends FieldRow {
  list: string;
  stored_id: Integer;
  seq: number;
  day: string;
  n: number;
  thread_id: number;
  parent_id: string | null;
  raw_size: number;
}

/** Columns for an EntryRow; `e` = entries, `m` = messages, `l` = lists, `c` = containers. */
export const ENTRY_COLUMNS = `l.name AS list, m.id AS stored_id, e.seq, e.day, e.n, e.thread_id, c.parent_id,
  m.raw_size, m.message_id, m.subject, m.from_name, m.from_address, m.date, m.received_date, m.to_json,
  m.cc_json, m.in_reply_to, m.references_json, m.attachments_json, m.flags, m.problems_json`;

export const ENTRY_FROM = `entries e JOIN messages m ON m.id = e.message JOIN lists l ON l.id = e.list_id
  LEFT JOIN containers c ON c.list_id = e.list_id AND c.message_id = e.message_id`;

export function entryFromRow(row: EntryRow): EntryRecord {
  return {
    ...fieldsFromRow(row),
    list: row.list,
    storedId: Number(row.stored_id),
    seq: row.seq,
    day: row.day,
    n: row.n,
    threadId: row.thread_id,
    parentId: row.parent_id,
    rawSize: row.raw_size,
  };
}

export interface LineRow {
  seq: number;
  day: string;
  n: number;
  thread_id: number;
  parent_id: string | null;
  message_id: string;
  subject: string;
  from_name: string;
  from_address: string;
  date: Integer | null;
}

/** An index line's columns and joins: no bodies, no address lists. */
export const LINE_SELECT = `SELECT e.seq, e.day, e.n, e.thread_id, c.parent_id, m.message_id, m.subject,
    m.from_name, m.from_address, m.date
  FROM entries e JOIN messages m ON m.id = e.message
  LEFT JOIN containers c ON c.list_id = e.list_id AND c.message_id = e.message_id`;

export function lineFromRow(row: LineRow): IndexLine {
  return {
    seq: row.seq,
    day: row.day,
    n: row.n,
    threadId: row.thread_id,
    parentId: row.parent_id,
    messageId: row.message_id,
    subject: row.subject,
    fromName: row.from_name,
    fromAddress: row.from_address,
    date: dateFrom(row.date),
  };
}

export interface ContainerRow {
  message_id: string;
  parent_id: string | null;
  thread_id: number;
  ghost: number | boolean;
}

export function containerFromRow(row: ContainerRow): ThreadContainer {
  return {
    messageId: row.message_id,
    parentId: row.parent_id,
    threadId: row.thread_id,
    ghost: Boolean(row.ghost),
  };
}
