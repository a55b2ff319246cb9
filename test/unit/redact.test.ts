import { describe, expect, it } from 'vitest';
import { carriesPrompt, promptMark, redactArgv } from '../../src/text/redact.js';

const PROMPT = 'Rotate the staging database password and update the deploy notes accordingly';
const RERUN = `${PROMPT}\n\n---\nThis task was interrupted and is being resumed. Read .agent/STATUS.md then continue.`;
const ON = { excerpt: true };
const OFF = { excerpt: false };

describe('promptMark', () => {
  it('keeps at most 24 characters, on one line, marked as a prompt with its length', () => {
    expect(promptMark(PROMPT, ON)).toBe(`{prompt: "Rotate the staging datab…" (${PROMPT.length} chars)}`);
    expect(promptMark('fix\nthe\tbug', ON)).toBe('{prompt: "fix the bug" (11 chars)}');
    expect(promptMark(PROMPT, OFF)).toBe(`{prompt, ${PROMPT.length} chars}`);
  });
});

describe('redactArgv', () => {
  const cases: [string, string[], string, string[]][] = [
    ['the prompt itself', ['claude', '-p', PROMPT], PROMPT, ['claude', '-p', promptMark(PROMPT, ON)]],
    ['a re-run prompt that contains it', ['codex', 'exec', RERUN], PROMPT, ['codex', 'exec', promptMark(RERUN, ON)]],
    ['a short prompt, equal', ['claude', '-p', 'fix it'], 'fix it', ['claude', '-p', '{prompt: "fix it" (6 chars)}']],
    ['a long argument that is not the prompt (a build session)', ['pi', 'x'.repeat(81)], 'idea', ['pi', promptMark('x'.repeat(81), ON)]],
    ['flags stay', ['codex', 'exec', '--json', '--sandbox', 'workspace-write'], PROMPT, ['codex', 'exec', '--json', '--sandbox', 'workspace-write']],
    ['the program stays, however long its path', [`/opt/${'deep/'.repeat(30)}codex`, 'exec'], '', [`/opt/${'deep/'.repeat(30)}codex`, 'exec']],
    ['an empty prompt marks nothing short', ['sh', '-c', 'true'], '', ['sh', '-c', 'true']],
  ];
  it.each(cases)('%s', (_what, argv, prompt, expected) => {
    expect(redactArgv(argv, prompt, ON)).toEqual(expected);
  });

  it('without excerpts, no word of the prompt is left', () => {
    const redacted = redactArgv(['codex', 'exec', PROMPT, RERUN], PROMPT, OFF).join(' ');
    expect(redacted).toBe(`codex exec {prompt, ${PROMPT.length} chars} {prompt, ${RERUN.length} chars}`);
    expect(redacted).not.toContain('Rotate');
  });

  it('counts containment only for a prompt long enough not to be in a flag by chance', () => {
    expect(carriesPrompt('--json', 'js')).toBe(false);
    expect(carriesPrompt('js', 'js')).toBe(true);
    expect(carriesPrompt('Context: fix the login bug. Then stop.', 'fix the login bug')).toBe(true);
  });
});
