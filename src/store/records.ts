// The plain records that cross the store seam: what the archive writes and what pages, search and
// the CLI read. Every backend (src/store/sqlite, src/store/postgres) maps its rows to these; nothing
// here knows about a database.

import type { Address, ParsedMessage } from '../mail/types.ts';

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

/** One message's place in its list's threads: a real message or a ghost (referenced, not archived). */
export interface ThreadContainer {
  messageId: string;
  /** The container this one hangs below; null for a root. Always in the same thread. */
  parentId: string | null;
  threadId: number;
  ghost: boolean;
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

/** A stored message as it is kept, compressed bytes included: what `copy` moves between backends. */
export interface StoredMessage extends NewMessage {
  storedId: number;
}

/** What a list entry is found by: its index row, and the instant search dates it by. */
export interface EntrySearch {
  document: SearchDocument;
  /** Date:, else the newest Received:, else the mbox date; null sorts oldest. */
  date: Date | null;
}

/** A new list entry: a stored message placed in a list, threaded by src/archive/threading.ts. */
export interface NewEntry {
  listId: number;
  storedId: number;
  day: string;
  messageId: string;
  threadId: number;
}

/** A list entry at an address already given (copy): nothing is allocated, everything is kept. */
export interface PlacedEntry extends NewEntry {
  seq: number;
  n: number;
}

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

/** What an index line shows of a message: enough to link, indent and label it, no bodies. */
export interface IndexLine {
  seq: number;
  day: string;
  n: number;
  threadId: number;
  /** Parent container's Message-ID (maybe a ghost, maybe on another day). */
  parentId: string | null;
  messageId: string;
  subject: string;
  fromName: string;
  fromAddress: string;
  date: Date | null;
}

/** A message's permanent address in its list. */
export interface EntryAddress {
  seq: number;
  day: string;
  n: number;
}

export interface ListActivity {
  listId: number;
  messages: number;
  firstDay: string;
  lastDay: string;
}

/** A count of messages in a period: `YYYY-MM` for months, `YYYY-MM-DD` for days. */
export interface PeriodCount {
  period: string;
  count: number;
}

/** One stored message as an mbox writer needs it: the exact bytes and the evidence of its delivery date. */
export interface MboxMessage {
  raw: Buffer;
  /** From: address, '' when the message has none. */
  sender: string;
  envelopeDate: Date | null;
  receivedDate: Date | null;
  date: Date | null;
}

/** A Message-ID found in a list: a candidate of a "did you mean" answer. */
export interface IdMatch {
  list: string;
  messageId: string;
}

/** The headers threading reads, per entry in archive order (reindex threads a list again from them). */
export interface EntryThreading {
  seq: number;
  messageId: string;
  inReplyTo: string | null;
  references: string[];
}

/** What a search asks of a backend besides the plan (src/search/search.ts fills it). */
export interface SearchQueryOptions {
  list?: string;
  offset: number;
  limit: number;
  order: 'relevance' | 'date';
  collapseThreads: boolean;
  /** Also read each result's excerpt (the text snippets are cut from). */
  excerpts?: boolean;
}

/** One search match: enough to show and link it. */
export interface SearchRow {
  list: string;
  stored_id: number;
  message_id: string;
  subject: string;
  from_name: string;
  from_address: string;
  date: number | null;
  day: string;
  n: number;
  thread_id: number;
  /** Date-order position, comparable across lists (the search key without its list). */
  position: number;
  /** Rank score (lower is better), with relevance order. */
  score?: number;
  /** Matching messages in the result's thread (only when threads are collapsed). */
  thread_hits?: number;
  /** The start of the message's text (with the excerpts option; null if none was kept). */
  excerpt?: string | null;
}

export interface SearchPage {
  /** Exact number of matching list entries (a cross-post counts once per list it stands in). */
  total: number;
  /** Distinct threads among the matches (only when threads are collapsed). */
  threads: number | null;
  rows: SearchRow[];
}

export type { Address };
