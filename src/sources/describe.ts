// What the describe view reads from disk when it opens: the agent's files, STATUS.md and
// CHECKPOINTS.md whole, runs.jsonl and the environment it was started with. Each read
// bounded (a 5 GB log is listed, not read); anything unreadable is left out, not fatal.
import { closeSync, fstatSync, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { AgentView } from '../fleet/agent.js';
import type { DescribeExtra, DescribedFile } from '../fleet/describe.js';
import { dotAgentFiles, taskFiles } from '../state/paths.js';

const MAX_FILES = 200;
const MAX_LINES = 400;
const MAX_BYTES = 2 * 1024 * 1024;

/** The last `max` lines of a text file (null when it cannot be read), and how many were left out. */
function tailLines(path: string, max = MAX_LINES): { lines: string[]; cut: number } | null {
  let text: string;
  let fd: number | null = null;
  try {
    fd = openSync(path, 'r');
    const size = fstatSync(fd).size;
    const length = Math.min(size, MAX_BYTES);
    const buffer = Buffer.alloc(length);
    readSync(fd, buffer, 0, length, size - length);
    text = buffer.toString('utf8');
  } catch {
    return null;
  } finally {
    if (fd !== null) closeSync(fd);
  }
  const lines = text.replace(/\n$/, '').split('\n');
  return { lines: lines.slice(-max), cut: Math.max(0, lines.length - max) };
}

function listFiles(dir: string, into: DescribedFile[]): void {
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch {
    return;
  }
  for (const name of names) {
    if (into.length >= MAX_FILES) return;
    const path = join(dir, name);
    try {
      const st = statSync(path);
      if (st.isFile()) into.push({ path, size: st.size, mtimeMs: st.mtimeMs });
    } catch {
      // gone since the listing
    }
  }
}

export function readDescribeExtra(agent: AgentView): DescribeExtra {
  const files: DescribedFile[] = [];
  const cut: Record<string, number> = {};
  const taskDir = agent.task?.dir ?? null;
  if (taskDir) listFiles(taskDir, files);
  const dotDir = agent.dotAgent?.dir ?? (agent.dir ? dotAgentFiles(agent.dir).dir : null);
  if (dotDir) listFiles(dotDir, files);
  if (agent.autonomous) listFiles(agent.autonomous.dir, files);

  let status: string[] | null = null;
  let checkpoints: string[] | null = null;
  if (agent.dotAgent) {
    const dot = dotAgentFiles(agent.dotAgent.dir.replace(/\/\.agent$/, ''));
    const s = tailLines(dot.status);
    if (s) {
      status = s.lines;
      if (s.cut) cut.status = s.cut;
    }
    const c = tailLines(dot.checkpoints, 100_000);
    if (c) {
      const entries = c.lines.map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#')).map((l) => l.replace(/^[-*]\s+/, ''));
      checkpoints = entries.slice(-MAX_LINES);
      if (entries.length > MAX_LINES) cut.checkpoints = entries.length - MAX_LINES;
    }
  }

  let runs: Record<string, unknown>[] | null = null;
  let env: Record<string, string> | null = null;
  if (taskDir) {
    const paths = taskFiles(taskDir);
    const r = tailLines(paths.runs);
    if (r) {
      runs = [];
      for (const line of r.lines) {
        if (!line.trim()) continue;
        try {
          const obj: unknown = JSON.parse(line);
          if (obj && typeof obj === 'object' && !Array.isArray(obj)) runs.push(obj as Record<string, unknown>);
        } catch {
          // a line being written
        }
      }
      if (r.cut) cut.runs = r.cut;
    }
    try {
      const obj: unknown = JSON.parse(readFileSync(paths.env, 'utf8'));
      if (obj && typeof obj === 'object' && !Array.isArray(obj)) {
        env = Object.fromEntries(Object.entries(obj as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === 'string'));
      }
    } catch {
      // no env.json: a task from before it was kept, or not oneshot's
    }
  }
  return { files, status, checkpoints, runs, env, cut };
}
