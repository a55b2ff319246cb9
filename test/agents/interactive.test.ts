// Real Claude Code run interactively (its own interface in the pane, `run --interactive`),
// offline against the suite's mock LLM: the approval comes up as needs-approval with the
// command's text, is approved or denied without attaching (`oneshot answer`), and an Esc
// interrupt is not left as "working".
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ONESHOT_TUI_BIN, runCli, type CliResult } from '../helpers/cli.js';
import { waitFor } from '../helpers/wait.js';
import { MOCK_COMMAND } from './setup.js';
import { realAgentSuite } from './suite.js';

const suite = realAgentSuite('oneshot-interactive-', 'interactive agents');
const { figures } = suite;

/**
 * A first start of Claude Code asks for a theme, whether to use the API key in the
 * environment, and whether to trust the folder; its onboarding also checks it can reach
 * api.anthropic.com, which fails offline. A person answers those once on their machine;
 * the test's private config says they were answered (the key is the mock's "dummy").
 */
function seedClaudeConfig(dir: string): void {
  const config = { hasCompletedOnboarding: true, customApiKeyResponses: { approved: ['dummy'], rejected: [] }, projects: { [dir]: { hasTrustDialogAccepted: true } } };
  writeFileSync(join(suite.envFor('claude').CLAUDE_CONFIG_DIR!, '.claude.json'), JSON.stringify(config));
}

const oneshot = (args: string[]) => suite.oneshot('claude', args);
const statusOf = (name: string) => suite.statusOf('claude', name);

const waitState = (name: string, state: string, timeoutMs = 90_000, kind: 'claude' | 'codex' | 'opencode' | 'pi' = 'claude') =>
  waitFor(
    () => {
      const a = suite.statusOf(kind, name);
      if (a && ['crashed', 'done', 'stopped', 'lost'].includes(a.state)) throw new Error(`${name} is ${a.state}: ${a.reason}`);
      return a?.state === state ? a : null;
    },
    { timeoutMs, intervalMs: 200, message: `${name} ${state}` },
  );

/** When the hook of `event` was recorded (the agent's own moment), newest first. */
function hookAt(name: string, event: string): number | null {
  const path = join(suite.area.env.ONESHOT_STATE_DIR!, 'tasks', name, 'hooks.jsonl');
  if (!existsSync(path)) return null;
  const lines = readFileSync(path, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { at: string; event: string });
  const hit = lines.reverse().find((l) => l.event === event);
  return hit ? Date.parse(hit.at) : null;
}

/** How the task's second agent run was started (launch, native-resume, rerun), once runs.jsonl has it. */
function resumedHow(name: string): Promise<string> {
  const path = join(suite.area.env.ONESHOT_STATE_DIR!, 'tasks', name, 'runs.jsonl');
  return waitFor(() => {
    const runs = readFileSync(path, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { event: string; how?: string });
    return runs.filter((r) => r.event === 'agent')[1]?.how;
  }, { timeoutMs: 60_000, message: `${name}'s second run` });
}

/**
 * Stops the agent, waits until it is stopped with its session id on record (found by the
 * supervisor), and resumes it: the second run must continue that conversation natively.
 */
async function stopAndResumeNatively(kind: 'opencode' | 'pi', name: string, cli: (args: string[]) => CliResult, timeoutMs: number) {
  expect(cli(['stop', name]).status).toBe(0);
  const stopped = await waitFor(() => {
    const a = suite.statusOf(kind, name);
    return a?.state === 'stopped' && a.sessionId ? a : null;
  }, { timeoutMs, message: `${name} stopped with its session id` });
  expect(cli(['resume', name]).status).toBe(0);
  expect(await resumedHow(name)).toBe('native-resume');
  return stopped;
}

