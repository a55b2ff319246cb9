// An agent's full log: .agent/session.log (what the pane showed), else the pane's history.
import type { AgentView } from '../fleet/agent.js';
import { readText } from '../sources/files.js';
import { createTailer } from '../sources/tail.js';
import { sanitizeLine } from '../text/sanitize.js';
import { OpError, type OpsContext } from './context.js';

export interface LogText {
  source: string;
  lines: string[];
}

const MAX_LOG_BYTES = 8 * 1024 * 1024;

export async function readLog(ctx: Pick<OpsContext, 'tmux'>, agent: AgentView, maxLines = 100_000): Promise<LogText> {
  if (agent.logPath) {
    const file = await readText(agent.logPath, MAX_LOG_BYTES);
    if (file.status === 'ok') return { source: agent.logPath, lines: trim(file.text.split('\n').map((l) => sanitizeLine(l, { keepColors: true })), maxLines) };
  }
  if (agent.session) {
    const pane = agent.session.pane.paneId;
    const text = (await ctx.tmux.capturePanes([{ paneId: pane, lines: 100_000, escapes: true }])).get(pane);
    if (text !== undefined) return { source: `pane ${pane}`, lines: trim(text.replace(/\n+$/, '').split('\n').map((l) => sanitizeLine(l, { keepColors: true })), maxLines) };
  }
  throw new OpError(`${agent.name} has no session log and no tmux pane to read`);
}

function trim(lines: string[], max: number): string[] {
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines.length > max ? lines.slice(-max) : lines;
}

/** Print the log as it grows until `signal` aborts (oneshot follow). */
export async function followLog(ctx: Pick<OpsContext, 'tmux'>, agent: AgentView, write: (line: string) => void, signal: AbortSignal, initialLines = 20): Promise<void> {
  // Each wait removes its own abort listener: one per wait would pile up on the signal.
  const wait = (ms: number) =>
    new Promise<void>((resolve) => {
      const onAbort = () => {
        clearTimeout(t);
        resolve();
      };
      const t = setTimeout(() => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  if (agent.logPath) {
    const tailer = createTailer(agent.logPath, { initialBytes: 64 * 1024 });
    const first = await tailer.read();
    for (const line of first.lines.slice(-initialLines)) write(sanitizeLine(line, { keepColors: true }));
    while (!signal.aborted) {
      await wait(300);
      const chunk = await tailer.read();
      for (const line of chunk.lines) write(sanitizeLine(line, { keepColors: true }));
    }
    return;
  }
  if (!agent.session) throw new OpError(`${agent.name} has no session log and no tmux pane to follow`);
  const pane = agent.session.pane.paneId;
  let previous: string[] = [];
  while (!signal.aborted) {
    const text = (await ctx.tmux.capturePanes([{ paneId: pane, lines: 200, escapes: true }])).get(pane);
    if (text === undefined) throw new OpError(`the pane of ${agent.name} is gone`);
    const lines = text.replace(/\n+$/, '').split('\n');
    // Print what is new since the last look: the lines after the longest overlap.
    let overlap = 0;
    for (let k = Math.min(previous.length, lines.length); k > 0; k--) {
      if (previous.slice(-k).join('\n') === lines.slice(0, k).join('\n')) {
        overlap = k;
        break;
      }
    }
    const fresh = previous.length === 0 ? lines.slice(-initialLines) : lines.slice(overlap);
    for (const line of fresh) write(sanitizeLine(line, { keepColors: true }));
    previous = lines;
    await wait(500);
  }
}
