// The agent list as the dashboard shows it: filtered and sorted. Pure.
import { AGENT_KINDS, AGENT_STATES, type AgentView } from '../fleet/agent.js';
import { sortAgents, type SortKey } from '../fleet/sort.js';

interface Term {
  field: 'state' | 'agent' | 'name' | 'dir' | 'host' | 'any';
  values: string[];
  negate: boolean;
  /** `foo:bar` where foo is no field: the term is searched as text, and the name kept to say so. */
  unknownField?: string;
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
      const name = colon > 0 ? token.slice(0, colon).toLowerCase() : null;
      const field = name !== null ? FIELDS[name] : undefined;
      const value = field ? token.slice(colon + 1) : token;
      const term: Term = { field: field ?? 'any', values: value.toLowerCase().split(',').filter((v) => v !== ''), negate };
      if (name !== null && !field) term.unknownField = name;
      return term;
    })
    .filter((t) => t.values.length > 0);
}

/** Fields as typed, each once (the aliases point to the same field). */
const FIELD_NAMES = ['state', 'agent', 'name', 'dir', 'host'];

/** Levenshtein distance, for "did you mean". */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}

function closest(word: string, choices: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const c of choices) {
    const d = distance(word, c);
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  return best !== null && bestDistance <= Math.max(1, Math.floor(word.length / 3)) ? best : null;
}

/**
 * What in a filter cannot match anything, said the way a person would fix it: an unknown
 * field (`foo:bar`) or a state or agent no agent can have (`state:crashd`). Null when the
 * filter is well formed (it may still match no agent today).
 */
export function filterProblem(text: string): string | null {
  for (const term of parseFilter(text)) {
    if (term.unknownField !== undefined) {
      const guess = closest(term.unknownField, Object.keys(FIELDS));
      return `no field "${term.unknownField}"${guess ? ` — did you mean ${guess}:?` : ''} (fields: ${FIELD_NAMES.join(', ')})`;
    }
    const known = term.field === 'state' ? AGENT_STATES : term.field === 'agent' ? AGENT_KINDS : null;
    if (!known) continue;
    for (const value of term.values) {
      if (known.some((k) => k.startsWith(value))) continue;
      const guess = closest(value, known);
      return `no ${term.field} "${value}"${guess ? ` — did you mean ${guess}?` : ''} (${known.join(', ')})`;
    }
  }
  return null;
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

export function visibleAgents(agents: Record<string, AgentView>, order: readonly string[], filter: string, sort: SortKey, reversed = false): AgentView[] {
  const terms = parseFilter(filter);
  const list: AgentView[] = [];
  for (const id of order) {
    const a = agents[id];
    if (a && matchesFilter(a, terms)) list.push(a);
  }
  const sorted = sortAgents(list, sort);
  return reversed ? sorted.reverse() : sorted;
}
