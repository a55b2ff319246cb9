import { afterEach, describe, expect, it } from 'vitest';
import type { AgentView } from '../../src/fleet/agent.js';
import type { Answer } from '../../src/ops/answer.js';
import type { RunRequest } from '../../src/ops/run.js';
import { createDashboardActions, type DashboardOps } from '../../src/tui/actions.js';
import { fleetOfEveryState, fleetOfInteractiveStates } from '../helpers/fleet-views.js';
import { observation, session, taskDir } from '../helpers/observations.js';
import { KEYS, NOW, plain, renderApp, type Rendered } from '../helpers/render-app.js';

let app: Rendered | null = null;
afterEach(() => {
  app?.unmount();
  app = null;
});

interface Call {
  op: string;
  agent?: string;
  readonly?: boolean;
  request?: RunRequest;
  host?: string;
  answer?: Answer;
  expected?: string;
}

/** Operations that record their calls; each can be held open or made to fail. */
function fakeOps(options: { gitDirs?: string[]; fail?: string; hold?: boolean; dirs?: Record<string, string[]> } = {}) {
  const calls: Call[] = [];
  const pending: (() => void)[] = [];
  const act = (op: string) => async (agent: AgentView) => {
    calls.push({ op, agent: agent.name });
    if (options.hold) await new Promise<void>((r) => pending.push(r));
    if (options.fail === op) throw new Error(`${op} went wrong`);
    return `${op} ok: ${agent.name}`;
  };
  const ops: DashboardOps = {
    resume: act('resume'),
    checkpoint: act('checkpoint'),
    stop: act('stop'),
    kill: act('kill'),
    answer: async (agent, answer, expected) => {
      calls.push({ op: 'answer', agent: agent.name, answer, expected });
      if (options.fail === 'answer') throw new Error('the prompt on screen is not the one you answered');
      return `${agent.name}: answered`;
    },
    attach: async (agent, readonly) => {
      calls.push({ op: 'attach', agent: agent.name, readonly });
      return `back from ${agent.name}`;
    },
    run: async (request, host) => {
      calls.push({ op: 'run', request, ...(host ? { host } : {}) });
      return { name: request.name ?? 'new-task', agentId: 'task:new-task', message: 'started new-task' };
    },
    describe: async (agent) => [`${agent.name} · ${agent.state}`, '', 'State and its evidence', `  reason        ${agent.reason}`],
    readLog: async (agent) => ({ title: 'session.log', lines: Array.from({ length: 60 }, (_, i) => (i % 20 === 7 ? `needle ${i} in ${agent.name}` : `line ${i}`)) }),
    isGitRepo: (dir) => (options.gitDirs ?? ['/work/demo']).includes(dir),
    dirExists: (dir) => dir.startsWith('/work'),
    listDirs: (dir) => (options.dirs ?? {})[dir] ?? null,
    home: '/work/home',
    defaultDir: '/work/home',
    defaultAutonomy: 'workspace',
    refresh: () => calls.push({ op: 'refresh' }),
    takeWatchdog: () => null,
    backoffBaseSec: 180,
  };
  return { ops, calls, release: () => pending.splice(0).forEach((r) => r()) };
}

function mount(opsBundle: ReturnType<typeof fakeOps>, observations = fleetOfEveryState(), size = { columns: 100, rows: 32 }) {
  app = renderApp(observations, { ...size, actions: (store) => createDashboardActions(store, opsBundle.ops) });
  return app;
}

const select = async (r: Rendered, name: string) => {
  const id = r.store.getState().visibleIds.find((i) => r.store.getState().agents[i]?.name === name)!;
  r.store.getState().agentSelected(id);
  await r.waitForFrame((f) => f.includes(`detail · ${name}`));
};