/** oneshot-tui in a tmux session of its own on the test's server, read by capture-pane. */
async function openDashboard() {
  const server = suite.server;
  const envArgs = Object.entries(suite.envFor('claude')).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
  server.tmux('new-session', '-d', '-s', 'dash', '-x', '160', '-y', '45', ...envArgs, process.execPath, ONESHOT_TUI_BIN, '-L', server.name, '--interval', '300');
  const capture = () => server.tmux('capture-pane', '-p', '-t', '=dash:');
  const dashboard = {
    keys: (...k: string[]) => {
      for (const key of k) server.tmux('send-keys', '-t', '=dash:', key);
    },
    async screen(predicate: (s: string) => boolean, message: string): Promise<string> {
      let last = '';
      try {
        return await waitFor(() => ((last = capture()), predicate(last) ? last : null), { timeoutMs: 20_000, intervalMs: 100, message });
      } catch (error) {
        throw new Error(`${(error as Error).message}\n${last}`);
      }
    },
  };
  await dashboard.screen((s) => s.includes('detail ·'), 'the dashboard');
  return dashboard;
}

describe('Claude Code, interactive', () => {
  it('approval → needs-approval with the command → approved from the inbox → idle; deny from the CLI; Esc is not left working', async () => {
    const dir = suite.area.path('work-claude');
    mkdirSync(dir, { recursive: true });
    seedClaudeConfig(dir);
    // The workspace level lets Claude Code write in its directory without asking (it took
    // the mock's `echo hi >> out.txt` as such); its own default mode asks, as a person would have it.
    const started = oneshot(['run', '--interactive', '--agent', 'claude', '-n', 'ia', '-d', dir, 'please do MOCKTURN', '--', '--permission-mode', 'default']);
    expect(started.stderr + started.stdout).toContain('started interactive claude task "ia"');

    // 1. The tool call asks for approval: needs-approval, with the command's own text.
    const asking = await waitState('ia', 'needs-approval');
    const seenAt = Date.now();
    expect(asking.evidence.detail + asking.reason).toContain(MOCK_COMMAND);
    // The screen shows the dialog before Claude Code calls its PermissionRequest hook.
    const requested = await waitFor(() => hookAt('ia', 'PermissionRequest'), { timeoutMs: 10_000, message: 'the PermissionRequest hook' });
    figures.push(`claude: needs-approval in status ${seenAt - requested} ms after the PermissionRequest hook (negative: the screen showed it first; status polled every 200 ms, each a process start)`);
    expect(asking.sessionId).toMatch(/^[0-9a-f-]{36}$/);

    // 2. Approved from the dashboard's inbox (i, then y), without attaching: the command
    // runs, then the agent waits for the next prompt.
    const dashboard = await openDashboard();
    dashboard.keys('i');
    await dashboard.screen((s) => s.includes('inbox') && s.includes('ia (claude)') && s.includes(MOCK_COMMAND), 'the inbox with the approval and its command');
    dashboard.keys('y');
    await dashboard.screen((s) => /ia: chose "Yes"; now (idle|running)/.test(s), 'the answer confirmed in the status line');
    await waitState('ia', 'idle');
    expect(readFileSync(join(dir, 'out.txt'), 'utf8')).toBe('hi\n');
    dashboard.keys('q', 'q');

    // 3. The next prompt from the CLI; this time denied.
    expect(oneshot(['answer', 'ia', '--text', 'please do MOCKTURN again']).status).toBe(0);
    await waitState('ia', 'needs-approval');
    const refused = oneshot(['answer', 'ia', 'yes', '--expect', 'rm -rf /']);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/not the one you answered/);
    const denied = oneshot(['answer', 'ia', 'no']);
    expect(denied.stdout).toMatch(/chose "No"|cancelled/);
    const afterDeny = await waitState('ia', 'idle');
    expect(readFileSync(join(dir, 'out.txt'), 'utf8')).toBe('hi\n');
    // No hook fires on a deny: the screen decided, and the stale permission hook is listed as disagreeing.
    expect(afterDeny.evidence.signal).toBe('screen');
    expect(afterDeny.evidence.disagreeing.map((d) => d.detail).join('\n')).toMatch(/no longer on screen/);

    // 4. A long tool call interrupted with Esc: not left as running.
    expect(oneshot(['answer', 'ia', '--text', 'MOCKTURN SLEEP now']).status).toBe(0);
    await waitState('ia', 'needs-approval');
    expect(oneshot(['answer', 'ia', 'yes']).status).toBe(0);
    const working = await waitState('ia', 'running');
    expect(working.evidence.signal).toMatch(/screen|hook|title|process/);
    // The agent's process tree names the tool it runs.
    await waitFor(() => /running .*sleep 120/.test(suite.statusOf('claude', 'ia')?.reason ?? ''), { timeoutMs: 20_000, message: 'the running tool named in the reason' });
    const pane = working.session?.name as string;
    suite.server.tmux('send-keys', '-t', pane, 'Escape');
    const interrupted = await waitState('ia', 'idle', 30_000);
    expect(interrupted.reason).toMatch(/waiting for the next prompt/);
    const explained = oneshot(['explain', 'ia']);
    expect(explained.stdout).toMatch(/decided by\s+screen/);
    expect(explained.stdout).toMatch(/hooks\s+\d+ lines read/);

    // wait --until returns at once when the state already holds.
    expect(oneshot(['wait', 'ia', '--until', 'idle', '--timeout', '5']).status).toBe(0);
    expect(oneshot(['wait', 'ia', '--until', 'needs-me', '--timeout', '1']).status).toBe(1);
    expect(oneshot(['kill', 'ia', '--yes']).status).toBe(0);
  }, 300_000);
});

