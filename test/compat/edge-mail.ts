// Hand-made messages (written for this project, MIT) for what the sample archive lacks and the
// public-inbox URLs must survive: Message-IDs holding `+`, `/` and `:`, a Message-ID reused for
// different content, a message cross-posted to two lists, body lines an mbox must quote
// (`From `, `>From `), a Latin-1 body, CRLF line ends.

export const IDS = {
  /** `+` and `/`: b4 sends them as %2B and %2F. */
  plusSlash: 'patch+v2/1@edge.example',
  /** `:` is kept literal by public-inbox; our relative links escape it. */
  colon: 'reply:1@edge.example',
  reused: 'reused@edge.example',
  cross: 'cross@edge.example',
  crlf: 'crlf@edge.example',
} as const;

function message(headers: string[], body: string, eol = '\n'): Buffer {
  return Buffer.from(`${[...headers, '', body].join(eol)}${eol}`, 'latin1');
}

const common = (id: string, subject: string, date: string, extra: string[] = []) => [
  'From: Ann Example <ann@edge.example>',
  'To: edge@example.org',
  `Subject: ${subject}`,
  `Date: ${date}`,
  `Message-ID: <${id}>`,
  ...extra,
];

/** The edge list's messages, in arrival order (all on 2010-01-05 but the CRLF one, on the 6th). */
export function edgeMessages(): Buffer[] {
  return [
    message(
      common(IDS.plusSlash, '[PATCH v2] caf\xe9: quote From lines', 'Tue, 05 Jan 2010 09:00:00 +0000', [
        'MIME-Version: 1.0',
        'Content-Type: text/plain; charset=iso-8859-1',
        'Content-Transfer-Encoding: 8bit',
      ]),
      [
        'Caf\xe9 au lait.',
        '',
        'From the start of a line,',
        '>From a quoted one,',
        '>>From a deeper one.',
      ].join('\n'),
    ),
    message(
      common(IDS.colon, 'Re: [PATCH v2] caf\xe9: quote From lines', 'Tue, 05 Jan 2010 10:00:00 +0000', [
        `In-Reply-To: <${IDS.plusSlash}>`,
        `References: <${IDS.plusSlash}>`,
      ]),
      '> From the start of a line,\n\nReviewed-by: Ann Example <ann@edge.example>',
    ),
    message(common(IDS.reused, 'first use of an id', 'Tue, 05 Jan 2010 11:00:00 +0000'), 'The first text.'),
    message(common(IDS.reused, 'second use of an id', 'Tue, 05 Jan 2010 12:00:00 +0000'), 'The second text.'),
    crossPosted(),
    message(
      common(IDS.crlf, 'line ends of another system', 'Wed, 06 Jan 2010 09:00:00 +0000'),
      'Two lines,\r\nboth ending in CRLF.',
      '\r\n',
    ),
  ];
}

/** The message both lists hold (stored once). */
export function crossPosted(): Buffer {
  return message(
    common(IDS.cross, 'sent to two lists', 'Tue, 05 Jan 2010 13:00:00 +0000', ['Cc: other@example.org']),
    'Cross-posted.',
  );
}
