// `/_/text/help/`: the query language for readers (public-inbox serves its help at the same
// address). docs/search.md is the reference for maintainers; keep the two saying the same.

import { SEARCH_MAX_LIMIT, SEARCH_MAX_QUERY_CHARS, SEARCH_MIN_WILDCARD_CHARS } from '../../limits.ts';
import { type HtmlString, html } from './html.ts';
import { type Frame, page } from './layout.ts';

const PREFIXES: [string, string, string][] = [
  ['s:', 'Subject', 's:regression'],
  ['f:', 'From: name or address', 'f:torvalds'],
  ['t:', 'To: names and addresses', 't:stable@vger.kernel.org'],
  ['c:', 'Cc: names and addresses', 'c:linux-doc'],
  ['a:', 'From, To and Cc together', 'a:greg'],
  ['tc:', 'To and Cc together', 'tc:netdev'],
  ['b:', 'the body (quoted and unquoted text)', 'b:"null pointer"'],
  ['bs:', 'the body and the subject', 'bs:oops'],
  ['nq:', 'body lines that are not quoted', 'nq:reviewed'],
  ['q:', 'quoted body lines (starting with >)', 'q:deadlock'],
  ['m:', 'the Message-ID, exactly (<…> optional)', 'm:20100104094929.GA1234@example.org'],
  ['dfn:', 'file names a patch touches', 'dfn:drivers/hwmon/pmbus'],
  ['d:', 'the date (see below)', 'd:2010-01-01..2010-01-31'],
  ['l:', 'the list, when searching all lists', 'l:fedora-devel'],
];

export function searchHelpPage(frame: Frame): HtmlString {
  return page(
    frame,
    html`<h1>Searching the archive</h1>
<p>Type a query in the search box at the top of every page. On a list's pages it searches that list;
elsewhere it searches every list. The language is lore.kernel.org's (public-inbox's).</p>

<h2>Words and phrases</h2>
<ul class="help">
<li><code>kernel panic</code>: messages with both words, anywhere (terms next to each other are ANDed).</li>
<li><code>"kernel panic"</code>: the words next to each other, in this order.</li>
<li><code>drivers/hwmon</code>, <code>foo-bar</code>, <code>jms.id.au</code>: punctuation splits words, so these are phrases of their words.</li>
<li><code>regress*</code>: words starting with <code>regress</code> (at least ${SEARCH_MIN_WILDCARD_CHARS} letters before the <code>*</code>).</li>
<li>Case and accents do not matter: <code>cedric</code> finds <q>Cédric</q>. Chinese, Japanese and Korean text is searched letter by letter.</li>
</ul>

<h2>Prefixes</h2>
<p>A prefix limits a term to one part of the message: <code>s:patch</code>, <code>f:"Ann Example"</code>,
<code>s:(memory leak)</code> (a prefix applies to a whole group).</p>
<table class="help">
<thead><tr><th>prefix</th><th>searches</th><th>example</th></tr></thead>
<tbody>
${PREFIXES.map(
  ([
    prefix,
    what,
    example,
  ]) => html`<tr><td><code>${prefix}</code></td><td>${what}</td><td><code>${example}</code></td></tr>
`,
)}</tbody>
</table>

<h2>Combining terms</h2>
<ul class="help">
<li><code>a AND b</code>, or just <code>a b</code>: both.</li>
<li><code>a OR b</code>: either.</li>
<li><code>NOT a</code>, <code>-a</code>: without <code>a</code>; <code>a NOT b</code> is <code>a AND NOT b</code>. A query of negations alone (<code>-s:patch</code>) finds everything else.</li>
<li><code>(a OR b) AND c</code>: parentheses group. <code>OR</code> binds loosest.</li>
<li>Operators are upper case: <code>and</code>, <code>or</code>, <code>not</code> are ordinary words.</li>
</ul>

<h2>Dates</h2>
<p><code>d:</code> takes a date or a range; all dates are UTC. The date of a message is its
<code>Date:</code> header (else when it was received).</p>
<ul class="help">
<li><code>d:2010-01-04</code>, <code>d:20100104</code>: that day. <code>d:2010-01</code>: that month. <code>d:2010</code>: that year.</li>
<li><code>d:2010-01-04T12:00</code>, <code>d:20100104120000</code>: an exact time.</li>
<li><code>d:2010-01-01..2010-01-31</code>: a range, both ends included; <code>d:2010-01-01..</code> since, <code>d:..2009-12-31</code> until.</li>
<li><code>d:today</code>, <code>d:yesterday</code>, <code>d:2.weeks.ago..</code>, <code>d:3.days.ago..yesterday</code>: relative dates (seconds … years).</li>
</ul>

<h2>Results</h2>
<ul class="help">
<li>Newest first; <q>relevance</q> ranks subject words above body words and quoted text lowest.</li>
<li><q>collapsed</q> shows each thread once, by its best match.</li>
<li>Each page links to the same results as an Atom feed, and offers them as an mbox.gz download (for
<code>git am</code>, <code>b4</code> or a mail client).</li>
<li>In the address: <code>q=</code> the query (at most ${SEARCH_MAX_QUERY_CHARS} characters), <code>o=</code> the
offset, <code>l=</code> results per page (at most ${SEARCH_MAX_LIMIT}), <code>r</code> relevance order,
<code>t=1</code> collapsed threads, <code>x=A</code> Atom.</li>
</ul>

<h2>Errors</h2>
<p>A query that cannot be read (an <code>AND</code> with nothing after it, an unclosed parenthesis, a
date that is not one) is answered with a message that says what and where. An unclosed
<code>"</code> runs to the end of the query; an unknown prefix such as <code>http:</code> is searched as
text.</p>`,
  );
}
