// The help overlay's content, drawn from the keymap table. Pure.
import { displayKey, KEYMAP, type Binding, type Group } from '../keymap/keymap.js';

export const GROUP_ORDER: readonly Group[] = ['Navigate', 'View', 'Filter', 'Agents', 'Inbox', 'Pager', 'Confirm', 'Form', 'App'];

export interface HelpLine {
  kind: 'group' | 'binding' | 'blank';
  text: string;
  keys?: string;
  id?: Binding['id'];
}

export function keysText(binding: Binding): string {
  return binding.keys.map(displayKey).join(' ');
}

export function helpLines(): HelpLine[] {
  const lines: HelpLine[] = [];
  for (const group of GROUP_ORDER) {
    const bindings = KEYMAP.filter((b) => b.group === group);
    if (bindings.length === 0) continue;
    if (lines.length > 0) lines.push({ kind: 'blank', text: '' });
    lines.push({ kind: 'group', text: group });
    for (const b of bindings) lines.push({ kind: 'binding', text: b.help, keys: keysText(b), id: b.id });
  }
  return lines;
}
