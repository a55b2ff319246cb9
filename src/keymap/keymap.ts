// Every key of the dashboard, as data: the footer, the help overlay and the README's
// key table are drawn from this one table, and a test proves its integrity.
import type { Mode } from '../store/ui.js';

export type Group = 'Navigate' | 'View' | 'Agents' | 'Inbox' | 'Filter' | 'Text' | 'Confirm' | 'Form' | 'Pager' | 'App';

/** Where a key applies: a mode, or `text` — any text field that has the keyboard (the filter, a form field, a search, an answer). */
export type KeyContext = Mode | 'text';

export const COMMAND_IDS = [
  'nav.down',
  'nav.up',
  'nav.top',
  'nav.bottom',
  'nav.pageDown',
  'nav.pageUp',
  'focus.next',
  'focus.prev',
  'view.zoom',
  'view.sort',
  'view.reverse',
  'agent.copy',
  'view.help',
  'filter.open',
  'filter.apply',
  'filter.clear',
  'text.left',
  'text.right',
  'text.home',
  'text.end',
  'text.wordLeft',
  'text.wordRight',
  'text.backspace',
  'text.delete',
  'text.killStart',
  'text.killEnd',
  'text.killWord',
  'text.killWordRight',
  'zoom.close',
  'view.wrap',
  'view.left',
  'view.right',
  'zoom.follow',
  'help.close',
  'help.search',
  'agent.mark',
  'agent.markAll',
  'agent.resume',
  'agent.checkpoint',
  'agent.kill',
  'agent.stop',
  'agent.attach',
  'agent.attachReadonly',
  'agent.new',
  'agent.log',
  'agent.describe',
  'agent.watchdog',
  'confirm.yes',
  'confirm.no',
  'form.complete',
  'form.next',
  'form.prev',
  'form.submit',
  'form.cancel',
  'view.inbox',
  'inbox.close',
  'inbox.approve',
  'inbox.always',
  'inbox.deny',
  'inbox.type',
  'inbox.open',
  'inbox.attach',
  'pager.search',
  'pager.next',
  'pager.prev',
  'pager.close',
  'app.quit',
  'app.interrupt',
] as const;

export type CommandId = (typeof COMMAND_IDS)[number];

export interface Binding {
  id: CommandId;
  /** Key names as produced by keyName(): `j`, `G`, `down`, `pageup`, `ctrl+c`, `shift+tab`, `space`. */
  keys: readonly string[];
  /** Short label for the footer. */
  label: string;
  /** One sentence for the help overlay and the README. */
  help: string;
  group: Group;
  /** Modes where the binding applies. */
  modes: readonly KeyContext[];
  /** Shown in the footer of its modes. */
  footer?: boolean;
  /** Only then is it worth a place in the footer. */
  footerWhen?: (view: FooterView) => boolean;
}

/** What footerWhen may look at. */
export interface FooterView {
  mode: Mode;
  filter: string;
}

const NAV_MODES: readonly Mode[] = ['normal', 'zoom', 'help', 'pager', 'inbox'];

