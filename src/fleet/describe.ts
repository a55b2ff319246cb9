// The describe view (D in the dashboard, `oneshot describe`): everything oneshot knows
// about one agent, in sections — what it is, why it is in its state, its task record,
// tmux, progress, its files, STATUS.md, checkpoints, runs, events, and the environment it
// was started with (secrets hidden). Pure: the files are read by sources/describe.ts.
import { formatAge, formatClock } from '../util/format.js';
import { shownValue } from '../text/secrets.js';
import { plainText } from '../text/sanitize.js';
import type { AgentView } from './agent.js';
import { explainLines } from './explain.js';

export interface DescribedFile {
  path: string;
  size: number;
  mtimeMs: number;
}

/** What the describe view reads from disk, beyond what a poll keeps. */
export interface DescribeExtra {
  files: DescribedFile[];
  /** STATUS.md, whole (bounded). */
  status: string[] | null;
  /** CHECKPOINTS.md's entries, oldest first. */
  checkpoints: string[] | null;
  /** runs.jsonl, parsed, oldest first. */
  runs: Record<string, unknown>[] | null;
  /** The environment the task was started with (env.json). */
  env: Record<string, string> | null;
  /** Where it was read, when not here (another machine's agent described from here). */
  note?: string | null;
  /** Lines left out of a long file, by file. */
  cut?: Record<string, number>;
}

export const NO_EXTRA: DescribeExtra = { files: [], status: null, checkpoints: null, runs: null, env: null };

const LABEL = 14;

function row(label: string, value: string | number | null | undefined): string[] {
  if (value === null || value === undefined || value === '') return [];
  return [`  ${label.padEnd(LABEL)}${plainText(String(value))}`];
}

function when(at: number | null | undefined, now: number): string {
  if (at === null || at === undefined || !Number.isFinite(at)) return '';
  return `${new Date(at).toISOString().replace('T', ' ').slice(0, 19)} (${formatAge(Math.max(0, (now - at) / 1000))} ago)`;
}

function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} kB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function section(title: string, lines: string[]): string[] {
  return lines.length === 0 ? [] : ['', title, ...lines];
}

