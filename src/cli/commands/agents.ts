// The commands that act on agents: thin wrappers over the operations in src/ops.
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { LaunchableKind } from '../../agents/adapter.js';
import type { Autonomy } from '../../agents/autonomy.js';
import { LAUNCHABLE_KINDS } from '../../agents/index.js';
import { AGENT_STATES, NEEDS_ME_STATES, type AgentView } from '../../fleet/agent.js';
import { answerAgent, type Answer } from '../../ops/answer.js';
import { explainLines, renderExplain } from '../../fleet/explain.js';
import { describeAgent } from '../../fleet/describe.js';
import { readDescribeExtra } from '../../sources/describe.js';
import { evidenceJson } from '../../fleet/snapshot.js';
import { attachAgent } from '../../ops/attach.js';
import type { CheckpointMode } from '../../config/config.js';
import { checkpointDir, describeCheckpoint } from '../../ops/checkpoint.js';
import { checkpointTarget } from '../../ops/checkpoint-target.js';
import { CHECKPOINT_PREFIX, listCheckpoints, recoveryCommands, renderCheckpoints } from '../../ops/checkpoints.js';
import { logAction } from '../../ops/actions-log.js';
import { findAgent } from '../../ops/find.js';
import { killAgent } from '../../ops/kill.js';
import { followLog, readLog } from '../../ops/log.js';
import { resumeAgent, resumedWhere } from '../../ops/resume.js';
import { runTask } from '../../ops/run.js';
import { stopAgent } from '../../ops/stop.js';
import { taskOf } from '../../ops/task-of.js';
import { oneshotCommand } from '../../ops/hints.js';
import { shellCommand } from '../../text/argv.js';
import { plainText } from '../../text/sanitize.js';
import { createContext, type Context, type ServerOptions } from '../context.js';
import { CliError, EXIT } from '../errors.js';
import type { Io } from '../io.js';
import { agentsOf, snapshotFleet } from './status.js';

async function fleet(options: ServerOptions, io: Io): Promise<{ agents: AgentView[]; context: Context }> {
  const context = createContext({ ...options, env: io.env });
  const { state } = await snapshotFleet(options, io, context);
  return { agents: agentsOf(state), context };
}

/** The agent a name means: exact for commands that change agents, a unique prefix also for those that only read. */
async function target(name: string, options: ServerOptions, io: Io, prefix = false): Promise<{ agent: AgentView; context: Context }> {
  const { agents, context } = await fleet(options, io);
  return { agent: findAgent(agents, name, { prefix, serverArgs: context.tmux.serverArgs }), context };
}

export interface RunOptions extends ServerOptions {
  agent?: string;
  autonomy?: Autonomy;
  checkpoint?: CheckpointMode;
  dir?: string;
  name?: string;
  promptFile?: string;
  worktree?: boolean;
  interactive?: boolean;
}

