// The one store: a zustand vanilla store made by a factory (a fresh one per test and per
// app). Actions are named for what happened; the logic lives in pure transitions.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { HostSnapshot } from '../remote/host.js';
import type { DeriveSettings } from '../fleet/derive.js';
import type { WatchState } from '../watchdog/policy.js';
import { relayout } from '../tui/layout.js';
import {
  applyClockTicked,
  applyFleetObserved,
  applyHostUpdated,
  initialFleet,
  type FleetData,
  type FleetObservation,
} from './fleet.js';
import { visibleAgents } from './query.js';
import { itemsAdded } from './anchor.js';
import {
  cycleFocus,
  focusOn,
  cycleSort,
  reverseSort,
  enterMode,
  initialUi,
  moveSelection,
  reconcileSelection,
  scrollPanel,
  scrollPanelTo,
  anchorOutput,
  type Confirmation,
  type Focus,
  type Mode,
  type OutputView,
  type Pager,
  type TaskForm,
  type ScrollPanel,
  type Tone,
  type InboxCursor,
  type UiData,
} from './ui.js';

export interface FleetActions {
  /** A poll: the agents as seen, with the new lines of their event logs. */
  fleetObserved(observation: FleetObservation): void;
  clockTicked(now: number): void;
  outputRead(output: OutputView): void;
  /** A host's connection state or agents changed. */
  hostUpdated(snapshot: HostSnapshot): void;
}

export interface UiActions {
  terminalResized(columns: number, rows: number): void;
  selectionMoved(target: number | 'top' | 'bottom'): void;
  agentSelected(agentId: string): void;
  focusCycled(step: 1 | -1): void;
  focusChanged(focus: Focus): void;
  modeEntered(mode: Mode): void;
  filterChanged(text: string): void;
  sortCycled(): void;
  /** Long lines: wrap on or off, or shift sideways by `delta` columns (0 resets). */
  longLinesChanged(change: { wrap?: boolean; shift?: number }): void;
  /** The help's search: the text typed, and whether it is still being typed. */
  helpSearched(query: string, editing: boolean): void;
  /** The same sort, the other way round. */
  sortFlipped(): void;
  panelScrolled(panel: ScrollPanel, delta: number | 'top' | 'bottom', limit: number): void;
  /** Put a panel at this offset (lines up from the newest). */
  panelScrolledTo(panel: ScrollPanel, offset: number, limit: number): void;
  messageShown(text: string, tone: Tone): void;
  messageCleared(): void;
  markToggled(agentId: string): void;
  marksCleared(): void;
  /** An action started (label) or ended (null) on an agent. */
  busyChanged(agentId: string, label: string | null): void;
  confirmOpened(confirm: Confirmation): void;
  confirmClosed(): void;
  formOpened(form: TaskForm): void;
  formChanged(patch: Partial<TaskForm>): void;
  formClosed(): void;
  pagerOpened(pager: Pager): void;
  pagerChanged(patch: Partial<Pager>): void;
  pagerClosed(): void;
  /** Select this agent once it shows up in the list. */
  selectWhenSeen(agentId: string | null): void;
  markAllToggled(): void;
  /** Auto-resume switched on or off for these agents (W). */
  watchdogToggled(agentIds: string[]): void;
  watchdogAllSet(on: boolean): void;
  watchdogStepped(agents: Record<string, WatchState>): void;
  watchdogBlocked(reason: string | null): void;
  inboxChanged(patch: Partial<InboxCursor>): void;
  /** The caret of the text field `field` (see fields.ts) moved; null puts it at the end. */
  caretPlaced(field: string, at: number | null): void;
}

export interface Derived {
  /** Ids of the agents the list shows, filtered and sorted (kept in step by every action). */
  visibleIds: string[];
}

export type AppState = FleetData & UiData & Derived & FleetActions & UiActions;
export type AppStore = StoreApi<AppState>;

type Data = FleetData & UiData & Derived;

/** Recompute the visible list and keep the selection on the same agent where possible. */
const isFinished = (state: string | undefined) => state === 'done' || state === 'idle';

