#!/usr/bin/env node
// A simulated agent for `oneshot-tui --demo`: it talks like the real CLIs (Codex's
// `exec --json`, Claude Code's stream-json, OpenCode's `--format json`, Pi's `--mode
// json`), answers --version like them, changes
// files in its directory so checkpoints have something to commit, and behaves as told.
// Started through a launcher named codex, claude, opencode or pi, it plays that agent;
// `sim.js stale` and `sim.js prompt` play a wedged agent and one waiting for approval.
//   SIM_LIFETIME=s  end after s seconds (then exit with SIM_EXIT, default 0)
//   SIM_TASKS=dir   an autonomous build: write task_list.md if missing, else check one item
//   SIM_BEAT_FOR=s  (stale) write .agent/HEARTBEAT for s seconds, then stop but keep running
import { randomUUID } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';

const AS: Record<string, string> = { codex: 'codex', claude: 'claude', opencode: 'opencode', pi: 'pi' };
const VERSIONS: Record<string, string> = { codex: 'codex-cli 0.169.0', claude: '2.1.197 (Claude Code)', opencode: '1.18.33', pi: '0.73.1' };
const launcher = AS[basename(process.argv[1] ?? '')];
const mode = launcher ?? process.argv[2] ?? 'plain';
const argv = launcher ? process.argv.slice(2) : process.argv.slice(3);
const env = process.env;
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)] as T;
const jitter = (base: number) => base * (0.6 + Math.random() * 0.8);
const lifetime = Number(env.SIM_LIFETIME ?? 0) * 1000;
const started = Date.now();
const alive = () => lifetime === 0 || Date.now() - started < lifetime;
const out = (obj: unknown) => process.stdout.write(`${typeof obj === 'string' ? obj : JSON.stringify(obj)}\n`);

const COMMANDS = ['npm test', 'npm run lint', 'git status --short', 'rg "TODO" src', 'ls -la src', 'cat package.json', 'npx tsc --noEmit', 'git diff --stat'];
const FILES = ['src/auth.ts', 'src/session.ts', 'test/auth.test.ts', 'README.md', 'src/api/routes.ts', 'docs/usage.md'];
const THOUGHTS = ['Reading the failing test', 'Tracing where the token is refreshed', 'Checking the other callers', 'Planning the change', 'Verifying the fix'];
const MESSAGES = ['The refresh token is now rotated on every use.', 'Added a regression test for the expired-session case.', 'Docs updated with the new flag.', 'All tests pass locally.'];

function touch(): void {
  const file = join(process.cwd(), 'notes', `${mode}-work.md`);
  mkdirSync(join(process.cwd(), 'notes'), { recursive: true });
  appendFileSync(file, `- ${new Date().toISOString()} ${pick(MESSAGES)}\n`);
}

/** One step of an autonomous build: write the list, or check the next item. */
function buildStep(dir: string): boolean {
  const list = join(dir, 'task_list.md');
  if (!existsSync(list)) {
    mkdirSync(dir, { recursive: true });
    const tasks = ['Scaffold the project', 'Data model for todos', 'REST endpoints', 'Input validation', 'Web page', 'Persistence', 'Error pages', 'Tests', 'CI workflow', 'README'];
    writeFileSync(list, ['# Tasks', ...tasks.map((t, i) => `- [ ] Task ${i + 1}: ${t}`), ''].join('\n'));
    writeFileSync(join(dir, 'progress.md'), 'Session 1: wrote the task list.\n');
    return false;
  }
  const text = readFileSync(list, 'utf8');
  const next = text.replace(/- \[ \] (Task \d+:)/, '- [x] $1');
  writeFileSync(list, next);
  const remaining = (next.match(/- \[ \] Task \d+:/g) ?? []).length;
  appendFileSync(join(dir, 'progress.md'), remaining === 0 ? 'All tasks done.\n<promise>DONE</promise>\n' : `Checked one more task; ${remaining} to go.\n`);
  return remaining === 0;
}

