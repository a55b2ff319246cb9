// Pure transitions of the dashboard's own state: selection, focus, mode, filter,
// sort, scrolling, the status message and the selected agent's output.
import type { Autonomy } from '../agents/autonomy.js';
import { nextSortKey, type SortKey } from '../fleet/sort.js';
import { linesAdded } from './anchor.js';
import type { Layout } from '../tui/layout.js';
import { computeLayout } from '../tui/layout.js';
import type { WatchState } from '../watchdog/policy.js';

export const FOCUSES = ['list', 'detail', 'output', 'events'] as const;
export type Focus = (typeof FOCUSES)[number];

/** What the keyboard currently talks to. */
export type Mode = 'normal' | 'filter' | 'help' | 'zoom' | 'confirm' | 'form' | 'pager' | 'inbox';

export type ScrollPanel = 'output' | 'events' | 'zoom' | 'help' | 'pager';
/** The views whose content grows while they are read. */
export type LivePanel = 'output' | 'events' | 'zoom';
const NO_UNREAD: Record<LivePanel, number> = { output: 0, events: 0, zoom: 0 };

export type Tone = 'info' | 'success' | 'warn' | 'error';

export interface StatusMessage {
  text: string;
  tone: Tone;
  at: number;
}

export interface OutputView {
  agentId: string;
  source: 'pane' | 'log' | 'none';
  /** e.g. "pane %12", ".agent/session.log". */
  title: string;
  /** Sanitized lines, colors kept. */
  lines: string[];
  at: number;
}

export interface UiData {
  selectedId: string | null;
  focus: Focus;
  mode: Mode;
  /** Where Esc from help returns to. */
  returnMode: Mode;
  filter: string;
  sort: SortKey;
  /** The sort's order turned around (o). */
  sortReversed: boolean;
  /** Lines scrolled up from the bottom (output, events, zoom, pager) or down from the top (help). */
  scroll: Record<ScrollPanel, number>;
  /** Long lines in zoom and the pager: wrapped, or shifted this many columns to the left. */
  wrap: boolean;
  shift: number;
  /** What the help is searched for ('' shows every key), and whether it is being typed. */
  helpQuery: string;
  helpEditing: boolean;
  /** Lines (or events) that arrived below a scrolled view since it left the newest. */
  unread: Record<LivePanel, number>;
  /** Where the caret is in the text field being typed (fields.ts names them); none: at the end. */
  caret: { field: string; at: number } | null;
  message: StatusMessage | null;
  output: OutputView | null;
  layout: Layout;
  /** Agents marked with space: r, c, x and S act on all of them. */
  marked: string[];
  /** Agents with an action in flight, and what it is ("resuming…"). */
  busy: Record<string, string>;
  confirm: Confirmation | null;
  form: TaskForm | null;
  pager: Pager | null;
  /** Select this agent as soon as it appears (a task just started from the form). */
  pendingSelect: string | null;
  watchdog: WatchdogView;
  inbox: InboxCursor;
  /**
   * Agents that finished (done, or an interactive turn ended: idle) while the dashboard
   * watched, and were not looked at since (selected in the list): since when.
   */
  finished: Record<string, number>;
}

/** The inbox's selected item (by agent, so it stays put as items come and go) and a typed answer. */
export interface InboxCursor {
  agentId: string | null;
  /** The answer or prompt being typed; null when not typing. */
  draft: string | null;
}

/** Auto-resume: for every agent, or for the ones switched on with W; and what it did. */
export interface WatchdogView {
  all: boolean;
  enabled: string[];
  agents: Record<string, WatchState>;
  /** Why auto-resume cannot run here (another watchdog holds the lock), if so. */
  blocked: string | null;
}

/** A question before something destructive: what will happen, to whom. */
export interface Confirmation {
  title: string;
  lines: string[];
  action: 'kill' | 'stop' | 'rerun';
  agentIds: string[];
}

// The mode comes last: the fields above the prompt keep their places (↑ from the prompt).
export const FORM_FIELDS = ['host', 'agent', 'dir', 'name', 'autonomy', 'prompt', 'mode'] as const;
export type FormField = (typeof FORM_FIELDS)[number];
/** The form's typed fields (the others are chosen from a list with arrows or space). */
export type TextField = 'dir' | 'name' | 'prompt';
export function isTextField(field: FormField): field is TextField {
  return field === 'dir' || field === 'name' || field === 'prompt';
}

export interface TaskForm {
  /** The machine it starts on: `local`, or a host the dashboard reaches (the field shows only then). */
  host: string;
  agent: string;
  /** What the agent may do without asking. */
  autonomy: Autonomy;
  dir: string;
  name: string;
  /** The prompt; for the shell agent, the command line. */
  prompt: string;
  /** The agent's own interface in the pane (`run --interactive`), for agents that have one. */
  interactive: boolean;
  field: FormField;
  error: string | null;
  submitting: boolean;
  /** The directory the form opened with: a form is worth asking about once it differs. */
  startDir: string;
  /** Esc was pressed on a form with something typed: waiting for y to throw it away. */
  discarding: boolean;
  /** The directories a Tab in the directory field could complete to, when there are several. */
  choices: string[] | null;
}

/** Whether closing the form would lose something the person typed. */
export function formHasTyping(form: TaskForm): boolean {
  return form.prompt.trim() !== '' || form.name.trim() !== '' || form.dir !== form.startDir;
}

export interface Pager {
  agentId: string;
  /** What it shows: the agent's log, or its description (D). */
  kind?: 'log' | 'describe';
  title: string;
  lines: string[];
  /** The search being typed (editing) or the last one. */
  query: string;
  editing: boolean;
  /** Index of the line of the current match. */
  match: number | null;
  loading: boolean;
}

