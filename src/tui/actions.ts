// The dashboard's agent actions: which apply (and why not), the confirmation, the new-task
// form and the log pager. Every operation runs in the background through the same
// operations as the command line; rows show a spinner and the status line the result.
import { AUTONOMY_LEVELS, DEFAULT_AUTONOMY, type Autonomy } from '../agents/autonomy.js';
import { adapterFor, LAUNCHABLE_KINDS } from '../agents/index.js';
import type { CommandId } from '../keymap/keymap.js';
import { isAlive, type AgentView } from '../fleet/agent.js';
import { sessionIdOf } from '../fleet/snapshot.js';
import type { Answer } from '../ops/answer.js';
import type { RunRequest } from '../ops/run.js';
import type { AppState, AppStore } from '../store/store.js';
import { FORM_FIELDS, formHasTyping, isTextField, type FormField, type TaskForm } from '../store/ui.js';
import { completeDir } from '../text/complete.js';
import { splitCommandLine } from '../text/argv.js';
import { plainText } from '../text/sanitize.js';
import { matchesLine, searchPattern, type SearchPattern } from './search.js';
import { nameProblem } from '../tasks/names.js';
import type { ActionPort } from './controller.js';
import { inboxSelection } from './inbox.js';

/** What the dashboard can do to agents; the real one wraps src/ops, tests pass fakes. */
export interface DashboardOps {
  /** `again`: the task is done and the user confirmed running it once more. */
  resume(agent: AgentView, again?: boolean): Promise<string>;
  checkpoint(agent: AgentView): Promise<string>;
  /** Answer a prompt from the inbox; refused when the prompt shown is no longer `expected`. */
  answer(agent: AgentView, answer: Answer, expected: string): Promise<string>;
  stop(agent: AgentView): Promise<string>;
  kill(agent: AgentView): Promise<string>;
  /** May take over the terminal (tmux attach) until the user detaches. */
  attach(agent: AgentView, readonly: boolean): Promise<string>;
  /** Starts an agent, on `host` when it is another machine's. */
  run(request: RunRequest, host?: string): Promise<{ name: string; agentId: string; message: string }>;
  readLog(agent: AgentView): Promise<{ title: string; lines: string[] }>;
  /** Everything oneshot knows about the agent, as lines (the describe view). */
  describe(agent: AgentView): Promise<string[]>;
  /** Cheap local checks for the footer: answered from the file system, cached. */
  isGitRepo(dir: string): boolean;
  dirExists(dir: string): boolean;
  /** The subdirectories of a directory on this machine (Tab in the form), or null when it cannot be read. */
  listDirs(dir: string): string[] | null;
  /** The home directory, for a ~ in the directory field. */
  home?: string;
  /** Where a new task starts when no agent is selected. */
  defaultDir: string;
  /** The autonomy level the form starts with (the config's). */
  defaultAutonomy: Autonomy;
  /** Ask for a poll now (after an action, so the list catches up at once). */
  refresh(): void;
  /** Become the auto-resuming watchdog: null when that worked, else why not. */
  takeWatchdog(): string | null;
  /** The first retry delay, for the message when auto-resume is switched on. */
  backoffBaseSec: number;
}

type Verb = 'resume' | 'checkpoint' | 'stop' | 'kill';
/** What runs in the background: a verb, or a done task run again after its confirmation. */
type Job = Verb | 'rerun';

const VERBS: Partial<Record<CommandId, Verb>> = {
  'agent.resume': 'resume',
  'agent.checkpoint': 'checkpoint',
  'agent.stop': 'stop',
  'agent.kill': 'kill',
};

const PROGRESSIVE: Record<Job, string> = { resume: 'resuming…', rerun: 'starting again…', checkpoint: 'checkpointing…', stop: 'stopping…', kill: 'killing…' };
const PAST: Record<Job, string> = { resume: 'resumed', rerun: 'started again', checkpoint: 'checkpointed', stop: 'stopped', kill: 'killed' };

