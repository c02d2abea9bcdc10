// The Store: what the archive and the web need from persistence, independent of SQLite or PostgreSQL.
// Reads are async so that a networked backend fits the same interface; SQLite answers at once.

import type { ContainerStore } from '../archive/threading.ts';
import type { ParsedMessage } from '../mail/types.ts';

export interface ListSettings {
  name: string;
  title: string;
  description: string;
  section: string;
  address: string;
  timeZone: string;
  obfuscate: boolean;
  subjectTag: string;
}

export interface ListRecord extends ListSettings {
  id: number;
}

/** The derived (rebuildable) view of a message, as stored: the parse without its bodies. */
export type MessageFields = Omit<ParsedMessage, 'text' | 'html'>;

/** A message as it stands in one list: its permanent address (day, n) and its place in a thread. */
export interface EntryRecord extends MessageFields {
  list: string;
  /** Row id of the stored message (shared by every list the message was posted to). */
  storedId: number;
  /** Arrival position within the list, 1-based; archive order. */
  seq: number;
  /** YYYY-MM-DD in the list's time zone. */
  day: string;
  /** 1-based arrival position within the day; permanent. */
  n: number;
  threadId: number;
  /** The parent container's Message-ID (it may be a ghost: referenced but not in the archive). */
  parentId: string | null;
  rawSize: number;
}

/**
 * The text a message is found by, one field per search column (src/search/document.ts builds it).
 * Declared here because the store writes it; the store does not know how it is made.
 */
export interface SearchDocument {
  subject: string;
  /** From: name and address. */
  from: string;
  to: string;
  cc: string;
  /** Body lines that are not quoted (`nq:`). */
  nq: string;
  /** Quoted body lines (`q:`): lines whose first non-blank character is `>`. */
  q: string;
  /** File names a patch in the body touches (`dfn:`), one per line. */
  dfn: string;
}

/** A message ready to be written: raw bytes (already compressed by the caller) and derived fields. */
export interface NewMessage {
  contentKey: Buffer;
  raw: Buffer;
  rawSize: number;
  codec: number;
  envelopeDate: Date | null;
  fields: MessageFields;
  /** The start of the message's text, which result snippets are cut from. */
  excerpt: string;
}

/** What a list entry is found by: its index row, and the instant search dates it by. */
export interface EntrySearch {
  document: SearchDocument;
  /** Date:, else the newest Received:, else the mbox date; null sorts oldest. */
  date: Date | null;
}

export type AppendResult = { status: 'added'; day: string; n: number } | { status: 'present' };

export interface ListStats {
  messages: number;
  threads: number;
  ghosts: number;
  flagged: number;
  firstDay: string | null;
  lastDay: string | null;
  bytesRaw: number;
  bytesStored: number;
}

/** Writes happen inside one transaction through this handle; everything in it commits or nothing does. */
export interface WriteTransaction {
  /** The stored row id of a message with this content key, or null. */
  findStored(contentKey: Buffer): number | null;
  /** Whether a stored message already stands in the list. */
  inList(listId: number, storedId: number): boolean;
  insertMessage(message: NewMessage): number;
  /** Places a stored message in a list on a day: takes the next free N of that day, and threads it. */
  appendToList(
    listId: number,
    storedId: number,
    day: string,
    fields: MessageFields,
    search: EntrySearch,
  ): AppendResult;
  containers(listId: number): ContainerStore;
}
