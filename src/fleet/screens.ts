// What an agent's screen says, from its last lines: a table per agent of the prompts that
// need a person, the look of an idle input box, the look of a turn in progress and the
// wording of a usage limit. Pure; adding a pattern is one line.
import type { AgentKind } from './agent.js';
import { parseResetTime, saysLimited } from '../text/limits.js';
import { findWaitingPrompt } from './prompts.js';

export type ScreenVerdict = 'approval' | 'input' | 'rate-limit' | 'working' | 'idle' | 'unknown';

export interface ScreenReading {
  verdict: ScreenVerdict;
  /** The line that decided it (empty for unknown). */
  line: string;
  /** Which pattern: a prompt id, `working`, `idle`, `limit`. */
  pattern: string;
  /** For a usage limit: when it resets, when the screen says (epoch ms). */
  until?: number | null;
  /** For a prompt: what it is about, as the dialog shows it (the command, the file). */
  subject?: string | null;
  /** For a prompt: what kind, for people ("a Codex approval prompt"). */
  label?: string;
}

const DIALOG_HEADER = /^\s*(Bash command|Edit file|Create file|Write file|Read file|Fetch|Web fetch|Run command)\s*$/i;

/** What an approval dialog asks about: Codex's `$ command`, the line under Claude Code's "Bash command". */
export function promptSubject(lines: readonly string[], promptLine: string): string | null {
  const recent = lines.filter((l) => l.trim() !== '').slice(-16);
  const at = recent.map((l) => l.trim()).lastIndexOf(promptLine);
  // The dialog: a few lines above its question and the options below it.
  const before = recent.slice(Math.max(0, (at < 0 ? recent.length : at) - 8));
  // OpenCode draws its dialog inside a bar (`┃  $ command`).
  const dollar = before.findLast((l) => /^\s*(?:[┃│|]\s*)?\$\s+\S/.test(l));
  if (dollar) return dollar.trim().replace(/^(?:[┃│|]\s*)?\$\s+/, '');
  const header = before.findLastIndex((l) => DIALOG_HEADER.test(l));
  if (header >= 0 && before[header + 1]) return `${(before[header] as string).trim()}: ${(before[header + 1] as string).trim()}`;
  return null;
}

interface ScreenPattern {
  agent: AgentKind | 'any';
  pattern: RegExp;
}

/** A turn in progress: the agents' own "interrupt" hint or spinner line. */
const WORKING: readonly ScreenPattern[] = [
  { agent: 'any', pattern: /\besc to interrupt\b/i },
  { agent: 'codex', pattern: /^\s*[•◦]\s*Working\b/ },
  // OpenCode 1.18: `■■■⬝⬝⬝⬝⬝  esc interrupt` in the footer (`esc again to interrupt` after one Esc).
  { agent: 'opencode', pattern: /\besc\s+(again\s+to\s+)?interrupt\b/i },
  // Pi 0.73: `⠇ Working...` above the editor.
  { agent: 'pi', pattern: /^\s*\S?\s*Working\.\.\./ },
];

/** An idle input box waiting for the next prompt (no turn in progress). */
const IDLE: readonly ScreenPattern[] = [
  { agent: 'claude', pattern: /\? for shortcuts|shift\+tab to cycle/ },
  // The empty input line between the two rules.
  { agent: 'claude', pattern: /^\s*❯\s*$/ },
  { agent: 'claude', pattern: /^\s*[│|]?\s*>\s*(Try "|$)/ },
  { agent: 'codex', pattern: /\? for shortcuts|⏎ send|context left/i },
  { agent: 'codex', pattern: /^\s*›\s/ },
  // OpenCode 1.18: the footer's `ctrl+p commands` (its home screen: `Ask anything…`).
  { agent: 'opencode', pattern: /\bctrl\+p\s+commands\b|^\s*┃\s+Ask anything/i },
  // Pi 0.73: the status line under the editor, `↑200 ↓40 0.1%/128k (auto)`.
  { agent: 'pi', pattern: /^\s*(?:↑\S+\s+↓\S+\s+.*)?\d+(?:\.\d+)?%\/\d+k\b/ },
];


function matches(table: readonly ScreenPattern[], kind: AgentKind, lines: readonly string[]): string | null {
  for (const entry of table) {
    if (entry.agent !== 'any' && entry.agent !== kind && kind !== 'unknown') continue;
    const line = lines.findLast((l) => entry.pattern.test(l));
    if (line !== undefined) return line.trim();
  }
  return null;
}

/** Claude Code's menu after a usage limit ("Stop and wait for limit to reset") is on screen: it takes the input box. */
export function limitMenuShown(lines: readonly string[]): boolean {
  return lines.filter((l) => l.trim() !== '').slice(-12).some((l) => /Stop and wait for limit to reset/.test(l));
}

/** The screen's verdict: a prompt first (it is what the person must act on), then a limit, then work, then idle. */
export function readScreen(paneTail: readonly string[], kind: AgentKind, now: number | (() => number)): ScreenReading {
  const recent = paneTail.filter((l) => l.trim() !== '').slice(-12);
  const prompt = findWaitingPrompt(paneTail, kind);
  if (prompt) return { verdict: prompt.prompt.needs, line: prompt.line, pattern: prompt.prompt.id, label: prompt.prompt.label, subject: promptSubject(paneTail, prompt.line) };
  // Claude Code's menu after a usage limit pushes the limit's own line further up.
  const limit = (limitMenuShown(paneTail) ? paneTail.filter((l) => l.trim() !== '').slice(-20) : recent.slice(-6)).findLast((l) => saysLimited(l));
  if (limit) return { verdict: 'rate-limit', line: limit.trim(), pattern: 'limit', until: parseResetTime(limit, typeof now === 'number' ? now : now()) };
  const working = matches(WORKING, kind, recent);
  if (working) return { verdict: 'working', line: working, pattern: 'working' };
  const idle = matches(IDLE, kind, recent);
  if (idle) return { verdict: 'idle', line: idle, pattern: 'idle' };
  return { verdict: 'unknown', line: '', pattern: '' };
}
