// The README documents the real programs: the key table is the keymap's, and every
// command and option of both programs is there.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/program.js';
import { buildTuiProgram } from '../../src/cli/oneshot-tui.js';
import type { Io } from '../../src/cli/io.js';
import { KEYS_END, KEYS_START, keyTableMarkdown, withKeyTable } from '../../src/keymap/markdown.js';

const README = readFileSync(join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'README.md'), 'utf8');
const io: Io = { out: () => undefined, err: () => undefined, stdoutIsTTY: false, stdinIsTTY: false, columns: 100, env: {}, confirm: async () => false };

const longFlags = (cmd: Command) => cmd.options.map((o) => o.long).filter((f): f is string => !!f && f !== '--help');

describe('README', () => {
  it('has the key table generated from the keymap (npm run docs rewrites it)', () => {
    expect(README).toContain(KEYS_START);
    expect(README).toContain(KEYS_END);
    expect(README).toContain(keyTableMarkdown());
    expect(withKeyTable(README)).toBe(README);
  });

  it('the key table check notices a key that is not in the README', () => {
    const edited = README.replace('| `W` |', '| `w` |');
    expect(edited).not.toBe(README);
    expect(withKeyTable(edited)).not.toBe(edited);
  });

  it('documents every oneshot command and every option of each', () => {
    const program = buildProgram(io, () => undefined);
    const missing: string[] = [];
    for (const cmd of program.commands) {
      if (!README.includes(`oneshot ${cmd.name()}`)) missing.push(`oneshot ${cmd.name()}`);
      for (const flag of longFlags(cmd)) if (!README.includes(flag)) missing.push(`oneshot ${cmd.name()} ${flag}`);
    }
    expect(missing).toEqual([]);
    expect(program.commands.map((c) => c.name())).toEqual(['status', 'list', 'run', 'build', 'watch', 'serve', 'resume', 'stop', 'checkpoint', 'checkpoints', 'kill', 'killall', 'attach', 'answer', 'wait', 'explain', 'describe', 'log', 'follow']);
  });

  it('documents every oneshot-tui option', () => {
    const program = buildTuiProgram(io, () => undefined);
    const flags = longFlags(program);
    expect(flags).toContain('--demo');
    for (const flag of flags) expect(README, flag).toContain(flag);
  });

  it('shows screenshots that exist', () => {
    const images = [...README.matchAll(/\]\((screenshots\/[^)]+)\)/g)].map((m) => m[1]!);
    expect(images.length).toBeGreaterThanOrEqual(4);
    for (const image of images) expect(() => readFileSync(join(dirname(fileURLToPath(import.meta.url)), '..', '..', image)), image).not.toThrow();
  });
});