describe('agent actions from the keyboard', () => {
  it('r resumes the selected agent in the background and reports the result', async () => {
    const bundle = fakeOps({ hold: true });
    const r = mount(bundle);
    await select(r, 'opencode-crash');
    await r.press('r');
    expect(bundle.calls).toEqual([{ op: 'resume', agent: 'opencode-crash' }]);
    await r.waitForFrame((f) => f.includes('resuming…'));
    // Keys keep working while it runs.
    await r.press('j');
    expect(r.store.getState().selectedId).not.toBe('session:opencode-crash');
    bundle.release();
    await r.waitForFrame((f) => f.includes('resume ok: opencode-crash'));
    expect(r.store.getState().busy).toEqual({});
  });

  it('says why an action cannot apply, in the status line and the footer', async () => {
    const bundle = fakeOps({ gitDirs: [] });
    const r = mount(bundle);
    await select(r, 'codex-run');
    await r.press('r');
    await r.waitForFrame((f) => f.includes('resume: codex-run is running'));
    await r.press('c');
    await r.waitForFrame((f) => f.includes('checkpoint: not a git repository'));
    await select(r, 'vanished');
    await r.press('a');
    await r.waitForFrame((f) => f.includes('attach: session is gone — resume first'));
    expect(bundle.calls).toEqual([]);
    await r.press('?');
    const help = plain(await r.waitForFrame((f) => f.includes('help · every key')));
    expect(help).toContain('attach: session is gone');
  });

  it('x asks first, names what it kills, and cancel really cancels', async () => {
    const bundle = fakeOps();
    const r = mount(bundle);
    await select(r, 'opencode-crash');
    await r.press('x');
    let frame = plain(await r.waitForFrame((f) => f.includes('Kill opencode-crash?')));
    expect(frame).toContain('tmux session opencode-crash and every process in it');
    // A session oneshot did not start has no task to keep on record.
    expect(frame).toContain('oneshot did not start it, so it leaves the list.');
    await r.press('n');
    await r.waitForFrame((f) => f.includes('cancelled: nothing was killed'));
    await r.press('x');
    await r.waitForFrame((f) => f.includes('Kill opencode-crash?'));
    await r.press('z');
    await r.waitForFrame((f) => f.includes('cancelled: nothing was killed'));
    await r.press('x');
    await r.waitForFrame((f) => f.includes('Kill opencode-crash?'));
    await r.press(KEYS.escape);
    await r.waitForFrame((f) => !f.includes('Kill opencode-crash?'));
    expect(bundle.calls.filter((c) => c.op === 'kill')).toEqual([]);
    await r.press('x', 'y');
    frame = plain(await r.waitForFrame((f) => f.includes('kill ok: opencode-crash')));
    expect(bundle.calls.filter((c) => c.op === 'kill')).toEqual([{ op: 'kill', agent: 'opencode-crash' }]);
  });

  it('the kill confirmation says a task oneshot started stays on record', async () => {
    const observations = fleetOfEveryState();
    observations[0] = { ...observations[0]!, task: taskDir({ dir: '/state/tasks/codex-run' }) };
    const r = mount(fakeOps(), observations);
    await select(r, 'codex-run');
    await r.press('x');
    const frame = plain(await r.waitForFrame((f) => f.includes('Kill codex-run?')));
    expect(frame).toContain('The task stays on record (stopped); resume brings it back.');
  });

  it('space marks agents and moves down; S stops all of them after one confirmation', async () => {
    const bundle = fakeOps();
    const r = mount(bundle);
    await select(r, 'opencode-crash');
    await r.press(KEYS.space);
    await r.waitForFrame((f) => f.includes('1 marked'));
    // The selection moved on to the next agent: Space again marks that one.
    expect(r.store.getState().selectedId).toBe(r.store.getState().visibleIds[r.store.getState().visibleIds.indexOf('session:opencode-crash') + 1]);
    await r.press(KEYS.space);
    await r.waitForFrame((f) => f.includes('2 marked'));
    await r.press('S');
    const frame = plain(await r.waitForFrame((f) => f.includes('Stop 2 agents?')));
    expect(frame).toMatch(/opencode-crash, claude-stale/);
    await r.press('y');
    await r.waitForFrame((f) => f.includes('stopped 2 of 2'));
    expect(bundle.calls.filter((c) => c.op === 'stop').map((c) => c.agent).sort()).toEqual(['claude-stale', 'opencode-crash']);
    expect(r.store.getState().marked).toEqual([]);
  });

  it('r on marked agents skips those it cannot resume and says so', async () => {
    const bundle = fakeOps();
    const r = mount(bundle);
    await select(r, 'opencode-crash');
    await r.press(KEYS.space);
    await select(r, 'codex-run');
    await r.press(KEYS.space, 'r');
    await r.waitForFrame((f) => f.includes('resume ok: opencode-crash') || f.includes('resumed 1 of 1'));
    expect(bundle.calls.filter((c) => c.op === 'resume')).toEqual([{ op: 'resume', agent: 'opencode-crash' }]);
  });

  it('r on a done agent asks before running the task again, and runs it only on y', async () => {
    const bundle = fakeOps();
    const r = mount(bundle);
    await select(r, 'pi-done');
    await r.press('r');
    await r.waitForFrame((f) => f.includes('Run pi-done again?') && f.includes('runs the whole task again'));
    expect(bundle.calls.filter((c) => c.op === 'resume')).toEqual([]);
    await r.press('n');
    await r.waitForFrame((f) => f.includes('cancelled: nothing was started'));
    expect(bundle.calls.filter((c) => c.op === 'resume')).toEqual([]);
    await r.press('r');
    await r.waitForFrame((f) => f.includes('Run pi-done again?'));
    await r.press('y');
    await r.waitForFrame((f) => f.includes('resume ok: pi-done'));
    expect(bundle.calls.filter((c) => c.op === 'resume')).toEqual([{ op: 'resume', agent: 'pi-done' }]);
  });

  it('r on marked agents never runs a done one again and names what it skipped', async () => {
    const bundle = fakeOps();
    const r = mount(bundle);
    r.store.getState().markAllToggled();
    await r.press('r');
    await r.waitForFrame((f) => f.includes('skipped'));
    expect(r.store.getState().message?.text).toMatch(/resumed \d of \d; skipped \d: .*pi-done is done/);
    const resumed = bundle.calls.filter((c) => c.op === 'resume').map((c) => c.agent);
    expect(resumed).not.toContain('pi-done');
    const states = Object.fromEntries(Object.values(r.store.getState().agents).map((a) => [a.name, a.state]));
    expect(resumed.every((n) => ['crashed', 'lost', 'stopped'].includes(states[n!]!))).toBe(true);
    expect(resumed.length).toBeGreaterThan(0);
  });

  it('shows why an action failed', async () => {
    const bundle = fakeOps({ fail: 'checkpoint' });
    const r = mount(bundle, [observation({ name: 'codex-demo' })]);
    await r.waitForFrame((f) => f.includes('codex-demo'));
    await r.press('c');
    await r.waitForFrame((f) => f.includes('checkpoint codex-demo failed: checkpoint went wrong'));
  });

  it('a attaches, A watches read-only', async () => {
    const bundle = fakeOps();
    const r = mount(bundle, [observation({ name: 'codex-demo', session: session() })]);
    await r.waitForFrame((f) => f.includes('codex-demo'));
    await r.press('a');
    await r.waitForFrame((f) => f.includes('back from codex-demo'));
    await r.press('A');
    expect(bundle.calls.filter((c) => c.op === 'attach')).toEqual([
      { op: 'attach', agent: 'codex-demo', readonly: false },
      { op: 'attach', agent: 'codex-demo', readonly: true },
    ]);
  });

  it("the form's mode starts the agent's own interface, with no prompt needed; not for agents without one", async () => {
    const bundle = fakeOps();
    const r = mount(bundle, [observation({ name: 'codex-demo' })], { columns: 100, rows: 32 });
    await r.waitForFrame((f) => f.includes('codex-demo'));
    await r.press('n');
    await r.waitForFrame((f) => f.includes('prompt: say what the agent should do'));
    // Tab from the prompt: the mode; space makes it interactive, and the empty prompt is fine.
    await r.press('\t', ' ');
    const frame = plain(await r.waitForFrame((f) => f.includes('ready: Ctrl-S starts it')));
    expect(frame).toMatch(/mode\s+headless\s+interactive/);
    await r.press('\x13');
    await r.waitForFrame((f) => f.includes('started new-task'));
    expect(bundle.calls.find((c) => c.op === 'run')?.request).toMatchObject({ agent: 'codex', prompt: '', interactive: true });

    // A command has no interface of its own: the mode stays headless and says so.
    await r.press('n');
    await r.waitForFrame((f) => f.includes('new agent'));
    r.store.getState().formChanged({ agent: 'shell', field: 'mode' });
    await r.press(' ');
    expect(plain(await r.waitForFrame((f) => f.includes("runs the agent's own interface for claude, codex, opencode and pi")))).toContain('command: type the command to run');
    expect(r.store.getState().form?.interactive).toBe(false);
  });

  it('with other machines, the form asks for the host; a remote directory is not checked here', async () => {
    const bundle = fakeOps();
    const r = mount(bundle, [observation({ name: 'codex-demo' })], { columns: 100, rows: 32 });
    await r.waitForFrame((f) => f.includes('codex-demo'));
    r.store.getState().hostUpdated({ view: { name: 'gpu', status: 'live', error: null, since: null, retryAt: null, seenAt: 1, hello: null, problems: 0 }, agents: {}, order: [] });
    await r.press('n');
    await r.waitForFrame((f) => f.includes('new agent'));
    r.store.getState().formChanged({ field: 'host' });
    await r.press('\x1b[C');
    const frame = plain(await r.waitForFrame((f) => /host\s+local\s+gpu/.test(plain(f)) && f.includes('full path on gpu')));
    expect(frame).toContain('host');
    r.store.getState().formChanged({ dir: '/srv/not-here-locally', prompt: 'fix it', field: 'prompt' });
    await r.press('\x13');
    await r.waitForFrame((f) => f.includes('started new-task'));
    expect(bundle.calls.find((c) => c.op === 'run')).toMatchObject({ host: 'gpu', request: { dir: '/srv/not-here-locally', prompt: 'fix it' } });
  });

  it('n opens a form that starts a task through the run operation and selects it', async () => {
    const bundle = fakeOps();
    const r = mount(bundle, [observation({ name: 'codex-demo' })], { columns: 100, rows: 32 });
    await r.waitForFrame((f) => f.includes('codex-demo'));
    await r.press('n');
    let frame = plain(await r.waitForFrame((f) => f.includes('new agent')));
    expect(frame).toContain('/work/demo');
    expect(frame).toContain('prompt: say what the agent should do');
    for (const ch of 'fix it') await r.press(ch);
    await r.press(KEYS.enter, 'n', 'o', 'w');
    // Up from the prompt: the autonomy level (f picks full, l/r/space cycle), then the name.
    await r.press(KEYS.up, 'r');
    await r.waitForFrame((f) => f.includes('read-only: may read files'));
    await r.press(KEYS.up);
    for (const ch of 'Bad') await r.press(ch);
    frame = plain(await r.waitForFrame((f) => f.includes('name: only a-z')));
    await r.press(KEYS.backspace, KEYS.backspace, KEYS.backspace);
    for (const ch of 'fix-1') await r.press(ch);
    // codex (the selected agent's kind) → claude
    await r.press(KEYS.up, KEYS.up, '\x1b[C');
    frame = plain(await r.waitForFrame((f) => f.includes('ready: Ctrl-S starts it')));
    await r.press('\x13');
    await r.waitForFrame((f) => f.includes('started new-task'));
    expect(bundle.calls.find((c) => c.op === 'run')).toEqual({ op: 'run', request: { agent: 'claude', dir: '/work/demo', name: 'fix-1', prompt: 'fix it\nnow', autonomy: 'read-only' } });
    // The new agent is selected as soon as it appears.
    r.store.getState().fleetObserved({ at: NOW, server: { status: 'ok', error: null }, agents: [observation({ name: 'codex-demo' }), observation({ id: 'task:new-task', name: 'new-task', session: null })] });
    expect(r.store.getState().selectedId).toBe('task:new-task');
  });

  it('a paste in the list is ignored with a note, never run as keys', async () => {
    const bundle = fakeOps();
    const r = mount(bundle);
    await select(r, 'opencode-crash');
    // "proxy" typed would be x (kill) then y (confirm).
    await r.press('\x1b[200~proxy\x1b[201~');
    await r.waitForFrame((f) => f.includes('paste ignored (5 characters)'));
    expect(r.store.getState().mode).toBe('normal');
    expect(r.store.getState().confirm).toBeNull();
    expect(bundle.calls).toEqual([]);
  });

  it('a paste in the form goes into the field whole: newlines and tabs stay in the prompt', async () => {
    const bundle = fakeOps();
    const r = mount(bundle, [observation({ name: 'codex-demo' })]);
    await r.waitForFrame((f) => f.includes('codex-demo'));
    await r.press('n');
    await r.waitForFrame((f) => f.includes('new agent'));
    // Split across reads the way a terminal delivers a long paste.
    await r.press('\x1b[200~first line\r', 'second\tcolumn\r', 'third', '\x1b[201~');
    await r.waitForFrame((f) => f.includes('third'));
    const form = r.store.getState().form!;
    expect(form.field).toBe('prompt');
    expect(form.prompt).toBe('first line\nsecond\tcolumn\nthird');
    expect(form.dir).toBe('/work/demo');
    // A path pasted into the directory field is one line.
    await r.press(KEYS.shiftTab, KEYS.shiftTab, KEYS.shiftTab);
    await r.waitForFrame(() => r.store.getState().form?.field === 'dir', 'dir field');
    r.store.getState().formChanged({ dir: '' });
    await r.press('\x1b[200~/work/other\r\x1b[201~');
    await r.waitForFrame(() => r.store.getState().form?.dir === '/work/other', `pasted dir, got ${JSON.stringify(r.store.getState().form?.dir)}`);
  });

  it('the prompt is edited in place: the caret moves across lines, Enter breaks the line where it is', async () => {
    const bundle = fakeOps();
    const r = mount(bundle, [observation({ name: 'codex-demo' })]);
    await r.waitForFrame((f) => f.includes('codex-demo'));
    await r.press('n');
    await r.waitForFrame((f) => f.includes('new agent'));
    await r.press(...'fix the tests now');
    await r.press('\x1bb', KEYS.left, KEYS.enter);
    expect(r.store.getState().form?.prompt).toBe('fix the tests\n now');
    // ← at a line's start goes to the end of the line above.
    await r.press(KEYS.left, ...' please');
    expect(r.store.getState().form?.prompt).toBe('fix the tests please\n now');
    // ^K at a line's end joins the next line to it; ^E then ^U empty the line.
    await r.press('\x0b');
    expect(r.store.getState().form?.prompt).toBe('fix the tests please now');
    await r.press(KEYS.enter, '\x05', '\x15', ...' now');
    // Home goes to the start of the caret's line, not of the prompt.
    await r.press(KEYS.down, KEYS.up);
    await r.waitForFrame(() => r.store.getState().form?.field === 'prompt');
    await r.press('\x1b[C', KEYS.home, '>');
    expect(r.store.getState().form?.prompt).toBe('fix the tests please\n> now');
    await r.waitForFrame((f) => plain(f).includes('> now'));
  });

  it('Esc on a form with something typed asks before throwing it away; an untouched form just closes', async () => {
    const bundle = fakeOps();
    const r = mount(bundle, [observation({ name: 'codex-demo' })]);
    await r.waitForFrame((f) => f.includes('codex-demo'));
    await r.press('n');
    await r.waitForFrame((f) => f.includes('new agent'));
    await r.press(KEYS.escape);
    await r.waitForFrame(() => r.store.getState().mode === 'normal');

    await r.press('n', ...'a long prompt');
    await r.press(KEYS.escape);
    await r.waitForFrame((f) => f.includes('Throw away what you typed?'));
    expect(r.store.getState().mode).toBe('form');
    // Any other key goes back to the typing, which is all there.
    await r.press('n');
    await r.waitForFrame((f) => f.includes('kept: go on typing'));
    expect(r.store.getState().form?.prompt).toBe('a long prompt');
    await r.press(...'!');
    expect(r.store.getState().form?.prompt).toBe('a long prompt!');
    await r.press(KEYS.escape);
    await r.waitForFrame((f) => f.includes('Throw away what you typed?'));
    await r.press('y');
    await r.waitForFrame((f) => f.includes('the new agent was thrown away'));
    expect(r.store.getState().mode).toBe('normal');
    expect(bundle.calls.filter((c) => c.op === 'run')).toEqual([]);
  });

  it('Tab completes the directory from the file system, lists the choices, then moves on', async () => {
    const bundle = fakeOps({ dirs: { '/work': ['demo', 'docs', 'other'], '/work/demo': ['src'], '/work/home': ['notes'] } });
    const r = mount(bundle, [observation({ name: 'codex-demo' })]);
    await r.waitForFrame((f) => f.includes('codex-demo'));
    await r.press('n', KEYS.shiftTab, KEYS.shiftTab, KEYS.shiftTab);
    await r.waitForFrame((f) => f.includes('Tab completes the directory'));
    expect(r.store.getState().form?.field).toBe('dir');
    // /work/demo → /work/d: two choices, shown; the next Tab moves on.
    await r.press('\x17', ...'d');
    expect(r.store.getState().form?.dir).toBe('/work/d');
    await r.press(KEYS.tab);
    const listed = plain(await r.waitForFrame((f) => f.includes('2 directories')));
    expect(listed).toContain('demo  docs');
    expect(r.store.getState().form?.field).toBe('dir');
    await r.press('e', KEYS.tab);
    expect(r.store.getState().form?.dir).toBe('/work/demo/');
    await r.press(KEYS.tab);
    expect(r.store.getState().form?.dir).toBe('/work/demo/src/');
    expect(r.store.getState().form?.error).not.toMatch(/directory/);
    // Nothing left to complete: Tab goes on to the next field.
    await r.press(KEYS.tab);
    expect(r.store.getState().form?.field).toBe('name');
    // ~ is the home directory.
    await r.press(KEYS.shiftTab, '\x15', ...'~/n', KEYS.tab);
    expect(r.store.getState().form?.dir).toBe('~/notes/');
  });

  it('the shell agent takes a command line, split without a shell', async () => {
    const bundle = fakeOps();
    const r = mount(bundle, [observation({ name: 'codex-demo' })]);
    await r.waitForFrame((f) => f.includes('codex-demo'));
    await r.press('n', KEYS.shiftTab, KEYS.shiftTab, KEYS.shiftTab, KEYS.shiftTab, 's', KEYS.tab, KEYS.tab, KEYS.tab, KEYS.tab);
    for (const ch of `npm run "my job" $(x)`) await r.press(ch);
    await r.waitForFrame((f) => f.includes('$(x)'));
    await r.press('\x13');
    await r.waitForFrame((f) => f.includes('started'));
    expect(bundle.calls.find((c) => c.op === 'run')?.request).toMatchObject({ agent: 'shell', args: ['npm', 'run', 'my job', '$(x)'] });
  });

  it('D, or Enter on the focused detail panel, opens the description: scrollable and searchable', async () => {
    const bundle = fakeOps();
    const r = mount(bundle, [observation({ name: 'codex-demo' })]);
    await r.waitForFrame((f) => f.includes('codex-demo'));
    await r.press('D');
    let frame = plain(await r.waitForFrame((f) => f.includes('describe · codex-demo')));
    expect(frame).toContain('State and its evidence');
    await r.press('/', ...'reason', KEYS.enter);
    await r.waitForFrame((f) => f.includes('match 1/1'));
    await r.press('q');
    await r.waitForFrame((f) => f.includes('detail · codex-demo'));
    // Tab to the detail panel; Enter there describes instead of zooming.
    await r.press(KEYS.tab);
    await r.waitForFrame((f) => f.includes('focus: detail'));
    await r.press(KEYS.enter);
    frame = plain(await r.waitForFrame((f) => f.includes('describe · codex-demo')));
    expect(r.store.getState().mode).toBe('pager');
    await r.press(KEYS.escape, KEYS.shiftTab, KEYS.enter);
    await r.waitForFrame(() => r.store.getState().mode === 'zoom');
  });

  it('l opens the full log with search', async () => {
    const bundle = fakeOps();
    const r = mount(bundle, [observation({ name: 'codex-demo', logPath: '/work/demo/.agent/session.log' })]);
    await r.waitForFrame((f) => f.includes('codex-demo'));
    await r.press('l');
    await r.waitForFrame((f) => f.includes('log · codex-demo · session.log'));
    // Typed with a slip, mended in place: Ctrl-A, Alt-F, Delete.
    await r.press('/', ...'needxle', '\x01', '\x1bf', KEYS.left, KEYS.left, KEYS.left, '\x1b[3~', KEYS.enter);
    await r.waitForFrame((f) => f.includes('match 1/3'));
    expect(r.store.getState().pager?.query).toBe('needle');
    expect(r.store.getState().pager?.match).toBe(7);
    await r.press('n');
    expect(r.store.getState().pager?.match).toBe(27);
    await r.press('N', 'N');
    expect(r.store.getState().pager?.match).toBe(47);
    // The current match's line is marked in its first column.
    await r.waitForFrame((f) => f.includes('│›needle 47 in codex-demo'));
    // A regular expression: lines 7, 27 and 47 hold "needle 7", "needle 27", "needle 47".
    await r.press('/', ...'needle [24]7', KEYS.enter);
    await r.waitForFrame((f) => f.includes('match 1/2'));
    expect(r.store.getState().pager?.match).toBe(27);
    // Not a valid pattern: searched as text, and said so.
    await r.press('/', ...'needle (', KEYS.enter);
    await r.waitForFrame((f) => f.includes('"needle (" not found (not a valid pattern'));
    await r.press('q');
    await r.waitForFrame((f) => f.includes('detail · codex-demo'));
  });
});