export const KEYMAP: readonly Binding[] = [
  { id: 'nav.down', keys: ['j', 'down'], label: 'down', help: 'Next agent (or scroll a focused panel)', group: 'Navigate', modes: NAV_MODES },
  { id: 'nav.up', keys: ['k', 'up'], label: 'up', help: 'Previous agent (or scroll up)', group: 'Navigate', modes: NAV_MODES },
  { id: 'nav.top', keys: ['g', 'home'], label: 'top', help: "First agent (or a panel's top)", group: 'Navigate', modes: NAV_MODES },
  { id: 'nav.bottom', keys: ['G', 'end'], label: 'bottom', help: "Last agent (or a panel's newest line)", group: 'Navigate', modes: NAV_MODES },
  { id: 'nav.pageDown', keys: ['pagedown', 'ctrl+f'], label: 'page down', help: 'One page down', group: 'Navigate', modes: NAV_MODES },
  { id: 'nav.pageUp', keys: ['pageup', 'ctrl+b'], label: 'page up', help: 'One page up', group: 'Navigate', modes: NAV_MODES },
  { id: 'focus.next', keys: ['tab'], label: 'focus', help: 'Move focus: list → detail → output → events', group: 'Navigate', modes: ['normal'], footer: true },
  { id: 'focus.prev', keys: ['shift+tab'], label: 'focus back', help: 'Move focus the other way', group: 'Navigate', modes: ['normal'] },

  { id: 'view.zoom', keys: ['enter'], label: 'zoom', help: "The agent's output full screen", group: 'View', modes: ['normal'], footer: true },
  { id: 'zoom.follow', keys: ['f'], label: 'follow', help: 'Follow new lines again (a scrolled view stays put as lines arrive)', group: 'View', modes: ['normal', 'zoom', 'pager'], footer: true },
  { id: 'zoom.close', keys: ['escape', 'q'], label: 'back', help: 'Leave the full-screen output', group: 'View', modes: ['zoom'], footer: true },
  { id: 'view.wrap', keys: ['w'], label: 'wrap', help: 'Wrap long lines (under their timestamp), or cut them again', group: 'View', modes: ['zoom', 'pager'], footer: true },
  { id: 'view.left', keys: ['left', 'h'], label: 'left', help: 'Scroll cut lines to the left', group: 'View', modes: ['zoom', 'pager'] },
  { id: 'view.right', keys: ['right', 'l'], label: 'right', help: 'Scroll cut lines to the right, to their ends', group: 'View', modes: ['zoom', 'pager'] },
  { id: 'view.sort', keys: ['s'], label: 'sort', help: 'Sort by attention, name, heartbeat, progress, agent', group: 'View', modes: ['normal'], footer: true },
  { id: 'agent.copy', keys: ['y'], label: 'copy', help: 'Copy to the clipboard (OSC 52): y, then n name, s session, d directory, i session id, l last event', group: 'Agents', modes: ['normal'] },
  { id: 'view.reverse', keys: ['o'], label: 'order', help: 'Reverse the sort (the column is marked ▲ ▼)', group: 'View', modes: ['normal'] },
  { id: 'view.help', keys: ['?'], label: 'help', help: 'Show every key', group: 'App', modes: ['normal', 'zoom'], footer: true },
  { id: 'help.close', keys: ['escape', '?', 'q'], label: 'close', help: 'Close the help', group: 'App', modes: ['help'], footer: true },
  { id: 'help.search', keys: ['/'], label: 'search', help: 'Search the help', group: 'App', modes: ['help'], footer: true },

  { id: 'filter.open', keys: ['/'], label: 'filter', help: 'Filter the list: text, state:crashed, agent:codex, -state:done', group: 'Filter', modes: ['normal'], footer: true },
  { id: 'filter.apply', keys: ['enter'], label: 'apply', help: 'Keep the filter', group: 'Filter', modes: ['filter'], footer: true },
  { id: 'filter.clear', keys: ['escape'], label: 'clear filter', help: 'Clear the filter', group: 'Filter', modes: ['filter', 'normal'], footer: true, footerWhen: (v) => v.mode === 'filter' || v.filter !== '' },

  { id: 'text.left', keys: ['left', 'ctrl+b'], label: 'left', help: 'Cursor one character left', group: 'Text', modes: ['text'] },
  { id: 'text.right', keys: ['right', 'ctrl+f'], label: 'right', help: 'Cursor one character right', group: 'Text', modes: ['text'] },
  { id: 'text.home', keys: ['home', 'ctrl+a'], label: 'start', help: 'To the start of the line', group: 'Text', modes: ['text'] },
  { id: 'text.end', keys: ['end', 'ctrl+e'], label: 'end', help: 'To the end of the line', group: 'Text', modes: ['text'] },
  { id: 'text.wordLeft', keys: ['alt+b', 'ctrl+left'], label: 'word left', help: 'Back a word (M- is Alt, or Esc first)', group: 'Text', modes: ['text'] },
  { id: 'text.wordRight', keys: ['alt+f', 'ctrl+right'], label: 'word right', help: 'On a word', group: 'Text', modes: ['text'] },
  { id: 'text.backspace', keys: ['backspace', 'ctrl+h'], label: 'delete', help: 'Delete the character before the cursor', group: 'Text', modes: ['text'] },
  { id: 'text.delete', keys: ['delete', 'ctrl+d'], label: 'delete right', help: 'Delete the character under the cursor', group: 'Text', modes: ['text'] },
  { id: 'text.killStart', keys: ['ctrl+u'], label: 'delete to start', help: 'Delete to the start of the line', group: 'Text', modes: ['text'] },
  { id: 'text.killEnd', keys: ['ctrl+k'], label: 'delete to end', help: 'Delete to the end of the line', group: 'Text', modes: ['text'] },
  { id: 'text.killWord', keys: ['ctrl+w', 'alt+backspace'], label: 'delete word', help: 'Delete the word (or part of a path) before the cursor', group: 'Text', modes: ['text'] },
  { id: 'text.killWordRight', keys: ['alt+d'], label: 'delete word right', help: 'Delete the word after the cursor', group: 'Text', modes: ['text'] },

  { id: 'agent.mark', keys: ['space'], label: 'mark', help: 'Mark the agent and move down; r c x S W act on the marked', group: 'Agents', modes: ['normal'] },
  { id: 'agent.markAll', keys: ['*'], label: 'mark all', help: 'Mark every agent, or none', group: 'Agents', modes: ['normal'] },
  { id: 'agent.resume', keys: ['r'], label: 'resume', help: "Resume, with the agent's own session id", group: 'Agents', modes: ['normal'], footer: true },
  { id: 'agent.checkpoint', keys: ['c'], label: 'checkpoint', help: 'Checkpoint its work now (if changed)', group: 'Agents', modes: ['normal'], footer: true },
  { id: 'agent.kill', keys: ['x'], label: 'kill', help: 'Kill its session and processes (asks)', group: 'Agents', modes: ['normal'], footer: true },
  { id: 'agent.stop', keys: ['S'], label: 'stop', help: 'Stop: interrupt, checkpoint (asks)', group: 'Agents', modes: ['normal'], footer: true },
  { id: 'agent.attach', keys: ['a'], label: 'attach', help: 'Attach to its session (detach: back)', group: 'Agents', modes: ['normal'], footer: true },
  { id: 'agent.attachReadonly', keys: ['A'], label: 'watch', help: 'Attach read-only, to watch', group: 'Agents', modes: ['normal'] },
  { id: 'agent.new', keys: ['n'], label: 'new', help: 'Start a new agent', group: 'Agents', modes: ['normal'], footer: true },
  { id: 'agent.log', keys: ['l'], label: 'log', help: 'Its whole log in a pager (/ n N search)', group: 'Agents', modes: ['normal'] },
  { id: 'agent.describe', keys: ['D'], label: 'describe', help: 'All oneshot knows about it (or Enter on the detail)', group: 'Agents', modes: ['normal'] },
  { id: 'agent.watchdog', keys: ['W'], label: 'auto-resume', help: 'Auto-resume on or off (or for the marked)', group: 'Agents', modes: ['normal'] },

  { id: 'view.inbox', keys: ['i'], label: 'inbox', help: 'The inbox: the agents that need you, answered from here', group: 'Inbox', modes: ['normal'], footer: true },
  { id: 'inbox.approve', keys: ['y'], label: 'approve', help: "Approve the agent's request once", group: 'Inbox', modes: ['inbox'], footer: true },
  { id: 'inbox.always', keys: ['A'], label: 'always', help: 'Approve, and do not ask again', group: 'Inbox', modes: ['inbox'], footer: true },
  { id: 'inbox.deny', keys: ['d'], label: 'deny', help: "Deny the agent's request", group: 'Inbox', modes: ['inbox'], footer: true },
  { id: 'inbox.type', keys: ['t'], label: 'type', help: 'Type an answer; Enter sends, Esc drops', group: 'Inbox', modes: ['inbox'], footer: true },
  { id: 'inbox.open', keys: ['enter'], label: 'open', help: 'Select the agent in the list', group: 'Inbox', modes: ['inbox'] },
  { id: 'inbox.attach', keys: ['a'], label: 'attach', help: "Attach to the agent's tmux session", group: 'Inbox', modes: ['inbox'] },
  { id: 'inbox.close', keys: ['escape', 'q', 'i'], label: 'back', help: 'Close the inbox', group: 'Inbox', modes: ['inbox'], footer: true },

  { id: 'confirm.yes', keys: ['y', 'Y'], label: 'yes', help: 'Confirm', group: 'Confirm', modes: ['confirm'], footer: true },
  { id: 'confirm.no', keys: ['n', 'N', 'escape', 'q'], label: 'no', help: 'Cancel (any other key cancels too)', group: 'Confirm', modes: ['confirm'], footer: true },

  { id: 'form.complete', keys: ['tab'], label: 'next field', help: 'Next field; in the directory, first completes it (when it cannot: lists, then moves on)', group: 'Form', modes: ['form'], footer: true },
  { id: 'form.next', keys: ['down'], label: 'next field', help: 'Next field', group: 'Form', modes: ['form'] },
  { id: 'form.prev', keys: ['shift+tab', 'up'], label: 'previous field', help: 'Previous field', group: 'Form', modes: ['form'] },
  { id: 'form.submit', keys: ['ctrl+s'], label: 'start', help: 'Start the agent (Enter in the prompt is a new line)', group: 'Form', modes: ['form'], footer: true },
  { id: 'form.cancel', keys: ['escape'], label: 'cancel', help: 'Close the form (asks when you typed)', group: 'Form', modes: ['form'], footer: true },

  { id: 'pager.search', keys: ['/'], label: 'search', help: 'Search: text, or a regex when it is one (a.b, exit [1-9]); case matters with a capital', group: 'Pager', modes: ['pager'], footer: true },
  { id: 'pager.next', keys: ['n'], label: 'next', help: 'Next match', group: 'Pager', modes: ['pager'], footer: true },
  { id: 'pager.prev', keys: ['N'], label: 'previous', help: 'Previous match', group: 'Pager', modes: ['pager'] },
  { id: 'pager.close', keys: ['escape', 'q'], label: 'back', help: 'Close the log', group: 'Pager', modes: ['pager'], footer: true },

  { id: 'app.quit', keys: ['q'], label: 'quit', help: 'Quit (the agents keep running)', group: 'App', modes: ['normal'], footer: true },
  { id: 'app.interrupt', keys: ['ctrl+c'], label: 'quit', help: 'Quit from anywhere', group: 'App', modes: ['normal', 'filter', 'help', 'zoom', 'confirm', 'form', 'pager', 'inbox', 'text'] },
];

