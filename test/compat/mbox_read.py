# Reads a gzipped mbox the way a user's tools do: fetched with urllib (or read from a file), gunzipped,
# split by Python's mailbox module. Prints, as JSON, each message's mbox From_ line, Message-ID and
# the sha256 of its bytes.
#
# Python's mailbox.mbox reads (and writes) mboxo: it does not undo mboxrd's `>From ` quoting, so
# this script does, as any mboxrd reader must (one `>` off every `^>+From ` line).
# usage: python3 mbox_read.py URL-or-PATH
import gzip
import hashlib
import json
import mailbox
import re
import sys
import tempfile
import urllib.request

source = sys.argv[1]
if source.startswith('http://'):
    with urllib.request.urlopen(source) as response:
        data = response.read()
else:
    with open(source, 'rb') as f:
        data = f.read()
if data[:2] == b'\x1f\x8b':
    data = gzip.decompress(data)

with tempfile.NamedTemporaryFile(suffix='.mbox') as f:
    f.write(data)
    f.flush()
    box = mailbox.mbox(f.name)
    messages = []
    for key in box.keys():
        raw = re.sub(rb'(?m)^>(>*From )', rb'\1', box.get_bytes(key))
        message = box.get_message(key)
        messages.append({
            'from': message.get_from(),
            'messageId': (message.get('Message-ID') or '').strip(),
            'sha256': hashlib.sha256(raw).hexdigest(),
        })
print(json.dumps({'count': len(messages), 'messages': messages}))