describe('the inbox', () => {
  it('lists only what needs a person, approvals first, with what each asks, and answers from the keyboard', async () => {
    const bundle = fakeOps();
    const r = mount(bundle, [...fleetOfEveryState(), ...fleetOfInteractiveStates()], { columns: 120, rows: 36 });
    await r.waitForFrame((f) => f.includes('detail · claude-wait'));
    await r.press('i');
    const frame = plain(await r.waitForFrame((f) => f.includes('inbox')));
    // Approvals, then questions, then what needs a look; running, idle, done and stopped agents are not there.
    const order = ['claude-wait', 'codex-ask', 'claude-odd', 'opencode-crash', 'claude-limit', 'claude-stale'].map((n) => frame.indexOf(` ${n} `));
    expect(order.every((pos, i) => pos > 0 && (i === 0 || pos > order[i - 1]!)), `${order}\n${frame}`).toBe(true);
    for (const absent of ['codex-run', 'claude-idle', 'pi-done', 'halted']) expect(frame).not.toContain(` ${absent} `);
    expect(frame).toContain('Do you want to proceed?');
    expect(frame).toMatch(/2 asking · 6 in all/);

    // y approves the first item, with the prompt it showed, so a changed prompt is refused.
    await r.press('y');
    await r.waitForFrame((f) => f.includes('claude-wait: answered'));
    const approve = bundle.calls.find((c) => c.op === 'answer');
    expect(approve).toMatchObject({ agent: 'claude-wait', answer: { decision: 'yes' } });
    expect(approve?.expected).toContain('Do you want to proceed?');

    // j to the question; t types an answer (letters are text now, not commands); Enter sends it.
    await r.press('j');
    await r.press('t');
    await r.press(...'yes overwrite');
    // The answer is a text field like the others: the caret moves, text goes in at it.
    await r.press('\x1bb', KEYS.left, ',');
    await r.waitForFrame((f) => f.includes('answer › yes, overwrite'));
    await r.press(KEYS.enter);
    await r.waitForFrame((f) => f.includes('codex-ask: answered'));
    expect(bundle.calls.filter((c) => c.op === 'answer').at(-1)).toMatchObject({ agent: 'codex-ask', answer: { text: 'yes, overwrite' } });
    // Nothing else ran: no d, no a, no y from the typed text.
    expect(bundle.calls.filter((c) => c.op !== 'refresh').map((c) => c.op)).toEqual(['answer', 'answer']);

    // d on a crashed agent is not an answer; Esc goes back to the list.
    await r.press('j');
    await r.press('d');
    await r.waitForFrame((f) => f.includes('claude-odd is unknown: nothing to deny'));
    await r.press(KEYS.escape);
    await r.waitForFrame((f) => f.includes('detail ·'));
    expect(r.store.getState().mode).toBe('normal');
  });

  it('a refused answer says why', async () => {
    const bundle = fakeOps({ fail: 'answer' });
    const r = mount(bundle, [...fleetOfEveryState(), ...fleetOfInteractiveStates()], { columns: 120, rows: 36 });
    await r.waitForFrame((f) => f.includes('detail · claude-wait'));
    await r.press('i');
    await r.press('y');
    await r.waitForFrame((f) => f.includes('answer claude-wait: the prompt on screen is not the one you answered'));
  });

  it('an agent that finishes while the dashboard watches is in the inbox until it is looked at', async () => {
    const bundle = fakeOps();
    const fleet = fleetOfEveryState();
    const r = mount(bundle, fleet, { columns: 120, rows: 36 });
    await r.waitForFrame((f) => f.includes('detail · claude-wait'));
    // codex-run finishes (its done marker appears); it was running when the dashboard opened.
    const finished = fleet.map((o) => (o.name === 'codex-run' ? { ...o, task: taskDir({ doneMarker: true }) } : o));
    r.store.getState().fleetObserved({ at: NOW + 5_000, server: { status: 'ok', error: null }, agents: finished });
    await r.press('i');
    const frame = plain(await r.waitForFrame((f) => f.includes('finished (done)')));
    // After the approval, before the crashed and stale ones.
    const order = ['claude-wait', 'codex-run', 'opencode-crash', 'claude-stale'].map((n) => frame.indexOf(` ${n} `));
    expect(order.every((pos, i) => pos > 0 && (i === 0 || pos > order[i - 1]!)), `${order}\n${frame}`).toBe(true);
    // Enter on it opens it in the list: looked at, so it leaves the inbox.
    await r.press('j', KEYS.enter);
    await r.waitForFrame((f) => f.includes('detail · codex-run'));
    await r.press('i');
    const after = plain(await r.waitForFrame((f) => f.includes('in all')));
    expect(after).not.toContain('finished (done)');
  });
});
