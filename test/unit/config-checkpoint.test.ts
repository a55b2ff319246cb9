import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/config.js';
import { checkpointRef, checkpointTarget, refComponent } from '../../src/ops/checkpoint-target.js';
import { makeTempArea, type TempArea } from '../helpers/temp.js';

let area: TempArea;
beforeAll(() => {
  area = makeTempArea();
});
afterAll(() => area.cleanup());

function withConfig(json: unknown, env: Record<string, string> = {}) {
  const path = area.path(`config-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(path, JSON.stringify(json));
  return () => loadConfig({ ...area.env, ONESHOT_CONFIG: path, ...env });
}

describe('checkpoint settings in the config', () => {
  it('defaults to a private ref, 10 MB, nothing allowed, excerpts on', () => {
    const config = loadConfig({ ...area.env, ONESHOT_CONFIG: area.path('missing.json') });
    expect(config).toMatchObject({ checkpointMode: 'ref', checkpointMaxFileMB: 10, checkpointAllow: [], logPromptExcerpt: true, mouse: true });
  });

  it('lets the dashboard leave the mouse alone with "mouse": false', () => {
    expect(withConfig({ mouse: false })().mouse).toBe(false);
    expect(withConfig({ mouse: true })().mouse).toBe(true);
  });

  it('reads the keys from the file, and ONESHOT_CHECKPOINT_MODE over it', () => {
    const load = withConfig({ checkpoint: 'commit', checkpointMaxFileMB: 2.5, checkpointAllow: ['fixtures/'], logPromptExcerpt: false });
    expect(load()).toMatchObject({ checkpointMode: 'commit', checkpointMaxFileMB: 2.5, checkpointAllow: ['fixtures/'], logPromptExcerpt: false });
    expect(withConfig({ checkpoint: 'commit' }, { ONESHOT_CHECKPOINT_MODE: 'ref' })().checkpointMode).toBe('ref');
  });

  const bad: [string, unknown, Record<string, string>, RegExp][] = [
    ['an unknown mode', { checkpoint: 'branch' }, {}, /: checkpoint: the checkpoint mode must be one of ref, commit$/],
    ['an unknown mode in the environment', {}, { ONESHOT_CHECKPOINT_MODE: 'push' }, /^ONESHOT_CHECKPOINT_MODE=push: the checkpoint mode must be one of ref, commit$/],
    ['a size that is not positive', { checkpointMaxFileMB: 0 }, {}, /checkpointMaxFileMB must be a positive number$/],
    ['a size that is a string', { checkpointMaxFileMB: '10' }, {}, /checkpointMaxFileMB must be a positive number$/],
    ['allow that is not a list', { checkpointAllow: '*.pem' }, {}, /checkpointAllow must be an array of strings$/],
    ['an empty allow pattern', { checkpointAllow: [''] }, {}, /checkpointAllow must not contain an empty pattern$/],
    ['an excerpt switch that is not a boolean', { logPromptExcerpt: 'no' }, {}, /logPromptExcerpt must be true or false$/],
    ['a mouse switch that is not a boolean', { mouse: 'off' }, {}, /mouse must be true or false$/],
  ];
  it.each(bad)('refuses %s in one line', (_what, json, env, message) => {
    const load = withConfig(json, env);
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(message);
    try {
      load();
    } catch (error) {
      expect((error as Error).message).not.toContain('\n');
    }
  });
});

describe('checkpoint targets', () => {
  const config = { checkpointMode: 'ref' as const, checkpointMaxFileMB: 1, checkpointAllow: ['a/'] };
  const record = (extra: object = {}) => ({ name: 'auth', worktree: null, ...extra });

  it('names a ref git accepts for any agent name', () => {
    expect(checkpointRef('auth')).toBe('refs/oneshot/auth');
    const cases: [string, string][] = [
      ['fix-the-bug', 'fix-the-bug'],
      ['my agent: v2', 'my-agent-v2'],
      ['..hidden', 'hidden'],
      ['a..b', 'a-b'],
      ['x.lock', 'x'],
      ['what?*[~^', 'what'],
      ['@{', 'task'],
      ['', 'task'],
    ];
    for (const [name, component] of cases) expect(refComponent(name), name).toBe(component);
  });

  it('takes a chosen mode over the worktree branch, the worktree branch over the config', () => {
    expect(checkpointTarget('x', null, config)).toEqual({ task: 'x', mode: 'ref', worktreeBranch: null, filter: { maxBytes: 1024 * 1024, allow: ['a/'] } });
    expect(checkpointTarget('x', record({ worktree: { path: '/w', branch: 'oneshot/auth' } }), config)).toMatchObject({ task: 'auth', mode: 'ref', worktreeBranch: 'oneshot/auth' });
    expect(checkpointTarget('x', record({ worktree: { path: '/w', branch: 'oneshot/auth' }, checkpoint: 'commit' }), config)).toMatchObject({ mode: 'commit', worktreeBranch: null });
    expect(checkpointTarget('x', record({ checkpoint: 'commit' }), config, 'ref')).toMatchObject({ mode: 'ref' });
    expect(checkpointTarget('x', record(), { ...config, checkpointMode: 'commit' })).toMatchObject({ mode: 'commit' });
  });
});
