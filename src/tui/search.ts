// Searching a log: the pattern as typed, a regular expression when it is one, plain text
// otherwise; smart case (case matters only when the pattern has a capital). Pure.

export interface SearchPattern {
  /** Global, for finding every match in a line. */
  regex: RegExp;
  /** The pattern was meant as a regular expression and did not compile: searched as text. */
  invalid: string | null;
}

/** Characters that make a query a regular expression rather than text. */
const REGEX_SYNTAX = /[\\^$.*+?()[\]{}|]/;

function escape(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
}

export function searchPattern(query: string): SearchPattern {
  const flags = /[A-Z]/.test(query) ? 'g' : 'gi';
  if (REGEX_SYNTAX.test(query)) {
    try {
      const regex = new RegExp(query, flags);
      // A pattern that matches the empty string would mark every line: take it as text.
      if (!regex.test('')) return { regex, invalid: null };
      return { regex: new RegExp(escape(query), flags), invalid: 'matches empty text' };
    } catch (error) {
      return { regex: new RegExp(escape(query), flags), invalid: error instanceof Error ? error.message.replace(/^Invalid regular expression: /, '') : 'not a pattern' };
    }
  }
  return { regex: new RegExp(escape(query), flags), invalid: null };
}

export function matchesLine(pattern: SearchPattern, text: string): boolean {
  pattern.regex.lastIndex = 0;
  return pattern.regex.test(text);
}

/** The line cut into runs, each a match or not (for highlighting). */
export function matchRuns(pattern: SearchPattern, text: string): { text: string; hit: boolean }[] {
  const runs: { text: string; hit: boolean }[] = [];
  const regex = pattern.regex;
  regex.lastIndex = 0;
  let at = 0;
  for (let m = regex.exec(text); m !== null; m = regex.exec(text)) {
    if (m[0] === '') {
      regex.lastIndex++;
      continue;
    }
    if (m.index > at) runs.push({ text: text.slice(at, m.index), hit: false });
    runs.push({ text: m[0], hit: true });
    at = m.index + m[0].length;
  }
  if (at < text.length) runs.push({ text: text.slice(at), hit: false });
  return runs;
}
