#!/usr/bin/env python3
"""Expected hit counts for test/search/search-openbmc.test.ts, computed without listarchive's code.

It reads the openbmc corpus with Python's own `email` package (its MIME and RFC 2047 decoding, not
postal-mime's), keeps the messages listarchive keeps, and answers each query of QUERIES by scanning
every message. The test holds the numbers this prints; re-run it when the queries change:

    python3 test/search/oracle.py [MBOX.gz] [--ids OUT.json]

`--ids` also writes the matching message numbers per query (1-based, in import order, which is
listarchive's messages.id), to find where the two sides differ.

The matching rule both sides implement (docs/search.md):
  - a field's text is cut into tokens: runs of letters, digits, combining marks and private-use
    characters; every CJK letter (Han, Kana, Hangul) is a token of its own;
  - tokens are compared case-folded, with diacritics removed (lower-case, NFD, marks dropped);
  - a term matches a message when its tokens occur next to each other, in order, in one field
    (a one-word term: whole-word match). `word*` lets the last token be a prefix.
Fields: subject; from / to / cc ("name address" of each mailbox); nq / q (body lines whose first
non-blank character is not / is `>`); dfn (paths of `diff --git`, `--- a/`, `+++ b/` lines in nq).
Body: the inline text/plain parts (and inline text/x-patch, text/x-diff), the first plain branch of
a multipart/alternative, HTML turned into text when a message has no plain text; decoded with
WHATWG-like charset rules (gb2312 read as gb18030, big5 as big5-hkscs, ks_c_5601 as cp949,
latin-1/ascii labels sniffed as UTF-8 first). Date: the Date: header, else the newest Received:.
A message is one listarchive keeps: duplicates by content (header block without transport headers,
plus body) are dropped, as src/mail/content-key.ts does.
"""

import gzip
import hashlib
import html.parser
import json
import re
import sys
import unicodedata
from datetime import datetime, timezone
from email import message_from_bytes, policy
from email.utils import getaddresses, parsedate_to_datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_MBOX = HERE.parents[2] / 'shared/corpus/openbmc-lists-ozlabs/openbmc-2019-03_2021-07.mboxrd.gz'
NOW = datetime(2021, 7, 15, 13, 45, tzinfo=timezone.utc)  # the test pins `now` to this instant
SEPARATOR = b'\nFrom mboxrd@z Thu Jan  1 00:00:00 1970\n'

# ── messages ──

TRANSPORT = {
    'received', 'x-received', 'return-path', 'delivered-to', 'x-original-to', 'envelope-to',
    'x-envelope-from', 'x-envelope-to', 'received-spf', 'authentication-results', 'arc-seal',
    'arc-message-signature', 'arc-authentication-results', 'x-spam-status', 'x-spam-score',
    'x-spam-level', 'x-spam-checker-version', 'x-virus-scanned', 'x-greylist', 'status', 'x-status',
    'x-keywords', 'x-uid', 'content-length', 'lines',
}


def content_key(raw):
    """Same identity as src/mail/content-key.ts: headers minus transport headers, then the body."""
    h = hashlib.sha256()
    lines = raw.split(b'\n')
    keep = True
    i = 0
    for i, line in enumerate(lines):
        line = line[:-1] if line.endswith(b'\r') else line
        if line == b'':
            h.update(b'\n')
            break
        if line[:1] not in (b' ', b'\t'):
            colon = line.find(b':')
            name = line[:colon].decode('latin1').strip().lower() if colon > 0 else ''
            keep = name not in TRANSPORT
        if keep:
            h.update(line + b'\n')
    else:
        return h.digest()
    h.update(b'\n'.join(lines[i + 1:]).replace(b'\r\n', b'\n'))
    return h.digest()


def messages(path):
    data = b'\n' + gzip.decompress(Path(path).read_bytes())
    for chunk in data.split(SEPARATOR)[1:]:
        chunk = re.sub(rb'(?m)^>(>*From )', rb'\1', chunk)
        # the mbox writer's blank line between messages is not part of the message
        yield chunk[:-1] if chunk.endswith(b'\n\n') else chunk


