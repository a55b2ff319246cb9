// y copies a fact about the selected agent to the clipboard of the terminal the dashboard
// runs in (OSC 52: works over SSH, no X or Wayland needed), after a second key says which.
import type { AgentView } from '../fleet/agent.js';
import { sessionIdOf } from '../fleet/snapshot.js';
import { throughTmux } from '../notify/notifier.js';
import { plainText } from '../text/sanitize.js';

export interface CopyChoice {
  key: string;
  label: string;
  value(agent: AgentView): string | null;
}

export const COPY_CHOICES: readonly CopyChoice[] = [
  { key: 'n', label: 'name', value: (a) => plainText(a.name) },
  { key: 's', label: 'session', value: (a) => (a.session?.name ?? a.expectedSession ?? null) },
  { key: 'd', label: 'directory', value: (a) => a.dir },
  { key: 'i', label: 'session id', value: (a) => sessionIdOf(a) },
  { key: 'l', label: 'last event', value: (a) => (a.events.stream.lastEvent ? plainText(a.events.stream.lastEvent.text) : null) },
];

export const COPY_PROMPT = `copy: ${COPY_CHOICES.map((c) => `${c.key} ${c.label}`).join(' · ')} (Esc cancels)`;

/** The OSC 52 sequence setting the clipboard; wrapped so tmux passes it on (allow-passthrough). */
export function osc52(text: string, insideTmux: boolean): string {
  const seq = `\x1b]52;c;${Buffer.from(text, 'utf8').toString('base64')}\x07`;
  return insideTmux ? throughTmux(seq) : seq;
}
