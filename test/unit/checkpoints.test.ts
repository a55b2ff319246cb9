import { describe, expect, it } from 'vitest';
import { isCheckpointOf, parseCheckpointLog, recoveryCommands, renderCheckpoints } from '../../src/ops/checkpoints.js';
import { splitCommandLine } from '../../src/text/argv.js';

const R = '\x1e';
const F = '\x1f';

describe('parseCheckpointLog', () => {
  it('reads commits and counts their numstat lines, skipping what it cannot read', () => {
    const text = [
      `${R}aaaa1111${F}aaaa111${F}2026-11-20T10:05:00+01:00${F}oneshot checkpoint: auth (periodic) x\n\n3\t1\tsrc/a.ts\n-\t-\timg.png\n`,
      `${R}bbbb2222${F}bbbb222${F}2026-11-20T10:00:00+01:00${F}oneshot checkpoint: auth (final) y\n`,
      `${R}garbage without fields\n`,
    ].join('');
    expect(parseCheckpointLog(text, 'refs/oneshot/auth')).toEqual([
      { commit: 'aaaa1111', short: 'aaaa111', date: '2026-11-20T10:05:00+01:00', message: 'oneshot checkpoint: auth (periodic) x', files: 2, on: 'refs/oneshot/auth' },
      { commit: 'bbbb2222', short: 'bbbb222', date: '2026-11-20T10:00:00+01:00', message: 'oneshot checkpoint: auth (final) y', files: null, on: 'refs/oneshot/auth' },
    ]);
    expect(parseCheckpointLog('', 'x')).toEqual([]);
  });

  it('tells a task\'s checkpoints from those of a task whose name starts the same', () => {
    expect(isCheckpointOf('oneshot checkpoint: api (periodic) 2026', 'api')).toBe(true);
    expect(isCheckpointOf('oneshot checkpoint: api: before the refactor', 'api')).toBe(true);
    expect(isCheckpointOf('oneshot checkpoint: api', 'api')).toBe(true);
    expect(isCheckpointOf('oneshot checkpoint: api2 (final)', 'api')).toBe(false);
    expect(isCheckpointOf('fix the api', 'api')).toBe(false);
  });
});

describe('recovery commands', () => {
  it('are git command lines that split back into the intended argv, whatever the directory is called', () => {
    const commands = recoveryCommands("/home/me/my project's dir", 'auth flow', 'a1b2c3d');
    const argvs = commands.map((c) => {
      const split = splitCommandLine(c.command);
      if (!split.ok) throw new Error(split.error);
      return split.argv;
    });
    expect(argvs).toEqual([
      ['git', '-C', "/home/me/my project's dir", 'diff', 'HEAD', 'a1b2c3d'],
      ['git', '-C', "/home/me/my project's dir", 'restore', '--source=a1b2c3d', '--', '.'],
      ['git', '-C', "/home/me/my project's dir", 'switch', '-c', 'rescue-auth-flow', 'a1b2c3d'],
    ]);
    for (const c of commands) expect(c.what).not.toBe('');
  });
});

describe('renderCheckpoints', () => {
  const entry = (short: string, files: number | null, message: string) => ({ commit: `${short}000`, short, date: '2026-11-20T10:05:33+01:00', message, files, on: 'refs/oneshot/auth' });

  it('shows one line per checkpoint and the commands for the newest', () => {
    const text = renderCheckpoints({ task: 'auth', dir: '/w', looked: ['refs/oneshot/auth'], entries: [entry('b2', 2, 'oneshot checkpoint: auth (final) \x1b[31mred'), entry('a1', 1, 'oneshot checkpoint: auth (periodic)')] });
    expect(text.split('\n').slice(0, 3)).toEqual([
      'auth: 2 checkpoints, newest first',
      '  b2  2026-11-20 10:05  2 files   oneshot checkpoint: auth (final) red',
      '  a1  2026-11-20 10:05  1 file    oneshot checkpoint: auth (periodic)',
    ]);
    expect(text).toContain('  git -C /w restore --source=b2 -- .');
    expect(text).not.toContain('\x1b');
  });

  it('says where it looked when there is nothing', () => {
    expect(renderCheckpoints({ task: 'auth', dir: '/w', looked: ['refs/oneshot/auth', 'HEAD'], entries: [] })).toBe('auth: no checkpoints yet (looked at refs/oneshot/auth, HEAD)');
  });
});
