// The state of an agent whose pane is alive, fused from every signal it gives: its hooks
// (hooks.jsonl), what its screen shows, the terminal title it sets, the window's bell,
// its heartbeat. Each signal has known holes — no hook fires after an Esc interrupt or a
// rejected prompt, a pattern cannot know every dialog, a title lags — so no single one is
// trusted alone: the screen is the truth of what is shown now, a hook says what happened
// since, and where they disagree the state says so. Pure.
import { formatClock, formatDuration } from '../util/format.js';
import type { HookSignal } from '../hooks/signals.js';
import type { AgentKind, SignalNote } from './agent.js';
import { clip, clockOf, decided, limitedByEvents, STALE_FACTOR, type Classification, type ClassifyInput } from './classify.js';
import { readScreen, type ScreenReading } from './screens.js';
import { parseResetTime } from '../text/limits.js';

/** An interactive agent's pane quiet this long, with nothing else to go on, is `unknown`. */
export const QUIET_UNKNOWN_SEC = 10;
/** A hook this much older than the session is from an earlier run: shown, never trusted. */
const EARLIER_RUN_SLACK_MS = 2_000;

export type TitleVerdict = 'working' | 'idle' | 'approval';

/** What an agent's terminal title says, for the agents that animate it. */
export function readTitle(title: string, kind: AgentKind): TitleVerdict | null {
  const t = title.trim();
  if (t === '') return null;
  if (kind === 'claude' || kind === 'unknown') {
    // Claude Code: a spinner glyph while a turn runs, ✳ when it waits for a prompt.
    if (/^[\u2800-\u28ff✶✻✽✢·*]\s/.test(t)) return 'working';
    if (/^✳\s/.test(t)) return 'idle';
  }
  if (kind === 'codex' || kind === 'unknown') {
    // Codex: "[ ! ] Action Required | dir" (blinking with "[ . ]") at an approval.
    if (/^\[ [!.] \] Action Required\b/.test(t)) return 'approval';
    if (/^[\u2800-\u28ff]\s/.test(t)) return 'working';
  }
  return null;
}

