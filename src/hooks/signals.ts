// hooks.jsonl as signals: each line an agent's hook or notify call, read back into what it
// says about the agent (asking for approval, asking a question, working, done with its
// turn). Pure. A line that is not ours, not JSON or from an unknown event is counted and
// shown, never decides anything.

export type HookKind = 'approval' | 'input' | 'idle' | 'working' | 'start' | 'end' | 'limit' | 'other';

export interface HookSignal {
  /** Epoch ms. */
  at: number;
  source: string;
  event: string;
  kind: HookKind;
  /** One line for people: the command it wants to run, the question, the message. */
  detail: string;
  sessionId: string | null;
}

export interface HookSummary {
  /** The newest line that says something about the state (not 'other'). */
  last: HookSignal | null;
  /** The newest line of any kind. */
  newest: HookSignal | null;
  count: number;
  /** Lines that could not be used, newest first (at most 3), with why. */
  problems: string[];
  /** The agent's own session id, from the newest line that carried one. */
  sessionId: string | null;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

function oneLine(text: string, max = 300): string {
  const flat = text.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** The first question of an AskUserQuestion call. */
function questionOf(payload: Record<string, unknown>): string | null {
  const input = payload.tool_input as Record<string, unknown> | undefined;
  const first = Array.isArray(input?.questions) ? (input.questions[0] as Record<string, unknown> | undefined) : undefined;
  return first && typeof first.question === 'string' ? oneLine(first.question) : null;
}

/** What a tool call is about: `Bash: npm test`, `Edit: src/a.ts`. */
export function toolDetail(payload: Record<string, unknown>): string {
  const tool = str(payload.tool_name) ?? 'a tool';
  const input = payload.tool_input;
  if (input && typeof input === 'object' && !Array.isArray(input)) {
    const i = input as Record<string, unknown>;
    const what = str(i.command) ?? str(i.file_path) ?? str(i.path) ?? str(i.url) ?? str(i.pattern) ?? str(i.query) ?? str(i.description) ?? str(i.prompt);
    if (what) return oneLine(`${tool}: ${what}`);
  }
  return tool;
}

/** One recorded line → a signal, or a reason it is not one. */
export function readHookLine(line: string): HookSignal | { problem: string } {
  let rec: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(line);
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return { problem: 'a hooks.jsonl line is not a JSON object' };
    rec = parsed as Record<string, unknown>;
  } catch {
    return { problem: 'a hooks.jsonl line is not JSON' };
  }
  const at = typeof rec.at === 'string' ? Date.parse(rec.at) : NaN;
  const event = str(rec.event);
  if (!Number.isFinite(at) || !event) return { problem: 'a hooks.jsonl line without a time or event' };
  const source = str(rec.source) ?? 'agent';
  const payload = rec.payload && typeof rec.payload === 'object' && !Array.isArray(rec.payload) ? (rec.payload as Record<string, unknown>) : null;
  const sessionId = payload ? (str(payload.session_id) ?? str(payload['thread-id'])) : null;
  const base = { at, source, event, sessionId };
  if (!payload) {
    const why = str(rec.problem) ?? 'no payload';
    return { ...base, kind: 'other', detail: `${event} hook: ${why}` };
  }
  const read = classifyHook(event, payload);
  // A side thread's id is not the conversation's.
  return { ...base, ...read, sessionId: read.kind === 'other' && payload.type ? null : sessionId };
}

function classifyHook(event: string, p: Record<string, unknown>): { kind: HookKind; detail: string } {
  const name = str(p.hook_event_name) ?? event;
  switch (name) {
    case 'PermissionRequest':
      // Claude Code asks its multiple-choice questions through the permission dialog too.
      if (str(p.tool_name) === 'AskUserQuestion') return { kind: 'input', detail: questionOf(p) ?? 'a question' };
      return { kind: 'approval', detail: `wants to run ${toolDetail(p)}` };
    case 'Notification': {
      const type = str(p.notification_type);
      const message = oneLine(str(p.message) ?? '');
      if (type === 'permission_prompt') return { kind: 'approval', detail: message || 'a permission prompt' };
      if (type === 'elicitation_dialog') return { kind: 'input', detail: message || 'a question' };
      if (type === 'idle_prompt') return { kind: 'idle', detail: message || 'waiting for the next prompt' };
      // Claude Code's own wording when the type is absent (older versions).
      if (/needs your permission|permission to use/i.test(message)) return { kind: 'approval', detail: message };
      if (/waiting for your input/i.test(message)) return { kind: 'idle', detail: message };
      return { kind: 'other', detail: message || 'a notification' };
    }
    case 'UserPromptSubmit':
      return { kind: 'working', detail: `prompt submitted${str(p.prompt) ? `: ${oneLine(str(p.prompt) as string, 80)}` : ''}` };
    case 'PreToolUse':
      return { kind: 'working', detail: `running ${toolDetail(p)}` };
    case 'PostToolUse':
      return { kind: 'working', detail: `finished ${toolDetail(p)}` };
    case 'Stop':
      return { kind: 'idle', detail: 'turn finished' };
    case 'StopFailure': {
      // The turn ended on an API error; a usage limit says so, with when it resets.
      const error = str(p.error) ?? 'an error';
      const said = oneLine(str(p.last_assistant_message) ?? '', 160);
      if (error === 'rate_limit') return { kind: 'limit', detail: said || 'a usage limit' };
      return { kind: 'idle', detail: `turn failed (${error})${said ? `: ${said}` : ''}` };
    }
    case 'SessionStart':
      return { kind: 'start', detail: `session started${str(p.source) ? ` (${str(p.source)})` : ''}` };
    case 'SessionEnd':
      return { kind: 'end', detail: `session ended${str(p.reason) ? ` (${str(p.reason)})` : ''}` };
    default:
      break;
  }
  // Codex notify: {"type": "agent-turn-complete", ...}
  const type = str(p.type);
  // Codex names each conversation in a side thread and notifies for it too: not the agent's turn.
  const firstInput = Array.isArray(p['input-messages']) ? p['input-messages'][0] : null;
  if (type === 'agent-turn-complete' && typeof firstInput === 'string' && firstInput.startsWith('Generate a concise, single-line task title')) {
    return { kind: 'other', detail: 'title of the conversation generated' };
  }
  if (type === 'agent-turn-complete') {
    const said = str(p['last-assistant-message']);
    return { kind: 'idle', detail: `turn finished${said ? `: ${oneLine(said, 80)}` : ''}` };
  }
  if (type && /approval/i.test(type)) return { kind: 'approval', detail: oneLine(str(p.message) ?? str(p.command) ?? type) };
  return { kind: 'other', detail: `${name}${type ? ` (${type})` : ''}` };
}

/** The newest signals in a hooks.jsonl tail. */
export function summarizeHooks(text: string): HookSummary {
  const summary: HookSummary = { last: null, newest: null, count: 0, problems: [], sessionId: null };
  const lines = text.split('\n');
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = (lines[i] as string).trim();
    if (line === '') continue;
    summary.count++;
    const read = readHookLine(line);
    if ('problem' in read) {
      if (summary.problems.length < 3) summary.problems.push(read.problem);
      continue;
    }
    summary.newest ??= read;
    if (!summary.last && read.kind !== 'other') summary.last = read;
    if (!summary.sessionId && read.sessionId) summary.sessionId = read.sessionId;
  }
  return summary;
}
