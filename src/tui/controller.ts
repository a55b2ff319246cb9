// Keys → commands → store actions (and, for agent actions, the operations port).
// Components call key(); nothing here draws.
import { KEYMAP, resolveKey, type CommandId } from '../keymap/keymap.js';
import { plainerPresses } from '../keymap/keys.js';
import type { MouseEvent } from '../keymap/mouse.js';
import { regionAt } from './layout.js';
import { applyEdit, insertAt, type EditCommand } from '../text/edit.js';
import { plainText } from '../text/sanitize.js';
import { activeField, caretOf, type ActiveField } from './fields.js';
import { COPY_CHOICES, COPY_PROMPT } from './copy.js';
import type { AppState, AppStore } from '../store/store.js';
import type { ScrollPanel } from '../store/ui.js';
import { helpColumns } from './help.js';
import { inboxSelection, movedInboxCursor } from './inbox.js';

/** Agent actions (resume, kill, …) as the dashboard sees them; absent until wired. */
export interface ActionPort {
  /** Why a command cannot run now, or null when it can. */
  unavailable(id: CommandId, state: AppState): string | null;
  run(id: CommandId, state: AppState): void;
  /** Keys typed while a form or confirmation owns the keyboard. */
  input?(name: string, text: string, state: AppState): void;
  /** A typed field of the new-agent form got new text (checked again by the actions). */
  formEdited?(field: 'dir' | 'name' | 'prompt', value: string, state: AppState): void;
}

export interface ControllerDeps {
  store: AppStore;
  quit(): void;
  actions?: ActionPort | null;
  /** Put text on the terminal's clipboard (OSC 52); absent where there is no terminal. */
  copy?: (text: string) => void;
}

export interface Controller {
  /** A key press: its name (keyName) and any printable text it carries. */
  key(name: string, text: string): void;
  /** A click or a wheel turn (mouse reporting is on unless --no-mouse). */
  mouse(event: MouseEvent): void;
  /**
   * What the screen shows that the store does not hold: the index of the first agent in
   * the list's window (the list keeps it as it scrolls), for a click to find its row.
   */
  readonly view: { listStart: number };
  /** A bracketed paste: text for a text field, never keys. */
  paste(text: string): void;
  run(id: CommandId): void;
  /** Null when the command can run, else why not (shown in the footer and help). */
  unavailable(id: CommandId): string | null;
}

/** The commands that act on agents: the keymap's Agents group. */
const AGENT_COMMANDS: ReadonlySet<CommandId> = new Set(KEYMAP.filter((b) => b.group === 'Agents').map((b) => b.id));

const LABELS: Partial<Record<CommandId, string>> = {
  'agent.resume': 'resume',
  'agent.checkpoint': 'checkpoint',
  'agent.kill': 'kill',
  'agent.stop': 'stop',
  'agent.attach': 'attach',
  'agent.attachReadonly': 'watch',
  'agent.new': 'new',
  'agent.log': 'log',
  'agent.describe': 'describe',
  'agent.mark': 'mark',
  'agent.markAll': 'mark all',
  'agent.watchdog': 'watchdog',
};

/** The Text group's commands, as edits of the field that has the keyboard. */
const EDITS: Partial<Record<CommandId, EditCommand>> = {
  'text.left': 'left',
  'text.right': 'right',
  'text.home': 'home',
  'text.end': 'end',
  'text.wordLeft': 'wordLeft',
  'text.wordRight': 'wordRight',
  'text.backspace': 'backspace',
  'text.delete': 'delete',
  'text.killStart': 'killStart',
  'text.killEnd': 'killEnd',
  'text.killWord': 'killWord',
  'text.killWordRight': 'killWordRight',
};

/** Columns a ← or → moves long lines by. */
const SHIFT_STEP = 20;

/** Views where a key with no command is answered with a pointer to help. */
const UNBOUND_FEEDBACK: ReadonlySet<string> = new Set(['normal', 'zoom', 'help', 'inbox']);

