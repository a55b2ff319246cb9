// `oneshot explain`: every signal oneshot read for one agent, which one decided its state
// and which disagree. Pure: the same lines serve the command line and the detail panel.
import { formatAge, formatClock } from '../util/format.js';
import type { AgentView, SignalNote } from './agent.js';
import { cleanTitle, readTitle } from './engine.js';
import { readScreen } from './screens.js';

export interface ExplainLine {
  label: string;
  text: string;
}

function when(at: number | null, now: number): string {
  return at === null ? '' : ` (${formatClock(at)}, ${formatAge(Math.max(0, (now - at) / 1000))} ago)`;
}

function note(n: SignalNote, now: number): ExplainLine {
  return { label: n.signal, text: `${n.detail}${when(n.at, now)}` };
}

/** The evidence, then every signal as read: the decision first, the raw material after. */
export function explainLines(agent: AgentView, now: number): { decided: ExplainLine[]; disagreeing: ExplainLine[]; signals: ExplainLine[] } {
  const e = agent.evidence;
  const decided: ExplainLine[] = [
    { label: 'state', text: `${agent.state}${agent.until ? ` until ${formatClock(agent.until)}` : ''}` },
    { label: 'reason', text: agent.reason },
    { label: 'decided by', text: `${e.signal}: ${e.detail}${when(e.at, now)}` },
  ];
  const disagreeing = e.disagreeing.map((d) => note(d, now));
  const signals: ExplainLine[] = [];
  const pane = agent.session?.pane ?? null;
  if (pane) {
    signals.push({ label: 'pane', text: `${pane.paneId} in ${agent.session?.name ?? '?'}, ${pane.dead ? `dead (status ${pane.deadStatus ?? '?'})` : `running ${pane.currentCommand || '?'}`}, last output${when(pane.windowActivity ? pane.windowActivity * 1000 : null, now) || ' unknown'}` });
    const verdict = readTitle(pane.title, agent.kind);
    signals.push({ label: 'title', text: `"${cleanTitle(pane.title)}"${verdict ? ` (says ${verdict})` : ' (says nothing oneshot knows)'}` });
    signals.push({ label: 'bell', text: pane.bell ? 'rang since the window was last viewed' : 'off' });
  } else signals.push({ label: 'pane', text: agent.expectedSession ? `no session "${agent.expectedSession}"` : 'no tmux session' });
  if (agent.paneTail) {
    const screen = readScreen(agent.paneTail, agent.kind, now);
    const last = agent.paneTail.filter((l) => l.trim() !== '').slice(-1)[0] ?? '';
    signals.push({ label: 'screen', text: screen.verdict === 'unknown' ? `no known pattern; last line "${cleanTitle(last)}"` : `${screen.verdict} (${screen.pattern}): "${cleanTitle(screen.line)}"` });
  }
  const hooks = agent.task?.hooks ?? null;
  if (hooks) {
    const newest = hooks.newest;
    signals.push({
      label: 'hooks',
      text: `${hooks.count} line${hooks.count === 1 ? '' : 's'} read${newest ? `; newest ${newest.event}: ${newest.detail}${when(newest.at, now)}` : ''}${hooks.problems.length ? `; unusable: ${hooks.problems.join('; ')}` : ''}`,
    });
  } else if (agent.task?.record?.interactive) signals.push({ label: 'hooks', text: 'none received yet' });
  const hb = agent.dotAgent?.heartbeat ?? null;
  signals.push({ label: 'heartbeat', text: hb ? `written${when(hb.at, now)}` : 'none' });
  const last = agent.events.stream.lastEvent;
  if (last) signals.push({ label: 'events', text: `${last.type}: ${last.text}${when(last.at, now)}` });
  const exit = agent.task?.exit ?? null;
  if (exit) signals.push({ label: 'exit', text: `status ${exit.code ?? '?'}${exit.signal ? ` (${exit.signal})` : ''}${when(exit.at, now)}` });
  return { decided, disagreeing, signals };
}

/** Aligned text for a terminal or a pipe. */
export function renderExplain(agent: AgentView, now: number): string {
  const { decided, disagreeing, signals } = explainLines(agent, now);
  const width = Math.max(...[...decided, ...disagreeing, ...signals].map((l) => l.label.length));
  const row = (l: ExplainLine, indent = '') => `${indent}${l.label.padEnd(width)}  ${l.text}`;
  const out = [`${agent.name} (${agent.kind})`, ...decided.map((l) => row(l))];
  out.push(disagreeing.length ? 'disagreeing or ignored:' : 'disagreeing: none');
  out.push(...disagreeing.map((l) => row(l, '  ')));
  out.push('signals read:', ...signals.map((l) => row(l, '  ')));
  return out.join('\n');
}