describe('Claude Code at a usage limit, interactive', () => {
  it('rate-limited until the reset it names; resume types the continue prompt and the turn finishes', async () => {
    const dir = suite.area.path('work-limit');
    mkdirSync(dir, { recursive: true });
    seedClaudeConfig(dir);
    // Usage limits with a reset time are a subscription's: signed in with a claude.ai token
    // (the mock takes any), not an API key.
    const env = { ...suite.envFor('claude'), ANTHROPIC_API_KEY: undefined, CLAUDE_CODE_OAUTH_TOKEN: 'dummy' };
    const lim = (args: string[]) => runCli(['-L', suite.server.name, ...args], env);
    const started = lim(['run', '-i', '--agent', 'claude', '-n', 'lim', '-d', dir, 'please do MOCKTURN MOCKLIMIT', '--', '--allowedTools', 'Bash']);
    expect(started.stderr + started.stdout).toContain('started interactive claude task "lim"');
    const limited = await waitState('lim', 'rate-limited', 90_000);
    expect(limited.until).not.toBeNull();
    expect(limited.reason).toMatch(/rate-limited until \d\d:\d\d/);
    figures.push(`claude: rate-limited, decided by ${limited.evidence.signal}: ${limited.reason}`);

    // What the watchdog does at the reset: the continue prompt, typed at the agent's prompt.
    const resumed = lim(['resume', 'lim']);
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(resumed.stdout).toMatch(/at its prompt/);
    await waitFor(() => existsSync(join(dir, 'out.txt')) && readFileSync(join(dir, 'out.txt'), 'utf8') === 'hi\n', { timeoutMs: 60_000, message: 'the turn continued and wrote out.txt' });
    await waitState('lim', 'idle', 60_000);
    expect(lim(['kill', 'lim', '--yes']).status).toBe(0);
  }, 300_000);
});

