// Where each CLI keeps a conversation: the checks a native resume depends on.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { claudeProjectDir, claudeTranscript, codexRollout, piProjectDir, piSessionFile } from '../../src/agents/sessions.js';
import { createRunner } from '../../src/proc/exec.js';
import { makeTempArea, type TempArea } from '../helpers/temp.js';

const ID = '01a21c63-3c17-7630-a926-60b70cb44d8d';
let area: TempArea;
beforeEach(() => {
  area = makeTempArea();
});
afterEach(() => area.cleanup());

const lookup = (env: Record<string, string>, cwd = '/home/me/src/app') => ({ sessionId: ID, bin: 'x', cwd, env, runner: createRunner() });

describe('conversation stores', () => {
  it('Claude Code: the project directory is the cwd with every other character made "-", long ones cut with a hash', () => {
    expect(claudeProjectDir('/tmp/work/sub dir.x_y')).toBe('-tmp-work-sub-dir-x-y');
    const long = `/${'a'.repeat(250)}`;
    const enc = claudeProjectDir(long);
    expect(enc.length).toBeGreaterThan(200);
    expect(enc.slice(0, 200)).toBe(`-${'a'.repeat(199)}`);
    expect(enc).toMatch(/^-a{199}-[0-9a-z]+$/);
  });

  it('Claude Code: finds the transcript under CLAUDE_CONFIG_DIR, and says where it looked when it is missing', async () => {
    const env = { CLAUDE_CONFIG_DIR: area.path('claude') };
    expect(await claudeTranscript(lookup(env))).toMatch(/no Claude Code transcript .* in .*projects\/-home-me-src-app/);
    mkdirSync(join(env.CLAUDE_CONFIG_DIR, 'projects', '-home-me-src-app'), { recursive: true });
    writeFileSync(join(env.CLAUDE_CONFIG_DIR, 'projects', '-home-me-src-app', `${ID}.jsonl`), '{}\n');
    expect(await claudeTranscript(lookup(env))).toBeNull();
  });

  it('Codex: finds the rollout in any dated directory of CODEX_HOME/sessions', async () => {
    const env = { CODEX_HOME: area.path('codex') };
    expect(await codexRollout(lookup(env))).toMatch(/no Codex rollout/);
    const day = join(env.CODEX_HOME, 'sessions', '2026', '11', '28');
    mkdirSync(day, { recursive: true });
    writeFileSync(join(day, `rollout-2026-11-28T01-02-03-${ID}.jsonl`), '{}\n');
    expect(await codexRollout(lookup(env))).toBeNull();
  });

  it('Codex: a sessions path that is not a directory is a reason, not a crash', async () => {
    const env = { CODEX_HOME: area.path('codexfile') };
    mkdirSync(env.CODEX_HOME, { recursive: true });
    writeFileSync(join(env.CODEX_HOME, 'sessions'), 'not a directory');
    expect(await codexRollout(lookup(env))).toMatch(/no Codex rollout/);
  });

  it('Pi: the session directory keeps spaces and dots, and the file is <time>_<id>.jsonl', async () => {
    expect(piProjectDir('/tmp/work/sub dir.x_y:z')).toBe('--tmp-work-sub dir.x_y-z--');
    const env = { HOME: area.path('home') };
    expect(await piSessionFile(lookup(env))).toMatch(/no Pi session file/);
    const dir = join(env.HOME, '.pi', 'agent', 'sessions', '--home-me-src-app--');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `2026-11-27T09-07-21-528Z_${ID}.jsonl`), '{}\n');
    expect(await piSessionFile(lookup(env))).toBeNull();
  });
});
