// The agent list as the dashboard shows it: filtered and sorted. Pure.
import type { AgentView } from '../fleet/agent.js';
import { sortAgents, type SortKey } from '../fleet/sort.js';

interface Term {
  field: 'state' | 'agent' | 'name' | 'dir' | 'host' | 'any';
  values: string[];
  negate: boolean;
}

const FIELDS: Record<string, Term['field']> = { state: 'state', is: 'state', agent: 'agent', kind: 'agent', name: 'name', dir: 'dir', host: 'host', on: 'host' };

/** `crash`, `state:crashed,stale`, `agent:codex`, `-state:done`: terms are ANDed, values ORed. */
export function parseFilter(text: string): Term[] {
  return text
    .trim()
    .split(/\s+/)
    .filter((t) => t !== '' && t !== '-')
    .map((raw) => {
      const negate = raw.startsWith('-') || raw.startsWith('!');
      const token = negate ? raw.slice(1) : raw;
      const colon = token.indexOf(':');
      const field = colon > 0 ? FIELDS[token.slice(0, colon).toLowerCase()] : undefined;
      const value = field ? token.slice(colon + 1) : token;
      return { field: field ?? 'any', values: value.toLowerCase().split(',').filter((v) => v !== ''), negate };
    })
    .filter((t) => t.values.length > 0);
}

function haystack(agent: AgentView, field: Term['field']): string[] {
  switch (field) {
    case 'state':
      return [agent.state];
    case 'agent':
      return [agent.kind];
    case 'name':
      return [agent.name];
    case 'dir':
      return [agent.dir ?? ''];
    case 'host':
      return [agent.host ?? 'local'];
    case 'any':
      return [agent.name, agent.state, agent.kind, agent.dir ?? '', agent.session?.name ?? agent.expectedSession ?? '', agent.reason, agent.events.stream.lastEvent?.text ?? ''];
  }
}

function matchesTerm(agent: AgentView, term: Term): boolean {
  const texts = haystack(agent, term.field).map((t) => t.toLowerCase());
  const exact = term.field === 'state' || term.field === 'agent' || term.field === 'host';
  const hit = term.values.some((v) => texts.some((t) => (exact ? t === v || t.startsWith(v) : t.includes(v))));
  return term.negate ? !hit : hit;
}

export function matchesFilter(agent: AgentView, terms: readonly Term[]): boolean {
  return terms.every((t) => matchesTerm(agent, t));
}

export function visibleAgents(agents: Record<string, AgentView>, order: readonly string[], filter: string, sort: SortKey): AgentView[] {
  const terms = parseFilter(filter);
  const list: AgentView[] = [];
  for (const id of order) {
    const a = agents[id];
    if (a && matchesFilter(a, terms)) list.push(a);
  }
  return sortAgents(list, sort);
}