# ── decoding ──

SNIFF = {None, '', 'us-ascii', 'ascii', 'iso-8859-1', 'latin1', 'latin-1', 'windows-1252', 'cp1252',
         'utf8', 'x-unknown', 'unknown-8bit', 'unknown'}
ALIASES = {'gb2312': 'gb18030', 'gbk': 'gb18030', 'x-gbk': 'gb18030', 'cp936': 'gb18030',
           'big5': 'big5hkscs', 'ks_c_5601-1987': 'cp949', 'euc-kr': 'cp949', 'iso-2022-jp': 'iso2022_jp_2'}


def decode(data, charset):
    charset = (charset or '').strip().lower()
    if charset in SNIFF:
        try:
            return data.decode('utf-8')
        except UnicodeDecodeError:
            return data.decode('cp1252', 'replace')
    try:
        return data.decode(ALIASES.get(charset, charset), 'replace')
    except LookupError:
        return data.decode('utf-8', 'replace')


def unflow(text, delsp):
    """RFC 3676 format=flowed: a line ending in a space continues on the next one."""
    out = []
    for line in text.split('\n'):
        if line.startswith(' '):
            line = line[1:]
        if out and out[-1].endswith(' ') and out[-1] != '-- ':
            out[-1] = (out[-1][:-1] if delsp else out[-1]) + line
        else:
            out.append(line)
    return '\n'.join(out)


class HtmlText(html.parser.HTMLParser):
    BLOCK = {'address', 'article', 'aside', 'blockquote', 'br', 'caption', 'center', 'dd', 'div', 'dl',
             'dt', 'fieldset', 'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5',
             'h6', 'header', 'hr', 'li', 'main', 'nav', 'ol', 'p', 'pre', 'section', 'table', 'tbody',
             'td', 'tfoot', 'th', 'thead', 'tr', 'ul'}
    HIDDEN = {'script', 'style', 'head', 'title', 'noscript', 'template', 'svg', 'xml', 'object'}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.hidden = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in self.HIDDEN:
            self.hidden += 1
        elif tag in self.BLOCK:
            self.parts.append('\n')
        elif tag in ('td', 'th'):
            self.parts.append(' ')

    def handle_endtag(self, tag):
        if tag in self.HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in self.BLOCK:
            self.parts.append('\n')

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def html_text(source):
    parser = HtmlText()
    parser.feed(source)
    parser.close()
    return ''.join(parser.parts)


def part_text(part):
    payload = part.get_payload(decode=True) or b''
    text = decode(payload, part.get_content_charset()).replace('\r\n', '\n').replace('\r', '\n')
    if part.get_param('format', '').lower() == 'flowed':
        text = unflow(text, part.get_param('delsp', '').lower() == 'yes')
    return text


def entries(part):
    """Body pieces of a MIME subtree in order: ('plain' | 'html', text)."""
    ctype = part.get_content_type()
    if part.is_multipart():
        children = part.get_payload()
        if ctype == 'message/rfc822':
            return [('plain', scope_text(children[0]))] if children else []
        if ctype == 'multipart/alternative':
            branches = [entries(c) for c in children]
            for branch in branches:
                if any(k == 'plain' and t.strip() for k, t in branch):
                    return [(k, t) for k, t in branch if k == 'plain']
            html_branches = [b for b in branches if any(k == 'html' for k, _ in b)]
            return [('plain', html_text(t) if k == 'html' else t) for k, t in html_branches[-1]] if html_branches else []
        return [e for c in children for e in entries(c)]
    if part.get_content_disposition() == 'attachment':
        return []
    if ctype == 'text/plain' or (ctype in ('text/x-patch', 'text/x-diff') and part.get_content_disposition() == 'inline'):
        return [('plain', part_text(part))]
    if ctype == 'text/html':
        return [('html', part_text(part))]
    return []


