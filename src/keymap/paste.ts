// Bracketed paste (the terminal wraps pasted text in ESC[200~ … ESC[201~ once the app
// asks with ESC[?2004h): a paste is text, never a string of commands. Ink hands the
// markers over as the input "[200~" / "[201~" (ESC removed) and the text in between as
// one or more inputs, with a lone newline or tab arriving as the Return or Tab key.
import type { KeyFlags } from './keys.js';


const START = '[200~';
const END = '[201~';

export type PasteStep = { kind: 'key' } | { kind: 'pending' } | { kind: 'paste'; text: string };

export interface PasteAssembler {
  /** What one input from Ink is: an ordinary key, part of a paste, or the end of one. */
  feed(input: string, key: KeyFlags): PasteStep;
  readonly active: boolean;
}

/** A pasted newline arrives as CR (or CRLF): one \n each. */
export function normalizePaste(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

function plain(key: KeyFlags): boolean {
  return !key.ctrl && !key.meta && !key.escape && !key.return && !key.tab && !key.backspace && !key.delete;
}

export function createPasteAssembler(limitBytes = 1024 * 1024): PasteAssembler {
  let buffer: string[] | null = null;
  let size = 0;
  return {
    get active() {
      return buffer !== null;
    },
    feed(input, key) {
      if (buffer === null) {
        if (input === START && plain(key)) {
          buffer = [];
          size = 0;
          return { kind: 'pending' };
        }
        // An end marker without a start (the start was lost): nothing to type.
        if (input === END && plain(key)) return { kind: 'pending' };
        return { kind: 'key' };
      }
      if (input === END && plain(key)) {
        const text = normalizePaste(buffer.join(''));
        buffer = null;
        return { kind: 'paste', text };
      }
      const piece = key.return ? '\n' : key.tab ? '\t' : key.backspace || key.delete || key.escape ? '' : input;
      // Bounded: a runaway paste keeps its first megabyte.
      if (size < limitBytes) {
        buffer.push(piece);
        size += piece.length;
      }
      return { kind: 'pending' };
    },
  };
}