/** Agents that just finished join `finished`; ones that started again or left, leave it. */
function trackFinished(previous: Data, next: Data): Record<string, number> {
  if (next.agents === previous.agents) return next.finished;
  let finished = next.finished;
  const edit = () => (finished === next.finished ? (finished = { ...finished }) : finished);
  for (const id of next.order) {
    const now = next.agents[id]?.state;
    const before = previous.agents[id]?.state;
    // Seen for the first time already finished: not news (the dashboard just opened).
    if (isFinished(now) && before !== undefined && !isFinished(before) && !(id in finished)) edit()[id] = next.now;
    else if (!isFinished(now) && id in finished) delete edit()[id];
  }
  for (const id of Object.keys(finished)) if (!(id in next.agents)) delete edit()[id];
  return finished;
}

/** The agent selected in the list has been looked at. */
function seen<T extends Pick<Data, 'finished' | 'selectedId' | 'mode'>>(data: T): T {
  const id = data.selectedId;
  if (id === null || !(id in data.finished) || data.mode === 'inbox') return data;
  const finished = { ...data.finished };
  delete finished[id];
  return { ...data, finished };
}

function withVisible(previous: Data, next: Data): Data {
  return seen({ ...placed(previous, next), finished: trackFinished(previous, next) });
}

function placed(previous: Data, next: Data): Data {
  // A tick that changed no agent (most of them, on an idle fleet) leaves the list as it is.
  if (next.agents === previous.agents && next.order === previous.order && next.filter === previous.filter && next.sort === previous.sort && next.sortReversed === previous.sortReversed && next.selectedId === previous.selectedId && !next.pendingSelect && next.visibleIds === previous.visibleIds) return next;
  const visibleIds = visibleAgents(next.agents, next.order, next.filter, next.sort, next.sortReversed).map((a) => a.id);
  const previousIndex = previous.selectedId ? Math.max(0, previous.visibleIds.indexOf(previous.selectedId)) : 0;
  const selectedId = reconcileSelection(next.selectedId, visibleIds, previousIndex);
  const sameIds = visibleIds.length === previous.visibleIds.length && visibleIds.every((id, i) => id === previous.visibleIds[i]);
  if (next.pendingSelect && visibleIds.includes(next.pendingSelect)) {
    const layout = relayout(next.layout, next.layout.columns, next.layout.terminalRows, visibleIds.length);
    return { ...next, visibleIds: sameIds ? previous.visibleIds : visibleIds, selectedId: next.pendingSelect, pendingSelect: null, layout };
  }
  const layout = next.agents === previous.agents ? next.layout : relayout(next.layout, next.layout.columns, next.layout.terminalRows, visibleIds.length);
  return { ...next, visibleIds: sameIds ? previous.visibleIds : visibleIds, selectedId, layout };
}

/** The selected agent's events panel, scrolled up, keeps showing the same events as new ones come. */
function keepEventsAnchor<T extends AppState>(s: AppState, next: T): T {
  const id = s.selectedId;
  if (!id || s.scroll.events === 0) return next;
  const moved = itemsAdded(s.agents[id]?.events.recent ?? [], next.agents[id]?.events.recent ?? [], s.scroll.events);
  return moved === 0 ? next : { ...next, scroll: { ...next.scroll, events: s.scroll.events + moved }, unread: { ...next.unread, events: s.unread.events + moved } };
}