def scope_text(message):
    pieces = entries(message)
    has_plain = any(k == 'plain' and t.strip() for k, t in pieces)
    texts = [t if k == 'plain' else html_text(t) for k, t in pieces if k == 'plain' or not has_plain]
    return '\n\n'.join(t.rstrip() for t in texts if t.rstrip())


def header_text(msg, name):
    try:
        value = msg[name]
        return '' if value is None else str(value)
    except Exception:
        return str(msg.get_all(name, [''])[0])


def mailboxes(msg, name):
    out = []
    try:
        for header in msg.get_all(name, []):
            out += [f'{a.display_name} {a.addr_spec}' for a in header.addresses]
    except Exception:
        out = [f'{n} {a}' for n, a in getaddresses([str(v) for v in msg.get_all(name, [])])]
    return '\n'.join(out)


def instant(value):
    try:
        d = parsedate_to_datetime(value.strip())
    except Exception:
        return None
    if d is None:
        return None
    d = d if d.tzinfo else d.replace(tzinfo=timezone.utc)
    return d if datetime(1970, 1, 2, tzinfo=timezone.utc) <= d else None


def message_date(msg):
    date = instant(str(msg.get('date', '') or ''))
    if date:
        return date
    for received in msg.get_all('received', []):
        value = re.sub(r'\([^()]*\)', '', str(received))
        if ';' in value:
            date = instant(value.rsplit(';', 1)[1])
            if date:
                return date
    return None


DIFF_GIT = re.compile(r'^diff --git (\S+) (\S+)$')
DIFF_FILE = re.compile(r'^(?:---|\+\+\+) (\S+)(?:\t.*)?$')


def split_body(text):
    nq, q, dfn = [], [], []
    for line in text.split('\n'):
        if re.match(r'[ \t]*>', line):
            q.append(line)
            continue
        nq.append(line)
        m = DIFF_GIT.match(line)
        for path in (m.groups() if m else [(DIFF_FILE.match(line) or [None, None])[1]]):
            if path and path != '/dev/null':
                path = path[2:] if re.match(r'[ab]/', path) else path
                if path not in dfn:
                    dfn.append(path)
    return '\n'.join(nq), '\n'.join(q), '\n'.join(dfn)


# ── tokens ──

def char_class(predicate):
    ranges, start = [], None
    for cp in range(sys.maxunicode + 2):
        inside = cp <= sys.maxunicode and predicate(chr(cp))
        if inside and start is None:
            start = cp
        elif not inside and start is not None:
            ranges.append(f'{re.escape(chr(start))}-{re.escape(chr(cp - 1))}')
            start = None
    return '[' + ''.join(ranges) + ']'


# Python has no Script property: the CJK blocks stand in for Han, Hiragana, Katakana and Hangul
CJK_BLOCKS = [(0x1100, 0x11FF), (0x2E80, 0x2FDF), (0x3005, 0x3007), (0x3021, 0x3029), (0x3038, 0x303B),
              (0x3040, 0x30FF), (0x3130, 0x318F), (0x31A0, 0x31FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF),
              (0xA960, 0xA97F), (0xAC00, 0xD7FF), (0xF900, 0xFAFF), (0xFF66, 0xFFDC), (0x20000, 0x3134F)]


def is_cjk(ch):
    cp = ord(ch)
    return unicodedata.category(ch)[0] in 'LN' and any(a <= cp <= b for a, b in CJK_BLOCKS)


def is_token(ch):
    c = unicodedata.category(ch)
    return (c[0] in 'LNM' or c == 'Co') and not is_cjk(ch)


TOKEN = re.compile(char_class(is_cjk) + '|' + char_class(is_token) + '+')


def fold(token):
    return ''.join(c for c in unicodedata.normalize('NFD', token.lower()) if unicodedata.category(c)[0] != 'M')


