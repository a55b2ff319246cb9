// What the describe view reads from disk when it opens: the agent's files, STATUS.md and
// CHECKPOINTS.md whole, runs.jsonl and the environment it was started with. Read as every
// other source reads (readText, listDir): bounded, regular files only (a named pipe in
// place of STATUS.md is refused, not waited on), each directory under the IO guard.
// Anything unreadable is left out, not fatal.
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { AgentView } from '../fleet/agent.js';
import type { DescribeExtra, DescribedFile } from '../fleet/describe.js';
import { dotAgentFiles, taskFiles } from '../state/paths.js';
import { listDir, readText } from './files.js';
import { checkpointEntries, jsonObjects } from './text.js';

const MAX_FILES = 200;
const MAX_LINES = 400;
const MAX_BYTES = 2 * 1024 * 1024;

/** The last `max` items, and how many were left out. */
function lastOf<T>(items: T[], max = MAX_LINES): { items: T[]; cut: number } {
  return { items: items.slice(-max), cut: Math.max(0, items.length - max) };
}

async function listFiles(dir: string, into: DescribedFile[]): Promise<void> {
  const entries = (await listDir(dir)).filter((e) => !e.isDir).map((e) => e.name).sort();
  for (const name of entries) {
    if (into.length >= MAX_FILES) return;
    const path = join(dir, name);
    const st = await stat(path).catch(() => null);
    if (st?.isFile()) into.push({ path, size: st.size, mtimeMs: st.mtimeMs });
  }
}

/** A text file's contents (its last MAX_BYTES), or null when it is missing or refused. */
async function textOf(path: string): Promise<string | null> {
  const read = await readText(path, MAX_BYTES);
  return read.status === 'ok' ? read.text.replace(/\n$/, '') : null;
}

/** A JSON object's string values (env.json), or null when the text is not one. */
function stringValues(text: string | null): Record<string, string> | null {
  if (text === null) return null;
  try {
    const obj: unknown = JSON.parse(text);
    if (!obj || typeof obj !== 'object' || Array.isArray(obj)) return null;
    return Object.fromEntries(Object.entries(obj).filter((e): e is [string, string] => typeof e[1] === 'string'));
  } catch {
    return null;
  }
}

export async function readDescribeExtra(agent: AgentView): Promise<DescribeExtra> {
  const files: DescribedFile[] = [];
  const cut: Record<string, number> = {};
  const taskDir = agent.task?.dir ?? null;
  if (taskDir) await listFiles(taskDir, files);
  const dotDir = agent.dotAgent?.dir ?? (agent.dir ? dotAgentFiles(agent.dir).dir : null);
  if (dotDir) await listFiles(dotDir, files);
  if (agent.autonomous) await listFiles(agent.autonomous.dir, files);

  let status: string[] | null = null;
  let checkpoints: string[] | null = null;
  if (agent.dotAgent) {
    const dot = dotAgentFiles(agent.dotAgent.dir.replace(/\/\.agent$/, ''));
    const statusText = await textOf(dot.status);
    if (statusText !== null) {
      const last = lastOf(statusText.split('\n'));
      status = last.items;
      if (last.cut) cut.status = last.cut;
    }
    const checkpointsText = await textOf(dot.checkpoints);
    if (checkpointsText !== null) {
      const last = lastOf(checkpointEntries(checkpointsText));
      checkpoints = last.items;
      if (last.cut) cut.checkpoints = last.cut;
    }
  }

  let runs: Record<string, unknown>[] | null = null;
  let env: Record<string, string> | null = null;
  if (taskDir) {
    const paths = taskFiles(taskDir);
    const runsText = await textOf(paths.runs);
    if (runsText !== null) {
      const last = lastOf(jsonObjects(runsText));
      runs = last.items;
      if (last.cut) cut.runs = last.cut;
    }
    // No env.json: a task from before it was kept, or not oneshot's.
    env = stringValues(await textOf(paths.env));
  }
  return { files, status, checkpoints, runs, env, cut };
}
