// Exactly one state per agent, the signal that decided it and the signals that disagree,
// and a one-line reason naming the evidence. Pure.
import type { EventStreamState } from '../events/parse.js';
import { describeExit, formatClock, formatDuration } from '../util/format.js';
import type { AgentKind, AgentObservation, AgentState, Evidence, Signal, SignalNote } from './agent.js';
import { fuseLive } from './engine.js';
import { Moment } from './moment.js';

/** How long a dead pane may wait for its exit status before it counts as ended. */
const DEAD_WITHOUT_STATUS_SEC = 3;

export const SHELLS = new Set(['bash', 'zsh', 'sh', 'dash', 'fish', 'ksh', 'mksh', 'tcsh', 'csh', 'ash']);
export const DONE_MARKER = '__TASK_DONE__';
/** A heartbeat older than this many intervals is stale. */
export const STALE_FACTOR = 3;

export interface Classification {
  state: AgentState;
  reason: string;
  evidence: Evidence;
  /** rate-limited: when the limit resets (epoch ms), when known. */
  until?: number | null;
}

/** A state decided by one signal, nothing disagreeing. */
export function decided(state: AgentState, reason: string, signal: Signal, at: number | null = null, disagreeing: SignalNote[] = []): Classification {
  return { state, reason, evidence: { signal, at, detail: reason, disagreeing } };
}

export interface ClassifyInput {
  obs: AgentObservation;
  kind: AgentKind;
  heartbeatIntervalSec: number;
  now: number;
  /**
   * The clock as the verdict reads it: each reading says how long its answer holds (see
   * Moment). Without one, `now` is read as a plain time.
   */
  clock?: Moment;
  serverLabel: string;
  /** What the agent's event log last said about a usage or rate limit. */
  limit?: EventStreamState['rateLimit'];
}

/** Held by a limit its events reported: rate-limited (until the reset), not crashed or lost. */
export function limitedByEvents(input: ClassifyInput, since = 0): Classification | null {
  const limit = input.limit;
  if (!limit?.limited || (limit.at !== null && limit.at < since)) return null;
  const until = limit.resetsAt;
  const reason = `${until !== null ? `rate-limited until ${formatClock(until)}` : 'rate-limited'}: ${clip(limit.text, 80)}`;
  return { ...decided('rate-limited', reason, 'events', limit.at), until };
}

/** `__TASK_DONE__` on a line of its own (the command that echoes it is not enough). */
export function paneShowsDone(lines: readonly string[]): boolean {
  return lines.some((line) => line.trim() === DONE_MARKER);
}

function doneEvidence(obs: AgentObservation, ended: boolean): { reason: string; signal: Signal } | null {
  if (obs.task?.doneMarker) {
    // A run can succeed with tool calls refused: the done reason says so.
    if (obs.task.exit?.code === 0 && obs.task.exit.reason) return { reason: `finished, but ${obs.task.exit.reason}`, signal: 'done-marker' };
    return { reason: obs.task.origin === 'oneshot' ? 'done marker written on success' : `done marker in ${obs.task.dir}`, signal: 'done-marker' };
  }
  if (obs.paneTail && paneShowsDone(obs.paneTail)) return { reason: `${DONE_MARKER} printed in the pane`, signal: 'screen' };
  if (obs.autonomous?.promiseDone) return { reason: '<promise>DONE</promise> in the task notes', signal: 'done-marker' };
  const tasks = obs.autonomous?.progress;
  if (tasks && tasks.total > 0 && tasks.done === tasks.total && ended) {
    return { reason: `all ${tasks.total} Task items checked and the agent exited 0`, signal: 'exit' };
  }
  return null;
}

/** The input's clock: its own Moment, or one made from `now`. */
export function clockOf(input: ClassifyInput): Moment {
  return input.clock ?? new Moment(input.now);
}