def token_line(text):
    """Folded tokens between spaces: a phrase matches where ' a b ' occurs in it."""
    return ' ' + ' '.join(fold(t) for t in TOKEN.findall(text)) + ' '


# ── the corpus as the oracle sees it ──

FIELDS = ['subject', 'from', 'to', 'cc', 'nq', 'q', 'dfn']


def load(path):
    seen, docs = set(), []
    for raw in messages(path):
        key = content_key(raw)
        if key in seen:
            continue
        seen.add(key)
        msg = message_from_bytes(raw, policy=policy.default)
        nq, q, dfn = split_body(scope_text(msg))
        texts = {'subject': header_text(msg, 'subject'), 'from': mailboxes(msg, 'from'),
                 'to': mailboxes(msg, 'to'), 'cc': mailboxes(msg, 'cc'), 'nq': nq, 'q': q, 'dfn': dfn}
        mid = re.sub(r'^\s*<|>\s*$', '', str(msg.get('message-id', '') or '').strip())
        docs.append({'fields': {f: token_line(t) for f, t in texts.items()}, 'mid': mid,
                     'date': message_date(msg)})
    return docs


DOCS = []


def T(text, *fields, prefix=False):
    """Messages where the term's tokens stand next to each other in one of the fields (all: any)."""
    words = [fold(t) for t in TOKEN.findall(text)]
    needle = ' ' + ' '.join(words) + ('' if prefix else ' ')
    return {i for i, d in enumerate(DOCS, 1) if any(needle in d['fields'][f] for f in (fields or FIELDS))}


def W(text, *fields):
    return T(text, *fields, prefix=True)


def M(mid):
    return {i for i, d in enumerate(DOCS, 1) if d['mid'] == mid}


def D(start, until):
    """Dated in [start, until); bounds are 'YYYY-MM-DD' (UTC) or None."""
    lo = datetime.fromisoformat(start).replace(tzinfo=timezone.utc) if start else None
    hi = datetime.fromisoformat(until).replace(tzinfo=timezone.utc) if until else None
    return {i for i, d in enumerate(DOCS, 1)
            if d['date'] and (lo is None or d['date'] >= lo) and (hi is None or d['date'] < hi)}


def ALL():
    return set(range(1, len(DOCS) + 1))


