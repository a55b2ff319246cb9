// `oneshot hook` as the agents run it: a process with the payload on stdin (Claude Code)
// or as its last argument (Codex's notify). Whatever it is given, it exits 0 and never
// lets a bad payload decide anything.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { summarizeHooks } from '../../src/hooks/signals.js';
import { runCli } from '../helpers/cli.js';
import { makeTempArea, type TempArea } from '../helpers/temp.js';

let area: TempArea;
beforeEach(() => {
  area = makeTempArea();
});
afterEach(() => area.cleanup());

describe('oneshot hook', () => {
  it('appends one line per call, and exits 0 on empty, broken, huge and argument payloads', () => {
    const dir = area.path('task');
    mkdirSync(dir);
    const hook = (args: string[], input?: string) => runCli(['hook', '--task-dir', dir, '--source', 'claude', ...args], area.env, input === undefined ? {} : { input });
    const calls = [
      hook(['PermissionRequest'], JSON.stringify({ hook_event_name: 'PermissionRequest', session_id: 's1', tool_name: 'Bash', tool_input: { command: 'npm test' } })),
      hook(['Stop'], ''),
      hook(['Stop'], '{"truncated'),
      hook(['PreToolUse'], JSON.stringify({ tool_input: { command: 'x'.repeat(2 * 1024 * 1024) } })),
      hook(['notify', JSON.stringify({ type: 'agent-turn-complete', 'thread-id': 't-1' })]),
    ];
    for (const c of calls) {
      expect(c.status).toBe(0);
      expect(c.stdout).toBe('');
    }
    const lines = readFileSync(`${dir}/hooks.jsonl`, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(5);
    const summary = summarizeHooks(lines.join('\n'));
    expect(summary.last?.event).toBe('notify');
    expect(lines.map((l) => JSON.parse(l).problem ?? null)).toEqual([null, 'empty payload', 'payload is not JSON', 'payload over 1 MB, not read', null]);
  });

  it('for a task that no longer exists: one line on stderr, exit 0, nothing created', () => {
    const gone = area.path('gone-task');
    const r = runCli(['hook', '--task-dir', gone, 'Stop'], area.env, { input: '{}' });
    expect(r.status).toBe(0);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^oneshot hook: not recorded/);
    expect(existsSync(gone)).toBe(false);
  });
});
