// One name per key press, from Ink's (input, key) pair.

/** The subset of Ink's Key this needs (so src/ does not import ink). */
export interface KeyFlags {
  upArrow?: boolean;
  downArrow?: boolean;
  leftArrow?: boolean;
  rightArrow?: boolean;
  pageUp?: boolean;
  pageDown?: boolean;
  home?: boolean;
  end?: boolean;
  return?: boolean;
  escape?: boolean;
  ctrl?: boolean;
  shift?: boolean;
  meta?: boolean;
  tab?: boolean;
  backspace?: boolean;
  delete?: boolean;
}

export function keyName(input: string, key: KeyFlags): string {
  if (key.upArrow) return 'up';
  if (key.downArrow) return 'down';
  if (key.leftArrow) return 'left';
  if (key.rightArrow) return 'right';
  if (key.pageUp) return 'pageup';
  if (key.pageDown) return 'pagedown';
  if (key.home) return 'home';
  if (key.end) return 'end';
  if (key.return) return key.ctrl ? 'ctrl+enter' : 'enter';
  if (key.tab) return key.shift ? 'shift+tab' : 'tab';
  if (key.backspace) return 'backspace';
  if (key.delete) return 'delete';
  if (key.escape) return 'escape';
  if (key.ctrl && input.length === 1) return `ctrl+${input.toLowerCase()}`;
  if (input === ' ') return 'space';
  return input;
}

/** Printable text typed into a field (a paste arrives as one string). */
export function typedText(input: string, key: KeyFlags): string {
  if (key.ctrl || key.meta || key.escape || key.return || key.tab || key.backspace || key.delete) return '';
  if (key.upArrow || key.downArrow || key.leftArrow || key.rightArrow || key.pageUp || key.pageDown || key.home || key.end) return '';
  // eslint-disable-next-line no-control-regex
  return input.replace(/[\x00-\x1f\x7f]/g, '');
}

/** One character of a burst of input as a key press. */
export function charPress(ch: string): { name: string; text: string } {
  const code = ch.codePointAt(0) ?? 0;
  if (ch === '\r' || ch === '\n') return { name: 'enter', text: '' };
  if (ch === '\t') return { name: 'tab', text: '' };
  if (code === 0x7f || code === 0x08) return { name: 'backspace', text: '' };
  if (ch === ' ') return { name: 'space', text: ' ' };
  if (code < 0x20) return { name: `ctrl+${String.fromCharCode(code + 96)}`, text: '' };
  return { name: ch, text: ch };
}

/**
 * Keys typed faster than one read (or pasted) arrive as one string ("gj\r"): one press
 * per character, so none is lost. `raw` is the bytes the terminal sent for this input,
 * when known: Ink reports Backspace (DEL) and Delete (ESC[3~) alike, and Alt or Ctrl on
 * an arrow not at all.
 */
export function splitPresses(input: string, key: KeyFlags, raw = ''): { name: string; text: string }[] {
  const chars = [...input];
  // xterm's modified arrows: ESC[1;5D is Ctrl-←, ESC[1;3C Alt-→; both move by words.
  const modified = /^\x1b\[1;(\d+)([CD])$/.exec(raw);
  if (modified) {
    const bits = Number(modified[1]) - 1;
    const arrow = modified[2] === 'D' ? 'left' : 'right';
    return [{ name: bits & 6 ? `ctrl+${arrow}` : arrow, text: '' }];
  }
  if (key.backspace || key.delete) {
    // ESC DEL (or ESC BS): Alt-Backspace. ESC[3~: the Delete key. Anything else (DEL,
    // BS, or bytes not known): Backspace, the key people press far more often.
    if (/^\x1b[\x7f\x08]$/.test(raw)) return [{ name: 'alt+backspace', text: '' }];
    return [{ name: raw === '\x1b[3~' ? 'delete' : 'backspace', text: '' }];
  }
  // Alt+key (ESC then the key): text fields move by words with it; elsewhere it is taken
  // as the two keys typed fast (Esc, then the key).
  const arrows = key.upArrow || key.downArrow || key.leftArrow || key.rightArrow || key.pageUp || key.pageDown || key.home || key.end;
  if (key.meta && !key.ctrl && !arrows && chars.length === 1 && !key.return && !key.tab && !key.escape) {
    return [{ name: `alt+${input}`, text: '' }];
  }
  const plain = !key.ctrl && !key.meta && !key.escape && !key.upArrow && !key.downArrow && !key.leftArrow && !key.rightArrow && !key.pageUp && !key.pageDown && !key.home && !key.end;
  if (chars.length > 1 && plain) return chars.map(charPress);
  return [{ name: keyName(input, key), text: typedText(input, key) }];
}

/**
 * A modified key that nothing took, as the plainer keys it also is: Alt+key is Esc, then
 * the key (typed fast); Ctrl+arrow is the arrow.
 */
export function plainerPresses(name: string): { name: string; text: string }[] | null {
  if (name === 'ctrl+left' || name === 'ctrl+right') return [{ name: name.slice(5), text: '' }];
  const m = /^alt\+(.+)$/.exec(name);
  if (!m || !m[1]) return null;
  const rest = m[1];
  if (rest === 'backspace') return [{ name: 'escape', text: '' }, { name: 'backspace', text: '' }];
  return [{ name: 'escape', text: '' }, charPress(rest)];
}
