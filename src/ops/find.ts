// Which agent a name on the command line means: its name, its tmux session, or an
// unambiguous start of either. Pure.
import type { AgentView } from '../fleet/agent.js';
import { OpError } from './context.js';

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

export function findAgent(agents: readonly AgentView[], name: string): AgentView {
  const exact = agents.find((a) => a.name === name) ?? agents.find((a) => sessionNames(a).includes(name));
  if (exact) return exact;
  const prefixed = agents.filter((a) => a.name.startsWith(name) || sessionNames(a).some((n) => n.startsWith(name)));
  if (prefixed.length === 1) return prefixed[0] as AgentView;
  if (prefixed.length > 1) throw new OpError(`"${name}" matches ${prefixed.length} agents: ${prefixed.map((a) => a.name).slice(0, 6).join(', ')}`);
  const close = agents
    .map((a) => ({ name: a.name, d: distance(a.name, name) }))
    .filter((c) => c.d <= Math.max(2, Math.floor(name.length / 3)))
    .sort((x, y) => x.d - y.d)
    .slice(0, 3)
    .map((c) => c.name);
  const hint = close.length ? `; did you mean ${close.join(' or ')}?` : agents.length ? ' (see oneshot list)' : ' (no agents on this tmux server; see oneshot status)';
  throw new OpError(`no agent named "${name}"${hint}`);
}
