// From/To/Cc → {name, address}. postal-mime's addressParser does the RFC 5322 work (groups,
// quoted names, comments, junk); this adds what an archive meets on top of it:
//   - encoded words in names decoded through charsets.ts first (split multi-byte words, cp437,
//     UTF-8 labelled Latin-1), by rewriting them as UTF-8 words the parser decodes as it should;
//   - Mailman/pipermail exports obfuscate `From: jdoe at example.com (John Doe)`
//     (hyperkitty-testdata/non-ascii-headers.txt, fedora-devel-pipermail): the address is restored;
//   - groups are flattened, empty entries dropped, at most MAX_ADDRESSES per field.

import { addressParser } from 'postal-mime';
import { MAX_ADDRESS_FIELD_CHARS, MAX_ADDRESSES } from '../limits.ts';
import { reencodeWordsAsUtf8, type UnknownCharsetReporter } from './encoded-words.ts';
import { cleanHeaderText } from './headers.ts';
import type { Address } from './types.ts';

const PIPERMAIL = /^\s*([^\s@<>()",;:]+) at ([^\s@<>()",;:]+\.[^\s@<>()",;:]+)\s*(?:\((.*)\))?\s*$/;

/**
 * Parses an address header value (raw 8-bit bytes already decoded to text, encoded words not yet
 * decoded) into mailboxes. Never throws: unparseable text yields what could be recovered, or [].
 */
export function parseAddressList(fieldValue: string, report?: UnknownCharsetReporter): Address[] {
  let value = fieldValue;
  if (value.length > MAX_ADDRESS_FIELD_CHARS) {
    // the parser is slow on huge fields (mimekit-mbox/messages/stack-overflow.txt has a 130 KB To:)
    const cut = value.lastIndexOf(',', MAX_ADDRESS_FIELD_CHARS);
    value = value.slice(0, cut > 0 ? cut : MAX_ADDRESS_FIELD_CHARS);
  }
  if (!value.trim()) return [];
  const pipermail = PIPERMAIL.exec(value);
  const source = reencodeWordsAsUtf8(
    pipermail
      ? `${pipermail[3] ? `"${pipermail[3].replace(/["\\]/g, '')}" ` : ''}<${pipermail[1]}@${pipermail[2]}>`
      : value,
    report,
  );
  let parsed: { name: string; address?: string }[];
  try {
    parsed = addressParser(source, { flatten: true });
  } catch {
    return [];
  }
  const out: Address[] = [];
  for (const entry of parsed) {
    const name = cleanHeaderText(entry.name ?? '');
    const address = cleanHeaderText(entry.address ?? '').replace(/\s+/g, '');
    if (!name && !address) continue;
    out.push({ name, address });
    if (out.length >= MAX_ADDRESSES) break;
  }
  return out;
}

/** Every mailbox of several headers (To: and a second to:, as notmuch's broken/broken-cc has). */
export function parseAddressHeaders(values: readonly string[], report?: UnknownCharsetReporter): Address[] {
  const out: Address[] = [];
  for (const value of values) {
    for (const address of parseAddressList(value, report)) {
      if (out.length >= MAX_ADDRESSES) return out;
      out.push(address);
    }
  }
  return out;
}
