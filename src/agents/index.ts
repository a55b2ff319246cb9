import type { AgentAdapter, LaunchableKind } from './adapter.js';
import { claude } from './claude.js';
import { codex } from './codex.js';
import { opencode } from './opencode.js';
import { pi } from './pi.js';
import { shell } from './shell.js';

export const ADAPTERS: Record<LaunchableKind, AgentAdapter> = { codex, claude, opencode, pi, shell };
export const LAUNCHABLE_KINDS = Object.keys(ADAPTERS) as LaunchableKind[];

export function adapterFor(kind: string): AgentAdapter | null {
  return (ADAPTERS as Record<string, AgentAdapter>)[kind] ?? null;
}