/** Why `verb` cannot apply to this agent, or null. Pure, given the cheap checks. */
export function whyNot(verb: Verb | 'attach' | 'log', agent: AgentView, ops: Pick<DashboardOps, 'isGitRepo'>): string | null {
  const name = plainText(agent.name);
  switch (verb) {
    case 'resume':
      if (isAlive(agent.state)) return `resume: ${name} is ${agent.state}`;
      // Resuming a finished task runs (and bills) it again: only for one agent, after a question.
      if (agent.state === 'done') return `resume: ${name} is done (r on it alone asks whether to run it again)`;
      if (agent.task?.origin !== 'oneshot') {
        if (agent.kind === 'shell' || agent.kind === 'unknown') return `resume: oneshot does not know how to run ${name} again`;
        if (!sessionIdOf(agent) && (agent.kind === 'codex' || agent.kind === 'claude')) return 'resume: no session id recorded yet';
        if (!agent.dir) return `resume: the working directory of ${name} is unknown`;
      }
      return null;
    case 'checkpoint':
      if (!agent.dir) return `checkpoint: the working directory of ${name} is unknown`;
      // Another machine's directory: its host says whether it is a repository.
      if (agent.host !== undefined) return null;
      return ops.isGitRepo(agent.dir) ? null : 'checkpoint: not a git repository';
    case 'stop':
      if (agent.state === 'stopped') return `stop: ${name} is already stopped`;
      if (agent.state === 'done') return `stop: ${name} is done`;
      return null;
    case 'kill':
      return agent.session || agent.task?.origin === 'oneshot' ? null : `kill: ${name} has no tmux session`;
    case 'attach':
      return agent.session ? null : `attach: session is gone — resume first`;
    case 'log':
      return agent.logPath || agent.session ? null : `log: ${name} has no session log and no pane`;
  }
}

function targetsOf(state: AppState): AgentView[] {
  const ids = state.marked.length > 0 ? state.marked : state.selectedId ? [state.selectedId] : [];
  return ids.map((id) => state.agents[id]).filter((a): a is AgentView => a !== undefined);
}

export function blankForm(state: AppState, defaultDir: string, autonomy: Autonomy = DEFAULT_AUTONOMY): TaskForm {
  const selected = state.selectedId ? state.agents[state.selectedId] : undefined;
  const kind = selected && selected.kind !== 'unknown' ? selected.kind : 'claude';
  return { host: selected?.host ?? 'local', agent: kind, autonomy, dir: selected?.dir ?? defaultDir, name: '', prompt: '', interactive: false, field: 'prompt', error: null, submitting: false, startDir: selected?.dir ?? defaultDir, discarding: false, choices: null };
}

/** Whether oneshot can run this agent's own interface (run --interactive). */
export function canRunInteractive(agent: string): boolean {
  return adapterFor(agent)?.interactive !== undefined;
}

export function formProblem(form: TaskForm, dirExists: (dir: string) => boolean): string | null {
  // Another machine's directory is checked there, when the agent starts.
  if (form.host === 'local' && !dirExists(form.dir)) return `directory ${form.dir || '(empty)'} does not exist`;
  if (form.host !== 'local' && !form.dir.startsWith('/')) return `directory: give the full path on ${form.host}`;
  if (form.name !== '') {
    const problem = nameProblem(form.name);
    if (problem) return `name: ${problem}`;
  }
  if (form.agent === 'shell') {
    const split = splitCommandLine(form.prompt);
    if (!split.ok) return `command: ${split.error}`;
    if (split.argv.length === 0) return 'command: type the command to run';
  } else if (form.prompt.trim() === '' && !(form.interactive && canRunInteractive(form.agent))) {
    return 'prompt: say what the agent should do';
  }
  return null;
}

