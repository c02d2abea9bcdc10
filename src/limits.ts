// Every bound the archive applies, in one place (blists keeps its limits in params.h the same way).

/** Read chunk for mbox files: large chunks keep the splitter near disk speed. */
export const MBOX_READ_CHUNK = 1 << 20;
/** A single message larger than this is still stored, but the parser sees only its first part. */
export const MAX_PARSE_BYTES = 32 << 20;
/** Deepest MIME nesting the parser follows. */
export const MAX_MIME_DEPTH = 50;
/** Most header bytes the parser looks at. */
export const MAX_HEADER_BYTES = 2 << 20;
/** References kept per message (real threads never need more; hostile mail sends thousands). */
export const MAX_REFERENCES = 200;
/** Bytes of the archive file SQLite reads through a memory map (better-sqlite3's build allows 2 GB). */
export const SQLITE_MMAP_BYTES = 2 ** 31 - 2 ** 16;
/** Messages per write transaction during import. */
export const IMPORT_BATCH = 500;
/** How long `deliver` waits for a busy store before exiting with EX_TEMPFAIL. */
export const DELIVER_BUSY_TIMEOUT_MS = 60_000;
/** Longest list name. */
export const MAX_LIST_NAME = 100;
/** Raw bytes per import batch: bounds memory whatever the message sizes. */
export const IMPORT_BATCH_BYTES = 16 << 20;
/** Entries per write transaction of `copy`, and per round of reads while it checks the target. */
export const COPY_BATCH = 1000;
/** Deepest chain of message/rfc822 parts shown inline (a forward of a forward of …); deeper ones stay parts. */
export const MAX_EMBEDDED_MESSAGE_DEPTH = 10;
/** Longest Message-ID kept (public-inbox's MAX_MID_SIZE is 244); longer ones are junk or hostile. */
export const MAX_MESSAGE_ID_CHARS = 250;
/** Addresses kept per To/Cc header (hostile mail lists tens of thousands). */
export const MAX_ADDRESSES = 1000;
/** Bytes looked at to tell an mbox from a single message or from a file that is no mail at all. */
export const SOURCE_SNIFF_BYTES = 64 << 10;
/** A `From ` line longer than this is body text, never an mbox separator (real ones are < 200 bytes). */
export const MBOX_MAX_SEPARATOR_LINE = 1000;
/**
 * A `Content-Length:` above this is not trusted for mbox splitting: checking it means holding that
 * many bytes before the splitter can decide, so a bogus huge value would defeat flat memory.
 */
export const MBOX_MAX_TRUSTED_CONTENT_LENGTH = 64 << 20;
/** Longest URL the plain-text linkifier turns into a link (blists: MAX_URL_LENGTH); longer stays text. */
export const MAX_LINK_URL_CHARS = 2048;
/** Deepest element nesting kept in sanitised HTML mail; deeper tags are dropped, their text kept. */
export const MAX_HTML_MAIL_NESTING = 100;
/** Characters of one To/Cc/From header handed to the address parser (longer ones are cut at a comma). */
export const MAX_ADDRESS_FIELD_CHARS = 64 * 1024;

// ── web ──

/** Messages of one day listed on a month page; the rest are behind a link to the day (blists: 100). */
export const MONTH_PAGE_PER_DAY = 100;
/** Recent messages on a list's page. */
export const RECENT_MESSAGES = 20;
/** Rows of the thread overview on a message page; longer threads are cut with a note. */
export const THREAD_OVERVIEW_ROWS = 300;
/** Deepest indentation drawn in message listings; deeper replies are drawn at this depth. */
export const MAX_DRAWN_DEPTH = 24;
/** Rendered responses kept in memory per web process (bytes, uncompressed plus compressed variants). */
export const PAGE_CACHE_BYTES = 64 << 20;
/** A larger response (a big attachment) is served but not kept. */
export const PAGE_CACHE_ENTRY_BYTES = 1 << 20;
/** Smaller responses are sent uncompressed: the encoding overhead outweighs the gain. */
export const COMPRESS_MIN_BYTES = 1024;
/** Larger responses are compressed on the thread pool instead of in line, so they never stall others. */
export const COMPRESS_INLINE_BYTES = 256 << 10;
/** Largest site config file read. */
export const MAX_CONFIG_BYTES = 1 << 20;
/** Longest search query accepted (lore's queries are a line; longer ones are pasted junk or attacks). */
export const SEARCH_MAX_QUERY_CHARS = 2000;
/** Most terms in one query: each is an FTS5 phrase lookup, so this bounds the work a query asks for. */
export const SEARCH_MAX_TERMS = 64;
/** Deepest nesting of parentheses in a query (the parser recurses on them). */
export const SEARCH_MAX_DEPTH = 16;
/** Most results per search page (lore shows 200). */
export const SEARCH_MAX_LIMIT = 200;
/** Results per search page when the caller does not say. */
export const SEARCH_DEFAULT_LIMIT = 50;
/** Deepest result offset served: paging past it costs a sort of every match for nothing anyone reads. */
export const SEARCH_MAX_OFFSET = 100_000;
/** Letters a wildcard term needs before its `*`: `a*` would merge the postings of every a-word. */
export const SEARCH_MIN_WILDCARD_CHARS = 3;
/** Characters of one text column indexed per message: log dumps of megabytes add noise, not answers. */
export const SEARCH_MAX_INDEXED_CHARS = 1 << 20;
/** Characters of message text shown around the first hit in a search result. */
export const SNIPPET_CHARS = 240;
/** Characters of message text looked through for a hit to show; past it the snippet shows the start. */
export const SNIPPET_SCAN_CHARS = 64 << 10;
/**
 * Characters of a message's unquoted and quoted text kept (compressed) for result snippets: enough
 * for the hit in nearly every message, small enough that 50 snippets cost well under a millisecond.
 * A hit past them shows the start of the message instead (docs/search.md).
 */
export const EXCERPT_UNQUOTED_CHARS = 4096;
export const EXCERPT_QUOTED_CHARS = 1024;
/**
 * Messages per list per second of date that keep their exact place in search order (the search key
 * gives each second 16 bits: src/store/search-keys.ts); more spill into the next second.
 */
export const SEARCH_KEYS_PER_SECOND = 1 << 16;
/**
 * Messages in one search-results download (`POST ?q=…&x=m`): the newest matches. Each is read and
 * gzipped one at a time, so the cost is time, not memory; a bigger set is a job for `t.mbox.gz`,
 * narrower queries (`d:`) or the archive's own files.
 */
export const SEARCH_MBOX_MAX_MESSAGES = 10_000;
/** Largest form body a search download POST may carry (the query normally travels in the URL). */
export const SEARCH_FORM_MAX_BYTES = 16 << 10;

// ── public-inbox compatibility (Message-ID URLs, threads, feeds, mbox downloads) ──

/** Entries of an Atom feed (`new.atom`, `t.atom`): public-inbox's default. */
export const FEED_ENTRIES = 25;
/** Messages whose bodies a thread page (`t/`, `T/`) draws; the rest are listed and left to `t.mbox.gz`. */
export const THREAD_PAGE_MESSAGES = 500;
/** Close matches a "did you mean" 404 offers (public-inbox: 100; a page of 25 is enough to spot one). */
export const DID_YOU_MEAN_MAX = 25;
/**
 * Shortest Message-ID prefix searched for close matches (public-inbox's MIN_PARTIAL_LEN): shorter ones
 * match half the archive.
 */
export const DID_YOU_MEAN_MIN_CHARS = 16;
