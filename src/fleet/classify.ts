// Exactly one state per agent, and a one-line reason naming the evidence. Pure.
import { describeExit, formatAge, formatDuration } from '../util/format.js';
import type { AgentKind, AgentObservation, AgentState } from './agent.js';
import { findWaitingPrompt } from './prompts.js';

/** How long a dead pane may wait for its exit status before it counts as ended. */
const DEAD_WITHOUT_STATUS_SEC = 3;

export const SHELLS = new Set(['bash', 'zsh', 'sh', 'dash', 'fish', 'ksh', 'mksh', 'tcsh', 'csh', 'ash']);
export const DONE_MARKER = '__TASK_DONE__';
/** A heartbeat older than this many intervals is stale. */
export const STALE_FACTOR = 3;

export interface Classification {
  state: AgentState;
  reason: string;
}

export interface ClassifyInput {
  obs: AgentObservation;
  kind: AgentKind;
  heartbeatIntervalSec: number;
  now: number;
  serverLabel: string;
}

/** `__TASK_DONE__` on a line of its own (the command that echoes it is not enough). */
export function paneShowsDone(lines: readonly string[]): boolean {
  return lines.some((line) => line.trim() === DONE_MARKER);
}

function doneEvidence(obs: AgentObservation, ended: boolean): string | null {
  if (obs.task?.doneMarker) {
    // A run can succeed with tool calls refused: the done reason says so.
    if (obs.task.exit?.code === 0 && obs.task.exit.reason) return `finished, but ${obs.task.exit.reason}`;
    return obs.task.origin === 'oneshot' ? 'done marker written on success' : `done marker in ${obs.task.dir}`;
  }
  if (obs.paneTail && paneShowsDone(obs.paneTail)) return `${DONE_MARKER} printed in the pane`;
  if (obs.autonomous?.promiseDone) return '<promise>DONE</promise> in the task notes';
  const tasks = obs.autonomous?.progress;
  if (tasks && tasks.total > 0 && tasks.done === tasks.total && ended) {
    return `all ${tasks.total} Task items checked and the agent exited 0`;
  }
  return null;
}

function heartbeatAgeSec(obs: AgentObservation, now: number): number | null {
  const hb = obs.dotAgent?.heartbeat;
  return hb ? Math.max(0, (now - hb.at) / 1000) : null;
}

