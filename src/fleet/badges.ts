// How each state looks: a symbol (so it reads without color) and a color. Shared by the
// command line and the dashboard.
import type { AgentState } from './agent.js';
import { AGENT_STATES } from './agent.js';

export type BadgeColor = 'green' | 'magenta' | 'yellow' | 'red' | 'redBright' | 'cyan' | 'gray';

export interface Badge {
  symbol: string;
  label: string;
  color: BadgeColor;
}

export const BADGES: Record<AgentState, Badge> = {
  waiting: { symbol: '?', label: 'waiting', color: 'magenta' },
  crashed: { symbol: '✗', label: 'crashed', color: 'red' },
  stale: { symbol: '◌', label: 'stale', color: 'yellow' },
  lost: { symbol: '!', label: 'lost', color: 'redBright' },
  running: { symbol: '●', label: 'running', color: 'green' },
  done: { symbol: '✓', label: 'done', color: 'cyan' },
  stopped: { symbol: '■', label: 'stopped', color: 'gray' },
};

/** Attention first: what needs a person comes before what is fine. */
export const ATTENTION_ORDER: Record<AgentState, number> = Object.fromEntries(AGENT_STATES.map((s, i) => [s, i])) as Record<AgentState, number>;

const SGR: Record<BadgeColor, string> = {
  green: '32',
  magenta: '35',
  yellow: '33',
  red: '31',
  redBright: '91',
  cyan: '36',
  gray: '90',
};

export function colorize(text: string, color: BadgeColor, enabled: boolean): string {
  return enabled ? `\x1b[${SGR[color]}m${text}\x1b[39m` : text;
}
