// Answering an agent that needs a person, without attaching: approve once, approve
// always, deny, or type an answer or a next prompt. The keys go to the agent's pane by
// its id; the answer is confirmed by the agent's next state, never by a fixed sleep; and
// it is refused when the prompt on screen is not the one the person saw.
import type { AgentView } from '../fleet/agent.js';
import { plainText } from '../text/sanitize.js';
import { OpError, OpUsageError, type OpsContext } from './context.js';

export type Decision = 'yes' | 'always' | 'no';

/**
 * Text and its Enter go apart, this long after: sent together (or sooner), the agents
 * take the burst for a paste and drop the Enter (seen with Claude Code and Codex).
 */
export const ENTER_AFTER_TEXT_MS = 300;
export type Answer = { decision: Decision } | { text: string };

export interface MenuOption {
  digit: string;
  label: string;
}

/** The numbered options of the dialog at the bottom of a screen (`❯ 1. Yes`, `2. Yes, and …`, `3. No`). */
export function menuOptions(lines: readonly string[]): MenuOption[] {
  const out: MenuOption[] = [];
  const recent = lines.filter((l) => l.trim() !== '').slice(-14);
  for (const line of recent) {
    const m = /^\s*[│|]?\s*(?:[❯›>]\s*)?(\d)\.\s+(.+?)\s*$/.exec(plainText(line));
    if (m) out.push({ digit: m[1] as string, label: m[2] as string });
  }
  // Only the last run of options 1, 2, 3… is the live dialog.
  const start = out.map((o) => o.digit).lastIndexOf('1');
  return start >= 0 ? out.slice(start) : [];
}