export function createDashboardActions(store: AppStore, ops: DashboardOps): ActionPort {
  const get = () => store.getState();

  async function background(verb: Job, targets: AgentView[], skipped: string[] = []): Promise<void> {
    const results = await Promise.all(
      targets.map(async (agent) => {
        get().busyChanged(agent.id, PROGRESSIVE[verb]);
        try {
          const text = verb === 'rerun' ? await ops.resume(agent, true) : await ops[verb](agent);
          return { agent, ok: true, text };
        } catch (error) {
          return { agent, ok: false, text: error instanceof Error ? error.message : String(error) };
        } finally {
          get().busyChanged(agent.id, null);
        }
      }),
    );
    const failed = results.filter((r) => !r.ok);
    const skipNote = skipped.length ? `; skipped ${skipped.length}: ${skipped.join('; ')}` : '';
    if (results.length === 1) {
      const r = results[0]!;
      get().messageShown(`${r.ok ? r.text : `${verb} ${plainText(r.agent.name)} failed: ${r.text}`}${skipNote}`, r.ok ? (skipped.length ? 'warn' : 'success') : 'error');
    } else {
      const ok = results.length - failed.length;
      const detail = failed.map((f) => `${plainText(f.agent.name)}: ${f.text}`).join('; ');
      get().messageShown(`${PAST[verb]} ${ok} of ${results.length}${failed.length ? ` — failed: ${detail}` : ''}${skipNote}`, failed.length ? 'error' : skipped.length ? 'warn' : 'success');
    }
    if (verb !== 'checkpoint') get().marksCleared();
    ops.refresh();
  }

  function eligible(verb: Verb, state: AppState): { can: AgentView[]; cannot: string[] } {
    const can: AgentView[] = [];
    const cannot: string[] = [];
    for (const agent of targetsOf(state)) {
      const reason = state.busy[agent.id] ? `${verb}: ${plainText(agent.name)} is busy (${state.busy[agent.id]})` : whyNot(verb, agent, ops);
      if (reason) cannot.push(reason);
      else can.push(agent);
    }
    return { can, cannot };
  }

  /** What is left after a kill: oneshot's own tasks stay listed as stopped; other sessions go. */
  function keptNote(agents: AgentView[]): string {
    const foreign = agents.filter((a) => a.task?.origin !== 'oneshot').map((a) => plainText(a.name));
    if (foreign.length === 0) return 'The task stays on record (stopped); resume brings it back.';
    if (foreign.length === agents.length) return agents.length === 1 ? 'oneshot did not start it, so it leaves the list.' : 'oneshot did not start them, so they leave the list.';
    return `Tasks stay on record (stopped); ${foreign.join(', ')} (not started by oneshot) leave the list.`;
  }

  function openRerun(agent: AgentView): void {
    const name = plainText(agent.name);
    get().confirmOpened({
      title: `Run ${name} again?`,
      lines: [`${name} is done: it finished successfully.`, 'Resuming it runs the whole task again in its session, and the agent bills for that run again.'],
      action: 'rerun',
      agentIds: [agent.id],
    });
  }

  function openConfirm(verb: 'kill' | 'stop', agents: AgentView[]): void {
    const names = agents.map((a) => plainText(a.session?.name ?? a.name));
    const title = `${verb === 'kill' ? 'Kill' : 'Stop'} ${agents.length === 1 ? plainText(agents[0]!.name) : `${agents.length} agents`}?`;
    const lines =
      verb === 'kill'
        ? [`This ends ${agents.length === 1 ? 'the tmux session' : 'the tmux sessions'} ${names.join(', ')} and every process in ${agents.length === 1 ? 'it' : 'them'}.`, keptNote(agents)]
        : [`This interrupts ${names.join(', ')}, waits for ${agents.length === 1 ? 'it' : 'them'} to end, checkpoints the work and marks ${agents.length === 1 ? 'it' : 'them'} stopped.`];
    get().confirmOpened({ title, lines, action: verb, agentIds: agents.map((a) => a.id) });
  }

  async function attach(agent: AgentView, readonly: boolean): Promise<void> {
    get().busyChanged(agent.id, readonly ? 'watching…' : 'attaching…');
    try {
      get().messageShown(await ops.attach(agent, readonly), 'info');
    } catch (error) {
      get().messageShown(error instanceof Error ? error.message : String(error), 'error');
    } finally {
      get().busyChanged(agent.id, null);
    }
  }

  async function submitForm(form: TaskForm): Promise<void> {
    const problem = formProblem(form, ops.dirExists);
    if (problem) return get().formChanged({ error: problem });
    const request: RunRequest = {
      agent: form.agent as RunRequest['agent'],
      dir: form.dir,
      ...(form.name ? { name: form.name } : {}),
      ...(form.agent === 'shell' ? {} : { autonomy: form.autonomy }),
      ...(form.interactive && canRunInteractive(form.agent) ? { interactive: true } : {}),
    };
    if (form.agent === 'shell') {
      const split = splitCommandLine(form.prompt);
      request.args = split.ok ? split.argv : [];
    } else {
      request.prompt = form.prompt;
    }
    get().formChanged({ submitting: true, error: null });
    try {
      const started = await ops.run(request, form.host === 'local' ? undefined : form.host);
      get().formClosed();
      get().selectWhenSeen(started.agentId);
      get().messageShown(started.message, 'success');
      ops.refresh();
    } catch (error) {
      get().formChanged({ submitting: false, error: error instanceof Error ? error.message : String(error) });
    }
  }

  /** Answer from the inbox in the background: the row shows it, the status line says how it went. */
  async function answer(agent: AgentView, given: Answer, expected: string): Promise<void> {
    get().busyChanged(agent.id, 'answering…');
    try {
      get().messageShown(await ops.answer(agent, given, expected), 'success');
    } catch (error) {
      get().messageShown(`answer ${plainText(agent.name)}: ${error instanceof Error ? error.message : String(error)}`, 'error');
    } finally {
      get().busyChanged(agent.id, null);
      ops.refresh();
    }
  }

  async function openPager(agent: AgentView): Promise<void> {
    get().pagerOpened({ agentId: agent.id, kind: 'log', title: plainText(agent.name), lines: [], query: '', editing: false, match: null, loading: true });
    try {
      const log = await ops.readLog(agent);
      if (get().pager?.agentId === agent.id && get().pager?.kind !== 'describe') get().pagerChanged({ title: `${plainText(agent.name)} · ${log.title}`, lines: log.lines, loading: false });
    } catch (error) {
      get().pagerClosed();
      get().messageShown(error instanceof Error ? error.message : String(error), 'error');
    }
  }

  /** The describe view: the pager (scroll, search, wrap) over the agent's description. */
  async function openDescribe(agent: AgentView): Promise<void> {
    get().pagerOpened({ agentId: agent.id, kind: 'describe', title: plainText(agent.name), lines: [], query: '', editing: false, match: null, loading: true });
    try {
      const lines = await ops.describe(agent);
      if (get().pager?.agentId === agent.id && get().pager?.kind === 'describe') get().pagerChanged({ lines, loading: false });
    } catch (error) {
      get().pagerClosed();
      get().messageShown(error instanceof Error ? error.message : String(error), 'error');
    }
  }

  /** Move to the next (or previous) line matching the query, wrapping around. */
  function findMatch(step: 1 | -1): void {
    const s = get();
    const pager = s.pager;
    if (!pager || pager.query === '') return;
    const pattern = searchPattern(pager.query);
    const as = pattern.invalid ? ` (not a valid pattern, ${pattern.invalid}: searched as text)` : '';
    const n = pager.lines.length;
    const start = pager.match ?? (step === 1 ? -1 : n);
    for (let k = 1; k <= n; k++) {
      const i = (((start + step * k) % n) + n) % n;
      if (matchesLine(pattern, plainText(pager.lines[i] ?? ''))) {
        s.pagerChanged({ match: i });
        // Show the match in the middle of the page (offsets count up from the last line).
        const page = s.layout.pageRows.full;
        s.panelScrolledTo('pager', n - i - Math.ceil(page / 2), n - page);
        get().messageShown(`match ${countBefore(pager.lines, pattern, i)} for "${pager.query}"${as}`, pattern.invalid ? 'warn' : 'info');
        return;
      }
    }
    s.pagerChanged({ match: null });
    s.messageShown(`"${pager.query}" not found${as}`, 'warn');
  }

  /** The form's next or previous field (the host field is there only when the dashboard reaches other machines). */
  function moveField(step: 1 | -1): void {
    const state = get();
    const form = state.form;
    if (!form) return;
    const fields: readonly FormField[] = Object.keys(state.hosts).length > 0 ? FORM_FIELDS : FORM_FIELDS.filter((f) => f !== 'host');
    const i = fields.indexOf(form.field);
    const field = fields[(i + step + fields.length) % fields.length] ?? 'prompt';
    state.formChanged({ field, choices: null });
  }

  function formInput(name: string, text: string): void {
    const form = get().form;
    if (!form || form.submitting) return;
    if (form.discarding) {
      // y throws the typing away; anything else goes back to it.
      if (text === 'y' || text === 'Y') {
        get().formClosed();
        get().messageShown('the new agent was thrown away', 'info');
      } else {
        get().formChanged({ discarding: false });
        get().messageShown('kept: go on typing', 'info');
      }
      return;
    }
    const patch: Partial<TaskForm> = {};
    if (form.field === 'mode') {
      if (name === 'left' || name === 'right' || name === 'space') {
        if (canRunInteractive(form.agent)) patch.interactive = !form.interactive;
      } else if (name === 'enter') {
        patch.field = 'prompt';
      } else if (text === 'i' || text === 'h') {
        if (canRunInteractive(form.agent)) patch.interactive = text === 'i';
      } else {
        return;
      }
    } else if (form.field === 'autonomy') {
      const i = AUTONOMY_LEVELS.indexOf(form.autonomy);
      if (name === 'left' || name === 'right' || name === 'space') {
        patch.autonomy = AUTONOMY_LEVELS[(i + (name === 'left' ? -1 : 1) + AUTONOMY_LEVELS.length) % AUTONOMY_LEVELS.length] ?? DEFAULT_AUTONOMY;
      } else if (name === 'enter') {
        patch.field = 'prompt';
      } else if (text) {
        const pick = AUTONOMY_LEVELS.find((k) => k.startsWith(text.toLowerCase()));
        if (pick) patch.autonomy = pick;
      }
    } else if (form.field === 'host') {
      const names = ['local', ...Object.keys(get().hosts)];
      const i = Math.max(0, names.indexOf(form.host));
      if (name === 'left' || name === 'right' || name === 'space') {
        patch.host = names[(i + (name === 'left' ? -1 : 1) + names.length) % names.length] ?? 'local';
      } else if (name === 'enter') {
        patch.field = 'agent';
      } else if (text) {
        const pick = names.find((k) => k.startsWith(text));
        if (pick) patch.host = pick;
      }
    } else if (form.field === 'agent') {
      const i = LAUNCHABLE_KINDS.indexOf(form.agent as (typeof LAUNCHABLE_KINDS)[number]);
      if (name === 'left' || name === 'right' || name === 'space') {
        patch.agent = LAUNCHABLE_KINDS[(i + (name === 'left' ? -1 : 1) + LAUNCHABLE_KINDS.length) % LAUNCHABLE_KINDS.length] ?? 'claude';
      } else if (name === 'enter') {
        patch.field = 'dir';
      } else if (text) {
        const pick = LAUNCHABLE_KINDS.find((k) => k.startsWith(text.toLowerCase()));
        if (pick) patch.agent = pick;
      }
    } else if (name === 'enter') {
      // The typed fields take their text from the controller (src/tui/fields.ts); Enter
      // in a one-line field goes on to the next.
      patch.field = FORM_FIELDS[FORM_FIELDS.indexOf(form.field) + 1] ?? 'prompt';
    } else {
      return;
    }
    const next = { ...form, ...patch };
    get().formChanged({ ...patch, error: formProblem(next, ops.dirExists) });
  }

  return {
    unavailable(id, state) {
      const verb = VERBS[id];
      if (verb) {
        const targets = targetsOf(state);
        if (targets.length === 0) return `${verb}: no agent selected`;
        // r on one done agent asks whether to run it again.
        if (verb === 'resume' && targets.length === 1 && targets[0]?.state === 'done' && !state.busy[targets[0].id]) return null;
        const { can, cannot } = eligible(verb, state);
        return can.length === 0 ? (cannot[0] ?? `${verb}: not possible`) : null;
      }
      const selected = state.selectedId ? state.agents[state.selectedId] : undefined;
      switch (id) {
        case 'agent.attach':
        case 'agent.attachReadonly':
          return selected ? whyNot('attach', selected, ops) : 'attach: no agent selected';
        case 'agent.log':
          return selected ? whyNot('log', selected, ops) : 'log: no agent selected';
        case 'agent.describe':
          return selected ? null : 'describe: no agent selected';
        case 'agent.mark':
          return selected ? null : 'mark: no agent selected';
        case 'agent.markAll':
          return state.visibleIds.length > 0 ? null : 'mark all: no agents in the list';
        case 'agent.watchdog':
          if (state.watchdog.blocked) return `auto-resume: ${state.watchdog.blocked}`;
          return targetsOf(state).length > 0 ? null : 'auto-resume: no agent selected';
        default:
          return null;
      }
    },

    run(id, state) {
      const verb = VERBS[id];
      if (verb) {
        const targets = targetsOf(state);
        const only = targets.length === 1 ? targets[0] : undefined;
        if (verb === 'resume' && only?.state === 'done' && !state.busy[only.id]) return openRerun(only);
        const { can, cannot } = eligible(verb, state);
        if (can.length === 0) {
          state.messageShown(cannot[0] ?? `${verb}: not possible`, 'warn');
          return;
        }
        if (cannot.length > 0) state.messageShown(`${verb} ${can.length}; skipping ${cannot.length}: ${cannot.join('; ')}`, 'warn');
        if (verb === 'kill' || verb === 'stop') return openConfirm(verb, can);
        void background(verb, can, cannot);
        return;
      }
      const selected = state.selectedId ? state.agents[state.selectedId] : undefined;
      switch (id) {
        case 'agent.mark':
          // As in file managers: mark, then on to the next one (Space Space Space marks three).
          if (selected) {
            state.markToggled(selected.id);
            state.selectionMoved(1);
          }
          return;
        case 'agent.markAll':
          state.markAllToggled();
          return;
        case 'agent.watchdog': {
          const ids = targetsOf(state).map((a) => a.id);
          const blocked = ops.takeWatchdog();
          if (blocked) {
            state.watchdogBlocked(blocked);
            state.messageShown(`auto-resume: ${blocked}`, 'error');
            return;
          }
          state.watchdogToggled(ids);
          const on = ids.every((id) => get().watchdog.enabled.includes(id));
          const who = ids.length === 1 ? plainText(state.agents[ids[0] as string]?.name ?? '') : `${ids.length} agents`;
          state.messageShown(`auto-resume ${on ? 'on' : 'off'} for ${who}${on ? ` (first retry after ${Math.round(ops.backoffBaseSec / 60)} min)` : ''}`, 'info');
          state.marksCleared();
          return;
        }
        case 'agent.attach':
        case 'agent.attachReadonly':
          if (selected) void attach(selected, id === 'agent.attachReadonly');
          return;
        case 'agent.new': {
          const form = blankForm(state, ops.defaultDir, ops.defaultAutonomy);
          state.formOpened({ ...form, error: formProblem(form, ops.dirExists) });
          return;
        }
        case 'agent.log':
          if (selected) void openPager(selected);
          return;
        case 'agent.describe':
          if (selected) void openDescribe(selected);
          return;
        case 'confirm.yes': {
          const confirm = state.confirm;
          state.confirmClosed();
          if (!confirm) return;
          const agents = confirm.agentIds.map((a) => get().agents[a]).filter((a): a is AgentView => a !== undefined);
          void background(confirm.action, agents);
          return;
        }
        case 'confirm.no':
          state.confirmClosed();
          state.messageShown(cancelledText(state.confirm?.action), 'info');
          return;
        case 'form.complete': {
          const form = state.form;
          if (!form) return;
          if (form.field === 'dir' && !form.submitting) {
            if (form.host !== 'local') {
              if (form.choices === null) {
                state.formChanged({ choices: [] });
                return state.messageShown(`Tab completes directories on this machine only; type the full path on ${form.host}`, 'info');
              }
            } else {
              const done = completeDir(form.dir, ops.listDirs, { home: ops.home, base: ops.defaultDir });
              if (done.value !== form.dir) {
                get().formChanged({ dir: done.value, choices: done.choices.length > 1 ? done.choices : null, error: formProblem({ ...form, dir: done.value }, ops.dirExists) });
                get().caretPlaced('form.dir', null);
                return;
              }
              // Nothing to add: show the choices once; the next Tab moves on.
              if (done.choices.length > 1 && form.choices === null) return state.formChanged({ choices: done.choices });
            }
          }
          return moveField(1);
        }
        case 'form.next':
        case 'form.prev':
          return moveField(id === 'form.next' ? 1 : -1);
        case 'form.submit':
          if (state.form && !state.form.submitting) void submitForm(state.form);
          return;
        case 'form.cancel': {
          const form = state.form;
          if (form?.discarding) {
            state.formChanged({ discarding: false });
            return state.messageShown('kept: go on typing', 'info');
          }
          // Something typed is not thrown away on one key: ask.
          if (form && !form.submitting && formHasTyping(form)) {
            state.formChanged({ discarding: true, choices: null });
            return;
          }
          state.formClosed();
          return;
        }
        case 'inbox.approve':
        case 'inbox.always':
        case 'inbox.deny': {
          const item = inboxSelection(state);
          if (!item) return state.messageShown('inbox: nothing needs you', 'info');
          const decision = id === 'inbox.approve' ? 'yes' : id === 'inbox.always' ? 'always' : 'no';
          if (item.agent.state !== 'needs-approval' && item.agent.state !== 'needs-input') {
            return state.messageShown(`${plainText(item.agent.name)} is ${item.agent.state}: nothing to ${decision === 'no' ? 'deny' : 'approve'}`, 'warn');
          }
          void answer(item.agent, { decision }, item.asks);
          return;
        }
        case 'inbox.type':
          if (!inboxSelection(state)) return state.messageShown('inbox: nothing needs you', 'info');
          state.caretPlaced('inbox', null);
          state.inboxChanged({ draft: '' });
          return;
        case 'inbox.attach': {
          const item = inboxSelection(state);
          const why = item ? whyNot('attach', item.agent, ops) : 'attach: nothing selected';
          if (why || !item) return state.messageShown(why ?? 'attach: nothing selected', 'warn');
          void attach(item.agent, false);
          return;
        }
        case 'pager.search':
          state.caretPlaced('pager', null);
          state.pagerChanged({ editing: true, query: '' });
          return;
        case 'pager.next':
          return findMatch(1);
        case 'pager.prev':
          return findMatch(-1);
        case 'pager.close':
          state.pagerClosed();
          return;
        default:
          return;
      }
    },

    formEdited(field, value, state) {
      const form = state.form;
      if (!form || form.submitting) return;
      const next = { ...form, [field]: value };
      get().formChanged({ [field]: value, choices: null, error: formProblem(next, ops.dirExists) });
    },

    input(name, text, state) {
      if (state.mode === 'confirm') {
        // Anything but yes cancels.
        const confirm = state.confirm;
        state.confirmClosed();
        state.messageShown(cancelledText(confirm?.action), 'info');
        return;
      }
      if (state.mode === 'form') return formInput(name, text);
      if (state.mode === 'inbox' && state.inbox.draft !== null) {
        const draft = state.inbox.draft;
        if (name === 'escape') return state.inboxChanged({ draft: null });
        if (name === 'enter') {
          const item = inboxSelection(state);
          if (!item) return state.inboxChanged({ draft: null });
          if (draft.trim() === '') return state.messageShown('type something first (Esc drops the answer)', 'warn');
          state.inboxChanged({ draft: null });
          void answer(item.agent, { text: draft }, item.asks);
        }
        return;
      }
      if (state.mode === 'pager' && state.pager?.editing) {
        if (name === 'enter') {
          state.pagerChanged({ editing: false, match: null });
          return findMatch(1);
        }
        if (name === 'escape') return state.pagerChanged({ editing: false, query: '' });
      }
    },
  };
}

function cancelledText(action: 'kill' | 'stop' | 'rerun' | undefined): string {
  switch (action) {
    case 'kill':
      return 'cancelled: nothing was killed';
    case 'stop':
      return 'cancelled: nothing was stopped';
    case 'rerun':
      return 'cancelled: nothing was started';
    case undefined:
      return 'cancelled: nothing was done';
  }
}

function countBefore(lines: string[], pattern: SearchPattern, index: number): string {
  let k = 0;
  let total = 0;
  lines.forEach((line, i) => {
    if (matchesLine(pattern, plainText(line))) {
      total++;
      if (i <= index) k++;
    }
  });
  return `${k}/${total}`;
}