/** Escape sequences and control characters out of a title before it is shown. */
export function cleanTitle(title: string): string {
  return clip(title.replace(/\x1b\[[0-9;?]*[ -/]*[@-~]/g, '').replace(/[\u0000-\u001f\u007f-\u009f]/g, ''), 80);
}

function hookNote(hook: HookSignal): SignalNote {
  return { signal: 'hook', at: hook.at, detail: `${hook.event}: ${hook.detail}` };
}

function screenNote(screen: ScreenReading, at: number | null): SignalNote {
  const what = screen.verdict === 'unknown' ? 'no known prompt, input box or progress line' : `${screen.verdict}: "${clip(screen.line, 60)}"${screen.subject ? ` about ${clip(screen.subject, 120)}` : ''}`;
  return { signal: 'screen', at, detail: what };
}

export function fuseLive(input: ClassifyInput & { command: string }): Classification {
  const { obs, kind, heartbeatIntervalSec, command } = input;
  // The clock is read through the Moment only: each reading says how long it holds.
  const clock = clockOf(input);
  const ago = (at: number) => clock.ageText(at);
  const session = obs.session;
  if (!session) throw new Error('fuseLive needs a live pane');
  const pane = session.pane;
  const interactive = obs.task?.record?.interactive === true;
  const startedAt = pane.sessionCreated * 1000;
  const outputAt = pane.windowActivity > 0 ? pane.windowActivity * 1000 : null;
  const screen = obs.paneTail ? readScreen(obs.paneTail, kind, () => clock.now) : null;
  const screenAt = outputAt;

  // Hooks: only this run's. A hooks.jsonl left by an earlier run is evidence of nothing now.
  const hooks = obs.task?.hooks ?? null;
  const lastHook = hooks?.last ?? null;
  const hook = lastHook && lastHook.at >= startedAt - EARLIER_RUN_SLACK_MS ? lastHook : null;
  const notes: SignalNote[] = [];
  if (lastHook && !hook) notes.push({ signal: 'hook', at: lastHook.at, detail: `ignored: ${lastHook.event} from before this session started (an earlier run)` });
  if (hooks && hooks.problems.length > 0) notes.push({ signal: 'hook', at: hooks.newest?.at ?? null, detail: `ignored: ${hooks.problems[0]}` });

  const hbAt = obs.dotAgent?.heartbeat?.at ?? null;
  const hbStale = hbAt !== null && clock.over(hbAt, STALE_FACTOR * heartbeatIntervalSec);
  // Said without its age: the BEAT column and the detail show that. An age here would make
  // every running agent's reason change each second, and each row with it.
  const hb = hbAt === null ? '' : hbStale ? `, heartbeat ${ago(hbAt)} old` : ', heartbeat on time';
  const title = readTitle(pane.title, kind);
  const titleNote = (): SignalNote => ({ signal: 'title', at: null, detail: `title "${cleanTitle(pane.title)}" says ${title}` });
  if (pane.bell) notes.push({ signal: 'bell', at: outputAt, detail: 'the window rang its bell' });
  const tools = session.tools ?? null;
  const toolNote: SignalNote | null =
    tools && tools.length > 0 ? { signal: 'process', at: null, detail: `a tool is running: ${clip(tools[0]!.command, 80)} (pid ${tools[0]!.pid})${tools.length > 1 ? `, and ${tools.length - 1} more` : ''}` } : null;

  const result = (state: Classification['state'], reason: string, by: SignalNote, disagreeing: SignalNote[] = [], until?: number | null): Classification => {
    const c = decided(state, reason, by.signal, by.at, [...disagreeing, ...notes]);
    c.evidence.detail = by.detail;
    return until !== undefined ? { ...c, until } : c;
  };
  const against = (...maybe: (SignalNote | null | false | undefined)[]): SignalNote[] => maybe.filter((n): n is SignalNote => Boolean(n));

  // 1. A prompt on screen is what the person must act on now.
  if (screen && (screen.verdict === 'approval' || screen.verdict === 'input')) {
    const state = screen.verdict === 'approval' ? 'needs-approval' : 'needs-input';
    const hookSays = hook && hook.kind !== screen.verdict && hook.kind !== 'other' && hookNote(hook);
    const what = screen.verdict === 'approval' && hook?.kind === 'approval' ? hook.detail : screen.subject ? `${screen.subject} ("${clip(screen.line, 40)}")` : `"${clip(screen.line, 60)}"`;
    return result(state, `pane shows ${screen.label ?? 'a prompt'}: ${what}`, screenNote(screen, screenAt), against(hookSays, title === 'working' && titleNote()));
  }

  // 2. A hook asked for a person, and the screen does not contradict it.
  if (hook && (hook.kind === 'approval' || hook.kind === 'input')) {
    const state = hook.kind === 'approval' ? 'needs-approval' : 'needs-input';
    if (screen && (screen.verdict === 'idle' || screen.verdict === 'working')) {
      // Answered, denied or interrupted: no hook says so, the screen does.
      const gone: SignalNote = { ...hookNote(hook), detail: `${hook.event} at ${formatClock(hook.at)}, but the prompt is no longer on screen (answered, denied or interrupted)` };
      return fromScreen(screen, [gone]);
    }
    const unseen = screen ? screenNote(screen, screenAt) : null;
    return result(state, `${hook.event} hook ${ago(hook.at)} ago: ${hook.detail}`, hookNote(hook), against(unseen));
  }

  // 3. A usage limit: reported by this run's events, or on screen.
  const limited = limitedByEvents(input, startedAt);
  if (limited) return { ...limited, evidence: { ...limited.evidence, disagreeing: [...limited.evidence.disagreeing, ...notes] } };
  if (hook?.kind === 'limit' && screen?.verdict !== 'working') {
    // Claude Code's StopFailure(rate_limit): the turn ended on the limit, nothing since.
    const until = parseResetTime(hook.detail, clock.now);
    return result('rate-limited', `${until !== null ? `rate-limited until ${formatClock(until)}` : 'rate-limited'}: "${clip(hook.detail, 60)}"`, hookNote(hook), [], until);
  }
  if (screen?.verdict === 'rate-limit') {
    const until = screen.until ?? null;
    return result('rate-limited', `${until !== null ? `rate-limited until ${formatClock(until)}` : 'rate-limited'}: "${clip(screen.line, 60)}"`, screenNote(screen, screenAt), [], until);
  }

  // 4. Liveness: a heartbeat gone quiet outranks what an old screen shows.
  if (hbAt !== null && hbStale) {
    return result('stale', `heartbeat ${ago(hbAt)} old (over ${STALE_FACTOR} × ${formatDuration(heartbeatIntervalSec * 1000)})`, { signal: 'heartbeat', at: hbAt, detail: `HEARTBEAT written ${ago(hbAt)} ago` });
  }

  // 5. The screen shows a turn in progress, or the idle input box.
  if (screen && (screen.verdict === 'working' || screen.verdict === 'idle')) {
    const hookSays = hook && hook.kind !== 'other' && hook.kind !== 'start' && hookVerdict(hook) !== screen.verdict && { ...hookNote(hook), detail: `${hook.event}: ${hook.detail} (${ago(hook.at)} ago)` };
    // A tool left running while the agent waits (a background command) is said, not decided on.
    return fromScreen(screen, against(hookSays, title && title !== screen.verdict && titleNote(), screen.verdict === 'idle' && toolNote));
  }

  // 6. Nothing on screen decides: the hooks, then the title.
  if (hook && (hook.kind === 'working' || hook.kind === 'idle' || hook.kind === 'start')) {
    const unseen = screen ? screenNote(screen, screenAt) : null;
    if (hook.kind === 'working') {
      return result('running', `${hook.detail} (${hook.event} ${ago(hook.at)} ago)${hb}`, hookNote(hook), against(unseen, title === 'idle' && titleNote()));
    }
    if (toolNote) {
      // The turn's end was reported, yet the agent's own process runs a tool: a new turn
      // started without a hook (a prompt typed in the pane), or a tool outlived its turn.
      return result('running', `${toolNote.detail.replace(/^a tool is running: /, 'running ')}; last hook ${hook.event} ${ago(hook.at)} ago`, toolNote, against(hookNote(hook), unseen));
    }
    // A turn finished or a session started, and no recognizable screen: the agent waits.
    return result('idle', `${hook.detail} (${hook.event} ${ago(hook.at)} ago); waiting for the next prompt`, hookNote(hook), against(unseen, title === 'working' && titleNote()));
  }
  if (title === 'approval') {
    const unseen = screen ? screenNote(screen, screenAt) : null;
    return result('needs-approval', `title says an approval is required: "${cleanTitle(pane.title)}"`, titleNote(), against(unseen));
  }
  if (title) {
    const unseen = screen ? screenNote(screen, screenAt) : null;
    return result(title === 'working' ? 'running' : 'idle', `title says ${title === 'working' ? 'a turn is running' : 'waiting for a prompt'}: "${cleanTitle(pane.title)}"`, titleNote(), against(unseen));
  }

  // 7. A tool call the agent runs, seen in its process tree: working, whatever the screen
  // (a long command prints nothing and fires no event until it ends).
  if (toolNote) {
    const unseen = screen ? screenNote(screen, screenAt) : null;
    return result('running', `${toolNote.detail.replace(/^a tool is running: /, 'running ')}${hb}`, toolNote, against(unseen));
  }

  // 8. An agent run interactively whose screen nobody recognizes, quiet for a while: say so
  // rather than guess "idle" (it may be a dialog no pattern knows).
  if (interactive && screen && outputAt !== null && clock.atLeast(outputAt, QUIET_UNKNOWN_SEC)) {
    const lastHookText = hook ? `; last hook ${hook.event} ${ago(hook.at)} ago` : '; no hook yet';
    return result('unknown', `the screen matches no known prompt or input box, no output for ${ago(outputAt)}${lastHookText}`, screenNote(screen, screenAt));
  }
  return result('running', `session alive, ${command || 'agent'} running in ${pane.paneId}${hb}`, { signal: 'pane', at: startedAt, detail: `${command || 'the agent'} is the pane's foreground program` });

  function fromScreen(s: ScreenReading, disagreeing: SignalNote[]): Classification {
    if (s.verdict === 'working') {
      const tool = tools && tools.length > 0 ? `; running ${clip(tools[0]!.command, 60)}` : '';
      return result('running', `pane shows a turn in progress: "${clip(s.line, 60)}"${tool}${hb}`, screenNote(s, screenAt), disagreeing);
    }
    // The idle box of an agent run headless would be odd; of an interactive one it is its rest.
    return result('idle', `waiting for the next prompt: "${clip(s.line, 60)}"`, screenNote(s, screenAt), disagreeing);
  }
}

function hookVerdict(hook: HookSignal): 'working' | 'idle' | null {
  if (hook.kind === 'working') return 'working';
  if (hook.kind === 'idle' || hook.kind === 'start') return 'idle';
  return null;
}