describe('Codex, interactive', () => {
  it('approval → needs-approval with the command → approved → idle; denied → idle; Esc is not left working', async () => {
    const dir = suite.area.path('work-codex');
    mkdirSync(dir, { recursive: true });
    const codex = (args: string[]) => suite.oneshot('codex', args);
    const wait = (state: string, timeoutMs = 90_000) => waitState('cx', state, timeoutMs, 'codex');
    // Codex's default approval policy never asks for the mock's `echo hi >> out.txt` (it runs
    // in the workspace sandbox). Asking takes its granular policy and a rule that prompts
    // for shell commands, the way a person would set it up to approve commands. The model
    // notice is the mock model's (gpt-5.5), answered as a person would once.
    const rules = join(suite.envFor('codex').CODEX_HOME!, 'rules');
    mkdirSync(rules, { recursive: true });
    writeFileSync(join(rules, 'default.rules'), 'prefix_rule(pattern=["bash"], decision="prompt")\n');
    const started = codex([
      'run', '-i', '--agent', 'codex', '-n', 'cx', '-d', dir, 'please do MOCKTURN', '--',
      '-c', 'approval_policy={granular={sandbox_approval=true,rules=true,skill_approval=true,request_permissions=true,mcp_elicitations=true}}',
      '-c', 'notice.model_migrations={"gpt-5.5"="gpt-6-sol"}',
    ]);
    expect(started.stderr + started.stdout).toContain('started interactive codex task "cx"');

    const asking = await wait('needs-approval');
    expect(asking.evidence.detail + asking.reason).toContain(MOCK_COMMAND);
    expect(codex(['answer', 'cx', 'yes', '--expect', MOCK_COMMAND]).status).toBe(0);
    const idle = await wait('idle');
    expect(readFileSync(join(dir, 'out.txt'), 'utf8')).toBe('hi\n');
    // notify after the turn: the thread id is the session id.
    await waitFor(() => suite.statusOf('codex', 'cx')?.sessionId, { timeoutMs: 10_000, message: 'the session id from notify' });
    figures.push(`codex: idle after approval, decided by ${idle.evidence.signal}`);
    // Its bell, turned on for this run, rang (at the approval or the turn's end): tmux keeps the flag.
    const bell = suite.server.tmux('display-message', '-p', '-t', idle.session!.name, '#{window_bell_flag}');
    expect(bell.trim()).toBe('1');

    expect(codex(['answer', 'cx', '--text', 'please do MOCKTURN again']).status).toBe(0);
    await wait('needs-approval');
    const denied = codex(['answer', 'cx', 'no']);
    expect(denied.stdout).toMatch(/chose "No/);
    await wait('idle');
    expect(readFileSync(join(dir, 'out.txt'), 'utf8')).toBe('hi\n');

    expect(codex(['answer', 'cx', '--text', 'MOCKTURN SLEEP now']).status).toBe(0);
    await wait('needs-approval');
    expect(codex(['answer', 'cx', 'yes']).status).toBe(0);
    await wait('running');
    await waitFor(() => /running .*sleep 120/.test(suite.statusOf('codex', 'cx')?.reason ?? ''), { timeoutMs: 20_000, message: 'the running tool named in the reason' });
    suite.server.tmux('send-keys', '-t', suite.statusOf('codex', 'cx')!.session!.name, 'Escape');
    const interrupted = await wait('idle', 30_000);
    expect(interrupted.reason).toMatch(/waiting for the next prompt/);
    // Stopped and resumed: the thread id its notify calls gave is the conversation resumed.
    expect(codex(['stop', 'cx']).status).toBe(0);
    await waitFor(() => suite.statusOf('codex', 'cx')?.state === 'stopped', { timeoutMs: 60_000, message: 'cx stopped' });
    expect(codex(['resume', 'cx']).status).toBe(0);
    expect(await resumedHow('cx')).toBe('native-resume');
    await wait('idle');
    expect(codex(['kill', 'cx', '--yes']).status).toBe(0);
  }, 300_000);
});


describe('OpenCode, interactive', () => {
  it('asks before a shell command → approved → idle; rejected → idle; stopped, its session found and resumed natively', async () => {
    const dir = suite.area.path('work-opencode');
    mkdirSync(dir, { recursive: true });
    const oc = (args: string[]) => suite.oneshot('opencode', args, { timeoutMs: 90_000 });
    const wait = (state: string, timeoutMs = 120_000) => waitState('oc', state, timeoutMs, 'opencode');
    const started = oc(['run', '-i', '--agent', 'opencode', '-n', 'oc', '-d', dir, 'please do MOCKTURN']);
    expect(started.stderr + started.stdout).toContain('started interactive opencode task "oc"');

    const asking = await wait('needs-approval');
    expect(asking.evidence.detail + asking.reason).toContain(MOCK_COMMAND);
    const yes = oc(['answer', 'oc', 'yes', '--expect', MOCK_COMMAND, '--timeout', '60']);
    expect(yes.status, yes.stderr).toBe(0);
    await waitFor(() => existsSync(join(dir, 'out.txt')) && readFileSync(join(dir, 'out.txt'), 'utf8') === 'hi\n', { timeoutMs: 60_000, message: 'out.txt written' });
    await wait('idle');

    // OpenCode starts a turn slowly on a busy machine (seconds from Enter to its request).
    const again = oc(['answer', 'oc', '--text', 'please do MOCKTURN again', '--timeout', '60']);
    expect(again.status, again.stderr).toBe(0);
    await wait('needs-approval');
    const no = oc(['answer', 'oc', 'no', '--timeout', '60']);
    expect(no.status, no.stderr).toBe(0);
    const rejected = await wait('idle');
    expect(rejected.evidence.signal).toBe('screen');
    expect(readFileSync(join(dir, 'out.txt'), 'utf8')).toBe('hi\n');

    // Stopped: the supervisor asks OpenCode which conversation this run had.
    const stopped = await stopAndResumeNatively('opencode', 'oc', oc, 90_000);
    expect(stopped.sessionId).toMatch(/^ses_/);
    await wait('idle');
    figures.push(`opencode: resumed session ${stopped.sessionId}`);
    expect(oc(['kill', 'oc', '--yes']).status).toBe(0);
  }, 420_000);
});

describe('Pi, interactive', () => {
  it('a turn → idle; a long tool named, then Esc → idle; stopped, its session found in the task directory and resumed natively', async () => {
    const dir = suite.area.path('work-pi');
    mkdirSync(dir, { recursive: true });
    const p = (args: string[]) => suite.oneshot('pi', args);
    const wait = (state: string, timeoutMs = 90_000) => waitState('pi1', state, timeoutMs, 'pi');
    const started = p(['run', '-i', '--agent', 'pi', '-n', 'pi1', '-d', dir, 'please do MOCKTURN']);
    expect(started.stderr + started.stdout).toContain('started interactive pi task "pi1"');
    await waitFor(() => existsSync(join(dir, 'out.txt')), { timeoutMs: 60_000, message: 'out.txt written' });
    await wait('idle');

    expect(p(['answer', 'pi1', '--text', 'MOCKTURN SLEEP now']).status).toBe(0);
    await waitFor(() => /running .*sleep 120/.test(suite.statusOf('pi', 'pi1')?.reason ?? ''), { timeoutMs: 60_000, message: 'the running tool named in the reason' });
    suite.server.tmux('send-keys', '-t', suite.statusOf('pi', 'pi1')!.session!.name, 'Escape');
    const interrupted = await wait('idle', 30_000);
    expect(interrupted.reason).toMatch(/waiting for the next prompt/);

    const stopped = await stopAndResumeNatively('pi', 'pi1', p, 60_000);
    expect(existsSync(join(suite.area.env.ONESHOT_STATE_DIR!, 'tasks', 'pi1', 'pi-sessions'))).toBe(true);
    await wait('idle');
    figures.push(`pi: resumed session ${stopped.sessionId}`);
    expect(p(['kill', 'pi1', '--yes']).status).toBe(0);
  }, 300_000);
});

