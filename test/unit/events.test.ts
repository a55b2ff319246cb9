import { describe, expect, it } from 'vitest';
import { initialEventStream, parseEventLines } from '../../src/events/parse.js';
import { formatFiles } from '../helpers/formats.js';

const parseAll = (lines: readonly string[]) => parseEventLines(initialEventStream(), lines, 1000);

describe('codex exec --json (every recorded file)', () => {
  for (const file of formatFiles('codex-exec-json')) {
    it(`parses ${file.name} without unreadable lines`, () => {
      const { state, events } = parseAll(file.lines);
      expect(state.badLines).toBe(0);
      expect(state.format).toBe('codex');
      expect(events.length).toBe(file.lines.filter((l) => l.trim() !== '').length);
      expect(events.every((e) => typeof e.text === 'string' && e.text.length > 0)).toBe(true);
      const started = file.lines.find((l) => l.includes('thread.started'));
      if (started) expect(state.sessionId).toBe(JSON.parse(started).thread_id);
    });
  }

  it('reads a failed command with its exit code', () => {
    const file = formatFiles('codex-exec-json').find((f) => f.name.includes('failed_command'))!;
    const { events } = parseAll(file.lines);
    const failed = events.find((e) => e.kind === 'command' && e.phase === 'failed');
    expect(failed).toMatchObject({ exitCode: 42, isError: true });
    expect(failed?.text).toContain("exit 42");
  });

  it('reads file changes, MCP calls with errors and todo lists', () => {
    const change = parseAll(formatFiles('codex-exec-json').find((f) => f.name.includes('file_change'))!.lines).events;
    expect(change.find((e) => e.kind === 'file-change')?.text).toBe('update test.txt');
    const mcp = parseAll(formatFiles('codex-exec-json').find((f) => f.name.includes('mcp-todo'))!.lines);
    expect(mcp.events.filter((e) => e.kind === 'tool')).toHaveLength(3);
    expect(mcp.events.find((e) => e.kind === 'tool' && e.isError)?.text).toContain('mcp-portfolio/get_performance');
    expect(mcp.state.todo).toEqual({ done: 1, total: 2 });
  });

  it('treats turn usage as cumulative for the thread', () => {
    const lines = [
      '{"type":"thread.started","thread_id":"t-1"}',
      '{"type":"turn.completed","usage":{"input_tokens":100,"cached_input_tokens":0,"output_tokens":10}}',
      '{"type":"turn.completed","usage":{"input_tokens":250,"cached_input_tokens":50,"output_tokens":30}}',
    ];
    expect(parseAll(lines).state.usage).toEqual({ inputTokens: 250, outputTokens: 30, costUsd: null });
    // A resumed run of the same thread continues the same totals.
    const first = parseAll(lines.slice(0, 2)).state;
    const resumed = parseEventLines(first, ['{"type":"thread.started","thread_id":"t-1"}', lines[2]!], 2000).state;
    expect(resumed.usage).toMatchObject({ inputTokens: 250, outputTokens: 30 });
    // A new thread adds to what the earlier one used.
    const other = parseEventLines(resumed, ['{"type":"thread.started","thread_id":"t-2"}', '{"type":"turn.completed","usage":{"input_tokens":5,"output_tokens":1}}'], 3000).state;
    expect(other.usage).toMatchObject({ inputTokens: 255, outputTokens: 31 });
    expect(other.sessionId).toBe('t-1');
  });

  it('turns turn.failed and top-level errors into error events', () => {
    const { events } = parseAll(['{"type":"turn.failed","error":{"message":"stream disconnected"}}', '{"type":"error","message":"Reconnecting... 1/5"}']);
    expect(events.map((e) => [e.kind, e.text])).toEqual([
      ['error', 'turn failed: stream disconnected'],
      ['error', 'Reconnecting... 1/5'],
    ]);
  });
});

describe('claude stream-json (every recorded file)', () => {
  for (const file of formatFiles('claude-stream-json')) {
    it(`parses ${file.name} without unreadable lines`, () => {
      const { state, events } = parseAll(file.lines);
      expect(state.badLines).toBe(0);
      expect(state.format).toBe('claude');
      expect(events.length).toBeGreaterThan(0);
      const init = file.lines.find((l) => l.includes('"subtype":"init"'));
      if (init) expect(state.sessionId).toBe(JSON.parse(init).session_id);
    });
  }

  it('counts usage once per message id and takes the result as the run total', () => {
    const file = formatFiles('claude-stream-json').find((f) => f.name.includes('tool_use_captures'))!;
    // Three assistant lines share msg_018oFJk3…: before the result, their usage counts once.
    const beforeResult = parseAll(file.lines.slice(0, 4)).state;
    expect(beforeResult.usage).toEqual({ inputTokens: 3 + 5153 + 13522, outputTokens: 5, costUsd: null });
    const { state } = parseAll(file.lines);
    // Two runs, each closed by a result: their totals and costs add up.
    expect(state.usage?.costUsd).toBeCloseTo(0.0395976 + 0.03418065, 8);
    expect(state.usage?.outputTokens).toBe(368 + 349);
  });

  it('marks tool errors and error results', () => {
    const errors = parseAll(formatFiles('claude-stream-json').find((f) => f.name.includes('tool_result_error'))!.lines).events;
    expect(errors[0]).toMatchObject({ kind: 'tool-result', isError: true });
    expect(errors[0]?.text).toMatch(/^tool error: InputValidationError/);
    const system = parseAll(formatFiles('claude-stream-json').find((f) => f.name.includes('system-subtypes'))!.lines).events;
    const result = system.find((e) => e.kind === 'result');
    expect(result).toMatchObject({ isError: true, phase: 'failed' });
    expect(result?.text).toContain('No conversation found');
  });

  it('shows Bash tool use as a command', () => {
    const file = formatFiles('claude-stream-json').find((f) => f.name.includes('tool_use_captures'))!;
    const commands = parseAll(file.lines).events.filter((e) => e.kind === 'command');
    expect(commands.map((c) => c.text)).toEqual(['$ ls -la /tmp', '$ date', '$ test -f /etc/passwd && echo "File exists" || echo "File does not exist"']);
  });
});

describe('bad input', () => {
  it('counts malformed lines and keeps going', () => {
    const { state, events } = parseAll(['not json', '{"type":"thread.started","thread_id":"x"}', '[1,2]', '"str"', '{broken', '\u0000\u0001binary\uFFFD']);
    expect(state.badLines).toBe(5);
    expect(events).toHaveLength(1);
    expect(state.sessionId).toBe('x');
  });

  it('turns unknown types into generic events', () => {
    const { events } = parseAll(['{"type":"brand.new","x":1}', '{"no_type":true}']);
    expect(events.map((e) => [e.kind, e.text])).toEqual([
      ['other', 'brand.new'],
      ['other', '(no type)'],
    ]);
  });

  it('survives a 10 MB line', () => {
    const huge = `{"type":"item.completed","item":{"type":"agent_message","text":"${'x'.repeat(10 * 1024 * 1024)}"}}`;
    const { events } = parseAll([huge]);
    expect(events[0]?.text.length).toBeLessThanOrEqual(200);
  });

  it('does not mutate the state it was given', () => {
    const start = initialEventStream();
    const snapshot = JSON.stringify(start);
    parseEventLines(start, ['{"type":"thread.started","thread_id":"a"}'], 1);
    expect(JSON.stringify(start)).toBe(snapshot);
  });
});
