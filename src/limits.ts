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
/** Messages per write transaction during import. */
export const IMPORT_BATCH = 500;
/** How long `deliver` waits for a busy store before exiting with EX_TEMPFAIL. */
export const DELIVER_BUSY_TIMEOUT_MS = 60_000;
/** Longest list name. */
export const MAX_LIST_NAME = 100;
/** Raw bytes per import batch: bounds memory whatever the message sizes. */
export const IMPORT_BATCH_BYTES = 16 << 20;
/** Deepest chain of message/rfc822 parts shown inline (a forward of a forward of …); deeper ones stay parts. */
export const MAX_EMBEDDED_MESSAGE_DEPTH = 10;
/** Longest Message-ID kept (public-inbox's MAX_MID_SIZE is 244); longer ones are junk or hostile. */
export const MAX_MESSAGE_ID_CHARS = 250;
/** Addresses kept per To/Cc header (hostile mail lists tens of thousands). */
export const MAX_ADDRESSES = 1000;