export function createController(deps: ControllerDeps): Controller {
  const { store } = deps;
  const get = () => store.getState();

  function scrollLimit(panel: ScrollPanel, s: AppState): number {
    const agent = s.selectedId ? s.agents[s.selectedId] : undefined;
    switch (panel) {
      case 'output':
        return (s.output?.lines.length ?? 0) - s.layout.pageRows.output;
      case 'zoom':
        return (s.output?.lines.length ?? 0) - s.layout.pageRows.full;
      case 'events':
        return (agent?.events.recent.length ?? 0) - s.layout.pageRows.events;
      case 'help':
        return Math.max(0, ...helpColumns(s.helpQuery, s.layout.columns - 2).columns.map((c) => c.length)) - (s.layout.pageRows.full - 1);
      case 'pager':
        return (s.pager?.lines.length ?? 0) - s.layout.pageRows.full;
    }
  }

  function panelFor(s: AppState): ScrollPanel | null {
    if (s.mode === 'zoom') return 'zoom';
    if (s.mode === 'help') return 'help';
    if (s.mode === 'pager') return 'pager';
    if (s.focus === 'output') return 'output';
    if (s.focus === 'events') return 'events';
    return null;
  }

  function navigate(id: CommandId): void {
    const s = get();
    const panel = panelFor(s);
    const page = panel === 'output' ? s.layout.pageRows.output : panel === 'events' ? s.layout.pageRows.events : panel ? s.layout.pageRows.full : s.layout.pageRows.list;
    const step: Record<string, number | 'top' | 'bottom'> = {
      'nav.down': 1,
      'nav.up': -1,
      'nav.top': 'top',
      'nav.bottom': 'bottom',
      'nav.pageDown': page,
      'nav.pageUp': -page,
    };
    const delta = step[id];
    if (delta === undefined) return;
    if (s.mode === 'inbox') return s.inboxChanged({ agentId: movedInboxCursor(s, delta === page ? 5 : delta === -page ? -5 : delta) });
    if (panel) s.panelScrolled(panel, delta, scrollLimit(panel, s));
    else s.selectionMoved(delta);
  }

  function unavailable(id: CommandId): string | null {
    if (!AGENT_COMMANDS.has(id)) return null;
    const s = get();
    if (!deps.actions) return `${LABELS[id] ?? id}: not available in this dashboard`;
    return deps.actions.unavailable(id, s);
  }

  function run(id: CommandId): void {
    const s = get();
    switch (id) {
      case 'nav.down':
      case 'nav.up':
      case 'nav.top':
      case 'nav.bottom':
      case 'nav.pageDown':
      case 'nav.pageUp':
        return navigate(id);
      case 'focus.next':
        return s.focusCycled(1);
      case 'focus.prev':
        return s.focusCycled(-1);
      case 'view.zoom':
        // Enter on the detail panel opens the whole description.
        if (s.focus === 'detail' && s.layout.tier === 'full') return run('agent.describe');
        if (!s.selectedId) return s.messageShown('zoom: no agent selected', 'warn');
        return s.modeEntered('zoom');
      case 'zoom.close':
        return s.modeEntered('normal');
      case 'zoom.follow':
        if (s.mode === 'normal') {
          s.panelScrolled('output', 'bottom', 0);
          return get().panelScrolled('events', 'bottom', 0);
        }
        return s.panelScrolled(s.mode === 'pager' ? 'pager' : 'zoom', 'bottom', 0);
      case 'view.sort':
        s.sortCycled();
        return get().messageShown(`sorted by ${get().sort}`, 'info');
      case 'agent.copy':
        if (!s.selectedId) return s.messageShown('copy: no agent selected', 'warn');
        copying = true;
        copyingAt = s.now;
        return s.messageShown(COPY_PROMPT, 'info');
      case 'view.wrap':
        s.longLinesChanged({ wrap: !s.wrap });
        return get().messageShown(get().wrap ? 'long lines wrapped (w cuts them again)' : 'long lines cut (→ scrolls to their ends, w wraps)', 'info');
      case 'view.left':
        if (s.wrap) return s.messageShown('lines are wrapped: nothing to scroll sideways (w cuts them)', 'info');
        return s.longLinesChanged({ shift: s.shift - SHIFT_STEP });
      case 'view.right':
        if (s.wrap) return s.messageShown('lines are wrapped: nothing to scroll sideways (w cuts them)', 'info');
        return s.longLinesChanged({ shift: s.shift + SHIFT_STEP });
      case 'view.reverse':
        s.sortFlipped();
        return get().messageShown(`sorted by ${get().sort}, ${get().sortReversed ? 'reversed' : 'in its own order'}`, 'info');
      case 'view.help':
        return s.modeEntered('help');
      case 'view.inbox':
        s.inboxChanged({ agentId: inboxSelection(s)?.agent.id ?? null, draft: null });
        return s.modeEntered('inbox');
      case 'inbox.close':
        s.inboxChanged({ draft: null });
        return s.modeEntered('normal');
      case 'inbox.open': {
        const item = inboxSelection(s);
        s.modeEntered('normal');
        if (!item) return;
        if (!get().visibleIds.includes(item.agent.id)) get().filterChanged('');
        return get().agentSelected(item.agent.id);
      }
      case 'help.close':
        // Esc first clears a search; the next one closes.
        if (s.helpQuery !== '') return s.helpSearched('', false);
        return s.modeEntered(s.returnMode === 'help' ? 'normal' : s.returnMode);
      case 'help.search':
        s.caretPlaced('help', null);
        return s.helpSearched('', true);
      case 'filter.open':
        return s.modeEntered('filter');
      case 'filter.apply':
        return s.modeEntered('normal');
      case 'filter.clear':
        if (s.filter !== '') s.filterChanged('');
        return s.modeEntered('normal');
      case 'app.quit':
      case 'app.interrupt':
        return deps.quit();
      default: {
        const reason = unavailable(id);
        if (reason) return s.messageShown(reason, 'warn');
        deps.actions?.run(id, s);
      }
    }
  }

  /** y was pressed: the next key says what to copy. */
  let copying = false;
  let copyingAt = 0;
  /** The y prompt lasts as long as its message is shown; a key after that is a key again. */
  const COPY_PROMPT_MS = 6000;

  function copyKey(name: string, text: string): void {
    copying = false;
    const s = get();
    if (name === 'escape') return s.messageShown('copy: cancelled', 'info');
    const choice = COPY_CHOICES.find((c) => c.key === text);
    if (!choice) return s.messageShown(`copy: ${text || name} is not one of ${COPY_CHOICES.map((c) => c.key).join(' ')}`, 'warn');
    const agent = s.selectedId ? s.agents[s.selectedId] : undefined;
    if (!agent) return s.messageShown('copy: no agent selected', 'warn');
    const value = choice.value(agent);
    if (!value) return s.messageShown(`copy: ${plainText(agent.name)} has no ${choice.label}`, 'warn');
    if (!deps.copy) return s.messageShown('copy: no terminal to copy to', 'warn');
    deps.copy(value);
    s.messageShown(`copied ${choice.label}: ${value.length > 60 ? `${value.slice(0, 59)}…` : value}`, 'success');
  }

  /** New text (and caret) for the field that has the keyboard. */
  function writeField(field: ActiveField, value: string, caret: number): void {
    const s = get();
    if (value !== field.value) {
      switch (field.id) {
        case 'filter':
          s.filterChanged(value);
          break;
        case 'help':
          s.helpSearched(value, true);
          break;
        case 'pager':
          s.pagerChanged({ query: value });
          break;
        case 'inbox':
          s.inboxChanged({ draft: value });
          break;
        case 'form.dir':
        case 'form.name':
        case 'form.prompt':
          deps.actions?.formEdited?.(field.id.slice(5) as 'dir' | 'name' | 'prompt', value, s);
          break;
      }
    }
    get().caretPlaced(field.id, caret);
  }

  /** Text typed or pasted into a field, at its caret; a one-line field gets one line. */
  function typeInto(field: ActiveField, text: string): void {
    // eslint-disable-next-line no-control-regex
    const clean = field.multiline ? text.replace(/[\x00-\x08\x0b-\x1f\x7f]/g, '') : text.replace(/^[\r\n]+|[\r\n]+$/g, '').replace(/[\r\n\t]+/g, ' ').replace(/[\x00-\x1f\x7f]/g, '');
    if (clean === '') return;
    const edited = insertAt(field.value, caretOf(get(), field.id, field.value), clean);
    writeField(field, edited.value, edited.caret);
  }

  /**
   * A key while a text field has the keyboard: the Text keys edit it, printable keys
   * type; Enter, Esc and the rest are the field's owner's (true when the key was used).
   */
  function fieldKey(field: ActiveField, name: string, text: string): boolean {
    const s = get();
    const textId = resolveKey('text', name);
    const edit = textId ? EDITS[textId] : undefined;
    if (edit) {
      const edited = applyEdit(field.value, caretOf(s, field.id, field.value), edit);
      writeField(field, edited.value, edited.caret);
      return true;
    }
    if (name === 'ctrl+c') {
      run('app.interrupt');
      return true;
    }
    // In the prompt, Enter is a new line where the caret is.
    if (field.multiline && name === 'enter') {
      typeInto(field, '\n');
      return true;
    }
    // No printable key is bound in the filter or the form, and a search or an answer being
    // typed takes every letter: printable keys are always text here.
    if (text && !/[\x00-\x1f]/.test(text)) {
      typeInto(field, text);
      return true;
    }
    return false;
  }

  /** Enter and Esc in the help's search: Enter keeps it, Esc drops it. */
  function helpSearchKey(name: string): void {
    const s = get();
    if (name === 'escape') return s.helpSearched('', false);
    if (name === 'enter') return s.helpSearched(s.helpQuery, false);
  }

  function key(name: string, text: string): void {
    if (copying && get().now - copyingAt >= COPY_PROMPT_MS) copying = false;
    if (copying) return copyKey(name, text);
    const s = get();
    // "Throw the typed agent away?": y or anything else, answered by the form.
    if (s.mode === 'form' && s.form?.discarding && name !== 'ctrl+c') {
      deps.actions?.input?.(name, text, s);
      return;
    }
    const field = activeField(s);
    if (field && fieldKey(field, name, text)) return;
    // A modified key nothing takes: Alt+key is Esc then the key, Ctrl+arrow the arrow.
    const split = plainerPresses(name);
    if (split && (field !== null || !resolveKey(s.mode, name))) return split.forEach((p) => key(p.name, p.text));
    if (field && s.mode === 'help') return helpSearchKey(name);
    // A search or an answer being typed: Enter and Esc are theirs.
    if (field && (s.mode === 'pager' || s.mode === 'inbox')) {
      deps.actions?.input?.(name, text, s);
      return;
    }
    const id = resolveKey(s.mode, name);
    if (id) return run(id);
    if (s.mode === 'confirm' || s.mode === 'form' || s.mode === 'pager') {
      deps.actions?.input?.(name, text, s);
      return;
    }
    // A key that does nothing here says so, rather than nothing at all.
    if (text && text.trim() !== '' && [...text].length === 1 && UNBOUND_FEEDBACK.has(s.mode)) s.messageShown(`${text}: no action here — ? for help`, 'info');
  }

  function paste(text: string): void {
    const s = get();
    const field = activeField(s);
    if (field) return typeInto(field, text);
    const chars = [...text].length;
    s.messageShown(`paste ignored (${chars} character${chars === 1 ? '' : 's'}): keys here are commands; paste into the filter (/) or the new-task form (n)`, 'warn');
  }

  const view = { listStart: 0 };
  /** Lines a notch of the wheel scrolls a panel by. */
  const WHEEL_LINES = 3;

  function mouse(event: MouseEvent): void {
    const s = get();
    if (copying) copying = false;
    if (s.mode !== 'normal') {
      // Full-screen views: the wheel scrolls them; the inbox moves its cursor.
      if (event.kind !== 'wheel') return;
      if (s.mode === 'inbox') return s.inboxChanged({ agentId: movedInboxCursor(s, event.delta) });
      // A form or a question on top: the wheel does not scroll what is behind it.
      if (s.mode !== 'zoom' && s.mode !== 'help' && s.mode !== 'pager') return;
      const panel = panelFor(s);
      if (panel) s.panelScrolled(panel, event.delta * WHEEL_LINES, scrollLimit(panel, s));
      return;
    }
    const region = regionAt(s.layout, event.x, event.y);
    if (region.panel === 'other') return;
    if (region.panel === 'list') {
      if (event.kind === 'wheel') {
        get().focusChanged('list');
        return get().selectionMoved(event.delta);
      }
      const id = region.row === null ? undefined : s.visibleIds[view.listStart + region.row];
      get().focusChanged('list');
      if (id) get().agentSelected(id);
      return;
    }
    if (region.panel === 'detail') {
      if (event.kind === 'click') s.focusChanged('detail');
      return;
    }
    if (event.kind === 'click') return s.focusChanged(region.panel);
    s.panelScrolled(region.panel, event.delta * WHEEL_LINES, scrollLimit(region.panel, s));
  }

  return { key, paste, run, unavailable, mouse, view };
}