export function classify(input: ClassifyInput): Classification {
  const { obs, heartbeatIntervalSec, serverLabel } = input;
  const clock = clockOf(input);
  const session = obs.session;
  const pane = session?.pane ?? null;
  const exit = obs.task?.exit ?? null;
  const exitAt = exit?.at ?? null;
  const openTasks = obs.autonomous?.progress && obs.autonomous.progress.total > 0 && obs.autonomous.progress.done < obs.autonomous.progress.total
    ? obs.autonomous.progress
    : null;

  if (obs.task?.stopped) {
    const why = obs.task.stopped.reason ? `: ${obs.task.stopped.reason}` : '';
    return decided('stopped', `stopped through oneshot${why}`, 'stopped', obs.task.stopped.at);
  }

  const paneExitedZero = pane?.dead === true && pane.deadSignal === null && pane.deadStatus === 0;
  const lockAlive = obs.autonomous?.lock?.alive === true || obs.task?.lock?.alive === true;
  const ended = paneExitedZero || exit?.code === 0 || (!session && !lockAlive);
  const done = doneEvidence(obs, ended);
  if (done) return decided('done', done.reason, done.signal);

  if (session && pane) {
    const deadAt = pane.deadTime !== null ? pane.deadTime * 1000 : null;
    if (pane.dead || (exit && (exit.code !== 0 || exit.signal))) {
      // Ended by a usage limit: it waits for the reset, it did not crash.
      const limited = limitedByEvents(input);
      if (limited) return limited;
    }
    if (pane.dead) {
      // tmux marks a pane dead when its terminal closes and learns the status a moment later.
      if (pane.deadSignal === null && pane.deadStatus === null && !exit) {
        // Seen on a busy tmux 3.3: a pane marked dead whose status never arrives. A moment is
        // normal; after that the program is gone all the same.
        if (pane.deadTime === null || !clock.atLeast(pane.deadTime * 1000, DEAD_WITHOUT_STATUS_SEC)) return decided('running', 'the agent is exiting (tmux has not reported its status yet)', 'pane', deadAt);
        return decided('crashed', 'the pane died and tmux reported no exit status, no done marker', 'pane', deadAt);
      }
      if (pane.deadSignal !== null) return decided('crashed', `pane died: ${describeExit(null, pane.deadSignal)}, no done marker`, 'pane', deadAt);
      const code = pane.deadStatus ?? exit?.code ?? null;
      if (code !== 0) {
        const recordedSignal = exit?.signal ?? null;
        return decided('crashed', exit?.reason ?? `agent exited with ${describeExit(code, recordedSignal)}, no done marker`, 'pane', deadAt);
      }
      if (openTasks) return decided('crashed', `agent exited 0 with ${openTasks.total - openTasks.done} of ${openTasks.total} Task items open`, 'pane', deadAt);
      return decided('done', 'agent exited with status 0', 'pane', deadAt);
    }
    if (exit && (exit.code !== 0 || exit.signal)) {
      return decided('crashed', exit.reason ?? `agent exited with ${describeExit(exit.code, exit.signal)} (recorded), no done marker`, 'exit', exitAt);
    }
    const command = pane.currentCommand.replace(/^-/, '');
    if (SHELLS.has(command) && obs.sessionMatch !== 'dir') {
      const idle = session.shellChildren !== null ? session.shellChildren === 0 : lastLineIsPrompt(obs.paneTail);
      if (idle) return decided('crashed', `agent exited: pane is back at a ${command} prompt without ${DONE_MARKER}`, session.shellChildren !== null ? 'process' : 'screen');
    }
    return fuseLive({ ...input, clock, command });
  }

  // No tmux session.
  const limited = limitedByEvents(input);
  if (limited) return limited;
  if (exit && (exit.code !== 0 || exit.signal)) {
    return decided('crashed', `${exit.reason ?? `agent exited with ${describeExit(exit.code, exit.signal)}`}; session gone`, 'exit', exitAt);
  }
  const lock = obs.autonomous?.lock ?? obs.task?.lock ?? null;
  if (lock?.alive) return decided('running', `runner pid ${lock.pid} alive (no tmux session)`, 'lock');
  const hbAt = obs.dotAgent?.heartbeat?.at ?? null;
  if (!obs.expectedSession && hbAt !== null && !clock.over(hbAt, STALE_FACTOR * heartbeatIntervalSec)) {
    return decided('running', `heartbeat ${clock.ageText(hbAt)} ago, not in a tmux session on ${serverLabel}`, 'heartbeat', hbAt);
  }
  if (exit && exit.code === 0) return decided('crashed', 'agent exited 0 without writing its done marker; session gone', 'exit', exitAt);
  const where = obs.serverChecked ? `on ${serverLabel}` : obs.serverHung ? `(tmux server ${serverLabel} not answering)` : `(tmux server ${serverLabel} not running)`;
  const named = obs.expectedSession ? `no tmux session "${obs.expectedSession}" ${where}` : `no tmux session ${where}`;
  const open = openTasks ? `, ${openTasks.total - openTasks.done} Task items open` : '';
  return decided('lost', `${named}, neither done nor stopped${open}`, 'tmux');
}

/** A line ending the way shell prompts end ($, #, %, >, ❯): used where /proc is not available. */
export function lastLineIsPrompt(lines: readonly string[] | null): boolean {
  if (!lines) return false;
  const last = [...lines].reverse().find((l) => l.trim() !== '');
  return last !== undefined && /[$#%>❯]\s*$/.test(last);
}

export function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