/** Which option a decision means, by its wording; null when the dialog offers no such choice. */
export function optionFor(decision: Decision, options: readonly MenuOption[]): MenuOption | null {
  const pick = (test: RegExp) => options.find((o) => test.test(o.label)) ?? null;
  switch (decision) {
    case 'yes':
      return pick(/^yes\b(?!,? and)/i) ?? pick(/^(allow|approve|proceed|accept)( once)?\b/i);
    case 'always':
      return pick(/^yes,? and (don't|do not|always)\b/i) ?? pick(/^(always|allow always|approve for (the )?session)\b/i);
    case 'no':
      return pick(/^no\b/i) ?? pick(/^(deny|reject|decline)\b/i);
  }
}

/**
 * OpenCode's permission dialog: a bar of choices (`Allow once   Allow always   Reject`),
 * the first one selected, Enter to confirm. "Allow always" asks again (`Confirm   Cancel`);
 * Esc rejects.
 */
export function barDialogPlan(lines: readonly string[], decision: Decision): AnswerPlan | null {
  const recent = lines.filter((l) => l.trim() !== '').slice(-10);
  if (!recent.some((l) => /Allow once\s+Allow always\s+Reject/.test(l))) return null;
  switch (decision) {
    case 'yes':
      return { steps: [{ keys: ['Enter'] }], said: 'chose "Allow once"' };
    case 'always':
      return { steps: [{ keys: ['Right'] }, { keys: ['Enter'] }, { keys: ['Enter'] }], said: 'chose "Allow always" and confirmed it' };
    case 'no':
      return { steps: [{ keys: ['Escape'] }], said: 'rejected (Esc)' };
  }
}

export interface AnswerPlan {
  /** tmux send-keys arguments, in order; `text` parts are sent literally. */
  steps: ({ keys: string[] } | { text: string })[];
  /** What was done, for people. */
  said: string;
}

/** The keys that give this answer to this agent now, or why it cannot be given. */
export function planAnswer(agent: AgentView, answer: Answer, expected?: string): AnswerPlan {
  const name = plainText(agent.name);
  if (expected !== undefined && !agent.evidence.detail.includes(expected) && !agent.reason.includes(expected)) {
    throw new OpError(`${name}: the prompt on screen is not the one you answered (now: ${plainText(agent.evidence.detail).slice(0, 120)})`);
  }
  const pane = agent.session?.pane;
  if (!pane || pane.dead) throw new OpError(`${name} has no live pane to answer in`);
  if ('decision' in answer) {
    if (agent.state !== 'needs-approval' && agent.state !== 'needs-input') throw new OpError(`${name} is ${agent.state}, not asking for an approval`);
    const bar = barDialogPlan(agent.paneTail ?? [], answer.decision);
    if (bar) return bar;
    const options = menuOptions(agent.paneTail ?? []);
    const option = optionFor(answer.decision, options);
    if (option) return { steps: [{ keys: [option.digit] }], said: `chose "${option.label}"` };
    if (answer.decision === 'no') return { steps: [{ keys: ['Escape'] }], said: 'cancelled the prompt (Esc)' };
    const offered = options.length ? options.map((o) => `${o.digit}. ${o.label}`).join('; ') : 'no numbered options on screen';
    throw new OpError(`${name}: the prompt offers no "${answer.decision}" (${offered})`);
  }
  const text = answer.text;
  if (text.trim() === '') throw new OpUsageError('--text needs some text');
  if (/[\r\n]/.test(text)) throw new OpUsageError('--text is one line (it is sent as typed, then Enter)');
  if (agent.state !== 'needs-input' && agent.state !== 'idle' && agent.state !== 'needs-approval' && agent.state !== 'unknown') {
    throw new OpError(`${name} is ${agent.state}: it is not waiting for text`);
  }
  // Text and Enter go separately: sent together, a long text reads as a paste and the
  // agent takes the Enter as part of it.
  return { steps: [{ text }, { keys: ['Enter'] }], said: `typed "${text.length > 60 ? `${text.slice(0, 59)}…` : text}" and Enter` };
}

export interface AnswerOutcome {
  said: string;
  /** The state the agent went to. */
  state: string;
  reason: string;
}

export interface AnswerDeps {
  /** A fresh look at the agent (a poll of the fleet). */
  look(): Promise<AgentView | undefined>;
  sleep(ms: number): Promise<void>;
  now(): number;
}

/** Send the answer, then wait (up to `timeoutMs`) for the agent to leave the prompt it was at. */
export async function answerAgent(ctx: OpsContext, agent: AgentView, answer: Answer, deps: AnswerDeps, options: { expected?: string; timeoutMs?: number } = {}): Promise<AnswerOutcome> {
  const plan = planAnswer(agent, answer, options.expected);
  const paneId = agent.session?.pane.paneId as string;
  const before = `${agent.state}\n${agent.evidence.detail}`;
  const sentAt = deps.now();
  for (const [i, step] of plan.steps.entries()) {
    if (i > 0) await deps.sleep(ENTER_AFTER_TEXT_MS);
    const outcome = 'text' in step ? await ctx.tmux.sendKeys(paneId, ['-l', '--', step.text]) : await ctx.tmux.sendKeys(paneId, step.keys);
    if (!outcome.ok) throw new OpError(`tmux could not send keys to ${paneId}: ${outcome.error}`);
  }
  const deadline = deps.now() + (options.timeoutMs ?? 15_000);
  let last: AgentView | undefined = agent;
  while (deps.now() < deadline) {
    await deps.sleep(200);
    last = await deps.look();
    if (!last) return { said: plan.said, state: 'gone', reason: 'the agent is no longer in the fleet' };
    const now = `${last.state}\n${last.evidence.detail}`;
    // Taken: the agent left that prompt (or moved on to another), or a hook it called
    // since says so (a quick turn can be over between two looks).
    const hookSince = (last.task?.hooks?.newest?.at ?? 0) >= sentAt - 500;
    if (now !== before || hookSince) return { said: plan.said, state: last.state, reason: last.reason };
  }
  throw new OpError(`${plainText(agent.name)}: ${plan.said}, but it is still ${last?.state ?? agent.state} after ${Math.round((options.timeoutMs ?? 15_000) / 1000)} s (${plainText(last?.reason ?? agent.reason).slice(0, 120)})`);
}