export function createAppStore(settings: DeriveSettings, now: number = Date.now()): AppStore {
  return createStore<AppState>()((set) => {
    const update = (change: (s: AppState) => Data) =>
      set((s) => {
        const next = change(s);
        return next === s ? s : withVisible(s, next);
      });
    const ui = (change: (s: AppState) => UiData) =>
      set((s) => {
        const next = change(s);
        return next === s ? s : seen(next);
      });
    return {
      ...initialFleet(settings, now),
      ...initialUi(),
      visibleIds: [],
      fleetObserved: (observation) => update((s) => keepEventsAnchor(s, { ...s, ...applyFleetObserved(s, observation) })),
      clockTicked: (t) => update((s) => {
        const next = applyClockTicked(s, t);
        return next.agents === s.agents ? { ...s, now: t } : { ...s, ...next };
      }),
      outputRead: (output) => set((s) => anchorOutput(s, output)),
      hostUpdated: (snapshot) => update((s) => ({ ...s, ...applyHostUpdated(s, snapshot) })),
      terminalResized: (columns, rows) => set((s) => ({ layout: relayout(s.layout, columns, rows, s.visibleIds.length) })),
      selectionMoved: (target) => ui((s) => moveSelection(s, s.visibleIds, target)),
      agentSelected: (agentId) => ui((s) => (s.visibleIds.includes(agentId) ? { ...s, selectedId: agentId } : s)),
      focusCycled: (step) => ui((s) => cycleFocus(s, step)),
      focusChanged: (focus) => ui((s) => focusOn(s, focus)),
      modeEntered: (mode) => ui((s) => enterMode(s, mode)),
      filterChanged: (text) => update((s) => ({ ...s, filter: text })),
      sortCycled: () => update((s) => ({ ...s, ...cycleSort(s) })),
      longLinesChanged: (change) => set((s) => ({ wrap: change.wrap ?? s.wrap, shift: change.wrap === true ? 0 : Math.max(0, change.shift ?? s.shift) })),
      helpSearched: (query, editing) => set((s) => ({ helpQuery: query, helpEditing: editing, scroll: { ...s.scroll, help: 0 } })),
      sortFlipped: () => update((s) => ({ ...s, ...reverseSort(s) })),
      panelScrolled: (panel, delta, limit) => ui((s) => scrollPanel(s, panel, delta, limit)),
      panelScrolledTo: (panel, offset, limit) => ui((s) => scrollPanelTo(s, panel, offset, limit)),
      messageShown: (text, tone) => set((s) => ({ message: { text, tone, at: s.now } })),
      messageCleared: () => set({ message: null }),
      markToggled: (agentId) => set((s) => ({ marked: s.marked.includes(agentId) ? s.marked.filter((id) => id !== agentId) : [...s.marked, agentId] })),
      marksCleared: () => set((s) => (s.marked.length ? { marked: [] } : s)),
      busyChanged: (agentId, label) =>
        set((s) => {
          const busy = { ...s.busy };
          if (label === null) delete busy[agentId];
          else busy[agentId] = label;
          return { busy };
        }),
      confirmOpened: (confirm) => set({ confirm, mode: 'confirm' }),
      confirmClosed: () => set({ confirm: null, mode: 'normal' }),
      formOpened: (form) => set({ form, mode: 'form' }),
      formChanged: (patch) => set((s) => (s.form ? { form: { ...s.form, ...patch } } : s)),
      formClosed: () => set({ form: null, mode: 'normal' }),
      pagerOpened: (pager) => set((s) => ({ pager, mode: 'pager', scroll: { ...s.scroll, pager: 0 } })),
      pagerChanged: (patch) => set((s) => (s.pager ? { pager: { ...s.pager, ...patch } } : s)),
      pagerClosed: () => set({ pager: null, mode: 'normal' }),
      selectWhenSeen: (agentId) => update((s) => ({ ...s, pendingSelect: agentId })),
      markAllToggled: () => set((s) => ({ marked: s.visibleIds.every((id) => s.marked.includes(id)) ? [] : [...s.visibleIds] })),
      watchdogToggled: (agentIds) =>
        set((s) => {
          const on = agentIds.some((id) => !s.watchdog.enabled.includes(id));
          const enabled = on ? [...new Set([...s.watchdog.enabled, ...agentIds])] : s.watchdog.enabled.filter((id) => !agentIds.includes(id));
          return { watchdog: { ...s.watchdog, enabled } };
        }),
      watchdogAllSet: (on) => set((s) => ({ watchdog: { ...s.watchdog, all: on } })),
      watchdogStepped: (agents) => set((s) => ({ watchdog: { ...s.watchdog, agents } })),
      watchdogBlocked: (reason) => set((s) => ({ watchdog: { ...s.watchdog, blocked: reason } })),
      inboxChanged: (patch) => set((s) => ({ inbox: { ...s.inbox, ...patch } })),
      caretPlaced: (field, at) => set((s) => (at === null ? (s.caret === null ? s : { caret: null }) : s.caret?.field === field && s.caret.at === at ? s : { caret: { field, at } })),
    };
  });
}