# query → its meaning under the matching rule above
QUERIES = [
    ('s:pmbus', lambda: T('pmbus', 'subject')),
    ('s:aspeed', lambda: T('aspeed', 'subject')),
    ('s:"device tree"', lambda: T('device tree', 'subject')),
    ('s:aspe*', lambda: W('aspe', 'subject')),
    ('f:joel', lambda: T('joel', 'from')),
    ('f:"andrew jeffery"', lambda: T('andrew jeffery', 'from')),
    ('f:jms.id.au', lambda: T('jms.id.au', 'from')),
    ('t:"joel stanley"', lambda: T('joel stanley', 'to')),
    ('c:aj.id.au', lambda: T('aj.id.au', 'cc')),
    ('a:jms.id.au', lambda: T('jms.id.au', 'from', 'to', 'cc')),
    ('tc:jms.id.au', lambda: T('jms.id.au', 'to', 'cc')),
    ('b:fixes', lambda: T('fixes', 'nq', 'q')),
    ('bs:fsi', lambda: T('fsi', 'subject', 'nq', 'q')),
    ('nq:thanks', lambda: T('thanks', 'nq')),
    ('q:thanks', lambda: T('thanks', 'q')),
    ('nq:"reviewed-by: joel stanley"', lambda: T('reviewed-by: joel stanley', 'nq')),
    ('q:"signed-off-by"', lambda: T('signed-off-by', 'q')),
    ('dfn:aspeed-g6.dtsi', lambda: T('aspeed-g6.dtsi', 'dfn')),
    ('dfn:drivers/hwmon', lambda: T('drivers/hwmon', 'dfn')),
    ('dfn:Makefile', lambda: T('Makefile', 'dfn')),
    ('m:<20210113223808.31626-2-hongweiz@ami.com>', lambda: M('20210113223808.31626-2-hongweiz@ami.com')),
    ('pmbus', lambda: T('pmbus')),
    ('"power supply"', lambda: T('power supply')),
    ('phosphor-host-ipmid', lambda: T('phosphor-host-ipmid')),
    ('pmbus aspeed', lambda: T('pmbus') & T('aspeed')),
    ('pmbus AND aspeed', lambda: T('pmbus') & T('aspeed')),
    ('pmbus +aspeed', lambda: T('pmbus') & T('aspeed')),
    ('pmbus OR psu', lambda: T('pmbus') | T('psu')),
    ('pmbus -s:pmbus', lambda: T('pmbus') - T('pmbus', 'subject')),
    ('pmbus NOT s:pmbus', lambda: T('pmbus') - T('pmbus', 'subject')),
    ('NOT s:patch', lambda: ALL() - T('patch', 'subject')),
    ('-s:patch -s:re', lambda: ALL() - T('patch', 'subject') - T('re', 'subject')),
    ('(pmbus OR psu) f:joel', lambda: (T('pmbus') | T('psu')) & T('joel', 'from')),
    ('s:(pmbus OR psu) -f:joel', lambda: (T('pmbus', 'subject') | T('psu', 'subject')) - T('joel', 'from')),
    ('d:20200101..20200131', lambda: D('2020-01-01', '2020-02-01')),
    ('d:2020-06-01..', lambda: D('2020-06-01', None)),
    ('d:..20190601', lambda: D(None, '2019-06-01')),
    ('d:2021-07', lambda: D('2021-07-01', '2021-08-01')),
    ('d:2.weeks.ago..', lambda: D('2021-07-01', None)),
    ('d:yesterday..', lambda: D('2021-07-14', None)),
    ('s:ast2600 d:2020..', lambda: T('ast2600', 'subject') & D('2020-01-01', None)),
    ('pmbus OR d:2021-07-30', lambda: T('pmbus') | D('2021-07-30', '2021-07-31')),
    ('-pmbus d:2021-07', lambda: D('2021-07-01', '2021-08-01') - T('pmbus')),
    ('邮件', lambda: T('邮件')),
    ('回覆', lambda: T('回覆')),
    ('寄件者', lambda: T('寄件者')),
    ('s:"[PATCH v2"', lambda: T('patch v2', 'subject')),
    ('f:cedric', lambda: T('cedric', 'from')),
    ('f:"Cédric Le Goater"', lambda: T('Cédric Le Goater', 'from')),
    ('f:劉晉翰', lambda: T('劉晉翰', 'from')),
    ('s:回复', lambda: T('回复', 'subject')),
    ('b:"thank you"', lambda: T('thank you', 'nq', 'q')),
    ('pmbu*', lambda: W('pmbu')),
    ('dfn:aspeed*', lambda: W('aspeed', 'dfn')),
    ('"i2c" OR "i3c" OR "spi"', lambda: T('i2c') | T('i3c') | T('spi')),
    ('s:(fsi OR i2c) d:2020-01..2020-06', lambda: (T('fsi', 'subject') | T('i2c', 'subject')) & D('2020-01-01', '2020-07-01')),
]


def main():
    args = sys.argv[1:]
    ids_out = None
    if '--ids' in args:
        ids_out = args[args.index('--ids') + 1]
        del args[args.index('--ids'):args.index('--ids') + 2]
    DOCS.extend(load(args[0] if args else DEFAULT_MBOX))
    print(f'// {len(DOCS)} messages')
    ids = {}
    for query, meaning in QUERIES:
        found = meaning()
        ids[query] = sorted(found)
        print(f'  [{json.dumps(query, ensure_ascii=False)}, {len(found)}],')
    if ids_out:
        Path(ids_out).write_text(json.dumps(ids))


if __name__ == '__main__':
    main()
