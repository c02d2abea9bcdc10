// A sound-enough check that rendered HTML holds nothing active, for the render tests.
//
// The output is parsed with htmlparser2 and every tag, attribute and URL is inspected. This is a
// fair stand-in for a browser's parser here because the check also rejects every element whose
// content a browser tokenises differently (script, style, textarea, xmp, title, noscript, iframe,
// noembed, noframes, plaintext, svg, math and comments): with only ordinary HTML elements left,
// htmlparser2 and the HTML standard split tags and attributes the same way.

import { Parser } from 'htmlparser2';

export const OUR_CLASSES = new Set([
  'mail-html',
  'mail-text',
  'mail-raw',
  'mail-notice',
  'q1',
  'q2',
  'q3',
  'diff-file',
  'diff-hunk',
  'diff-add',
  'diff-del',
  'sig',
]);

// biome-ignore format: a word list reads better packed
const SAFE_TAGS = new Set([
  'a', 'abbr', 'acronym', 'address', 'b', 'bdi', 'bdo', 'big', 'blockquote', 'br', 'caption', 'center',
  'cite', 'code', 'col', 'colgroup', 'dd', 'del', 'dfn', 'div', 'dl', 'dt', 'em', 'font', 'h1', 'h2',
  'h3', 'h4', 'h5', 'h6', 'hr', 'i', 'img', 'ins', 'kbd', 'li', 'mark', 'ol', 'p', 'pre', 'q', 's',
  'samp', 'small', 'span', 'strike', 'strong', 'sub', 'sup', 'table', 'tbody', 'td', 'tfoot', 'th',
  'thead', 'tr', 'tt', 'u', 'ul', 'var', 'wbr',
]);

const FORBIDDEN_ATTRIBUTES = new Set([
  'style',
  'srcdoc',
  'srcset',
  'formaction',
  'action',
  'background',
  'poster',
  'xlink:href',
  'id',
  'name',
  'form',
  'http-equiv',
]);

const SAFE_HREF = /^(?:https?:\/\/|mailto:)/i;
const SAFE_SRC = /^data:image\/(?:png|gif|jpeg|jpg|webp)[;,]/i;

/** Every dangerous thing found in `html` (empty when it is inert). */
export function dangers(html: string): string[] {
  const found: string[] = [];
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        if (!SAFE_TAGS.has(name)) found.push(`element <${name}>`);
        for (const [attribute, value] of Object.entries(attributes)) {
          const squeezed = value.replace(/[\s\x00-\x1f]/g, '').toLowerCase();
          if (attribute.startsWith('on')) found.push(`handler ${attribute} on <${name}>`);
          if (FORBIDDEN_ATTRIBUTES.has(attribute)) found.push(`attribute ${attribute} on <${name}>`);
          if (attribute === 'class' && !value.split(/\s+/).every((c) => OUR_CLASSES.has(c)))
            found.push(`foreign class "${value}"`);
          if (attribute === 'href' && !SAFE_HREF.test(value)) found.push(`href "${value}"`);
          if (attribute === 'src' && !SAFE_SRC.test(value)) found.push(`src "${value}"`);
          if (/javascript:|vbscript:|data:text|expression\(/.test(squeezed))
            found.push(`${attribute}="${value}" on <${name}>`);
        }
      },
      oncomment(data) {
        found.push(`comment <!--${data}-->`);
      },
      onprocessinginstruction(name) {
        found.push(`declaration <${name}>`);
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();
  return found;
}
