// Where each CLI keeps its conversations, to know before a native resume whether there is
// anything to resume: a resume of a missing conversation silently starts a blank one
// (Codex with a name, Pi with a path) or fails after a long start (OpenCode).
import { closeSync, fstatSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { summarizeHooks } from '../hooks/signals.js';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { plainText } from '../text/sanitize.js';
import type { Runner } from '../proc/exec.js';
import type { SessionLookup } from './adapter.js';

type Env = Record<string, string | undefined>;

function home(env: Env): string {
  return env.HOME || homedir();
}

function listDir(path: string): { names: string[] } | { error: string } {
  try {
    return { names: readdirSync(path) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { names: [] };
    return { error: `${path} is not readable (${code ?? String(error)})` };
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** Codex: `$CODEX_HOME/sessions/YYYY/MM/DD/rollout-<time>-<id>.jsonl` (dated in local time). */
export async function codexRollout(lookup: SessionLookup): Promise<string | null> {
  const root = join(lookup.env.CODEX_HOME || join(home(lookup.env), '.codex'), 'sessions');
  const suffix = `-${lookup.sessionId}.jsonl`;
  const years = listDir(root);
  if ('error' in years) return years.error;
  for (const y of years.names) {
    const months = listDir(join(root, y));
    if ('error' in months) return months.error;
    for (const m of months.names) {
      const days = listDir(join(root, y, m));
      if ('error' in days) return days.error;
      for (const d of days.names) {
        const files = listDir(join(root, y, m, d));
        if ('error' in files) return files.error;
        if (files.names.some((f) => f.startsWith('rollout-') && f.endsWith(suffix))) return null;
      }
    }
  }
  return `no Codex rollout for ${lookup.sessionId} under ${root}`;
}

/** Java's String.hashCode, as Claude Code uses it to shorten long project directory names. */
function javaHash(text: string): number {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = ((h << 5) - h + text.charCodeAt(i)) | 0;
  return h;
}

/** Claude Code's directory name for a project: every character but [A-Za-z0-9] becomes "-". */
export function claudeProjectDir(cwd: string): string {
  const enc = cwd.replace(/[^A-Za-z0-9]/g, '-');
  return enc.length <= 200 ? enc : `${enc.slice(0, 200)}-${Math.abs(javaHash(cwd)).toString(36)}`;
}

/** Claude Code: `$CLAUDE_CONFIG_DIR/projects/<project dir>/<id>.jsonl`; resume only works from that cwd. */
export async function claudeTranscript(lookup: SessionLookup): Promise<string | null> {
  const root = lookup.env.CLAUDE_CONFIG_DIR || join(home(lookup.env), '.claude');
  const dir = join(root, 'projects', claudeProjectDir(lookup.cwd));
  const listed = listDir(dir);
  if ('error' in listed) return listed.error;
  return listed.names.includes(`${lookup.sessionId}.jsonl`) ? null : `no Claude Code transcript ${lookup.sessionId}.jsonl in ${dir}`;
}

/** Pi's directory name for a project: the leading / dropped, every / \ : made "-". */
export function piProjectDir(cwd: string): string {
  return `--${cwd.replace(/^[/\\]/, '').replace(/[/\\:]/g, '-')}--`;
}

/** Pi: `~/.pi/agent/sessions/--<cwd>--/<time>_<id>.jsonl` (or PI_CODING_AGENT_SESSION_DIR / PI_CODING_AGENT_DIR). */
export async function piSessionFile(lookup: SessionLookup): Promise<string | null> {
  const agentDir = lookup.env.PI_CODING_AGENT_DIR || join(home(lookup.env), '.pi', 'agent');
  const dir = lookup.env.PI_CODING_AGENT_SESSION_DIR || join(agentDir, 'sessions', piProjectDir(lookup.cwd));
  const listed = listDir(dir);
  if ('error' in listed) return listed.error;
  const hit = listed.names.find((f) => f.endsWith(`_${lookup.sessionId}.jsonl`));
  return hit && isFile(join(dir, hit)) ? null : `no Pi session file for ${lookup.sessionId} in ${dir}`;
}

/** OpenCode keeps sessions in a database: `opencode export <id>` exits 1 when there is none. */
export async function openCodeSession(lookup: SessionLookup): Promise<string | null> {
  const r = await lookup.runner(lookup.bin, ['export', lookup.sessionId], { cwd: lookup.cwd, env: { ...lookup.env, PWD: lookup.cwd }, timeoutMs: 60_000 });
  if (r.notFound) return `${lookup.bin} not found`;
  if (r.timedOut) return `opencode export ${lookup.sessionId} did not answer within 60 s`;
  if (r.exitCode !== 0) return plainText(r.stderr.split('\n').find((l) => l.trim()) ?? `opencode export exited with status ${r.exitCode}`).trim();
  return null;
}

/** The newest Pi conversation file in `dir` started at or after `since`: its session id. */
export async function newestPiSession(dir: string, since: number): Promise<string | null> {
  const listed = listDir(dir);
  if ('error' in listed) return null;
  let best: { id: string; at: number } | null = null;
  for (const name of listed.names) {
    const m = /_([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.jsonl$/i.exec(name);
    if (!m) continue;
    let at: number;
    try {
      at = statSync(join(dir, name)).birthtimeMs || statSync(join(dir, name)).mtimeMs;
    } catch {
      continue;
    }
    if (at + 2_000 < since) continue;
    if (!best || at > best.at) best = { id: m[1] as string, at };
  }
  return best?.id ?? null;
}

/** The newest OpenCode conversation in `cwd` created at or after `since`, from `opencode session list`. */
export async function newestOpenCodeSession(search: { cwd: string; since: number; bin: string; env: Record<string, string | undefined>; runner: Runner }): Promise<string | null> {
  const r = await search.runner(search.bin, ['session', 'list', '--format', 'json'], { cwd: search.cwd, env: { ...search.env, PWD: search.cwd }, timeoutMs: 60_000 });
  if (r.exitCode !== 0) return null;
  let list: unknown;
  try {
    list = JSON.parse(r.stdout);
  } catch {
    return null;
  }
  if (!Array.isArray(list)) return null;
  let best: { id: string; at: number } | null = null;
  for (const entry of list as Record<string, unknown>[]) {
    if (typeof entry?.id !== 'string' || entry.directory !== search.cwd || typeof entry.created !== 'number') continue;
    if (entry.created + 2_000 < search.since) continue;
    if (!best || entry.created > best.at) best = { id: entry.id, at: entry.created };
  }
  return best?.id ?? null;
}

/** The session id the agent's hook calls reported (the last 64 KB of hooks.jsonl). */
export function sessionFromHooks(taskDir: string): string | null {
  let fd: number | null = null;
  try {
    fd = openSync(join(taskDir, 'hooks.jsonl'), 'r');
    const size = fstatSync(fd).size;
    const length = Math.min(size, 64 * 1024);
    const buffer = Buffer.alloc(length);
    readSync(fd, buffer, 0, length, size - length);
    const text = buffer.toString('utf8');
    // A cut first line is not a hook call.
    return summarizeHooks(size > length ? text.slice(text.indexOf('\n') + 1) : text).sessionId;
  } catch {
    return null;
  } finally {
    if (fd !== null) closeSync(fd);
  }
}
