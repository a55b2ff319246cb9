// A fleet with one agent in every state, on a private tmux server and in temp dirs.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FORMATS_DIR } from './formats.js';
import type { TempArea } from './temp.js';
import type { TestServer } from './tmux-server.js';

export interface SyntheticFleet {
  /** Directory to pass to `oneshot status` for agents without a session. */
  workRoot: string;
  codexThreadId: string;
}

function write(path: string, text: string): void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
}

function taskRecord(area: TempArea, server: TestServer, name: string, extra: Record<string, unknown> = {}): string {
  const dir = join(area.env.ONESHOT_STATE_DIR!, 'tasks', name);
  const work = area.path('work', name);
  mkdirSync(work, { recursive: true });
  const socketPath = `${process.env.TMUX_TMPDIR || '/tmp'}/tmux-${process.getuid?.() ?? 0}/${server.name}`;
  write(
    join(dir, 'task.json'),
    JSON.stringify({ name, agent: 'shell', dir: work, argv: ['sleep', '1'], created: new Date().toISOString(), session: `shell-${name}`, socketPath, ...extra }),
  );
  return dir;
}

export function buildSyntheticFleet(server: TestServer, area: TempArea): SyntheticFleet {
  const work = (name: string) => {
    const dir = area.path('work', name);
    mkdirSync(dir, { recursive: true });
    return dir;
  };
  const iso = (secondsAgo: number) => new Date(Date.now() - secondsAgo * 1000).toISOString();

  // running: a Codex task in the seeds' style (TASK_TMPDIR with events), fresh heartbeat.
  const runDir = work('run');
  write(join(runDir, '.agent', 'HEARTBEAT'), `${iso(40)}: alive\n${iso(2)}: alive\n`);
  write(join(runDir, '.agent', 'STATUS.md'), 'Started\nWorking on the parser\n');
  write(join(runDir, '.agent', 'CHECKPOINTS.md'), '# Checkpoints\nCheckpoint at 10:00\nCheckpoint at 10:05\n');
  const tmp = area.path('tmp-codex');
  const events = readFileSync(join(FORMATS_DIR, 'codex-exec-json', 'rust-claude-codes__multi_command.jsonl'), 'utf8');
  write(join(tmp, 'events.jsonl'), events);
  const codexThreadId = JSON.parse(events.split('\n')[0]!).thread_id as string;
  server.tmux('new-session', '-d', '-s', 'codex-run', '-c', runDir, '-e', `TASK_TMPDIR=${tmp}`, 'sleep', '600');

  // stale: a resilient-executor .agent/ whose heartbeat is ten minutes old.
  const staleDir = work('stale');
  write(join(staleDir, '.agent', 'HEARTBEAT'), `${iso(600)}: alive\n`);
  server.tmux('new-session', '-d', '-s', 'claude-stale', '-c', staleDir, 'sleep', '600');

  // waiting: a permission prompt in the pane.
  server.tmux('new-session', '-d', '-s', 'claude-wait', '-c', work('wait'), 'sh', '-c', 'echo "Edit src/app.ts"; echo "Do you want to proceed?"; echo "❯ 1. Yes"; exec sleep 600');

  // done: the marker printed on its own line.
  server.tmux('new-session', '-d', '-s', 'pi-done', '-c', work('done'), 'sh', '-c', 'echo finished; echo __TASK_DONE__; exec sleep 600');

  // crashed: the agent exited 3, the pane stays to show it. (Its one line of output can be
  // lost by a busy tmux, so no test relies on it.)
  server.tmux('new-session', '-d', '-s', 'opencode-crash', '-c', work('crash'), 'sh', '-c', 'echo boom; exit 3', ';', 'set-option', '-p', 'remain-on-exit', 'on');

  // an autonomous build: 3 of 5 Task items checked, beside checkboxes that are not tasks.
  const buildDir = work('build');
  write(
    join(buildDir, '.autonomous', 'site', 'task_list.md'),
    ['# Task list', '- [x] Task 1: scaffold', '- [x] Task 2: pages', '- [x] Task 3: styles', '- [ ] Task 4: tests', '- [ ] Task 5: deploy', '', '## Notes', '- [x] coffee', '- [ ] not a task either'].join('\n'),
  );
  write(join(buildDir, '.autonomous', 'site', 'progress.md'), 'Session 3: styles done\n');
  server.tmux('new-session', '-d', '-s', 'codex-build', '-c', buildDir, 'sleep', '600');

  // stopped: stopped on purpose through oneshot; lost: its session is gone.
  const stoppedDir = taskRecord(area, server, 'halted');
  write(join(stoppedDir, 'stopped'), JSON.stringify({ at: iso(30), reason: 'stopped by user' }));
  taskRecord(area, server, 'vanished');

  // A session that is not an agent: left alone.
  server.tmux('new-session', '-d', '-s', 'editor', '-c', work('editor'), 'sleep', '600');

  return { workRoot: area.path('work'), codexThreadId };
}
