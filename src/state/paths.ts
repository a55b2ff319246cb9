// Where oneshot keeps its own records, and the layout of a task directory. Both the
// readers (sources/) and the writers (ops/, supervisor/) use these names.
import { homedir } from 'node:os';
import { join } from 'node:path';

type Env = Record<string, string | undefined>;

/** $ONESHOT_STATE_DIR, else $XDG_STATE_HOME/oneshot, else ~/.local/state/oneshot. */
export function resolveStateDir(env: Env = process.env): string {
  if (env.ONESHOT_STATE_DIR) return env.ONESHOT_STATE_DIR;
  if (env.XDG_STATE_HOME) return join(env.XDG_STATE_HOME, 'oneshot');
  return join(env.HOME || homedir(), '.local', 'state', 'oneshot');
}

/** $ONESHOT_CONFIG, else $XDG_CONFIG_HOME/oneshot/config.json, else ~/.config/oneshot/config.json. */
export function resolveConfigPath(env: Env = process.env): string {
  if (env.ONESHOT_CONFIG) return env.ONESHOT_CONFIG;
  if (env.XDG_CONFIG_HOME) return join(env.XDG_CONFIG_HOME, 'oneshot', 'config.json');
  return join(env.HOME || homedir(), '.config', 'oneshot', 'config.json');
}

/**
 * The same directory's paths as the same frozen object: the watch loop asks for every
 * agent's files on each change, and joining sixteen paths each time was a tenth of its
 * work. Bounded: a fleet that keeps changing directories starts a fresh cache.
 */
function memoByDir<T extends object>(build: (dir: string) => T): (dir: string) => Readonly<T> {
  const cache = new Map<string, Readonly<T>>();
  return (dir) => {
    let hit = cache.get(dir);
    if (!hit) {
      if (cache.size >= 4096) cache.clear();
      hit = Object.freeze(build(dir));
      cache.set(dir, hit);
    }
    return hit;
  };
}

export function tasksDir(stateDir: string): string {
  return join(stateDir, 'tasks');
}

export function actionsLogPath(stateDir: string): string {
  return join(stateDir, 'actions.log');
}

export interface TaskFiles {
  dir: string;
  record: string;
  prompt: string;
  events: string;
  sessionId: string;
  /** The name the resilient-coding-agent protocol uses; read as well as ours. */
  codexSessionId: string;
  done: string;
  exit: string;
  stopped: string;
  /** One JSON line per run of the agent (start, exit). */
  runs: string;
  /** The supervisor's process id while it runs. */
  supervisorPid: string;
  /** Per-run output of `oneshot build` sessions. */
  sessions: string;
  /** The caller's environment for the agent (600: it may hold API keys). */
  env: string;
  /** An autonomous build's session counter. */
  build: string;
  /** One JSON line per agent hook or notify call (`oneshot hook`). */
  hooks: string;
  /** The agent's settings for this run only (Claude Code's --settings file with the hooks). */
  agentSettings: string;
}

export const taskFiles: (dir: string) => Readonly<TaskFiles> = memoByDir((dir) => ({
  dir,
  record: join(dir, 'task.json'),
  prompt: join(dir, 'prompt'),
  events: join(dir, 'events.jsonl'),
  sessionId: join(dir, 'session-id'),
  codexSessionId: join(dir, 'codex-session-id'),
  done: join(dir, 'done'),
  exit: join(dir, 'exit-status'),
  stopped: join(dir, 'stopped'),
  runs: join(dir, 'runs.jsonl'),
  supervisorPid: join(dir, 'supervisor.pid'),
  sessions: join(dir, 'sessions'),
  env: join(dir, 'env.json'),
  build: join(dir, 'build.json'),
  hooks: join(dir, 'hooks.jsonl'),
  agentSettings: join(dir, 'agent-settings.json'),
}));

export interface DotAgentFiles {
  dir: string;
  status: string;
  heartbeat: string;
  checkpoints: string;
  sessionLog: string;
  lastState: string;
  recovery: string;
  /** oneshot's per-directory lock: one live task per working directory. */
  lock: string;
}

export const dotAgentFiles: (workDir: string) => Readonly<DotAgentFiles> = memoByDir((workDir) => {
  const dir = join(workDir, '.agent');
  return {
    dir,
    status: join(dir, 'STATUS.md'),
    heartbeat: join(dir, 'HEARTBEAT'),
    checkpoints: join(dir, 'CHECKPOINTS.md'),
    sessionLog: join(dir, 'session.log'),
    lastState: join(dir, 'LAST_STATE.md'),
    recovery: join(dir, 'RECOVERY.md'),
    lock: join(dir, 'oneshot.lock'),
  };
});

export interface AutonomousFiles {
  dir: string;
  taskList: string;
  progress: string;
  lockDir: string;
  lockDirPid: string;
  lockFile: string;
  sessions: string;
}

export const autonomousFiles: (taskDir: string) => Readonly<AutonomousFiles> = memoByDir((taskDir) => ({
  dir: taskDir,
  taskList: join(taskDir, 'task_list.md'),
  progress: join(taskDir, 'progress.md'),
  lockDir: join(taskDir, '.runner.lock'),
  lockDirPid: join(taskDir, '.runner.lock', 'pid'),
  lockFile: join(taskDir, 'run.lock'),
  sessions: join(taskDir, 'sessions'),
}));
