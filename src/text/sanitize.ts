// Untrusted text (pane captures, logs, event text) on its way to a terminal. At most
// colors survive: cursor movement, screen and mode changes, titles, OSC 52 clipboard
// writes, hyperlinks, DCS/APC/PM/SOS strings, resets and other controls are removed.
import stripAnsi from 'strip-ansi';

const ESC = 0x1b;
const BEL = 0x07;

export interface SanitizeOptions {
  /** Keep SGR color and style sequences (ESC [ … m). */
  keepColors?: boolean;
  tabWidth?: number;
}

function isCsiFinal(code: number): boolean {
  return code >= 0x40 && code <= 0x7e;
}

/** Index just past a string terminated by BEL or ST (ESC \ or 0x9c), or the end. */
function skipString(text: string, from: number, allowBel: boolean): number {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (allowBel && c === BEL) return i + 1;
    if (c === 0x9c) return i + 1;
    if (c === ESC && text.charCodeAt(i + 1) === 0x5c) return i + 2;
  }
  return text.length;
}

/** Index just past a CSI sequence starting at `from` (after ESC [ or 0x9b); final char at result-1. */
function skipCsi(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (isCsiFinal(c)) return i + 1;
    if (c < 0x20 || c > 0x3f) return i; // malformed: stop before the stray byte
  }
  return text.length;
}

/** Only plain SGR parameters (digits, ; and :) — nothing that could smuggle more. */
const SGR_PARAMS = /^[0-9;:]*$/;

export function sanitizeLine(input: string, options: SanitizeOptions = {}): string {
  const keepColors = options.keepColors ?? false;
  const tabWidth = options.tabWidth ?? 8;
  // Carriage returns redraw a line in place (progress bars): keep what was drawn last.
  let text = input;
  if (text.includes('\r')) {
    const parts = text.split('\r').filter((p) => p !== '');
    text = parts[parts.length - 1] ?? '';
  }
  let out = '';
  let column = 0;
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === ESC || (c >= 0x80 && c <= 0x9f)) {
      let kind: number;
      let next: number;
      if (c === ESC) {
        kind = text.charCodeAt(i + 1);
        next = i + 2;
        if (Number.isNaN(kind)) break;
      } else {
        // 8-bit C1 controls map onto ESC + (c - 0x40).
        kind = c - 0x40;
        next = i + 1;
      }
      if (kind === 0x5b) {
        // CSI
        const end = skipCsi(text, next);
        const final = text.charCodeAt(end - 1);
        const params = text.slice(next, end - 1);
        if (keepColors && final === 0x6d && SGR_PARAMS.test(params)) out += `\x1b[${params}m`;
        i = end;
      } else if (kind === 0x5d) {
        i = skipString(text, next, true); // OSC: titles, clipboard, hyperlinks
      } else if (kind === 0x50 || kind === 0x58 || kind === 0x5e || kind === 0x5f) {
        i = skipString(text, next, false); // DCS, SOS, PM, APC
      } else if (kind >= 0x20 && kind <= 0x2f) {
        // ESC with intermediates (charset designation …): skip to the final byte.
        let j = next;
        while (j < text.length && text.charCodeAt(j) >= 0x20 && text.charCodeAt(j) <= 0x2f) j++;
        i = Math.min(text.length, j + 1);
      } else {
        i = next; // ESC c (reset), ESC 7/8, ESC =, … : dropped
      }
      continue;
    }
    if (c === 0x09) {
      const spaces = tabWidth - (column % tabWidth);
      out += ' '.repeat(spaces);
      column += spaces;
      i++;
      continue;
    }
    if (c < 0x20 || c === 0x7f) {
      i++;
      continue;
    }
    out += text[i];
    column++;
    i++;
  }
  return out;
}

export function sanitizeLines(lines: readonly string[], options: SanitizeOptions = {}): string[] {
  return lines.map((l) => sanitizeLine(l, options));
}

/** Plain text: no escape sequences at all. */
export function plainText(input: string): string {
  return stripAnsi(sanitizeLine(input, { keepColors: true }));
}
