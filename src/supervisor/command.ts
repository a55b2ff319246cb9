// What the supervisor runs: the agent's argv, environment and stdin for a launch, a
// native resume, or a re-run of the prompt with context — and why. A native resume is
// only tried when the session id is whole and the CLI still has the conversation;
// otherwise the re-run is chosen and recorded with its reason.
import type { AgentAdapter } from '../agents/adapter.js';
import { MAX_PROMPT_ARG_BYTES } from '../agents/adapter.js';
import { DEFAULT_AUTONOMY, type Autonomy } from '../agents/autonomy.js';
import type { TaskRecord } from '../fleet/agent.js';
import type { Runner } from '../proc/exec.js';
import { TREE_MARK } from '../sources/proc.js';
import { resumeContextPrompt } from './context.js';
import { taskFiles } from '../state/paths.js';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface AgentCommand {
  argv: string[];
  /** A prompt too big for one argument, given on stdin. */
  stdinPrompt: string | null;
  env: Record<string, string>;
  /** The session id chosen before the launch, to record at once. */
  presetSessionId: string | null;
  how: 'launch' | 'native-resume' | 'rerun';
  /** Why a resume became a re-run, for the log and runs.jsonl. */
  why: string | null;
  /** The agent's own interface runs on the pane's terminal (no pipes, no event log). */
  interactive?: boolean;
  /** A per-run settings file to write before the launch. */
  settings?: { path: string; content: string } | null;
}

/**
 * The `oneshot` program beside this one (an agent's hooks call it): from dist/src/supervisor,
 * or from dist/src/cli where the bundled `oneshot` keeps its chunks.
 */
export function oneshotScript(): string {
  return join(dirname(fileURLToPath(import.meta.url)), '..', 'cli', 'oneshot.js');
}

/** The argv an agent runs to record one hook call into the task directory. */
export function hookArgv(taskDir: string, source: string): (event: string) => string[] {
  return (event) => [process.execPath, oneshotScript(), 'hook', '--task-dir', taskDir, '--source', source, event];
}

/** An interactive run's variables: the headless ones, the interface's own, the task directory. */
function interactiveEnv(adapter: AgentAdapter, record: TaskRecord, taskDir: string, env: Record<string, string>): Record<string, string> {
  return { ...env, ...(adapter.interactive?.env?.(autonomyOf(record), taskDir) ?? {}), ONESHOT_TASK_DIR: taskDir };
}

function interactiveCommand(adapter: AgentAdapter, record: TaskRecord, taskDir: string, prompt: string, env: Record<string, string>, sessionId: string | null, how: 'launch' | 'native-resume'): AgentCommand | null {
  const interactive = adapter.interactive;
  if (!interactive) return null;
  const input = {
    bin: record.bin ?? adapter.defaultBin,
    prompt,
    extraArgs: record.extraArgs ?? [],
    autonomy: autonomyOf(record),
    hookArgv: hookArgv(taskDir, adapter.kind),
    settingsFile: taskFiles(taskDir).agentSettings,
    taskDir,
  };
  const presetSessionId = how === 'launch' ? (adapter.presetSessionId?.() ?? null) : null;
  const made = how === 'native-resume' && sessionId ? interactive.resume({ ...input, sessionId }) : interactive.launch({ ...input, sessionId: presetSessionId });
  return {
    argv: made.argv,
    stdinPrompt: null,
    env: interactiveEnv(adapter, record, taskDir, env),
    presetSessionId,
    how,
    why: null,
    interactive: true,
    settings: made.settings !== null ? { path: input.settingsFile, content: made.settings } : null,
  };
}

/** Variables of the caller's shell that would change where an agent works. */
const LOCATION_VARS = ['PWD', 'OLDPWD', 'INIT_CWD'];

export function autonomyOf(record: TaskRecord): Autonomy {
  return record.autonomy ?? DEFAULT_AUTONOMY;
}

/**
 * The agent's environment: the task's saved one, with PWD made the task directory
 * (OpenCode works in $PWD), the protocol's TASK_TMPDIR, the per-run settings of the
 * autonomy level, and the mark every process of the agent's tree carries.
 */
