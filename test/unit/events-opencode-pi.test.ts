import { describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../src/events/model.js';
import { initialEventStream, parseEventLines, type EventStreamState, type UsageTotals } from '../../src/events/parse.js';
import { formatFiles } from '../helpers/formats.js';

const parseAll = (lines: readonly string[]) => parseEventLines(initialEventStream(), lines, 1000);

/** The supervisor feeds one line at a time: the result must not depend on the batching. */
function parseOneByOne(lines: readonly string[]): { state: EventStreamState; events: AgentEvent[] } {
  let state = initialEventStream();
  const events: AgentEvent[] = [];
  for (const line of lines) {
    const outcome = parseEventLines(state, [line], 1000);
    state = outcome.state;
    events.push(...outcome.events);
  }
  return { state, events };
}

interface Expected {
  sessionId: string;
  usage: UsageTotals | null;
  denials: number;
  /** Finished commands, as shown, with their exit status. */
  commands: [text: string, exitCode: number | null][];
  errors: string[];
  /** How many events the file yields in all (Pi: the flood of partial messages is not among them). */
  events: number;
}

// Worked out by hand from the recordings: the mock answers every call with 10 input and
// 5 output tokens at no cost, so a total is 10/5 times the number of model calls.
const OPENCODE: Record<string, Expected> = {
  'opencode-run-format-json.jsonl': {
    sessionId: 'ses_df0678c00ffe587diRN9DhinJQ',
    usage: { inputTokens: 20, outputTokens: 10, costUsd: 0 },
    denials: 0,
    commands: [['$ echo hi > out.txt → exit 0', 0]],
    errors: [],
    events: 6,
  },
  'opencode-run-continue-format-json.jsonl': {
    sessionId: 'ses_df0678c00ffe587diRN9DhinJQ',
    usage: { inputTokens: 20, outputTokens: 10, costUsd: 0 },
    denials: 0,
    commands: [['$ echo turn3 >> out.txt → exit 0', 0]],
    errors: [],
    events: 6,
  },
  'opencode-run-format-json-permission-ask-autorejected.jsonl': {
    sessionId: 'ses_df056f4f4ffeCTEkTW27wHiCBc',
    usage: { inputTokens: 10, outputTokens: 5, costUsd: 0 },
    denials: 1,
    commands: [['$ echo hi > out.txt → denied (permission rejected)', null]],
    errors: [],
    events: 3,
  },
  'opencode-run-format-json-http400.jsonl': {
    sessionId: 'ses_df0633050ffe9Alsu28C74o0fP',
    usage: null,
    denials: 0,
    commands: [],
    errors: ['APIError 400: mock: bad request (MOCKFAIL)'],
    events: 1,
  },
  'opencode-run-format-json-connrefused.jsonl': {
    sessionId: 'ses_df0630ea9ffeMsOjuZl8MhYA1T',
    usage: null,
    denials: 0,
    commands: [],
    errors: ['APIError: Cannot connect to API: Unable to connect. Is the computer able to access the url?'],
    events: 1,
  },
};

const PI: Record<string, Expected> = {
  'pi-mode-json.jsonl': {
    sessionId: '01a20f98-2cca-71b1-ac28-94cdb55ae8cb',
    usage: { inputTokens: 20, outputTokens: 10, costUsd: 0 },
    denials: 0,
    commands: [['$ echo hi > out.txt → exit 0', 0]],
    errors: [],
    // 25 lines: 7 message_update, 4 message_start, 1 tool_execution_update and the user's
    // and the tool result's message_end say nothing new.
    events: 10,
  },
  'pi-session-resume-after-sigkill.mode-json.jsonl': {
    sessionId: '01a20f9c-385f-74ac-a674-5ee0b8cdbbe6',
    usage: { inputTokens: 20, outputTokens: 10, costUsd: 0 },
    denials: 0,
    commands: [['$ echo turn2 >> out.txt → exit 0', 0]],
    errors: [],
    events: 10,
  },
  'pi-session-file.jsonl': {
    sessionId: '01a20f98-2cca-71b1-ac28-94cdb55ae8cb',
    // Three turns of two assistant messages each.
    usage: { inputTokens: 60, outputTokens: 30, costUsd: 0 },
    denials: 0,
    commands: [
      ['$ echo hi > out.txt → exit 0', 0],
      ['$ echo turn2 >> out.txt → exit 0', 0],
      ['$ echo turn3 >> out.txt → exit 0', 0],
    ],
    errors: [],
    events: 12,
  },
  'pi-session-file-killed-then-resumed.jsonl': {
    sessionId: '01a20f9c-385f-74ac-a674-5ee0b8cdbbe6',
    // The killed turn's tool call was billed but never got a result.
    usage: { inputTokens: 30, outputTokens: 15, costUsd: 0 },
    denials: 0,
    commands: [['$ echo turn2 >> out.txt → exit 0', 0]],
    errors: [],
    events: 7,
  },
};

const finished = (events: AgentEvent[]) =>
  events.filter((e) => e.kind === 'command' && e.phase !== 'started').map((e): [string, number | null] => [e.text, e.exitCode ?? null]);

for (const [dir, format, table] of [
  ['opencode-json', 'opencode', OPENCODE],
  ['pi-json', 'pi', PI],
] as const) {
  describe(`${dir} (every recorded file)`, () => {
    it('has an expectation for every recording, and a recording for every expectation', () => {
      expect(formatFiles(dir).map((f) => f.name).sort()).toEqual(Object.keys(table).sort());
    });

    for (const file of formatFiles(dir)) {
      const expected = table[file.name];
      it(`reads ${file.name}`, () => {
        const { state, events } = parseAll(file.lines);
        expect(state.badLines).toBe(0);
        expect(state.format).toBe(format);
        expect(state.sessionId).toBe(expected?.sessionId);
        expect(state.usage).toEqual(expected?.usage);
        expect(state.denials).toBe(expected?.denials);
        expect(finished(events)).toEqual(expected?.commands);
        expect(events.filter((e) => e.kind === 'error').map((e) => e.text)).toEqual(expected?.errors);
        expect(events).toHaveLength(expected?.events ?? -1);
        expect(events.every((e) => e.text.length > 0 && e.kind !== 'other' && e.phase !== 'updated')).toBe(true);
        expect(state.events).toBe(events.length);
      });

      it(`reads ${file.name} the same one line at a time`, () => {
        const whole = parseAll(file.lines);
        const single = parseOneByOne(file.lines);
        expect(single.events).toEqual(whole.events);
        expect({ ...single.state, lastEvent: null }).toEqual({ ...whole.state, lastEvent: null });
      });
    }
  });
}

describe('opencode run --format json', () => {
  const lines = (name: string) => formatFiles('opencode-json').find((f) => f.name === name)!.lines;

  it('marks the auto-rejected bash call as denied, failed and not run', () => {
    const { events } = parseAll(lines('opencode-run-format-json-permission-ask-autorejected.jsonl'));
    const denied = events.filter((e) => e.denied);
    expect(denied).toHaveLength(1);
    expect(denied[0]).toMatchObject({ kind: 'command', phase: 'failed', isError: true, exitCode: null });
  });

  it('takes the event time from the line and keeps the first session id', () => {
    const first = parseAll(lines('opencode-run-format-json.jsonl'));
    expect(first.events[0]?.at).toBe(1795557981223);
    // --continue writes to the same session: totals go on adding up.
    const next = parseEventLines(first.state, lines('opencode-run-continue-format-json.jsonl'), 2000).state;
    expect(next.sessionId).toBe('ses_df0678c00ffe587diRN9DhinJQ');
    expect(next.usage).toEqual({ inputTokens: 40, outputTokens: 20, costUsd: 0 });
  });

  it('reads a non-zero exit status and adds cached prompt tokens, reasoning and cost', () => {
    // Real lines from the recording, with the exit status, cache, reasoning and cost changed.
    const [, toolUse, stepFinish] = lines('opencode-run-format-json.jsonl');
    const failing = toolUse!.replace('"exit":0', '"exit":3');
    const costly = stepFinish!.replace('"reasoning":0,"cache":{"write":0,"read":0}},"cost":0', '"reasoning":7,"cache":{"write":2,"read":100}},"cost":0.0125');
    const { state, events } = parseAll([failing, costly]);
    expect(events[0]).toMatchObject({ kind: 'command', phase: 'failed', exitCode: 3, isError: true, text: '$ echo hi > out.txt → exit 3' });
    expect(events[1]?.text).toBe('step done · 112 in / 12 out · $0.01');
    expect(state.usage).toEqual({ inputTokens: 112, outputTokens: 12, costUsd: 0.0125 });
  });

  it('is never taken for Codex, nor Codex for it', () => {
    const codexError = '{"type":"error","message":"Reconnecting... 1/5"}';
    expect(parseAll([codexError]).state.format).toBe('codex');
    expect(parseAll(lines('opencode-run-format-json-http400.jsonl')).state.format).toBe('opencode');
    // A stream keeps the format it started with.
    expect(parseAll([...lines('opencode-run-format-json.jsonl'), codexError]).state.format).toBe('opencode');
  });
});

describe('pi --mode json', () => {
  const lines = (name: string) => formatFiles('pi-json').find((f) => f.name === name)!.lines;

  it('does not turn the partial-message flood into events', () => {
    const file = lines('pi-mode-json.jsonl');
    const { events } = parseAll(file);
    const updates = file.filter((l) => l.includes('"type":"message_update"'));
    expect(updates.length).toBeGreaterThan(0);
    expect(parseAll(updates).events).toEqual([]);
    expect(events.some((e) => e.type.startsWith('message_update') || e.type.startsWith('message_start'))).toBe(false);
    expect(events.filter((e) => e.kind === 'message').map((e) => e.text)).toEqual(['Done with turn 1. Last tool output: (no output)']);
  });

  it('counts each message once, though turn_end and agent_end repeat it', () => {
    const file = lines('pi-mode-json.jsonl');
    const ends = file.filter((l) => l.includes('"type":"turn_end"') || l.includes('"type":"agent_end"'));
    expect(parseAll(ends).state.usage).toBeNull();
  });

  it('reads a failed command and a model error', () => {
    // A real tool_execution_end and assistant message_end, turned into what Pi writes
    // when a command exits non-zero and when the provider fails.
    const file = lines('pi-mode-json.jsonl');
    const start = file.find((l) => l.includes('"type":"tool_execution_start"'))!;
    const end = file
      .find((l) => l.includes('"type":"tool_execution_end"'))!
      .replace('"text":"(no output)"', '"text":"boom\\n\\nCommand exited with code 2"')
      .replace('"isError":false', '"isError":true');
    const failedMessage = file
      .filter((l) => l.includes('"type":"message_end"'))
      .at(-1)!
      .replace('"stopReason":"stop"', '"stopReason":"error","errorMessage":"400 mock: bad request (MOCKFAIL)"');
    const { events, state } = parseAll([start, end, failedMessage]);
    expect(events[1]).toMatchObject({ kind: 'command', phase: 'failed', exitCode: 2, isError: true, text: '$ echo hi > out.txt → exit 2' });
    expect(events.find((e) => e.kind === 'error')?.text).toBe('error: 400 mock: bad request (MOCKFAIL)');
    expect(state.pi.tools).toEqual({});
  });

  it('forgets tools that never end, beyond a bound', () => {
    const starts = Array.from({ length: 200 }, (_, i) => JSON.stringify({ type: 'tool_execution_start', toolCallId: `c${i}`, toolName: 'bash', args: { command: `sleep ${i}` } }));
    expect(Object.keys(parseAll(starts).state.pi.tools).length).toBeLessThanOrEqual(64);
  });
});

describe('claude permission denials', () => {
  it('counts the denials listed on a run result', () => {
    const file = formatFiles('claude-stream-json').find((f) => f.name.includes('tool_use_captures'))!;
    const result = file.lines.find((l) => l.includes('"type":"result"'))!;
    expect(JSON.parse(result).permission_denials).toHaveLength(2);
    const { state, events } = parseAll([result]);
    expect(state.denials).toBe(2);
    expect(events[0]?.text).toContain('2 tool calls were denied');
    // The file holds two runs, each with two denials.
    expect(parseAll(file.lines).state.denials).toBe(4);
  });

  it('counts none when the list is empty', () => {
    const file = formatFiles('claude-stream-json').find((f) => f.name.includes('result_success_raw'))!;
    const { state, events } = parseAll(file.lines);
    expect(state.denials).toBe(0);
    expect(events.at(-1)?.text).not.toContain('denied');
  });
});

describe('odd shapes', () => {
  it('never throws and says something for every line', () => {
    const odd = [
      '{"type":"tool_use","sessionID":"ses_x","part":null}',
      '{"type":"tool_use","sessionID":"ses_x","part":{"state":{"status":"error","error":42}}}',
      '{"type":"step_finish","sessionID":"ses_x","part":{"tokens":{"input":"many"},"cost":"free"}}',
      '{"type":"error","sessionID":"ses_x","error":"plain string"}',
      '{"type":"text","sessionID":"ses_x"}',
      '{"type":"message_end","message":"not an object"}',
      '{"type":"message","message":{"role":"assistant","content":"text, not blocks","usage":{"input":-1}}}',
      '{"type":"tool_execution_end","isError":true}',
      '{"type":"agent_end","messages":[null,1,{"role":"assistant","stopReason":"aborted"}]}',
      '{"type":"session"}',
      '{"type":"auto_retry_start","attempt":"one"}',
    ];
    for (const line of odd) {
      const { events } = parseAll([line]);
      expect(events.every((e) => typeof e.text === 'string' && e.text.length > 0), line).toBe(true);
    }
    const { state } = parseAll(odd);
    expect(state.badLines).toBe(0);
    expect(state.sessionId).toBe('ses_x');
  });

  it('does not mutate the state it was given', () => {
    const start = parseAll(formatFiles('pi-json').find((f) => f.name === 'pi-mode-json.jsonl')!.lines.slice(0, 12)).state;
    const snapshot = JSON.stringify(start);
    parseEventLines(start, ['{"type":"tool_execution_start","toolCallId":"x","toolName":"bash","args":{"command":"ls"}}'], 1);
    expect(JSON.stringify(start)).toBe(snapshot);
  });
});