/** The command a key runs in a mode (or in a text field: `text`), or null. */
export function resolveKey(mode: KeyContext, key: string): CommandId | null {
  for (const b of KEYMAP) if (b.modes.includes(mode) && b.keys.includes(key)) return b.id;
  return null;
}

export function bindingsFor(mode: KeyContext): Binding[] {
  return KEYMAP.filter((b) => b.modes.includes(mode));
}

export function binding(id: CommandId): Binding {
  const found = KEYMAP.find((b) => b.id === id);
  if (!found) throw new Error(`no binding for ${id}`);
  return found;
}

/** How a key is written for people: `ctrl+c` → `^C`, `pagedown` → `PgDn`. */
export function displayKey(key: string): string {
  const named: Record<string, string> = {
    down: '↓', up: '↑', pagedown: 'PgDn', pageup: 'PgUp', home: 'Home', end: 'End', enter: 'Enter', escape: 'Esc',
    tab: 'Tab', 'shift+tab': 'S-Tab', space: 'Space', backspace: 'BS', delete: 'Del', left: '←', right: '→',
  };
  if (named[key]) return named[key] as string;
  if (key.startsWith('alt+')) return `M-${named[key.slice(4)] ?? key.slice(4)}`;
  if (key.startsWith('ctrl+')) return `^${named[key.slice(5)] ?? key.slice(5).toUpperCase()}`;
  return key;
}