async function codex(): Promise<void> {
  const resumeAt = argv.indexOf('resume');
  const thread = resumeAt >= 0 ? (argv[resumeAt + 1] ?? randomUUID()) : randomUUID();
  out({ type: 'thread.started', thread_id: thread });
  let item = 0;
  let input = 4000;
  let output = 0;
  let turns = 0;
  while (alive()) {
    out({ type: 'turn.started' });
    out({ type: 'item.completed', item: { id: `item_${item++}`, type: 'reasoning', text: `**${pick(THOUGHTS)}**` } });
    await sleep(jitter(1500));
    const command = `/bin/bash -lc '${pick(COMMANDS)}'`;
    const id = `item_${item++}`;
    out({ type: 'item.started', item: { id, type: 'command_execution', command, aggregated_output: '', exit_code: null, status: 'in_progress' } });
    await sleep(jitter(2000));
    const code = Math.random() < 0.15 ? 1 : 0;
    out({ type: 'item.completed', item: { id, type: 'command_execution', command, aggregated_output: 'ok\n', exit_code: code, status: code ? 'failed' : 'completed' } });
    if (Math.random() < 0.5) {
      touch();
      out({ type: 'item.completed', item: { id: `item_${item++}`, type: 'file_change', changes: [{ path: join(process.cwd(), pick(FILES)), kind: 'update' }], status: 'completed' } });
    }
    out({ type: 'item.completed', item: { id: `item_${item++}`, type: 'agent_message', text: pick(MESSAGES) } });
    input += Math.round(jitter(6000));
    output += Math.round(jitter(300));
    out({ type: 'turn.completed', usage: { input_tokens: input, cached_input_tokens: Math.round(input * 0.8), output_tokens: output } });
    // A build session works a couple of turns on one task, checks it and ends.
    if (env.SIM_TASKS && ++turns >= 2) {
      await sleep(jitter(2000));
      buildStep(env.SIM_TASKS);
      return;
    }
    await sleep(jitter(3000));
  }
}

async function claude(): Promise<void> {
  const given = (flag: string) => (argv.includes(flag) ? argv[argv.indexOf(flag) + 1] : undefined);
  const session = given('--resume') ?? given('--session-id') ?? randomUUID();
  out({ type: 'system', subtype: 'init', session_id: session, model: 'claude-sonnet-4-5', cwd: process.cwd(), tools: ['Bash', 'Edit', 'Read'] });
  let n = 0;
  let turns = 0;
  while (alive()) {
    const id = `msg_${session.slice(0, 8)}_${n++}`;
    const usage = { input_tokens: 3, cache_creation_input_tokens: 1200, cache_read_input_tokens: 15000 + n * 900, output_tokens: Math.round(jitter(120)) };
    out({ type: 'assistant', message: { id, role: 'assistant', model: 'claude-sonnet-4-5', content: [{ type: 'text', text: pick(THOUGHTS) }], usage }, session_id: session });
    const tool = `toolu_${n}`;
    const useBash = Math.random() < 0.6;
    out({
      type: 'assistant',
      message: { id, role: 'assistant', content: [{ type: 'tool_use', id: tool, name: useBash ? 'Bash' : 'Edit', input: useBash ? { command: pick(COMMANDS) } : { file_path: pick(FILES) } }], usage },
      session_id: session,
    });
    await sleep(jitter(2500));
    if (!useBash) touch();
    out({ type: 'user', message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: tool, content: useBash ? 'ok' : 'The file has been updated.', is_error: false }] }, session_id: session });
    turns++;
    await sleep(jitter(2500));
  }
  out({ type: 'result', subtype: 'success', is_error: false, num_turns: turns, session_id: session, total_cost_usd: 0.02 * turns, usage: { input_tokens: 3 * turns, cache_read_input_tokens: 16000 * turns, output_tokens: 120 * turns } });
}

async function opencode(): Promise<void> {
  const session = argv.includes('--session') ? (argv[argv.indexOf('--session') + 1] ?? `ses_${randomUUID().replace(/-/g, '')}`) : `ses_${randomUUID().replace(/-/g, '').slice(0, 26)}`;
  let n = 0;
  while (alive()) {
    const call = `call_${++n}`;
    out({ type: 'step_start', timestamp: Date.now(), sessionID: session, part: { type: 'step-start', sessionID: session } });
    const command = pick(COMMANDS);
    await sleep(jitter(2000));
    out({
      type: 'tool_use',
      timestamp: Date.now(),
      sessionID: session,
      part: { type: 'tool', tool: 'bash', callID: call, sessionID: session, state: { status: 'completed', input: { command }, output: 'ok', metadata: { output: 'ok', exit: 0 }, title: command } },
    });
    if (n % 2 === 0) touch();
    out({ type: 'text', timestamp: Date.now(), sessionID: session, part: { type: 'text', text: pick(MESSAGES), sessionID: session } });
    out({ type: 'step_finish', timestamp: Date.now(), sessionID: session, part: { type: 'step-finish', reason: 'stop', sessionID: session, tokens: { total: 1800, input: 1500, output: 300, reasoning: 0, cache: { write: 0, read: 9000 } }, cost: 0.004 } });
    await sleep(jitter(2500));
  }
}