function readPromptFile(path: string): string {
  try {
    return readFileSync(path === '-' ? 0 : path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(`cannot read the prompt file ${path === '-' ? '(stdin)' : path}: ${code === 'ENOENT' ? 'no such file' : (code ?? String(error))}`, EXIT.usage);
  }
}

export async function runCommand(words: string[], passthrough: string[], options: RunOptions, io: Io): Promise<number> {
  const context = createContext({ ...options, env: io.env });
  const agent = (options.agent ?? context.config.defaultAgent) as LaunchableKind;
  if (!LAUNCHABLE_KINDS.includes(agent)) throw new CliError(`unknown agent "${options.agent}"; choose ${LAUNCHABLE_KINDS.join(', ')}`, EXIT.usage);
  if (options.promptFile && words.length > 0) throw new CliError('give the prompt as words or with --prompt-file, not both', EXIT.usage);
  const prompt = options.promptFile ? readPromptFile(options.promptFile) : words.join(' ');
  if (agent === 'shell' && prompt.trim() !== '') throw new CliError('--agent shell takes its command after --, not a prompt (oneshot run --agent shell -- CMD ARGS…)', EXIT.usage);
  const result = await runTask(context.ops('cli'), {
    agent,
    dir: options.dir ?? process.cwd(),
    ...(options.name !== undefined ? { name: options.name } : {}),
    prompt,
    args: passthrough,
    worktree: options.worktree === true,
    ...(options.autonomy ? { autonomy: options.autonomy } : {}),
    ...(options.checkpoint ? { checkpoint: options.checkpoint } : {}),
    ...(options.interactive ? { interactive: true } : {}),
  });
  for (const notice of result.notices) io.err(`oneshot: ${notice}`);
  const r = result.record;
  const hint = (...args: string[]) => oneshotCommand(context.tmux.serverArgs, ...args);
  io.out(`started ${r.interactive ? 'interactive ' : ''}${r.agent} task "${r.name}" in ${r.dir}${r.autonomy ? ` (autonomy: ${r.autonomy})` : ''}\n  tmux session: ${r.session} on ${context.tmux.label}\n  watch:        ${hint('attach', r.name)}\n  state:        ${hint('status')}`);
  return EXIT.ok;
}

/** `run --host`: the same request, for the host to run (its directory is the host's: -d is required). */
export function remoteRunRequest(words: string[], passthrough: string[], options: RunOptions, io: Io): Record<string, unknown> {
  const agent = options.agent ?? createContext({ ...options, env: io.env }).config.defaultAgent;
  if (!(LAUNCHABLE_KINDS as readonly string[]).includes(agent)) throw new CliError(`unknown agent "${options.agent}"; choose ${LAUNCHABLE_KINDS.join(', ')}`, EXIT.usage);
  if (!options.dir) throw new CliError('run --host needs -d/--dir: the working directory on that host', EXIT.usage);
  if (options.promptFile && words.length > 0) throw new CliError('give the prompt as words or with --prompt-file, not both', EXIT.usage);
  const prompt = options.promptFile ? readPromptFile(options.promptFile) : words.join(' ');
  if (agent === 'shell' && prompt.trim() !== '') throw new CliError('--agent shell takes its command after --, not a prompt (oneshot run --agent shell -- CMD ARGS…)', EXIT.usage);
  return {
    agent,
    dir: options.dir,
    ...(options.name !== undefined ? { name: options.name } : {}),
    prompt,
    args: passthrough,
    ...(options.worktree ? { worktree: true } : {}),
    ...(options.autonomy ? { autonomy: options.autonomy } : {}),
    ...(options.interactive ? { interactive: true } : {}),
  };
}

export interface BuildOptions extends ServerOptions {
  agent?: string;
  autonomy?: Autonomy;
  checkpoint?: CheckpointMode;
  dir?: string;
  name?: string;
  maxSessions?: number;
}

export async function buildCommand(words: string[], passthrough: string[], options: BuildOptions, io: Io): Promise<number> {
  const context = createContext({ ...options, env: io.env });
  const agent = (options.agent ?? context.config.defaultAgent) as LaunchableKind;
  if (!LAUNCHABLE_KINDS.includes(agent) || agent === 'shell') throw new CliError(`unknown agent "${options.agent}" for a build; choose ${LAUNCHABLE_KINDS.filter((k) => k !== 'shell').join(', ')}`, EXIT.usage);
  const idea = words.join(' ').trim();
  if (!idea) throw new CliError('oneshot build needs an idea: oneshot build "a CLI that fetches the weather"', EXIT.usage);
  const maxSessions = options.maxSessions ?? 10;
  const result = await runTask(context.ops('cli'), {
    agent,
    dir: options.dir ?? process.cwd(),
    ...(options.name !== undefined ? { name: options.name } : {}),
    prompt: idea,
    args: passthrough,
    build: { idea, maxSessions },
    ...(options.autonomy ? { autonomy: options.autonomy } : {}),
    ...(options.checkpoint ? { checkpoint: options.checkpoint } : {}),
  });
  for (const notice of result.notices) io.err(`oneshot: ${notice}`);
  const r = result.record;
  const hint = (...args: string[]) => oneshotCommand(context.tmux.serverArgs, ...args);
  io.out(
    `started an autonomous ${r.agent} build "${r.name}" in ${r.dir} (up to ${maxSessions} sessions)\n  tasks:   ${r.dir}/.autonomous/${r.name}/task_list.md\n  watch:   ${hint('attach', r.name)}\n  state:   ${hint('status')}`,
  );
  return EXIT.ok;
}

export async function resumeCommand(name: string, options: ServerOptions & { again?: boolean }, io: Io): Promise<number> {
  const { agent, context } = await target(name, options, io);
  const result = await resumeAgent(context.ops('cli'), agent, { again: options.again === true });
  io.out(`resumed "${result.name}" ${resumedWhere(result)}${result.how === 'respawned' ? ` ${result.session}` : ''}`);
  return EXIT.ok;
}

export async function stopCommand(name: string, options: ServerOptions, io: Io): Promise<number> {
  const { agent, context } = await target(name, options, io);
  io.err(`oneshot: stopping ${agent.name}…`);
  const result = await stopAgent(context.ops('cli'), agent);
  io.out(`stopped "${result.name}": ${result.ended}; ${result.checkpoint}`);
  return EXIT.ok;
}

export async function checkpointCommand(name: string, options: ServerOptions & { message?: string; checkpoint?: CheckpointMode }, io: Io): Promise<number> {
  const { agent, context } = await target(name, options, io);
  if (!agent.dir) throw new CliError(`${agent.name} has no known working directory`);
  const ops = context.ops('cli');
  const where = checkpointTarget(agent.name, taskOf(agent)?.record ?? null, ops.config, options.checkpoint);
  // The prefix stays, so `oneshot checkpoints` finds a checkpoint with a message of its own.
  const message = `${CHECKPOINT_PREFIX} ${where.task}${options.message ? `: ${options.message}` : ` ${new Date().toISOString()}`}`;
  const outcome = await checkpointDir(ops.runner, { ...where, dir: agent.dir, message, env: ops.env });
  logAction(ops, { action: 'checkpoint', agent: agent.name, result: outcome.kind === 'failed' || outcome.kind === 'not-git' || outcome.kind === 'busy' ? 'failed' : 'ok', detail: describeCheckpoint(outcome) });
  if (outcome.kind === 'not-git' || outcome.kind === 'failed' || outcome.kind === 'busy') throw new CliError(describeCheckpoint(outcome));
  io.out(`${agent.name}: ${describeCheckpoint(outcome)}`);
  return EXIT.ok;
}

export async function checkpointsCommand(name: string, options: ServerOptions & { json?: boolean }, io: Io): Promise<number> {
  const { agent, context } = await target(name, options, io, true);
  if (!agent.dir) throw new CliError(`${agent.name} has no known working directory`);
  const ops = context.ops('cli');
  const where = checkpointTarget(agent.name, taskOf(agent)?.record ?? null, ops.config);
  const listing = await listCheckpoints(ops.runner, agent.dir, where, ops.env);
  if ('error' in listing) throw new CliError(listing.error);
  if (options.json) {
    const newest = listing.entries[0];
    io.out(JSON.stringify({ ...listing, commands: newest ? recoveryCommands(listing.dir, listing.task, newest.short) : [] }, null, 2));
  } else io.out(renderCheckpoints(listing));
  return EXIT.ok;
}

export async function confirmed(question: string, yes: boolean | undefined, io: Io, command: string): Promise<boolean> {
  if (yes) return true;
  if (!io.stdinIsTTY) throw new CliError(`${command.replace(/^oneshot /, '')} needs --yes when not run from a terminal`, EXIT.usage);
  return io.confirm(question);
}

export async function killCommand(name: string, options: ServerOptions & { yes?: boolean }, io: Io): Promise<number> {
  const { agent, context } = await target(name, options, io);
  const what = agent.session ? `tmux session ${agent.session.name} and every process in it` : `task ${agent.name}`;
  if (!(await confirmed(`Kill ${agent.name} (${what})?`, options.yes, io, 'oneshot kill'))) {
    logAction(context.ops('cli'), { action: 'kill', agent: agent.name, result: 'cancelled', detail: 'not confirmed' });
    io.err('oneshot: not killed');
    return EXIT.failure;
  }
  const result = await killAgent(context.ops('cli'), agent);
  io.out(`killed ${result.name}: ${result.detail}`);
  return EXIT.ok;
}

export async function killallCommand(options: ServerOptions & { yes?: boolean }, io: Io): Promise<number> {
  const { agents, context } = await fleet(options, io);
  const live = agents.filter((a) => a.session);
  if (live.length === 0) {
    io.out(`no agent sessions on tmux ${context.tmux.label}; nothing to kill`);
    return EXIT.ok;
  }
  const names = live.map((a) => a.session?.name ?? a.name);
  if (!(await confirmed(`Kill ${live.length} agent session${live.length === 1 ? '' : 's'} (${names.join(', ')})? Other tmux sessions are left alone.`, options.yes, io, 'oneshot killall'))) {
    io.err('oneshot: nothing killed');
    return EXIT.failure;
  }
  let failed = 0;
  for (const agent of live) {
    try {
      const result = await killAgent(context.ops('cli'), agent);
      io.out(`killed ${result.name}: ${result.detail}`);
    } catch (error) {
      failed++;
      io.err(`oneshot: ${agent.name}: ${(error as Error).message}`);
    }
  }
  return failed === 0 ? EXIT.ok : EXIT.failure;
}

export async function attachCommand(name: string, options: ServerOptions & { readonly?: boolean }, io: Io): Promise<number> {
  const { agent, context } = await target(name, options, io, true);
  if (!io.stdinIsTTY || !io.stdoutIsTTY) {
    if (!agent.session) throw new CliError(`${agent.name} has no tmux session`);
    throw new CliError(`attach needs a terminal; from a script use: ${shellCommand([...context.tmux.commandPrefix(), 'attach-session', '-t', agent.session.id])}`, EXIT.usage);
  }
  io.err(`oneshot: ${await attachAgent(context.ops('cli'), agent, { readonly: options.readonly === true })}`);
  return EXIT.ok;
}

export async function logCommand(name: string, options: ServerOptions & { lines?: number }, io: Io): Promise<number> {
  const { agent, context } = await target(name, options, io, true);
  const log = await readLog(context.ops('cli'), agent, options.lines ?? 100_000);
  const lines = io.stdoutIsTTY ? log.lines : log.lines.map((l) => plainText(l));
  io.out(lines.join('\n'));
  return EXIT.ok;
}

export async function followCommand(name: string, options: ServerOptions & { lines?: number }, io: Io): Promise<number> {
  const { agent, context } = await target(name, options, io, true);
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  io.err(`oneshot: following ${agent.name} (Ctrl-C to stop)`);
  try {
    await followLog(context.ops('cli'), agent, (line) => io.out(io.stdoutIsTTY ? line : plainText(line)), controller.signal, options.lines ?? 20);
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
  return EXIT.ok;
}

export async function explainCommand(name: string, options: ServerOptions & { json?: boolean }, io: Io): Promise<number> {
  const { agent, context } = await target(name, options, io, true);
  const now = context.store.getState().now;
  if (options.json) {
    const { decided, disagreeing, signals } = explainLines(agent, now);
    io.out(JSON.stringify({ name: agent.name, state: agent.state, reason: agent.reason, evidence: evidenceJson(agent.evidence), signals: Object.fromEntries(signals.map((s) => [s.label, s.text])), decided: decided.map((d) => d.text), disagreeing: disagreeing.map((d) => `${d.label}: ${d.text}`) }, null, 2));
  } else io.out(plainText(renderExplain(agent, now)));
  return EXIT.ok;
}

export async function describeCommand(name: string, options: ServerOptions, io: Io): Promise<number> {
  const { agent, context } = await target(name, options, io, true);
  io.out(describeAgent(agent, await readDescribeExtra(agent), context.store.getState().now).join('\n'));
  return EXIT.ok;
}

export interface AnswerOptions extends ServerOptions {
  text?: string;
  expect?: string;
  timeout?: number;
}

function answerOf(decision: string | undefined, options: AnswerOptions): Answer {
  if (options.text !== undefined && decision !== undefined) throw new CliError('give yes, no or always, or --text "…", not both', EXIT.usage);
  if (options.text !== undefined) return { text: options.text };
  if (decision === 'yes' || decision === 'no' || decision === 'always') return { decision };
  throw new CliError(decision === undefined ? 'say yes, no or always, or --text "…"' : `"${decision}" is not an answer: yes, no, always, or --text "…"`, EXIT.usage);
}

/** `answer --host`: the answer as the host's `answer` op takes it. */
export function answerArgs(decision: string | undefined, options: AnswerOptions): Record<string, unknown> {
  const answer = answerOf(decision, options);
  return { ...('text' in answer ? { text: answer.text } : { decision: answer.decision }), ...(options.expect !== undefined ? { expected: options.expect } : {}) };
}

export async function answerCommand(name: string, decision: string | undefined, options: AnswerOptions, io: Io): Promise<number> {
  const answer = answerOf(decision, options);
  const { agent, context } = await target(name, options, io);
  const look = async () => {
    await context.runtime.pollOnce();
    const s = context.store.getState();
    return s.agents[agent.id];
  };
  const outcome = await answerAgent(context.ops('cli'), agent, answer, { look, sleep: (ms) => sleep(ms), now: Date.now }, { ...(options.expect !== undefined ? { expected: options.expect } : {}), ...(options.timeout !== undefined ? { timeoutMs: options.timeout * 1000 } : {}) });
  logAction(context.ops('cli'), { action: 'answer', agent: agent.name, result: 'ok', detail: `${outcome.said}; now ${outcome.state}` });
  io.out(`${plainText(agent.name)}: ${outcome.said}; now ${outcome.state}: ${plainText(outcome.reason)}`);
  return EXIT.ok;
}

export interface WaitOptions extends ServerOptions {
  until: string;
  timeout?: number;
}

/** Exit when the agent reaches a state (needs-me: needs-approval or needs-input): for scripts. */
/** The states `--until` names (needs-me: needs-approval or needs-input). */
export function wantedStates(until: string): readonly string[] {
  const wanted = until === 'needs-me' ? NEEDS_ME_STATES : until.split(',').map((s) => s.trim());
  const unknown = wanted.filter((s) => !(AGENT_STATES as readonly string[]).includes(s));
  if (unknown.length) throw new CliError(`--until: "${unknown[0]}" is not a state (needs-me, ${AGENT_STATES.join(', ')})`, EXIT.usage);
  return wanted;
}

export async function waitCommand(name: string, options: WaitOptions, io: Io): Promise<number> {
  const wanted = wantedStates(options.until);
  const { agent, context } = await target(name, options, io, true);
  const deadline = options.timeout !== undefined ? Date.now() + options.timeout * 1000 : Infinity;
  let current: AgentView | undefined = agent;
  for (;;) {
    if (current && wanted.includes(current.state)) {
      io.out(`${plainText(current.name)} is ${current.state}: ${plainText(current.reason)}`);
      return EXIT.ok;
    }
    if (!current) throw new CliError(`${plainText(agent.name)} left the fleet`, EXIT.failure);
    if (Date.now() >= deadline) {
      io.err(`oneshot: ${plainText(agent.name)} is still ${current.state} after ${options.timeout} s`);
      return EXIT.failure;
    }
    await sleep(500);
    await context.runtime.pollOnce();
    current = context.store.getState().agents[agent.id];
  }
}
