// Process facts from /proc (Linux), read as files: no process is started per agent.
import { readdirSync, readFileSync } from 'node:fs';

/**
 * How many child processes `pid` has, or null where /proc cannot tell. One tiny procfs
 * read, done for every shell pane on every poll.
 */
export async function childCount(pid: number | null): Promise<number | null> {
  if (!pid || pid <= 0) return null;
  try {
    const text = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8');
    return text.split(/\s+/).filter((s) => s !== '').length;
  } catch {
    return null;
  }
}

/** Children of `pid` started by any of its threads (a Rust or Bun agent spawns from worker threads). */
function childrenOf(pid: number): number[] {
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return [];
  }
  const out: number[] = [];
  for (const tid of tasks) {
    try {
      for (const s of readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').split(' ')) if (s.trim() !== '') out.push(Number(s));
    } catch {
      // the thread ended while we looked
    }
  }
  return out;
}

/** A process an agent started: a tool call running now. */
export interface ToolProcess {
  pid: number;
  /** Its command line, arguments joined by spaces (clipped). */
  command: string;
}

const HOOK_CALL = /\bhook --task-dir /;

/**
 * What an interactive agent is running now, from its process tree: the pane's process is
 * oneshot's supervisor, its child the agent, and the agent's children its tool calls
 * (`oneshot hook` calls left out; they are signals, not work). Null where /proc cannot tell.
 */
export function agentTools(panePid: number | null): ToolProcess[] | null {
  if (!panePid || panePid <= 0) return null;
  try {
    readdirSync(`/proc/${panePid}/task`);
  } catch {
    return null;
  }
  const tools: ToolProcess[] = [];
  for (const agent of childrenOf(panePid)) {
    for (const child of childrenOf(agent)) {
      const first = commandLine(child);
      if (first === null || HOOK_CALL.test(first.join(' '))) continue;
      // Through the shell or sandbox an agent wraps a command in, to the command itself.
      let pid = child;
      let argv = first;
      for (let depth = 0; depth < 4 && WRAPPERS.test(argv[0] ?? ''); depth++) {
        const inner = childrenOf(pid);
        const next = inner.length === 1 ? commandLine(inner[0]!) : null;
        if (next === null) break;
        pid = inner[0]!;
        argv = next;
      }
      const command = argv.join(' ');
      tools.push({ pid, command: command.length > 200 ? `${command.slice(0, 199)}…` : command });
    }
  }
  return tools;
}

/** Programs agents start a tool call through: shells, sandboxes, `env`. */
const WRAPPERS = /(^|\/)(sh|bash|zsh|dash|fish|env|codex-linux-sandbox|codex|bwrap|setsid|timeout|nice)$/;

function commandLine(pid: number): string[] | null {
  try {
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0+$/, '').split('\0');
    return argv.length === 1 && argv[0] === '' ? null : argv;
  } catch {
    return null;
  }
}

/** Every process below the given ones (children, their children, …), from one scan of /proc; [] where unknown. */
export function descendants(...roots: number[]): number[] {
  if (roots.length === 0) return [];
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((e) => /^\d+$/.test(e));
  } catch {
    return [];
  }
  const children = new Map<number, number[]>();
  for (const entry of entries) {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // The command name may hold spaces and parentheses: fields start after the last ')'.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(entry));
      children.set(ppid, list);
    } catch {
      // the process ended while we looked
    }
  }
  const out: number[] = [];
  const queue = [...roots];
  while (queue.length > 0) {
    const next = queue.shift() as number;
    for (const child of children.get(next) ?? []) {
      out.push(child);
      queue.push(child);
    }
  }
  return out;
}

/**
 * The variable that marks every process of one agent's tree. Tools that agents start in
 * a new session (Claude Code's Bash, OpenCode, Pi) leave the agent's process group and,
 * once the agent dies, its family tree too — but they keep its environment.
 */
export const TREE_MARK = 'ONESHOT_AGENT_OF';

/** Live processes whose environment holds NAME=value (own user's; zombies left out). */
export function processesWithEnv(name: string, value: string): number[] {
  const entryBytes = Buffer.from(`${name}=${value}\0`);
  const inside = Buffer.concat([Buffer.from([0]), entryBytes]);
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((e) => /^\d+$/.test(e));
  } catch {
    return [];
  }
  const out: number[] = [];
  for (const entry of entries) {
    const pid = Number(entry);
    if (pid === process.pid) continue;
    try {
      const env = readFileSync(`/proc/${entry}/environ`);
      // Whole entries only: the first one, or one after a NUL.
      if (!(env.subarray(0, entryBytes.length).equals(entryBytes) || env.includes(inside))) continue;
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
      if (state !== 'Z' && state !== 'X') out.push(pid);
    } catch {
      // gone, or not ours to read
    }
  }
  return out;
}
