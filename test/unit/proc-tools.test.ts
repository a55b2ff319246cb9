// The tool calls of an interactive agent, read from a real process tree: pane process →
// agent → its children, with `oneshot hook` calls left out.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { agentTools } from '../../src/sources/proc.js';
import { waitFor } from '../helpers/wait.js';

const started: ChildProcess[] = [];
afterEach(() => {
  // The whole tree is in the "pane" process's group: end it by that pid only.
  for (const child of started.splice(0)) if (child.pid) try { process.kill(-child.pid, 'SIGKILL'); } catch { /* already gone */ }
});

/** A "pane" process whose one child (the "agent") starts the given commands and waits. */
function paneWithAgent(commands: string[]): ChildProcess {
  const agent = `const { spawn } = require('node:child_process'); for (const c of ${JSON.stringify(commands)}) spawn('/bin/sh', ['-c', c], { stdio: 'ignore' }); setInterval(() => {}, 1000);`;
  const pane = `const { spawn } = require('node:child_process'); spawn(process.execPath, ['-e', ${JSON.stringify(agent)}], { stdio: 'ignore' }); setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['-e', pane], { stdio: 'ignore', detached: true });
  started.push(child);
  return child;
}

/** The command lines of the agent's children (the pane process's grandchildren). */
function childCommands(panePid: number): string {
  const kids = (pid: number) => readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').split(' ').filter((x) => x.trim() !== '').map(Number);
  try {
    return kids(panePid).flatMap(kids).map((pid) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ')).join('\n');
  } catch {
    return '';
  }
}

describe('agentTools', () => {
  it('names what the agent runs, not the hook calls it makes', async () => {
    const hookCall = `exec '${process.execPath}' -e 'setTimeout(() => {}, 32000)' hook --task-dir /tmp/x`;
    // `sleep 33` through a shell that stays: the command is named, not the shell.
    const pane = paneWithAgent(['exec sleep 31', hookCall, 'sleep 33; true']);
    // Both started (the hook call seen as the agent's child), the hook call not reported.
    await waitFor(() => /hook --task-dir/.test(childCommands(pane.pid ?? 0)), { timeoutMs: 10_000 });
    const tools = await waitFor(() => {
      const t = agentTools(pane.pid ?? null);
      // The shell forks its sleep a moment after it starts.
      return t && t.length === 2 && t.every((x) => !x.command.startsWith('/bin/sh')) ? t : null;
    }, { timeoutMs: 10_000 });
    expect(tools.map((t) => t.command).sort()).toEqual(['sleep 31', 'sleep 33']);
    expect(tools[0]!.pid).toBeGreaterThan(0);
  });

  it('an agent with no children runs no tool; a pid that is gone is unknown', async () => {
    const pane = paneWithAgent([]);
    await waitFor(() => readFileSync(`/proc/${pane.pid}/task/${pane.pid}/children`, 'utf8').trim() !== '', { timeoutMs: 10_000 });
    expect(agentTools(pane.pid ?? null)).toEqual([]);
    expect(agentTools(null)).toBeNull();
    expect(agentTools(2 ** 22 + 12345)).toBeNull();
  });
});
