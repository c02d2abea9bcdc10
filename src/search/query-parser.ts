// The query language of public-inbox (lore.kernel.org), parsed into a syntax tree:
//   s:word  f:"a phrase"  b:(group of terms)  -term  +term  NOT  AND  OR  (…)  "phrase"  word*
// Terms next to each other are ANDed (public-inbox sets Xapian's default operator to AND).
// Operators are upper-case words, as in Xapian: `and`/`or`/`not` in lower case are search words.
// Precedence, loosest first: OR, then AND (explicit or implicit) and binary NOT (`a NOT b` = a AND
// NOT b), then the unary forms NOT/-/+.
// Like Xapian's parser this is lenient where a reading is obvious (an unclosed quote runs to the
// end; `zz:x` with an unknown prefix is the text "zz:x", as for URLs) and strict where a guess would
// surprise (a dangling AND, unbalanced parentheses): those are SearchSyntaxErrors, shown to the user.
// Nothing here is passed to SQL or FTS5 as syntax: terms come out as plain text for the planner.

import { SEARCH_MAX_DEPTH, SEARCH_MAX_QUERY_CHARS, SEARCH_MAX_TERMS } from '../limits.ts';

/** A query the user must fix; `message` is meant for them, and says where and what. */
export class SearchSyntaxError extends Error {
  override name = 'SearchSyntaxError';
}

/** The prefixes lore documents that this archive implements (see docs/search.md). */
export const PREFIXES = new Set([
  's',
  'f',
  't',
  'c',
  'a',
  'tc',
  'b',
  'bs',
  'nq',
  'q',
  'm',
  'dfn',
  'd',
  'dt',
  'l',
]);

export type QueryNode =
  | {
      type: 'term';
      /** The lore prefix (`s`, `f`, …), or null for a bare term. */
      prefix: string | null;
      text: string;
      /** Written in double quotes. */
      phrase: boolean;
      /** Written with a trailing `*`: the last word is a prefix. */
      wildcard: boolean;
    }
  | { type: 'and'; children: QueryNode[] }
  | { type: 'or'; children: QueryNode[] }
  | { type: 'not'; child: QueryNode };

type Token =
  | { kind: '(' | ')' | '-' | '+' | 'AND' | 'OR' | 'NOT'; at: number }
  /** `prefix:(`: a group whose terms take the prefix; the `(` is part of this token. */
  | { kind: 'group'; prefix: string; at: number }
  | { kind: 'term'; prefix: string | null; text: string; phrase: boolean; wildcard: boolean; at: number };

const SPACE = /\s/;
const PREFIX = /^([a-z]+):/;

function isSpace(ch: string | undefined): boolean {
  return ch === undefined || SPACE.test(ch);
}

/** Column for messages: 1-based, as people count. */
function col(at: number): string {
  return `column ${at + 1}`;
}

function lex(query: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const readWord = (): string => {
    const start = i;
    while (i < query.length && !isSpace(query[i]) && query[i] !== '(' && query[i] !== ')') i++;
    return query.slice(start, i);
  };
  const readPhrase = (): string => {
    const close = query.indexOf('"', i + 1);
    const end = close < 0 ? query.length : close;
    const text = query.slice(i + 1, end);
    i = close < 0 ? query.length : close + 1;
    return text;
  };
  while (i < query.length) {
    const ch = query[i];
    const at = i;
    if (isSpace(ch)) {
      i++;
    } else if (ch === '(' || ch === ')') {
      tokens.push({ kind: ch, at });
      i++;
    } else if ((ch === '-' || ch === '+') && !isSpace(query[i + 1]) && query[i + 1] !== ')') {
      tokens.push({ kind: ch, at });
      i++;
    } else if (ch === '"') {
      tokens.push({ kind: 'term', prefix: null, text: readPhrase(), phrase: true, wildcard: false, at });
    } else {
      const prefix = PREFIX.exec(query.slice(i, i + 8));
      if (prefix && PREFIXES.has(prefix[1])) {
        i += prefix[0].length;
        const name = prefix[1];
        if (query[i] === '(') {
          tokens.push({ kind: 'group', prefix: name, at });
          i++;
        } else if (query[i] === '"') {
          tokens.push({ kind: 'term', prefix: name, text: readPhrase(), phrase: true, wildcard: false, at });
        } else if (isSpace(query[i]) || query[i] === ')') {
          throw new SearchSyntaxError(
            `"${name}:" at ${col(at)} needs a word, a "phrase" or a (group) right after it`,
          );
        } else {
          tokens.push(wordToken(name, readWord(), at));
        }
        continue;
      }
      const word = readWord();
      if (word === 'AND' || word === 'OR' || word === 'NOT') tokens.push({ kind: word, at });
      else tokens.push(wordToken(null, word, at));
    }
  }
  return tokens;
}

