// How each state looks: a symbol (so it reads without color) and a color. Shared by the
// command line and the dashboard.
import type { AgentState } from './agent.js';
import { AGENT_STATES } from './agent.js';

export type BadgeColor = 'green' | 'magenta' | 'yellow' | 'red' | 'redBright' | 'cyan' | 'gray';

export interface Badge {
  symbol: string;
  label: string;
  /** At most 8 cells, for the list's state column on narrower terminals. */
  short: string;
  color: BadgeColor;
}

export const BADGES: Record<AgentState, Badge> = {
  'needs-approval': { symbol: '?', label: 'needs-approval', short: 'approval', color: 'magenta' },
  'needs-input': { symbol: '»', label: 'needs-input', short: 'input', color: 'magenta' },
  crashed: { symbol: '✗', label: 'crashed', short: 'crashed', color: 'red' },
  'rate-limited': { symbol: '⧗', label: 'rate-limited', short: 'limited', color: 'yellow' },
  stale: { symbol: '◌', label: 'stale', short: 'stale', color: 'yellow' },
  lost: { symbol: '!', label: 'lost', short: 'lost', color: 'redBright' },
  unknown: { symbol: '~', label: 'unknown', short: 'unknown', color: 'yellow' },
  idle: { symbol: '○', label: 'idle', short: 'idle', color: 'cyan' },
  running: { symbol: '●', label: 'running', short: 'running', color: 'green' },
  done: { symbol: '✓', label: 'done', short: 'done', color: 'cyan' },
  stopped: { symbol: '■', label: 'stopped', short: 'stopped', color: 'gray' },
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