async function pi(): Promise<void> {
  const session = argv.includes('--session') ? (argv[argv.indexOf('--session') + 1] ?? randomUUID()) : randomUUID();
  out({ type: 'session', version: 3, id: session, timestamp: new Date().toISOString(), cwd: process.cwd() });
  out({ type: 'agent_start' });
  let n = 0;
  const usage = () => ({ input: 1400, output: Math.round(jitter(200)), cacheRead: 8000, cacheWrite: 0, totalTokens: 9600, cost: { input: 0.001, output: 0.002, cacheRead: 0, cacheWrite: 0, total: 0.003 } });
  while (alive()) {
    const id = `call_${++n}`;
    const command = pick(COMMANDS);
    out({ type: 'turn_start' });
    out({ type: 'message_end', message: { role: 'assistant', content: [{ type: 'toolCall', id, name: 'bash', arguments: { command } }], usage: usage(), stopReason: 'toolUse', timestamp: Date.now() } });
    out({ type: 'tool_execution_start', toolCallId: id, toolName: 'bash', args: { command } });
    await sleep(jitter(2500));
    if (n % 2 === 0) touch();
    out({ type: 'tool_execution_end', toolCallId: id, toolName: 'bash', result: { content: [{ type: 'text', text: 'ok' }] }, isError: false });
    out({ type: 'message_end', message: { role: 'assistant', content: [{ type: 'text', text: pick(MESSAGES) }], usage: usage(), stopReason: 'stop', timestamp: Date.now() } });
    out({ type: 'turn_end' });
    await sleep(jitter(2000));
  }
  out({ type: 'agent_end', messages: [] });
}

async function plain(): Promise<void> {
  const steps = ['Looking at the failing test', 'Running the suite', 'Found a race in the retry loop', 'Writing the fix', 'Running the suite again', 'Reviewing the diff'];
  let i = 0;
  while (alive()) {
    out(`${pick(['▸', '•', '→'])} ${steps[i++ % steps.length]}`);
    if (i % 3 === 0) touch();
    await sleep(jitter(2500));
  }
}

/** A wedged agent: its heartbeat stops while the process stays. */
async function stale(): Promise<void> {
  const beatFor = Number(env.SIM_BEAT_FOR ?? 10) * 1000;
  mkdirSync('.agent', { recursive: true });
  writeFileSync('.agent/STATUS.md', `${new Date().toISOString()} started\n`);
  out('Indexing the repository…');
  while (Date.now() - started < beatFor) {
    appendFileSync('.agent/HEARTBEAT', `${new Date().toISOString()}: alive\n`);
    await sleep(2000);
  }
  appendFileSync('.agent/STATUS.md', `${new Date().toISOString()} waiting on a network call\n`);
  out('Waiting for the package registry to answer…');
  for (;;) await sleep(60_000);
}

/** An agent stopped at an approval prompt. */
async function prompt(): Promise<void> {
  out('I need to run a command that changes the deployment.');
  out('');
  out('Would you like to run the following command?');
  out('  $ kubectl rollout restart deployment/api');
  out('› 1. Yes, proceed');
  out('  2. No, and tell Codex what to do differently');
  for (;;) await sleep(60_000);
}

if (argv[0] === '--version' || argv[0] === '-V') {
  process.stdout.write(`${VERSIONS[mode] ?? '0.0.0'}\n`);
  process.exit(0);
}
const modes: Record<string, () => Promise<void>> = { codex, claude, opencode, pi, plain, stale, prompt };
await (modes[mode] ?? plain)();
process.exit(Number(env.SIM_EXIT ?? 0));
