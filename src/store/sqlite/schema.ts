// Schema migrations, applied in order at open. Each step runs once; the version lives in user_version.

import type Database from 'better-sqlite3';

const migrations: string[] = [
  // 1: lists, stored messages (raw bytes + derived fields), list entries (permanent day/N), threads.
  `
  CREATE TABLE lists (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    section TEXT NOT NULL DEFAULT '',
    address TEXT NOT NULL DEFAULT '',
    time_zone TEXT NOT NULL DEFAULT 'UTC',
    obfuscate INTEGER NOT NULL DEFAULT 1,
    subject_tag TEXT NOT NULL DEFAULT '',
    next_thread_id INTEGER NOT NULL DEFAULT 1
  );
  -- One row per distinct content: a message cross-posted to several lists is stored once.
  CREATE TABLE messages (
    id INTEGER PRIMARY KEY,
    content_key BLOB NOT NULL UNIQUE,
    message_id TEXT NOT NULL,
    raw BLOB NOT NULL,
    raw_size INTEGER NOT NULL,
    codec INTEGER NOT NULL,
    envelope_date INTEGER,
    subject TEXT NOT NULL DEFAULT '',
    from_name TEXT NOT NULL DEFAULT '',
    from_address TEXT NOT NULL DEFAULT '',
    date INTEGER,
    received_date INTEGER,
    to_json TEXT NOT NULL DEFAULT '[]',
    cc_json TEXT NOT NULL DEFAULT '[]',
    in_reply_to TEXT,
    references_json TEXT NOT NULL DEFAULT '[]',
    attachments_json TEXT NOT NULL DEFAULT '[]',
    flags TEXT NOT NULL DEFAULT '',
    problems_json TEXT NOT NULL DEFAULT '[]'
  );
  CREATE INDEX messages_message_id ON messages(message_id);
  -- A message's place in a list. (list_id, day, n) is the permanent blists address; seq is archive order.
  CREATE TABLE entries (
    list_id INTEGER NOT NULL REFERENCES lists(id),
    seq INTEGER NOT NULL,
    message INTEGER NOT NULL REFERENCES messages(id),
    day TEXT NOT NULL,
    n INTEGER NOT NULL,
    message_id TEXT NOT NULL,
    thread_id INTEGER NOT NULL,
    PRIMARY KEY (list_id, seq),
    UNIQUE (list_id, day, n),
    UNIQUE (list_id, message)
  ) WITHOUT ROWID;
  CREATE INDEX entries_message_id ON entries(list_id, message_id);
  CREATE INDEX entries_thread ON entries(list_id, thread_id);
  CREATE INDEX entries_message ON entries(message);
  -- Threading containers per list: real messages and ghosts (referenced, not in the archive).
  CREATE TABLE containers (
    list_id INTEGER NOT NULL,
    message_id TEXT NOT NULL,
    parent_id TEXT,
    thread_id INTEGER NOT NULL,
    ghost INTEGER NOT NULL,
    PRIMARY KEY (list_id, message_id)
  ) WITHOUT ROWID;
  CREATE INDEX containers_thread ON containers(list_id, thread_id);
  CREATE INDEX containers_parent ON containers(list_id, parent_id);
  `,
  // 2: full-text search, one row per stored message (rowid = messages.id), one column per lore prefix
  // (src/search/document.ts fills them). Contentless: the index keeps words and positions, not the
  // text, which the raw message already holds (docs/search.md: keeping the text makes the index 3.7
  // times larger on openbmc); contentless_delete lets reindex replace a row. A database made before
  // this migration has an empty index until `listarchive reindex`.
  // message_dates holds the instant search dates a message by (`d:`, date order): Date:, else the
  // newest Received:, else the mbox date. It is apart from `messages` because there every derived
  // column sits behind the raw blob, and reading one walks the blob's overflow pages (a date scan of
  // openbmc: 61 ms through messages, under 1 ms here).
  `
  CREATE VIRTUAL TABLE message_search USING fts5(
    subject, sender, recipients, cc, nq, q, dfn,
    content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2'
  );
  CREATE TABLE message_dates (
    message INTEGER PRIMARY KEY REFERENCES messages(id),
    date INTEGER
  );
  CREATE INDEX message_dates_date ON message_dates(date);
  INSERT INTO message_dates (message, date) SELECT id, coalesce(date, received_date, envelope_date) FROM messages;
  `,
  // 3: the search index gets one row per list entry instead of one per message, keyed so that its
  // rowid order is date order within a list (src/store/sqlite/search-keys.ts): a search reads the
  // newest matches and the exact count straight off the index, without joining entries or sorting
  // (openbmc: `the`, 10,184 matches, 12 ms → under 1 ms). A cross-posted message is indexed once
  // per list, as public-inbox indexes each inbox apart. search_keys says which entry a key stands
  // for. message_excerpts keeps the start of each message's text, compressed, for result snippets
  // (the index itself is contentless; uncompressed, because decompressing 50 excerpts costs more than
  // the whole query). The rows come from parsing the raw mail, which SQL cannot
  // do: a database made before this migration finds nothing until `listarchive reindex`.
  `
  DROP TABLE message_search;
  DROP TABLE message_dates;
  CREATE VIRTUAL TABLE entry_search USING fts5(
    subject, sender, recipients, cc, nq, q, dfn,
    content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2'
  );
  CREATE TABLE search_keys (
    key INTEGER PRIMARY KEY,
    list_id INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    message INTEGER NOT NULL,
    UNIQUE (list_id, seq)
  );
  CREATE INDEX search_keys_message ON search_keys(message);
  CREATE TABLE message_excerpts (
    message INTEGER PRIMARY KEY REFERENCES messages(id),
    text TEXT NOT NULL
  );
  `,
];

export const SCHEMA_VERSION = migrations.length;

export function migrate(db: Database.Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > SCHEMA_VERSION) {
    throw new Error(`database schema version ${current} is newer than this listarchive (${SCHEMA_VERSION})`);
  }
  for (let version = current; version < SCHEMA_VERSION; version++) {
    db.transaction(() => {
      db.exec(migrations[version]);
      db.pragma(`user_version = ${version + 1}`);
    }).immediate();
  }
}