export function initialUi(): UiData {
  return {
    selectedId: null,
    focus: 'list',
    mode: 'normal',
    returnMode: 'normal',
    filter: '',
    sort: 'attention',
    sortReversed: false,
    scroll: { output: 0, events: 0, zoom: 0, help: 0, pager: 0 },
    unread: NO_UNREAD,
    caret: null,
    wrap: false,
    shift: 0,
    helpQuery: '',
    helpEditing: false,
    message: null,
    output: null,
    layout: computeLayout(120, 40, 0),
    marked: [],
    busy: {},
    confirm: null,
    form: null,
    pager: null,
    pendingSelect: null,
    watchdog: { all: false, enabled: [], agents: {}, blocked: null },
    inbox: { agentId: null, draft: null },
    finished: {},
  };
}

/** Keep the selection on a visible agent: the same one if it is still there. */
export function reconcileSelection(selectedId: string | null, visibleIds: readonly string[], previousIndex: number): string | null {
  if (visibleIds.length === 0) return null;
  if (selectedId !== null && visibleIds.includes(selectedId)) return selectedId;
  const index = Math.max(0, Math.min(previousIndex, visibleIds.length - 1));
  return visibleIds[index] ?? null;
}

export function moveSelection(ui: UiData, visibleIds: readonly string[], target: number | 'top' | 'bottom'): UiData {
  if (visibleIds.length === 0) return ui.selectedId === null ? ui : { ...ui, selectedId: null };
  const current = ui.selectedId === null ? -1 : visibleIds.indexOf(ui.selectedId);
  let index: number;
  if (target === 'top') index = 0;
  else if (target === 'bottom') index = visibleIds.length - 1;
  else index = Math.max(0, Math.min(visibleIds.length - 1, (current < 0 ? 0 : current) + target));
  const selectedId = visibleIds[index] ?? null;
  if (selectedId === ui.selectedId) return ui;
  // A new agent's output starts at its newest lines.
  return { ...ui, selectedId, scroll: { ...ui.scroll, output: 0, events: 0, zoom: 0 }, unread: NO_UNREAD };
}

/**
 * New output arrived: every scrolled view of it keeps showing the same lines (its offset
 * grows by what arrived below), and counts them as unread.
 */
export function anchorOutput(ui: UiData, output: OutputView): Pick<UiData, 'output' | 'scroll' | 'unread'> {
  const previous = ui.output;
  if (!previous || previous.agentId !== output.agentId || previous.source !== output.source) return { output, scroll: ui.scroll, unread: ui.unread };
  let scroll = ui.scroll;
  let unread = ui.unread;
  for (const panel of ['output', 'zoom'] as const) {
    const moved = linesAdded(previous.lines, output.lines, scroll[panel]);
    if (moved === 0) continue;
    scroll = { ...scroll, [panel]: scroll[panel] + moved };
    unread = { ...unread, [panel]: unread[panel] + moved };
  }
  return { output, scroll, unread };
}

export function cycleFocus(ui: UiData, step: 1 | -1): UiData {
  const i = FOCUSES.indexOf(ui.focus);
  return focusOn(ui, FOCUSES[(i + step + FOCUSES.length) % FOCUSES.length] ?? 'list');
}

/** Focus one panel (a click); only the list has focus when the panels are not shown. */
export function focusOn(ui: UiData, target: Focus): UiData {
  const focus = ui.layout.tier === 'full' ? target : 'list';
  return focus === ui.focus ? ui : { ...ui, focus };
}

export function scrollPanel(ui: UiData, panel: ScrollPanel, delta: number | 'top' | 'bottom', limit: number): UiData {
  const max = Math.max(0, limit);
  const current = ui.scroll[panel];
  let next: number;
  // Offsets count up from the newest line, except help which reads top-down.
  const topDown = panel === 'help';
  if (delta === 'top') next = topDown ? 0 : max;
  else if (delta === 'bottom') next = topDown ? max : 0;
  else next = current + (topDown ? delta : -delta);
  return scrollPanelTo(ui, panel, next, max);
}

/** A panel at this offset (clamped to 0..limit); back at the newest line, nothing below is unread. */
export function scrollPanelTo(ui: UiData, panel: ScrollPanel, offset: number, limit: number): UiData {
  const next = Math.max(0, Math.min(Math.max(0, limit), offset));
  if (next === ui.scroll[panel]) return ui;
  const unread = next === 0 && panel !== 'help' && panel !== 'pager' && ui.unread[panel] !== 0 ? { ...ui.unread, [panel]: 0 } : ui.unread;
  return { ...ui, scroll: { ...ui.scroll, [panel]: next }, unread };
}

export function enterMode(ui: UiData, mode: Mode): UiData {
  if (ui.mode === mode) return ui;
  const zoomOpens = mode === 'zoom' && ui.mode !== 'help';
  const scroll = mode === 'help' ? { ...ui.scroll, help: 0 } : zoomOpens ? { ...ui.scroll, zoom: 0 } : mode === 'pager' ? { ...ui.scroll, pager: 0 } : ui.scroll;
  const unread = zoomOpens && ui.unread.zoom !== 0 ? { ...ui.unread, zoom: 0 } : ui.unread;
  // Help opens over another view and returns to it.
  const returnMode = mode === 'help' ? ui.mode : ui.returnMode;
  // A field opened again starts with the caret at the end of its text.
  return { ...ui, mode, scroll, unread, returnMode, caret: null };
}

export function cycleSort(ui: UiData): UiData {
  // A new column starts in its own natural order.
  return { ...ui, sort: nextSortKey(ui.sort), sortReversed: false };
}

export function reverseSort(ui: UiData): UiData {
  return { ...ui, sortReversed: !ui.sortReversed };
}