export function classify(input: ClassifyInput): Classification {
  const { obs, kind, heartbeatIntervalSec, now, serverLabel } = input;
  const session = obs.session;
  const pane = session?.pane ?? null;
  const exit = obs.task?.exit ?? null;
  const openTasks = obs.autonomous?.progress && obs.autonomous.progress.total > 0 && obs.autonomous.progress.done < obs.autonomous.progress.total
    ? obs.autonomous.progress
    : null;

  if (obs.task?.stopped) {
    const why = obs.task.stopped.reason ? `: ${obs.task.stopped.reason}` : '';
    return { state: 'stopped', reason: `stopped through oneshot${why}` };
  }

  const paneExitedZero = pane?.dead === true && pane.deadSignal === null && pane.deadStatus === 0;
  const lockAlive = obs.autonomous?.lock?.alive === true || obs.task?.lock?.alive === true;
  const ended = paneExitedZero || exit?.code === 0 || (!session && !lockAlive);
  const done = doneEvidence(obs, ended);
  if (done) return { state: 'done', reason: done };

  if (session && pane) {
    if (pane.dead) {
      // tmux marks a pane dead when its terminal closes and learns the status a moment later.
      if (pane.deadSignal === null && pane.deadStatus === null && !exit) {
        // Seen on a busy tmux 3.3: a pane marked dead whose status never arrives. A moment is
        // normal; after that the program is gone all the same.
        const deadFor = pane.deadTime !== null ? now / 1000 - pane.deadTime : 0;
        if (deadFor < DEAD_WITHOUT_STATUS_SEC) return { state: 'running', reason: 'the agent is exiting (tmux has not reported its status yet)' };
        return { state: 'crashed', reason: 'the pane died and tmux reported no exit status, no done marker' };
      }
      if (pane.deadSignal !== null) return { state: 'crashed', reason: `pane died: ${describeExit(null, pane.deadSignal)}, no done marker` };
      const code = pane.deadStatus ?? exit?.code ?? null;
      if (code !== 0) {
        const recordedSignal = exit?.signal ?? null;
        return { state: 'crashed', reason: exit?.reason ?? `agent exited with ${describeExit(code, recordedSignal)}, no done marker` };
      }
      if (openTasks) return { state: 'crashed', reason: `agent exited 0 with ${openTasks.total - openTasks.done} of ${openTasks.total} Task items open` };
      return { state: 'done', reason: 'agent exited with status 0' };
    }
    if (exit && (exit.code !== 0 || exit.signal)) {
      return { state: 'crashed', reason: exit.reason ?? `agent exited with ${describeExit(exit.code, exit.signal)} (recorded), no done marker` };
    }
    const command = pane.currentCommand.replace(/^-/, '');
    if (SHELLS.has(command) && obs.sessionMatch !== 'dir') {
      const idle = session.shellChildren !== null ? session.shellChildren === 0 : lastLineIsPrompt(obs.paneTail);
      if (idle) return { state: 'crashed', reason: `agent exited: pane is back at a ${command} prompt without ${DONE_MARKER}` };
    }
    const prompt = obs.paneTail ? findWaitingPrompt(obs.paneTail, kind) : null;
    if (prompt) return { state: 'waiting', reason: `pane shows ${prompt.prompt.label}: "${clip(prompt.line, 60)}"` };
    const age = heartbeatAgeSec(obs, now);
    if (age !== null && age > STALE_FACTOR * heartbeatIntervalSec) {
      return { state: 'stale', reason: `heartbeat ${formatAge(age)} old (over ${STALE_FACTOR} × ${formatDuration(heartbeatIntervalSec * 1000)})` };
    }
    const hb = age !== null ? `, heartbeat ${formatAge(age)} ago` : '';
    return { state: 'running', reason: `session alive, ${command || 'agent'} running in ${pane.paneId}${hb}` };
  }

  // No tmux session.
  if (exit && (exit.code !== 0 || exit.signal)) {
    return { state: 'crashed', reason: `${exit.reason ?? `agent exited with ${describeExit(exit.code, exit.signal)}`}; session gone` };
  }
  const lock = obs.autonomous?.lock ?? obs.task?.lock ?? null;
  if (lock?.alive) return { state: 'running', reason: `runner pid ${lock.pid} alive (no tmux session)` };
  const age = heartbeatAgeSec(obs, now);
  if (!obs.expectedSession && age !== null && age <= STALE_FACTOR * heartbeatIntervalSec) {
    return { state: 'running', reason: `heartbeat ${formatAge(age)} ago, not in a tmux session on ${serverLabel}` };
  }
  if (exit && exit.code === 0) return { state: 'crashed', reason: 'agent exited 0 without writing its done marker; session gone' };
  const where = obs.serverChecked ? `on ${serverLabel}` : obs.serverHung ? `(tmux server ${serverLabel} not answering)` : `(tmux server ${serverLabel} not running)`;
  const named = obs.expectedSession ? `no tmux session "${obs.expectedSession}" ${where}` : `no tmux session ${where}`;
  const open = openTasks ? `, ${openTasks.total - openTasks.done} Task items open` : '';
  return { state: 'lost', reason: `${named}, neither done nor stopped${open}` };
}

/** A line ending the way shell prompts end ($, #, %, >, ❯): used where /proc is not available. */
export function lastLineIsPrompt(lines: readonly string[] | null): boolean {
  if (!lines) return false;
  const last = [...lines].reverse().find((l) => l.trim() !== '');
  return last !== undefined && /[$#%>❯]\s*$/.test(last);
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