/** One runs.jsonl entry as a line: when, what, and the fields that matter. */
function runLine(run: Record<string, unknown>): string {
  const at = typeof run.at === 'string' ? run.at.replace('T', ' ').slice(0, 19) : '';
  const event = typeof run.event === 'string' ? run.event : '?';
  const rest = Object.entries(run)
    .filter(([k]) => k !== 'at' && k !== 'event')
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.map(String).join(' ') : typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v)}`)
    .join(' ');
  return `  ${at.padEnd(20)}${event.padEnd(12)}${plainText(rest)}`;
}

export function describeAgent(agent: AgentView, extra: DescribeExtra, now: number): string[] {
  const out: string[] = [];
  const record = agent.task?.record ?? null;
  out.push(`${plainText(agent.name)} · ${agent.state} · ${agent.kind}${agent.host ? ` on ${agent.host}` : ''}`);
  if (extra.note) out.push(plainText(extra.note));

  out.push(
    ...section('Agent', [
      ...row('id', agent.id),
      ...row('host', agent.host ?? 'this machine'),
      ...row('kind', agent.kind),
      ...row('directory', agent.dir),
      ...row('found by', agent.sessionMatch ? `its session (matched by ${agent.sessionMatch})` : agent.task ? 'its task directory' : 'its state files'),
      ...row('progress', agent.progress ? `${agent.progress.done}/${agent.progress.total} (${agent.progress.source === 'tasks' ? 'Task N: items' : 'todo list'})` : null),
      ...row('session id', agent.task?.sessionIdFile ?? null),
    ]),
  );

  const { decided, disagreeing, signals } = explainLines(agent, now);
  out.push(
    ...section('State and its evidence', [
      ...decided.flatMap((d) => row(d.label, d.text)),
      ...disagreeing.flatMap((d) => row(`differs: ${d.label}`, d.text)),
      ...signals.flatMap((s) => row(s.label, s.text)),
    ]),
  );

  if (agent.task) {
    const t = agent.task;
    out.push(
      ...section(`Task record (${t.origin === 'oneshot' ? 'task.json' : 'TASK_TMPDIR'})`, [
        ...row('task dir', t.dir),
        ...row('created', record?.created),
        ...row('command', record ? record.argv.join(' ') : null),
        ...row('program', record?.bin),
        ...row('extra args', record && record.agent !== 'shell' ? record.extraArgs?.join(' ') : null),
        ...row('autonomy', record ? (record.autonomy ?? 'workspace') : null),
        ...row('mode', record ? (record.interactive ? 'interactive (its own interface in the pane)' : 'headless') : null),
        ...row('checkpoints', record?.checkpoint ?? (record ? 'the config\'s mode' : null)),
        ...row('worktree', record?.worktree ? `${record.worktree.path} (${record.worktree.branch})` : null),
        ...row('build', record?.build ? `${record.build.idea} (${t.build ? `session ${t.build.session} of ` : 'up to '}${record.build.maxSessions})` : null),
        ...row('tmux server', record?.socket?.name ? `-L ${record.socket.name}` : record?.socket?.path ? `-S ${record.socket.path}` : record?.socketPath),
        ...row('heartbeat', record?.heartbeatIntervalSec ? `every ${record.heartbeatIntervalSec} s` : null),
        ...row('done marker', t.doneMarker ? 'present' : null),
        ...row('exit', t.exit ? `code ${t.exit.code ?? '?'}${t.exit.signal ? ` (${t.exit.signal})` : ''}${t.exit.at ? `, ${when(t.exit.at, now)}` : ''}${t.exit.reason ? `: ${t.exit.reason}` : ''}` : null),
        ...row('stopped', t.stopped ? `${t.stopped.reason ?? 'by request'}${t.stopped.at ? `, ${when(t.stopped.at, now)}` : ''}` : null),
        ...row('lock', t.lock ? `pid ${t.lock.pid} (${t.lock.alive ? 'alive' : 'gone'})` : null),
        ...t.problems.flatMap((p) => row('problem', p)),
      ]),
    );
  }

  const s = agent.session;
  if (s) {
    const p = s.pane;
    out.push(
      ...section('tmux', [
        ...row('session', `${s.name} (${s.id}), ${s.attached ? `${s.attached} attached` : 'not attached'}`),
        ...row('created', when(s.created * 1000, now)),
        ...row('pane', `${p.paneId} of ${s.paneCount}, pid ${p.panePid}, ${p.dead ? `dead (status ${p.deadStatus ?? '?'})` : `running ${p.currentCommand || '?'}`}, ${p.width}×${p.height}`),
        ...row('pane path', p.currentPath),
        ...row('tools', s.tools && s.tools.length ? s.tools.map((tool) => `${tool.command} (pid ${tool.pid})`).join(', ') : null),
      ]),
    );
  } else out.push(...section('tmux', row('session', agent.expectedSession ? `${agent.expectedSession} (gone)` : 'none')));

  const auto = agent.autonomous;
  if (auto) {
    out.push(
      ...section(`Task list (.autonomous/${auto.task})`, [
        ...row('directory', auto.dir),
        ...(auto.progress?.items ?? []).map((item) => `  [${item.done ? 'x' : ' '}] Task ${item.number}: ${plainText(item.title)}`),
        ...row('done promise', auto.promiseDone ? 'written' : null),
        ...row('sessions', auto.sessionLogs ? `${auto.sessionLogs} logs, newest ${auto.latestSessionLog ?? '?'}` : null),
        ...auto.progressNotes.slice(-5).flatMap((n) => row('note', n)),
        ...row('lock', auto.lock ? `pid ${auto.lock.pid} (${auto.lock.alive ? 'alive' : 'gone'})` : null),
        ...auto.problems.flatMap((p) => row('problem', p)),
      ]),
    );
  }

  const dot = agent.dotAgent;
  if (dot) {
    out.push(
      ...section('.agent/', [
        ...row('directory', dot.dir),
        ...row('heartbeat', dot.heartbeat ? `${when(dot.heartbeat.at, now)}` : 'none'),
        ...row('last state', dot.lastState),
        ...row('recovery', dot.recovery ? 'RECOVERY.md present' : null),
        ...dot.problems.flatMap((p) => row('problem', p)),
      ]),
    );
  }

  out.push(
    ...section(
      'Files',
      extra.files.map((f) => `  ${size(f.size).padStart(9)}  ${formatClock(f.mtimeMs)}  ${plainText(f.path)}`),
    ),
  );

  const cut = (file: string) => (extra.cut?.[file] ? [`  … ${extra.cut[file]} earlier lines not shown`] : []);
  if (extra.status) out.push(...section('STATUS.md', [...cut('status'), ...extra.status.map((l) => `  ${plainText(l)}`)]));
  else if (dot && dot.statusTail.length) out.push(...section('STATUS.md (last lines)', dot.statusTail.map((l) => `  ${plainText(l)}`)));
  if (extra.checkpoints) out.push(...section(`Checkpoints (${extra.checkpoints.length})`, [...cut('checkpoints'), ...extra.checkpoints.map((c) => `  ${plainText(c)}`)]));
  else if (dot?.checkpoints) out.push(...section(`Checkpoints (${dot.checkpoints.count})`, row('last', dot.checkpoints.last)));
  if (extra.runs) out.push(...section(`Runs (runs.jsonl, ${extra.runs.length} entries)`, [...cut('runs'), ...extra.runs.map(runLine)]));

  const ev = agent.events;
  const last = ev.stream.lastEvent;
  out.push(
    ...section('Events', [
      ...row('from', agent.eventsPath),
      ...row('read', `${ev.recent.length} recent kept${ev.stream.badLines ? `, ${ev.stream.badLines} unreadable lines` : ''}`),
      ...row('last', last ? `${last.type}: ${last.text}${last.at ? `, ${when(last.at, now)}` : ''}` : null),
    ]),
  );

  if (extra.env) {
    const names = Object.keys(extra.env).sort();
    out.push(...section(`Environment it was started with (${names.length} variables; secrets hidden)`, names.map((n) => `  ${plainText(n)}=${plainText(shownValue(n, extra.env![n] ?? ''))}`)));
  } else if (s && Object.keys(s.env).length) {
    const names = Object.keys(s.env).sort();
    out.push(...section('Session environment (tmux; secrets hidden)', names.map((n) => `  ${plainText(n)}=${plainText(shownValue(n, s.env[n] ?? ''))}`)));
  }
  return out;
}
