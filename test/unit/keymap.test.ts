import { describe, expect, it } from 'vitest';
import { footerHints } from '../../components/Footer.js';
import { COMMAND_IDS, displayKey, KEYMAP, resolveKey } from '../../src/keymap/keymap.js';
import { keyName, splitPresses } from '../../src/keymap/keys.js';
import type { Mode } from '../../src/store/ui.js';

const MODES: Mode[] = ['normal', 'filter', 'help', 'zoom', 'confirm', 'form', 'pager'];

describe('keymap integrity', () => {
  it('every command has one binding, keys, a label and help', () => {
    for (const id of COMMAND_IDS) {
      const bindings = KEYMAP.filter((b) => b.id === id);
      expect(bindings, id).toHaveLength(1);
      const b = bindings[0]!;
      expect(b.keys.length, id).toBeGreaterThan(0);
      expect(b.label.trim(), id).not.toBe('');
      expect(b.help.trim().length, id).toBeGreaterThan(5);
      expect(b.modes.length, id).toBeGreaterThan(0);
    }
    expect(KEYMAP).toHaveLength(COMMAND_IDS.length);
  });

  it('no key is bound twice in one mode', () => {
    for (const mode of MODES) {
      const seen = new Map<string, string>();
      for (const b of KEYMAP.filter((x) => x.modes.includes(mode))) {
        for (const key of b.keys) {
          expect(seen.get(key), `${mode}: "${key}" is bound to ${seen.get(key)} and ${b.id}`).toBeUndefined();
          seen.set(key, b.id);
        }
      }
    }
  });

  it('every mode can be left and the app can always be quit', () => {
    for (const mode of MODES) expect(resolveKey(mode, 'ctrl+c'), mode).toBe('app.interrupt');
    expect(resolveKey('zoom', 'escape')).toBe('zoom.close');
    expect(resolveKey('help', 'escape')).toBe('help.close');
    expect(resolveKey('filter', 'escape')).toBe('filter.clear');
    expect(resolveKey('pager', 'escape')).toBe('pager.close');
    expect(resolveKey('form', 'escape')).toBe('form.cancel');
    expect(resolveKey('confirm', 'escape')).toBe('confirm.no');
  });
});

describe('key names', () => {
  it('names special keys the way the keymap writes them', () => {
    expect(keyName('', { downArrow: true })).toBe('down');
    expect(keyName('', { pageDown: true })).toBe('pagedown');
    expect(keyName('', { tab: true, shift: true })).toBe('shift+tab');
    expect(keyName('c', { ctrl: true })).toBe('ctrl+c');
    expect(keyName('', { return: true })).toBe('enter');
    expect(keyName(' ', {})).toBe('space');
    expect(keyName('G', { shift: true })).toBe('G');
  });
  it('splits keys that arrived together into one press each', () => {
    expect(splitPresses('jj', {}).map((p) => p.name)).toEqual(['j', 'j']);
    expect(splitPresses('a b', {}).map((p) => p.name)).toEqual(['a', 'space', 'b']);
    expect(splitPresses('', { upArrow: true })).toEqual([{ name: 'up', text: '' }]);
    expect(splitPresses('gj\r', {}).map((p) => p.name)).toEqual(['g', 'j', 'enter']);
    expect(splitPresses('x\x7f\t\x03', {}).map((p) => p.name)).toEqual(['x', 'backspace', 'tab', 'ctrl+c']);
    // Esc then / typed fast arrives as Alt+/ (the controller takes it as Esc, then /).
    expect(splitPresses('/', { meta: true }).map((p) => p.name)).toEqual(['alt+/']);
    expect(splitPresses('', { meta: true, upArrow: true }).map((p) => p.name)).toEqual(['up']);
  });
});

describe('keys Ink reports alike', () => {
  it('tells Backspace from Delete, and Alt-Backspace and Ctrl/Alt arrows, by the bytes sent', () => {
    // Ink gives DEL (the Backspace key) and ESC[3~ (Delete) the same flags.
    expect(splitPresses('', { delete: true }, '\x7f')).toEqual([{ name: 'backspace', text: '' }]);
    expect(splitPresses('', { delete: true }, '\x1b[3~')).toEqual([{ name: 'delete', text: '' }]);
    expect(splitPresses('', { backspace: true }, '\b')).toEqual([{ name: 'backspace', text: '' }]);
    // Bytes not known: Backspace, the key people press far more often.
    expect(splitPresses('', { delete: true })).toEqual([{ name: 'backspace', text: '' }]);
    expect(splitPresses('', { delete: true, meta: true }, '\x1b\x7f')).toEqual([{ name: 'alt+backspace', text: '' }]);
    expect(splitPresses('', { leftArrow: true }, '\x1b[1;5D')).toEqual([{ name: 'ctrl+left', text: '' }]);
    expect(splitPresses('', { rightArrow: true, meta: true }, '\x1b[1;3C')).toEqual([{ name: 'ctrl+right', text: '' }]);
    expect(splitPresses('b', { meta: true }, '\x1bb')).toEqual([{ name: 'alt+b', text: '' }]);
  });
  it('writes modified keys the way the help shows them', () => {
    expect(displayKey('alt+b')).toBe('M-b');
    expect(displayKey('alt+backspace')).toBe('M-BS');
    expect(displayKey('ctrl+left')).toBe('^←');
    expect(displayKey('ctrl+w')).toBe('^W');
  });
  it('text fields share one set of editing keys, and no mode binds a printable key a field needs', () => {
    for (const key of ['left', 'right', 'home', 'end', 'ctrl+a', 'ctrl+e', 'ctrl+u', 'ctrl+k', 'ctrl+w', 'alt+b', 'alt+f', 'backspace', 'delete']) {
      expect(resolveKey('text', key), key).toMatch(/^text\./);
    }
    for (const mode of ['filter', 'form'] as const) {
      for (const b of KEYMAP.filter((x) => x.modes.includes(mode))) for (const k of b.keys) expect([...k].length > 1 || k === ' ', `${mode}: ${k}`).toBe(true);
    }
    // A start key every terminal sends; ^Enter is not one.
    expect(resolveKey('form', 'ctrl+s')).toBe('form.submit');
    expect(KEYMAP.some((b) => b.keys.includes('ctrl+enter'))).toBe(false);
  });
});

describe('footer', () => {
  it('is drawn from the keymap, fits the width and keeps help and quit', () => {
    const wide = footerHints({ mode: 'normal', filter: '' }, 200, () => false);
    expect(wide.map((h) => h.label)).toContain('resume');
    expect(wide.map((h) => h.label)).not.toContain('clear filter');
    const narrow = footerHints({ mode: 'normal', filter: '' }, 30, () => false);
    const labels = narrow.map((h) => h.label);
    expect(labels).toContain('help');
    expect(labels).toContain('quit');
    expect(narrow.reduce((n, h) => n + h.key.length + h.label.length + 3, 0)).toBeLessThanOrEqual(32);
    expect(footerHints({ mode: 'normal', filter: 'x' }, 200, () => false).map((h) => h.label)).toContain('clear filter');
    const disabled = footerHints({ mode: 'normal', filter: '' }, 200, (b) => b.id === 'agent.kill');
    expect(disabled.find((h) => h.label === 'kill')?.disabled).toBe(true);
  });
});
