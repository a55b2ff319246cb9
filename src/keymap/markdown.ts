// The README's key table, drawn from the keymap (a test keeps the two in step).
import { GROUP_ORDER, keysText } from '../tui/help.js';
import { KEYMAP, type KeyContext } from './keymap.js';

export const KEYS_START = '<!-- keys:start (generated from src/keymap/keymap.ts by npm run docs) -->';
export const KEYS_END = '<!-- keys:end -->';

/** The modes as a user knows them. */
const MODE_NAMES: Record<KeyContext, string> = {
  normal: 'list',
  filter: 'filter',
  help: 'help',
  zoom: 'zoomed output',
  confirm: 'confirmation',
  form: 'new-agent form',
  pager: 'log pager',
  inbox: 'inbox',
  text: 'text fields',
};

function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

export function keyTableMarkdown(): string {
  const rows = ['| keys | does | where |', '|---|---|---|'];
  for (const group of GROUP_ORDER) {
    for (const b of KEYMAP.filter((k) => k.group === group)) {
      const where = b.modes.length >= 6 ? 'everywhere' : b.modes.map((m) => MODE_NAMES[m]).join(', ');
      rows.push(`| ${cell(keysText(b).split(' ').map((k) => `\`${k}\``).join(' '))} | ${cell(b.help)} | ${where} |`);
    }
  }
  return rows.join('\n');
}

/** README text with the key table between the markers replaced. */
export function withKeyTable(readme: string): string {
  const start = readme.indexOf(KEYS_START);
  const end = readme.indexOf(KEYS_END);
  if (start === -1 || end === -1 || end < start) throw new Error('README.md has no key table markers');
  return `${readme.slice(0, start + KEYS_START.length)}\n${keyTableMarkdown()}\n${readme.slice(end)}`;
}
