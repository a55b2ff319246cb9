// How the supervisor shows an agent's events in its pane: one readable line each. Pure.
import type { AgentEvent } from '../events/model.js';

const ICONS: Record<AgentEvent['kind'], string> = {
  session: '◆', turn: '↻', message: '✎', reasoning: '…', command: '▸', 'file-change': '±', tool: '⚙',
  'tool-result': '↳', 'web-search': '⌕', todo: '☐', error: '✗', result: '■', system: '·', other: '·',
};

function clock(at: number): string {
  const d = new Date(at);
  return [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
}

export interface RenderedLine {
  /** For the pane: with colors. */
  pane: string;
  /** For session.log: plain. */
  log: string;
}

function sgr(event: AgentEvent): string {
  if (event.isError) return '31';
  switch (event.kind) {
    case 'reasoning':
    case 'system':
    case 'other':
      return '90';
    case 'command':
      return '36';
    case 'file-change':
      return '33';
    case 'session':
    case 'turn':
    case 'result':
      return '32';
    default:
      return '0';
  }
}

export function renderEvent(event: AgentEvent, at: number): RenderedLine {
  const body = `${ICONS[event.kind]} ${event.text}`;
  return { pane: `\x1b[90m${clock(at)}\x1b[0m \x1b[${sgr(event)}m${body}\x1b[0m`, log: `${clock(at)} ${body}` };
}

export function renderNote(text: string, at: number, tone: 'info' | 'error' = 'info'): RenderedLine {
  return { pane: `\x1b[90m${clock(at)}\x1b[0m \x1b[${tone === 'error' ? '31' : '33'}moneshot: ${text}\x1b[0m`, log: `${clock(at)} oneshot: ${text}` };
}
