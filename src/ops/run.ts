// oneshot run: a private task directory, a lock on the working directory, and a tmux
// session whose supervisor runs the agent. The prompt goes to a file, never a shell.
import { existsSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { ADAPTERS, adapterFor } from '../agents/index.js';
import { MAX_PROMPT_ARG_BYTES, parseVersion, type AgentAdapter, type LaunchableKind } from '../agents/adapter.js';
import type { Autonomy } from '../agents/autonomy.js';
import type { CheckpointMode } from '../config/config.js';
import type { TaskRecord } from '../fleet/agent.js';
import { findOnPath } from '../proc/exec.js';
import { tasksDir, taskFiles } from '../state/paths.js';
import { ensurePrivateDir, taskExists, writeAtomic, writeTaskRecord } from '../tasks/files.js';
import { checkLock } from '../tasks/lock.js';
import { nameFromPrompt, nameProblem, uniqueName } from '../tasks/names.js';
import { logAction } from './actions-log.js';
import { prepareRepository } from './checkpoint.js';
import { OpError, OpUsageError, type OpsContext } from './context.js';
import { oneshotCommand } from './hints.js';
import { saveEnv, startSession } from './launch.js';

export interface RunRequest {
  agent: LaunchableKind;
  dir: string;
  name?: string;
  prompt?: string;
  /** For `shell`: the command. For the others: extra arguments after the configured ones. */
  args?: string[];
  /** Give the task its own git worktree and branch (oneshot/<name>). */
  worktree?: boolean;
  /** `oneshot build`: the autonomous loop's settings, kept in the record. */
  build?: { idea: string; maxSessions: number } | null;
  /** What the agent may do without asking; default: the agent's config, else the global one. */
  autonomy?: Autonomy;
  /** Where checkpoints go outside a worktree branch; default: the config's mode. */
  checkpoint?: CheckpointMode;
  /** Run the agent's own interface in the pane, with hooks reporting to oneshot. */
  interactive?: boolean;
}

export interface RunResult {
  record: TaskRecord;
  taskDir: string;
  notices: string[];
}

async function sessionTaken(ctx: OpsContext, name: string): Promise<boolean> {
  const snapshot = await ctx.tmux.listPanes();
  return snapshot.panes.some((p) => p.sessionName === name);
}

export async function runTask(ctx: OpsContext, request: RunRequest): Promise<RunResult> {
  const adapter = adapterFor(request.agent);
  if (!adapter) throw new OpUsageError(`unknown agent "${request.agent}" (codex, claude, opencode, pi or shell)`);
  const args = request.args ?? [];
  const prompt = request.prompt ?? '';
  if (request.agent === 'shell' && args.length === 0) throw new OpUsageError('--agent shell needs a command after -- (for example: oneshot run --agent shell -- npm test)');
  const interactiveKinds = Object.values(ADAPTERS).filter((a) => a.interactive).map((a) => a.kind);
  if (request.interactive && !adapter.interactive) throw new OpUsageError(`--interactive: oneshot cannot read ${request.agent}'s interactive interface yet (it can: ${interactiveKinds.join(', ')})`);
  if (request.interactive && request.build) throw new OpUsageError('--interactive: a build runs its sessions unattended, one after another; run it without --interactive');
  if (request.agent !== 'shell' && prompt.trim() === '' && !request.interactive) throw new OpUsageError(`${request.agent} needs a prompt (an argument or --prompt-file)`);
  const promptBytes = Buffer.byteLength(prompt);
  if (promptBytes > MAX_PROMPT_ARG_BYTES && !adapter.promptFromStdin) {
    throw new OpError(`the prompt is ${Math.ceil(promptBytes / 1024)} KiB; ${request.agent} takes it as one argument, which is limited to ${MAX_PROMPT_ARG_BYTES / 1024} KiB`);
  }

  let dir = resolve(request.dir);
  if (!existsSync(dir)) throw new OpUsageError(`${dir} does not exist`);
  if (!statSync(dir).isDirectory()) throw new OpUsageError(`${dir} is not a directory`);

  // The program, found now so a typo fails here and not in a pane nobody watches.
  const configured = ctx.config.agents[request.agent];
  const program = request.agent === 'shell' ? (args[0] as string) : (configured.bin ?? adapter.defaultBin);
  const bin = findOnPath(program, ctx.env);
  if (!bin) {
    const hint = request.agent === 'shell' ? '' : `; install it or set ONESHOT_${request.agent.toUpperCase()}_BIN`;
    throw new OpError(`${program} not found${program.includes('/') ? '' : ' on PATH'}${hint}`);
  }

  const versionNotice = await checkVersion(ctx, adapter, bin);

  let name: string;
  if (request.name !== undefined) {
    const problem = nameProblem(request.name);
    if (problem) throw new OpUsageError(`invalid name "${request.name}": ${problem}`);
    name = request.name;
    if (taskExists(ctx.stateDir, name)) throw new OpUsageError(`a task named "${name}" already exists (${oneshotCommand(ctx.tmux.serverArgs, 'resume', name)}, or pick another --name)`);
    if (await sessionTaken(ctx, `${request.agent}-${name}`)) throw new OpError(`tmux session "${request.agent}-${name}" already exists on ${ctx.tmux.label}`);
  } else {
    const base = request.agent === 'shell' ? nameFromPrompt(args.map((a) => basename(a)).join(' ')) : nameFromPrompt(prompt);
    const sessions = new Set((await ctx.tmux.listPanes()).panes.map((p) => p.sessionName));
    name = uniqueName(base, (n) => taskExists(ctx.stateDir, n) || sessions.has(`${request.agent}-${n}`));
  }

  const notices: string[] = versionNotice ? [versionNotice] : [];
  if (request.worktree) {
    dir = await createWorktree(ctx, dir, name);
    notices.push(`working in a new git worktree ${dir} on branch oneshot/${name}`);
  } else {
    const lock = checkLock(dir, name);
    if (lock.kind === 'held') {
      throw new OpError(`${dir} already has a live task "${lock.lock.task}" (pid ${lock.lock.pid}); stop it first or use --worktree to run in a separate git worktree`);
    }
    if (lock.kind === 'stale') notices.push(`the lock of task "${lock.lock.task}" in ${dir} is stale (pid ${lock.lock.pid} is gone); taking it over`);
  }

  const repo = await prepareRepository(ctx.runner, dir, ctx.env);
  if (repo === false) notices.push(`checkpoints are off: ${dir} is not in a git repository (git init there to have the work committed every ${Math.round(ctx.config.checkpointIntervalSec / 60)} min)`);
  if (repo === null) notices.push('checkpoints are off: git is not installed');

  const files = taskFiles(join(tasksDir(ctx.stateDir), name));
  ensurePrivateDir(tasksDir(ctx.stateDir));
  ensurePrivateDir(files.dir);
  writeAtomic(files.prompt, prompt);
  saveEnv(files, ctx.env);
  const extraArgs = request.agent === 'shell' ? args.slice(1) : [...configured.args, ...args];
  const autonomy = request.autonomy ?? configured.autonomy ?? ctx.config.autonomy;
  const launch = request.interactive && adapter.interactive
    ? adapter.interactive.launch({ bin, prompt: prompt ? '{prompt}' : '', extraArgs, autonomy, hookArgv: (e) => ['oneshot', 'hook', e], settingsFile: files.agentSettings, taskDir: files.dir }).argv
    : adapter.launch({ bin, prompt: '{prompt}', extraArgs: request.agent === 'shell' ? [bin, ...extraArgs] : extraArgs, promptOnStdin: false, autonomy });
  let record: TaskRecord = {
    name,
    agent: request.agent,
    dir,
    argv: launch,
    created: new Date().toISOString(),
    session: `${request.agent}-${name}`,
    socketPath: ctx.tmux.socketPath,
    socket: { ...(ctx.tmux.socket.name ? { name: ctx.tmux.socket.name } : {}), ...(ctx.tmux.socket.path ? { path: ctx.tmux.socket.path } : {}) },
    bin,
    extraArgs: request.agent === 'shell' ? [bin, ...extraArgs] : extraArgs,
    worktree: request.worktree ? { path: dir, branch: `oneshot/${name}` } : null,
    build: request.build ?? null,
    ...(request.agent === 'shell' ? {} : { autonomy }),
    ...(request.checkpoint ? { checkpoint: request.checkpoint } : {}),
    ...(request.interactive ? { interactive: true } : {}),
  };
  writeTaskRecord(files, record);
  try {
    record = await startSession(ctx, record, false);
  } catch (error) {
    logAction(ctx, { action: 'run', agent: name, result: 'failed', detail: (error as Error).message });
    throw error;
  }
  logAction(ctx, { action: 'run', agent: name, result: 'ok', detail: `${request.agent} in ${dir}, session ${record.session}` });
  return { record, taskDir: files.dir, notices };
}

/** A one-line warning when the agent CLI is another major version than oneshot was proven against. */
async function checkVersion(ctx: OpsContext, adapter: AgentAdapter, bin: string): Promise<string | null> {
  if (!adapter.testedVersion) return null;
  const r = await ctx.runner(bin, ['--version'], { timeoutMs: 15_000, env: ctx.env });
  if (r.notFound) throw new OpError(`${bin} cannot be run (${r.stderr.trim().split('\n')[0] || 'not executable'})`);
  const seen = parseVersion(`${r.stdout}\n${r.stderr}`);
  const tested = parseVersion(adapter.testedVersion);
  if (!seen || !tested) return r.timedOut ? `${bin} --version did not answer within 15 s; starting it anyway` : null;
  if (seen.major === tested.major) return null;
  return `${adapter.kind} ${seen.version} is a different major version than oneshot knows (${adapter.testedVersion}); its flags or output may differ`;
}

async function createWorktree(ctx: OpsContext, dir: string, name: string): Promise<string> {
  const top = await ctx.runner('git', ['-C', dir, 'rev-parse', '--show-toplevel'], { timeoutMs: 30_000 });
  if (top.exitCode !== 0) throw new OpError(`--worktree needs a git repository; ${dir} is not one`);
  const path = join(ctx.stateDir, 'worktrees', name);
  ensurePrivateDir(join(ctx.stateDir, 'worktrees'));
  const add = await ctx.runner('git', ['-C', top.stdout.trim(), 'worktree', 'add', '-b', `oneshot/${name}`, path], { timeoutMs: 60_000 });
  if (add.exitCode !== 0) throw new OpError(`git worktree add failed: ${add.stderr.trim().split('\n')[0] ?? ''}`);
  return path;
}