function wordToken(prefix: string | null, word: string, at: number): Token {
  const stripped = word.replace(/\*+$/, '');
  return {
    kind: 'term',
    prefix,
    text: stripped,
    phrase: false,
    wildcard: stripped.length < word.length && stripped.length > 0,
    at,
  };
}

class Parser {
  private pos = 0;
  private depth = 0;
  private terms = 0;
  private readonly prefixes: string[] = [];
  private readonly tokens: Token[];

  constructor(tokens: Token[]) {
    this.tokens = tokens;
  }

  parse(): QueryNode {
    const node = this.or();
    const next = this.tokens[this.pos];
    if (next) {
      // or() stops only at `)` or the end
      throw new SearchSyntaxError(`")" at ${col(next.at)} has no "(" to close`);
    }
    return node;
  }

  private peek(): Token | undefined {
    return this.tokens[this.pos];
  }

  private or(): QueryNode {
    const children = [this.and()];
    while (this.peek()?.kind === 'OR') {
      const op = this.tokens[this.pos++];
      children.push(this.operand(op));
    }
    return children.length === 1 ? children[0] : { type: 'or', children };
  }

  private and(): QueryNode {
    const children = [this.unary()];
    for (;;) {
      const next = this.peek();
      if (!next || next.kind === 'OR' || next.kind === ')') break;
      if (next.kind === 'AND') {
        this.pos++;
        children.push(this.operandUnary(next));
      } else if (next.kind === 'NOT') {
        this.pos++;
        children.push({ type: 'not', child: this.operandUnary(next) });
      } else {
        children.push(this.unary());
      }
    }
    return children.length === 1 ? children[0] : { type: 'and', children };
  }

  /** The right side of OR: a whole AND chain. */
  private operand(op: Token): QueryNode {
    this.expectOperand(op);
    return this.and();
  }

  /** The right side of AND / binary NOT: one unary. */
  private operandUnary(op: Token): QueryNode {
    this.expectOperand(op);
    return this.unary();
  }

  private expectOperand(op: Token): void {
    const next = this.peek();
    if (!next || next.kind === ')' || next.kind === 'AND' || next.kind === 'OR') {
      throw new SearchSyntaxError(`${op.kind} at ${col(op.at)} needs a search term after it`);
    }
  }

  private unary(): QueryNode {
    const token = this.peek();
    if (!token) throw new SearchSyntaxError('the query ends where a search term should be');
    if (token.kind === 'NOT' || token.kind === '-') {
      this.pos++;
      this.expectOperand(token.kind === '-' ? { ...token, kind: 'NOT' } : token);
      return { type: 'not', child: this.unary() };
    }
    if (token.kind === '+') {
      // public-inbox's default operator is AND, so "required" adds nothing
      this.pos++;
      return this.unary();
    }
    return this.primary();
  }

  private primary(): QueryNode {
    const token = this.tokens[this.pos++];
    if (token.kind === 'term') {
      if (++this.terms > SEARCH_MAX_TERMS) {
        throw new SearchSyntaxError(`too many search terms: at most ${SEARCH_MAX_TERMS} in one query`);
      }
      const { prefix, text, phrase, wildcard } = token;
      return { type: 'term', prefix: prefix ?? this.prefixes.at(-1) ?? null, text, phrase, wildcard };
    }
    if (token.kind === '(' || token.kind === 'group') {
      if (++this.depth > SEARCH_MAX_DEPTH) {
        throw new SearchSyntaxError(`parentheses nested too deep: at most ${SEARCH_MAX_DEPTH} levels`);
      }
      if (this.peek()?.kind === ')') throw new SearchSyntaxError(`empty parentheses at ${col(token.at)}`);
      if (token.kind === 'group') this.prefixes.push(token.prefix);
      if (!this.peek()) throw new SearchSyntaxError(`"(" at ${col(token.at)} is never closed`);
      const inner = this.or();
      if (token.kind === 'group') this.prefixes.pop();
      if (this.peek()?.kind !== ')') throw new SearchSyntaxError(`"(" at ${col(token.at)} is never closed`);
      this.pos++;
      this.depth--;
      return inner;
    }
    if (token.kind === ')') throw new SearchSyntaxError(`")" at ${col(token.at)} has no "(" to close`);
    throw new SearchSyntaxError(`${token.kind} at ${col(token.at)} needs a search term before it`);
  }
}

/** Parses a query string; throws SearchSyntaxError with a message for the user. */
export function parseQuery(query: string): QueryNode {
  if (query.length > SEARCH_MAX_QUERY_CHARS) {
    throw new SearchSyntaxError(`the query is too long: at most ${SEARCH_MAX_QUERY_CHARS} characters`);
  }
  const tokens = lex(query);
  if (tokens.length === 0) throw new SearchSyntaxError('the query is empty: type something to search for');
  return new Parser(tokens).parse();
}
