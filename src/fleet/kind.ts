import type { EventFormat } from '../events/model.js';
import type { AgentKind } from './agent.js';

export const AGENT_PREFIXES: readonly AgentKind[] = ['codex', 'claude', 'opencode', 'pi'];
/** Session name prefixes that make a session an agent. */
export const SESSION_PREFIXES = ['codex-', 'claude-', 'opencode-', 'pi-', 'oneshot-', 'shell-'] as const;

export function kindFromSessionName(name: string): AgentKind | null {
  for (const kind of AGENT_PREFIXES) if (name.startsWith(`${kind}-`)) return kind;
  if (name.startsWith('shell-')) return 'shell';
  return null;
}

export function isAgentSessionName(name: string): boolean {
  // shell- only counts when oneshot recorded the task; a user's "shell-x" is theirs.
  return SESSION_PREFIXES.some((p) => p !== 'shell-' && name.startsWith(p));
}

export function kindFromCommand(command: string): AgentKind | null {
  const base = command.split('/').pop() ?? command;
  switch (base) {
    case 'codex':
      return 'codex';
    case 'claude':
      return 'claude';
    case 'opencode':
      return 'opencode';
    case 'pi':
      return 'pi';
    default:
      return null;
  }
}

export function detectKind(input: {
  recorded?: AgentKind | null;
  sessionName?: string | null;
  command?: string | null;
  format?: EventFormat | null;
}): AgentKind {
  return (
    input.recorded ??
    (input.sessionName ? kindFromSessionName(input.sessionName) : null) ??
    (input.command ? kindFromCommand(input.command) : null) ??
    input.format ??
    'unknown'
  );
}
