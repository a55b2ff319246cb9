import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { AgentObservation, AgentView } from '../../src/fleet/agent.js';
import { describeAgent, NO_EXTRA } from '../../src/fleet/describe.js';
import { readDescribeExtra } from '../../src/sources/describe.js';
import { createAppStore } from '../../src/store/store.js';
import { isSecretVariable, shownValue } from '../../src/text/secrets.js';
import { dotAgent, observation, session, taskDir } from '../helpers/observations.js';

const NOW = Date.parse('2026-11-27T12:00:00Z');
const view = (obs: AgentObservation): AgentView => {
  const store = createAppStore({ heartbeatIntervalSec: 30, serverLabel: '-L t' }, NOW);
  store.getState().fleetObserved({ at: NOW, server: { status: 'ok', error: null }, agents: [obs] });
  return store.getState().agents[obs.id]!;
};

const temp = mkdtempSync(join(tmpdir(), 'oneshot-describe-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe('secrets in an environment', () => {
  it('hides credentials by name and by shape, and nothing else', () => {
    for (const [name, value] of [
      ['ANTHROPIC_API_KEY', 'sk-ant-abc'],
      ['GITHUB_TOKEN', 'x'],
      ['AWS_SECRET_ACCESS_KEY', 'y'],
      ['PGPASSWORD', 'z'],
      ['NPM_AUTH', 'z'],
      ['SOMETHING', 'sk-proj-0123456789abcdef'],
      ['HELPER', 'ghp_0123456789abcdefghij0123'],
    ]) {
      expect(isSecretVariable(name!, value!), name).toBe(true);
      expect(shownValue(name!, value!), name).toMatch(/^\(hidden, \d+ characters\)$/);
    }
    for (const [name, value] of [['PATH', '/usr/bin'], ['PWD', '/work'], ['OLDPWD', '/'], ['SSH_AUTH_SOCK', '/tmp/ssh'], ['KEYMAP', 'us'], ['HOME', '/home/me']]) {
      expect(isSecretVariable(name!, value!), name).toBe(false);
    }
    expect(shownValue('DATABASE_URL', 'postgres://app:hunter2@db/app')).toBe('postgres://app:(hidden)@db/app');
  });
});

describe('the description of an agent', () => {
  it('has every section, from the record, the files and the environment, with no secret in it', async () => {
    const dir = join(temp, 'tasks', 'fix-auth');
    const work = join(temp, 'work');
    mkdirSync(dir, { recursive: true });
    mkdirSync(join(work, '.agent'), { recursive: true });
    writeFileSync(join(dir, 'task.json'), '{}');
    writeFileSync(join(dir, 'runs.jsonl'), `${JSON.stringify({ event: 'agent', pid: 4242, how: 'start', at: '2026-11-27T11:00:00.000Z' })}\nnot json\n${JSON.stringify({ event: 'exit', code: 1, at: '2026-11-27T11:30:00.000Z' })}\n`);
    writeFileSync(join(dir, 'env.json'), JSON.stringify({ PATH: '/usr/bin', OPENAI_API_KEY: 'sk-live-0123456789', LANG: 'C', N: 3 }));
    writeFileSync(join(work, '.agent', 'STATUS.md'), `# Status\n${Array.from({ length: 450 }, (_, i) => `step ${i}`).join('\n')}\n`);
    writeFileSync(join(work, '.agent', 'CHECKPOINTS.md'), '# Checkpoints\n- 11:00 tests pass\n- 11:20 parser done\n');
    const agent = view(
      observation({
        id: 'task:fix-auth',
        name: 'fix-auth',
        dir: work,
        task: taskDir({
          dir,
          record: { name: 'fix-auth', agent: 'codex', dir: work, argv: ['codex', 'exec', '--json', '{prompt}'], created: '2026-11-27T11:00:00.000Z', session: 'fix-auth', socketPath: '/tmp/tmux-0/default', autonomy: 'workspace' },
          exit: { code: 1, signal: null, at: NOW - 60_000 },
        }),
        dotAgent: dotAgent({ dir: join(work, '.agent') }),
      }),
    );
    const extra = await readDescribeExtra(agent);
    expect(extra.files.map((f) => f.path)).toEqual(expect.arrayContaining([join(dir, 'runs.jsonl'), join(work, '.agent', 'STATUS.md')]));
    expect(extra.status).toHaveLength(400);
    expect(extra.cut?.status).toBe(51);
    expect(extra.checkpoints).toEqual(['11:00 tests pass', '11:20 parser done']);
    expect(extra.runs?.map((r) => r.event)).toEqual(['agent', 'exit']);
    expect(extra.env).toEqual({ PATH: '/usr/bin', OPENAI_API_KEY: 'sk-live-0123456789', LANG: 'C' });

    const text = describeAgent(agent, extra, NOW).join('\n');
    for (const heading of ['Agent', 'State and its evidence', 'Task record (task.json)', 'tmux', '.agent/', 'Files', 'STATUS.md', 'Checkpoints (2)', 'Runs (runs.jsonl, 2 entries)', 'Events', 'Environment it was started with (3 variables; secrets hidden)']) {
      expect(text, heading).toMatch(new RegExp(`^${heading.replace(/[().]/g, '\\$&')}$`, 'm'));
    }
    expect(text).toContain('codex exec --json {prompt}');
    expect(text).toContain('code 1');
    expect(text).toContain('pid=4242');
    expect(text).toContain('… 51 earlier lines not shown');
    expect(text).toContain('step 449');
    expect(text).toContain('OPENAI_API_KEY=(hidden, 18 characters)');
    expect(text).not.toContain('sk-live');
    expect(text).toContain('PATH=/usr/bin');
  });

  it('says what it knows when the files cannot be read, and never shows a control sequence', async () => {
    const agent = view(observation({ name: 'evil\x1b]0;x\x07name', task: taskDir({ dir: join(temp, 'missing') }), session: session({ env: { TASK_TMPDIR: '/t', GH_TOKEN: 'abc' } }) }));
    const extra = await readDescribeExtra(agent);
    expect(extra).toMatchObject({ files: [], status: null, runs: null, env: null });
    // A named pipe where STATUS.md should be is refused, not waited on.
    const odd = join(temp, 'odd');
    mkdirSync(join(odd, '.agent'), { recursive: true });
    expect(spawnSync('mkfifo', [join(odd, '.agent', 'STATUS.md')]).status).toBe(0);
    const piped = await readDescribeExtra(view(observation({ id: 'task:odd', name: 'odd', dir: odd, dotAgent: dotAgent({ dir: join(odd, '.agent') }) })));
    expect(piped.status).toBeNull();
    const lines = describeAgent(agent, { ...NO_EXTRA, note: 'gpu did not describe it' }, NOW);
    expect(lines[1]).toBe('gpu did not describe it');
    expect(lines.join('\n')).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f]/);
    expect(lines.join('\n')).toContain('Session environment');
    expect(lines.join('\n')).toContain('GH_TOKEN=(hidden, 3 characters)');
  });
});
