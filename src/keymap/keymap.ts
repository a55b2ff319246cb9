// Every key of the dashboard, as data: the footer, the help overlay and the README's
// key table are drawn from this one table, and a test proves its integrity.
import type { Mode } from '../store/ui.js';

export type Group = 'Navigate' | 'View' | 'Agents' | 'Inbox' | 'Filter' | 'Confirm' | 'Form' | 'Pager' | 'App';

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
  'filter.backspace',
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
  'agent.watchdog',
  'confirm.yes',
  'confirm.no',
  'form.next',
  'form.prev',
  'form.submit',
  'form.cancel',
  'form.backspace',
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
  modes: readonly Mode[];
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
  { id: 'nav.down', keys: ['j', 'down'], label: 'down', help: 'Select the next agent, or scroll the focused panel down', group: 'Navigate', modes: NAV_MODES },
  { id: 'nav.up', keys: ['k', 'up'], label: 'up', help: 'Select the previous agent, or scroll the focused panel up', group: 'Navigate', modes: NAV_MODES },
  { id: 'nav.top', keys: ['g', 'home'], label: 'top', help: 'Go to the first agent, or the top of the focused panel', group: 'Navigate', modes: NAV_MODES },
  { id: 'nav.bottom', keys: ['G', 'end'], label: 'bottom', help: 'Go to the last agent, or the newest line of the focused panel', group: 'Navigate', modes: NAV_MODES },
  { id: 'nav.pageDown', keys: ['pagedown', 'ctrl+f'], label: 'page down', help: 'One page down', group: 'Navigate', modes: NAV_MODES },
  { id: 'nav.pageUp', keys: ['pageup', 'ctrl+b'], label: 'page up', help: 'One page up', group: 'Navigate', modes: NAV_MODES },
  { id: 'focus.next', keys: ['tab'], label: 'focus', help: 'Move focus: list → output → events', group: 'Navigate', modes: ['normal'], footer: true },
  { id: 'focus.prev', keys: ['shift+tab'], label: 'focus back', help: 'Move focus the other way', group: 'Navigate', modes: ['normal'] },

  { id: 'view.zoom', keys: ['enter'], label: 'zoom', help: "Show the selected agent's output full screen, with scrollback", group: 'View', modes: ['normal'], footer: true },
  { id: 'zoom.follow', keys: ['f'], label: 'follow', help: 'Follow new output and events again (back to the newest line; a scrolled view stays put as lines arrive)', group: 'View', modes: ['normal', 'zoom', 'pager'], footer: true },
  { id: 'zoom.close', keys: ['escape', 'q'], label: 'back', help: 'Leave the full-screen output', group: 'View', modes: ['zoom'], footer: true },
  { id: 'view.wrap', keys: ['w'], label: 'wrap', help: 'Wrap long lines in the zoomed output and the log, or cut them again (a wrapped line goes on under its timestamp)', group: 'View', modes: ['zoom', 'pager'], footer: true },
  { id: 'view.left', keys: ['left', 'h'], label: 'left', help: 'Scroll long lines back to the left (unwrapped)', group: 'View', modes: ['zoom', 'pager'] },
  { id: 'view.right', keys: ['right', 'l'], label: 'right', help: 'Scroll long lines to the right, to read their ends (unwrapped)', group: 'View', modes: ['zoom', 'pager'] },
  { id: 'view.sort', keys: ['s'], label: 'sort', help: 'Cycle the sort: attention, name, heartbeat, progress, agent', group: 'View', modes: ['normal'], footer: true },
  { id: 'agent.copy', keys: ['y'], label: 'copy', help: "Copy the agent's name, session, directory, session id or last event to the terminal's clipboard (OSC 52): y, then n, s, d, i or l", group: 'Agents', modes: ['normal'] },
  { id: 'view.reverse', keys: ['o'], label: 'order', help: 'Reverse the order of the sort (the sorted column is marked ▲ or ▼)', group: 'View', modes: ['normal'] },
  { id: 'view.help', keys: ['?'], label: 'help', help: 'Show every key', group: 'App', modes: ['normal', 'zoom'], footer: true },
  { id: 'help.close', keys: ['escape', '?', 'q'], label: 'close', help: 'Close the help', group: 'App', modes: ['help'], footer: true },
  { id: 'help.search', keys: ['/'], label: 'search', help: 'Search the help: only the keys whose name or description has the text', group: 'App', modes: ['help'], footer: true },

  { id: 'filter.open', keys: ['/'], label: 'filter', help: 'Filter the list: text, state:crashed, agent:codex, -state:done', group: 'Filter', modes: ['normal'], footer: true },
  { id: 'filter.apply', keys: ['enter'], label: 'apply', help: 'Keep the filter and go back to the list', group: 'Filter', modes: ['filter'], footer: true },
  { id: 'filter.clear', keys: ['escape'], label: 'clear filter', help: 'Clear the filter', group: 'Filter', modes: ['filter', 'normal'], footer: true, footerWhen: (v) => v.mode === 'filter' || v.filter !== '' },
  { id: 'filter.backspace', keys: ['backspace', 'delete'], label: 'delete', help: 'Delete the last character of the filter', group: 'Filter', modes: ['filter'] },

  { id: 'agent.mark', keys: ['space'], label: 'mark', help: 'Mark or unmark the agent and move to the next; r, c, x and S act on all marked agents', group: 'Agents', modes: ['normal'] },
  { id: 'agent.markAll', keys: ['*'], label: 'mark all', help: 'Mark every agent in the list, or unmark them all', group: 'Agents', modes: ['normal'] },
  { id: 'agent.resume', keys: ['r'], label: 'resume', help: 'Resume the agent (native resume with its session id)', group: 'Agents', modes: ['normal'], footer: true },
  { id: 'agent.checkpoint', keys: ['c'], label: 'checkpoint', help: "Checkpoint the agent's work now (only when something changed)", group: 'Agents', modes: ['normal'], footer: true },
  { id: 'agent.kill', keys: ['x'], label: 'kill', help: "Kill the agent's session and process group (asks first)", group: 'Agents', modes: ['normal'], footer: true },
  { id: 'agent.stop', keys: ['S'], label: 'stop', help: 'Stop the agent: interrupt, checkpoint, mark stopped (asks first)', group: 'Agents', modes: ['normal'], footer: true },
  { id: 'agent.attach', keys: ['a'], label: 'attach', help: "Attach to the agent's tmux session; detach to come back", group: 'Agents', modes: ['normal'], footer: true },
  { id: 'agent.attachReadonly', keys: ['A'], label: 'watch', help: 'Attach read-only, to watch without typing into the agent', group: 'Agents', modes: ['normal'] },
  { id: 'agent.new', keys: ['n'], label: 'new', help: 'Start a new agent', group: 'Agents', modes: ['normal'], footer: true },
  { id: 'agent.log', keys: ['l'], label: 'log', help: "Read the agent's full log in a pager (/ search, n/N next/previous)", group: 'Agents', modes: ['normal'] },
  { id: 'agent.watchdog', keys: ['W'], label: 'auto-resume', help: 'Toggle auto-resume (the watchdog) for the agent, or for all marked agents (* marks all)', group: 'Agents', modes: ['normal'] },

  { id: 'view.inbox', keys: ['i'], label: 'inbox', help: 'The inbox: only the agents that need you (approvals, questions, finished but not looked at, then unknown, crashed, rate-limited, stale), answered from here', group: 'Inbox', modes: ['normal'], footer: true },
  { id: 'inbox.approve', keys: ['y'], label: 'approve', help: "Approve the agent's request once", group: 'Inbox', modes: ['inbox'], footer: true },
  { id: 'inbox.always', keys: ['A'], label: 'always', help: 'Approve it and do not ask again (where the agent offers that)', group: 'Inbox', modes: ['inbox'], footer: true },
  { id: 'inbox.deny', keys: ['d'], label: 'deny', help: "Deny the agent's request", group: 'Inbox', modes: ['inbox'], footer: true },
  { id: 'inbox.type', keys: ['t'], label: 'type', help: 'Type an answer or the next prompt; Enter sends it, Esc drops it', group: 'Inbox', modes: ['inbox'], footer: true },
  { id: 'inbox.open', keys: ['enter'], label: 'open', help: 'Select the agent in the list', group: 'Inbox', modes: ['inbox'] },
  { id: 'inbox.attach', keys: ['a'], label: 'attach', help: "Attach to the agent's tmux session", group: 'Inbox', modes: ['inbox'] },
  { id: 'inbox.close', keys: ['escape', 'q', 'i'], label: 'back', help: 'Close the inbox', group: 'Inbox', modes: ['inbox'], footer: true },

  { id: 'confirm.yes', keys: ['y', 'Y'], label: 'yes', help: 'Confirm', group: 'Confirm', modes: ['confirm'], footer: true },
  { id: 'confirm.no', keys: ['n', 'N', 'escape', 'q'], label: 'no', help: 'Cancel (any other key cancels too)', group: 'Confirm', modes: ['confirm'], footer: true },

  { id: 'form.next', keys: ['tab', 'down'], label: 'next field', help: 'Next field', group: 'Form', modes: ['form'], footer: true },
  { id: 'form.prev', keys: ['shift+tab', 'up'], label: 'previous field', help: 'Previous field', group: 'Form', modes: ['form'] },
  { id: 'form.submit', keys: ['ctrl+s', 'ctrl+enter'], label: 'start', help: 'Start the agent', group: 'Form', modes: ['form'], footer: true },
  { id: 'form.cancel', keys: ['escape'], label: 'cancel', help: 'Close the form without starting anything', group: 'Form', modes: ['form'], footer: true },
  { id: 'form.backspace', keys: ['backspace', 'delete'], label: 'delete', help: 'Delete the last character', group: 'Form', modes: ['form'] },

  { id: 'pager.search', keys: ['/'], label: 'search', help: 'Search the log: text, or a regular expression when it is one (a.b, exit [1-9]); case matters only with a capital; matches are marked in the line', group: 'Pager', modes: ['pager'], footer: true },
  { id: 'pager.next', keys: ['n'], label: 'next', help: 'Next match', group: 'Pager', modes: ['pager'], footer: true },
  { id: 'pager.prev', keys: ['N'], label: 'previous', help: 'Previous match', group: 'Pager', modes: ['pager'] },
  { id: 'pager.close', keys: ['escape', 'q'], label: 'back', help: 'Close the log', group: 'Pager', modes: ['pager'], footer: true },

  { id: 'app.quit', keys: ['q'], label: 'quit', help: 'Quit the dashboard (agents keep running)', group: 'App', modes: ['normal'], footer: true },
  { id: 'app.interrupt', keys: ['ctrl+c'], label: 'quit', help: 'Quit from anywhere', group: 'App', modes: ['normal', 'filter', 'help', 'zoom', 'confirm', 'form', 'pager', 'inbox'] },
];

/** The command a key runs in a mode, or null. */
export function resolveKey(mode: Mode, key: string): CommandId | null {
  for (const b of KEYMAP) if (b.modes.includes(mode) && b.keys.includes(key)) return b.id;
  return null;
}

export function bindingsFor(mode: Mode): Binding[] {
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
    tab: 'Tab', 'shift+tab': 'S-Tab', space: 'Space', backspace: 'BS', delete: 'Del', 'ctrl+enter': '^Enter',
  };
  if (named[key]) return named[key] as string;
  if (key.startsWith('ctrl+')) return `^${key.slice(5).toUpperCase()}`;
  return key;
}
