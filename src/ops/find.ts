// Which agent a name on the command line means. Commands that change or end an agent
// take its exact task name or tmux session name; commands that only read (attach, log,
// follow) also take an unambiguous start of one. Pure.
import type { AgentView } from '../fleet/agent.js';
import { OpUsageError } from './context.js';
import { oneshotCommand } from './hints.js';

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j] as number;
      row[j] = Math.min((row[j] as number) + 1, (row[j - 1] as number) + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length] as number;
}

function sessionNames(a: AgentView): string[] {
  return [a.session?.name, a.expectedSession].filter((n): n is string => typeof n === 'string');
}

export interface FindOptions {
  /** Accept a unique start of a name (read-only commands). */
  prefix?: boolean;
  /** Server options for the hint (`oneshot -L x list`). */
  serverArgs?: readonly string[];
}

export function findAgent(agents: readonly AgentView[], name: string, options: FindOptions = {}): AgentView {
  const exact = agents.find((a) => a.name === name) ?? agents.find((a) => sessionNames(a).includes(name));
  if (exact) return exact;
  const prefixed = agents.filter((a) => a.name.startsWith(name) || sessionNames(a).some((n) => n.startsWith(name)));
  if (options.prefix && prefixed.length === 1) return prefixed[0] as AgentView;
  if (prefixed.length > 1) throw new OpUsageError(`"${name}" is not an agent name; it starts ${prefixed.length} of them: ${prefixed.map((a) => a.name).slice(0, 6).join(', ')}`);
  const close = agents
    .map((a) => ({ name: a.name, d: distance(a.name, name) }))
    .filter((c) => c.d <= Math.max(2, Math.floor(name.length / 3)))
    .sort((x, y) => x.d - y.d)
    .map((c) => c.name);
  const suggestions = [...new Set([...prefixed.map((a) => a.name), ...close])].slice(0, 3);
  const list = oneshotCommand(options.serverArgs ?? [], 'list');
  const hint = suggestions.length ? `; did you mean ${suggestions.join(' or ')}?` : agents.length ? ` (see ${list})` : ` (no agents on this tmux server; see ${oneshotCommand(options.serverArgs ?? [], 'status')})`;
  throw new OpUsageError(`no agent named "${name}"${hint}`);
}