export function agentEnvironment(base: Record<string, string>, record: TaskRecord, taskDir: string, adapter: AgentAdapter): Record<string, string> {
  const env: Record<string, string> = { ...base };
  for (const name of LOCATION_VARS) delete env[name];
  return {
    ...env,
    PWD: record.dir,
    TASK_TMPDIR: taskDir,
    ONESHOT_TASK: record.name,
    [TREE_MARK]: taskDir,
    ...(adapter.env?.(autonomyOf(record)) ?? {}),
  };
}

export function launchCommand(adapter: AgentAdapter, record: TaskRecord, taskDir: string, prompt: string, env: Record<string, string>): AgentCommand {
  if (record.interactive) {
    const command = interactiveCommand(adapter, record, taskDir, prompt, env, null, 'launch');
    if (command) return command;
  }
  const big = Buffer.byteLength(prompt) > MAX_PROMPT_ARG_BYTES && adapter.promptFromStdin;
  const presetSessionId = adapter.presetSessionId?.() ?? null;
  const argv = adapter.launch({
    bin: record.bin ?? adapter.defaultBin,
    prompt,
    extraArgs: record.extraArgs ?? [],
    promptOnStdin: big,
    autonomy: autonomyOf(record),
    sessionId: presetSessionId,
  });
  return { argv, stdinPrompt: big ? prompt : null, env, presetSessionId, how: 'launch', why: null };
}

export interface ResumeInputs {
  adapter: AgentAdapter;
  record: TaskRecord;
  taskDir: string;
  prompt: string;
  sessionId: string | null;
  env: Record<string, string>;
  runner: Runner;
}

/** The conversation an interactive run started, where its CLI keeps them (null: none, or the CLI reports it to hooks). */
export async function findInteractiveSession(adapter: AgentAdapter, record: TaskRecord, taskDir: string, env: Record<string, string>, runner: Runner): Promise<string | null> {
  const find = adapter.interactive?.findSession;
  if (!find) return null;
  const since = Date.parse(record.created);
  return find({ taskDir, cwd: record.dir, since: Number.isFinite(since) ? since : 0, bin: record.bin ?? adapter.defaultBin, env: interactiveEnv(adapter, record, taskDir, env), runner });
}

/** Native resume when it can work, else the prompt again with what the task files say was done. */
export async function resumeCommand(input: ResumeInputs): Promise<AgentCommand> {
  const { adapter, record, sessionId, env } = input;
  if (record.agent === 'shell') return { ...launchCommand(adapter, record, input.taskDir, '', env), how: 'rerun', why: 'a command runs again' };
  const rerun = (why: string): AgentCommand => ({ ...launchCommand(adapter, record, input.taskDir, resumeContextPrompt(input.prompt, record.dir), env), how: 'rerun', why });
  // An interface that told no hook its conversation: look where the CLI keeps them.
  const found = sessionId ?? (record.interactive ? await findInteractiveSession(adapter, record, input.taskDir, env, input.runner) : null);
  if (!found) return rerun('no session id recorded');
  const id = found.trim();
  if (adapter.validSessionId && !adapter.validSessionId(id)) return rerun(`the recorded session id "${id.slice(0, 60)}" is not a whole ${record.agent} session id`);
  const bin = record.bin ?? adapter.defaultBin;
  if (record.interactive && adapter.interactive) {
    if (adapter.checkSession) {
      const missing = await adapter.checkSession({ sessionId: id, bin, cwd: record.dir, env: interactiveEnv(adapter, record, input.taskDir, env), runner: input.runner });
      if (missing) return rerun(`cannot resume session ${id}: ${missing}`);
    }
    return interactiveCommand(adapter, record, input.taskDir, '', env, id, 'native-resume') as AgentCommand;
  }
  const argv = adapter.resume({ bin, prompt: adapter.continuePrompt, extraArgs: record.extraArgs ?? [], sessionId: id, promptOnStdin: false, autonomy: autonomyOf(record) });
  if (!argv) return rerun(`${record.agent} has no native resume`);
  if (adapter.checkSession) {
    const missing = await adapter.checkSession({ sessionId: id, bin, cwd: record.dir, env, runner: input.runner });
    if (missing) return rerun(`cannot resume session ${id}: ${missing}`);
  }
  return { argv, stdinPrompt: null, env, presetSessionId: null, how: 'native-resume', why: null };
}
