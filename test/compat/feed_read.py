# Reads an Atom feed with feedparser, as feed readers do (fetching the URL itself, so relative links
# resolve against it). Prints, as JSON, whether feedparser found the feed malformed (bozo) and why,
# the version it recognised, and each entry's link, id, title, author and updated time.
# usage: python3 feed_read.py URL
import json
import sys

import feedparser

feed = feedparser.parse(sys.argv[1])
print(json.dumps({
    'bozo': bool(feed.bozo),
    'bozoException': str(feed.get('bozo_exception', '')),
    'version': feed.version,
    'title': feed.feed.get('title'),
    'id': feed.feed.get('id'),
    'updated': feed.feed.get('updated'),
    'selfLink': next((l.href for l in feed.feed.get('links', []) if l.rel == 'self'), None),
    'entries': [{
        'link': e.get('link'),
        'id': e.get('id'),
        'title': e.get('title'),
        'author': e.get('author'),
        'updated': e.get('updated'),
        'contentType': e.content[0].type if e.get('content') else None,
    } for e in feed.entries],
}))
