// Plain data that flows out of src/mail: what a reader yields and what the parser makes of it.

/** One message as a source holds it: the bytes to store, verbatim, and where it came from. */
export interface RawMessage {
  /** Message bytes without the mbox `From ` separator line, with mboxrd `>From ` quoting undone. */
  bytes: Uint8Array;
  /** Date of the mbox `From ` line when it is a real date (not public-inbox's 1970 placeholder). */
  envelopeDate: Date | null;
  /** Human-readable origin for errors and progress: `file.mbox#12`, a Maildir file path, `stdin`. */
  origin: string;
  /** Bytes consumed from the source so far (compressed bytes for gzip), for progress display. */
  sourceOffset: number;
}

export interface Address {
  name: string;
  address: string;
}

export interface AttachmentInfo {
  /** 1-based position among the parts that have a filename (the K of `/N/K` URLs). */
  index: number;
  filename: string;
  contentType: string;
  /** Size in bytes of the decoded part. */
  size: number;
}

export type MessageFlag =
  | 'unparseable' // the MIME parser threw: only the raw bytes are usable
  | 'no-message-id' // Message-ID missing or empty: a synthetic one was derived from the content
  | 'bad-date' // Date: header present but unusable (junk or absurd)
  | 'undecoded-charset' // a text part's charset was unknown; shown as best-effort UTF-8
  | 'truncated'; // a size or nesting limit cut the parse short

/** What the archive knows about a message after decoding it. All of it is rebuildable from the bytes. */
export interface ParsedMessage {
  /** Normalised Message-ID, without angle brackets. */
  messageId: string;
  subject: string;
  from: Address | null;
  to: Address[];
  cc: Address[];
  /** The Date: header, or null when missing or junk. */
  date: Date | null;
  /** Date of the newest (topmost) Received: header, or null. */
  receivedDate: Date | null;
  /** Normalised ids only (no brackets); junk and bare addresses removed. */
  inReplyTo: string | null;
  references: string[];
  /** Plain-text body: text/plain parts, or text derived from HTML when that is all there is. */
  text: string;
  /** The HTML alternative when present, unsanitised (the web side sanitises). */
  html: string | null;
  /** Empty when parsed with `textOnly` (pages take the attachments from the store). */
  attachments: AttachmentInfo[];
  flags: MessageFlag[];
  /** Reason for the `unparseable` flag, or notes for other flags. */
  problems: string[];
}
