// Prompts that mean an agent is waiting for a person. A table, so adding one is one line.
import type { AgentKind } from './agent.js';

export interface WaitingPrompt {
  id: string;
  /** Which agents print it; 'any' for generic prompts. */
  agent: AgentKind | 'any';
  label: string;
  /** What answering it means: approving an action, or giving an answer. */
  needs: 'approval' | 'input';
  pattern: RegExp;
}

/** Specific prompts first: the first entry that matches names the prompt. */
export const WAITING_PROMPTS: readonly WaitingPrompt[] = [
  { id: 'claude-permission', agent: 'claude', label: 'a Claude Code permission prompt', needs: 'approval', pattern: /Do you want to (proceed|make this edit|create|overwrite|run|allow)/i },
  { id: 'codex-approval', agent: 'codex', label: 'a Codex approval prompt', needs: 'approval', pattern: /Would you like to (run the following command|make the following edits)|Allow command\?|Approve this (command|change)\?/i },
  { id: 'opencode-permission', agent: 'opencode', label: 'an OpenCode permission prompt', needs: 'approval', pattern: /△ Permission required|Allow once\s+Allow always\s+Reject/i },
  { id: 'claude-question', agent: 'claude', label: 'a Claude Code question', needs: 'input', pattern: /Enter to select · ↑\/↓ to navigate/ },
  { id: 'selection-menu', agent: 'any', label: 'a selection menu', needs: 'approval', pattern: /^\s*[❯›>]\s*1\.\s+Yes\b/ },
  { id: 'yes-no', agent: 'any', label: 'a yes/no question', needs: 'input', pattern: /[[(](y\/n|yes\/no)[\])]\s*[:?]?\s*$/i },
  { id: 'press-enter', agent: 'any', label: 'a "press enter" pause', needs: 'input', pattern: /press (enter|return|any key) to continue/i },
  { id: 'password', agent: 'any', label: 'a password prompt', needs: 'input', pattern: /\b(password|passphrase)( for [^:]+)?:\s*$/i },
];

/** How many of the pane's last non-empty lines may hold a live prompt. */
const PROMPT_WINDOW = 8;

export interface PromptMatch {
  prompt: WaitingPrompt;
  line: string;
}

export function findWaitingPrompt(paneTail: readonly string[], kind: AgentKind, table: readonly WaitingPrompt[] = WAITING_PROMPTS): PromptMatch | null {
  const recent = paneTail.filter((l) => l.trim() !== '').slice(-PROMPT_WINDOW);
  for (const prompt of table) {
    if (prompt.agent !== 'any' && prompt.agent !== kind && kind !== 'unknown') continue;
    const line = recent.findLast((l) => prompt.pattern.test(l));
    if (line !== undefined) return { prompt, line: line.trim() };
  }
  return null;
}
