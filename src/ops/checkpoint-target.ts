// Where a task's checkpoints go, decided once for every caller (supervisor, stop,
// dashboard, command line): its private ref, the current branch, or its own worktree
// branch; and with which filter.
import { loadConfig, type CheckpointMode, type Config } from '../config/config.js';
import type { TaskRecord } from '../fleet/agent.js';
import { mbToBytes, type FilterSettings } from './checkpoint-filter.js';

export interface CheckpointTarget {
  /** Names the private ref refs/oneshot/<task>. */
  task: string;
  mode: CheckpointMode;
  /** The task's own branch (`run --worktree`): checkpoints commit there while it is checked out. */
  worktreeBranch: string | null;
  filter: FilterSettings;
}

type CheckpointConfig = Pick<Config, 'checkpointMode' | 'checkpointMaxFileMB' | 'checkpointAllow'>;

/**
 * A task name as one component of a ref: what `git check-ref-format` refuses (spaces,
 * `~^:?*[\`, `..`, `@{`, a leading dot, a trailing `.lock`) becomes `-`. Pure.
 */
export function refComponent(name: string): string {
  const clean = name
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/\.{2,}/g, '-')
    .replace(/^[.-]+/, '')
    .replace(/(\.lock)+$/i, '')
    .replace(/[.-]+$/, '')
    .slice(0, 100);
  return clean === '' ? 'task' : clean;
}

export function checkpointRef(task: string): string {
  return `refs/oneshot/${refComponent(task)}`;
}

/**
 * The target for an agent. A mode someone chose for it (`oneshot checkpoint --checkpoint`,
 * else `run --checkpoint`) decides, even for a worktree task; without one, a worktree task
 * commits on its own branch and the others follow the config. `record` is null for an
 * agent oneshot did not start: its name, the config's mode.
 */
export function checkpointTarget(name: string, record: Pick<TaskRecord, 'name' | 'worktree' | 'checkpoint'> | null, config: CheckpointConfig, override?: CheckpointMode): CheckpointTarget {
  const chosen = override ?? record?.checkpoint;
  return {
    task: record?.name ?? name,
    mode: chosen ?? config.checkpointMode,
    worktreeBranch: chosen ? null : (record?.worktree?.branch ?? null),
    filter: { maxBytes: mbToBytes(config.checkpointMaxFileMB), allow: config.checkpointAllow },
  };
}

/** The supervisor's config for checkpoints; a config that cannot be read gives the safe defaults (private ref, filter on). */
export function checkpointConfig(env: Record<string, string | undefined>): CheckpointConfig {
  try {
    return loadConfig(env);
  } catch {
    return { checkpointMode: 'ref', checkpointMaxFileMB: 10, checkpointAllow: [] };
  }
}
