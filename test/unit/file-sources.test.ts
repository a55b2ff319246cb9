import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AgentPlan } from '../../src/fleet/plan.js';
import { FileSources } from '../../src/runtime/file-sources.js';
import { makeTempArea, type TempArea } from '../helpers/temp.js';

let area: TempArea | null = null;
afterEach(() => {
  area?.cleanup();
  area = null;
});

/** An agent with a task directory (TASK_TMPDIR) and a working directory with .agent/. */
function agentOnDisk() {
  area = makeTempArea();
  const work = area.path('work');
  const task = area.path('task');
  mkdirSync(join(work, '.agent'), { recursive: true });
  mkdirSync(task, { recursive: true });
  writeFileSync(join(work, '.agent', 'HEARTBEAT'), `${new Date(Date.now() - 200_000).toISOString()}: alive\n`);
  writeFileSync(join(task, 'events.jsonl'), '');
  const plan: AgentPlan = {
    id: 'session:codex-a', name: 'codex-a', dir: work, expectedSession: 'codex-a', session: null, pane: null, sessionMatch: null,
    taskDir: { dir: task, origin: 'task-tmpdir' }, dotAgentDir: work, autonomousDir: null,
  };
  const sources = new FileSources({ stateDir: area.path('state'), watched: () => true });
  return { work, task, plan, sources, dotAgent: join(work, '.agent') };
}

describe('file sources with a watcher', () => {
  it('a heartbeat reads .agent/ again and leaves the task directory beside it as it was', async () => {
    const { task, plan, sources, dotAgent } = agentOnDisk();
    const now = Date.now();
    const first = await sources.observe(plan, new Map(), true, now, new Set());
    expect(first.task?.doneMarker).toBe(false);
    // Both change on disk; the watcher reports the heartbeat only.
    writeFileSync(join(task, 'done'), '');
    appendFileSync(join(dotAgent, 'HEARTBEAT'), `${new Date(now + 1000).toISOString()}: alive\n`);
    const second = await sources.observe(plan, new Map(), true, now + 1000, new Set([dotAgent]), [join(dotAgent, 'HEARTBEAT')]);
    expect(second.dotAgent?.heartbeat?.at).toBeGreaterThan(first.dotAgent!.heartbeat!.at);
    expect(second.task).toBe(first.task);
    // Reported, the task directory is read again.
    const third = await sources.observe(plan, new Map(), true, now + 2000, new Set([task]), [join(task, 'done')]);
    expect(third.task?.doneMarker).toBe(true);
    expect(third.dotAgent).toBe(second.dotAgent);
  });

  it('an event appended reads neither directory again; a directory changed as a whole reads it all', async () => {
    const { task, plan, sources, dotAgent } = agentOnDisk();
    const now = Date.now();
    const first = await sources.observe(plan, new Map(), true, now, new Set());
    appendFileSync(join(task, 'events.jsonl'), '{"type":"turn.started"}\n');
    const second = await sources.observe(plan, new Map(), true, now + 1000, new Set([task]), [join(task, 'events.jsonl')]);
    expect(second.task).toBe(first.task);
    expect(second.dotAgent).toBe(first.dotAgent);
    writeFileSync(join(task, 'done'), '');
    appendFileSync(join(dotAgent, 'HEARTBEAT'), `${new Date(now + 2000).toISOString()}: alive\n`);
    const third = await sources.observe(plan, new Map(), true, now + 2000, new Set([task, dotAgent]), [task, dotAgent]);
    expect(third.task?.doneMarker).toBe(true);
    expect(third.dotAgent?.heartbeat?.at).toBeGreaterThan(first.dotAgent!.heartbeat!.at);
  });
});
