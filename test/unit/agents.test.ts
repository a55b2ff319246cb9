import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Autonomy } from '../../src/agents/autonomy.js';
import { ADAPTERS } from '../../src/agents/index.js';
import { OpUsageError } from '../../src/ops/context.js';
import { findAgent } from '../../src/ops/find.js';
import { deriveAgent, emptyEvents } from '../../src/fleet/derive.js';
import { resumeContextPrompt } from '../../src/supervisor/context.js';
import { acquireLock, checkLock, releaseLock } from '../../src/tasks/lock.js';
import { nameFromPrompt, nameProblem, uniqueName } from '../../src/tasks/names.js';
import { observation } from '../helpers/observations.js';
import { makeTempArea, type TempArea } from '../helpers/temp.js';

const base = { bin: '/bin/x', prompt: 'do it', extraArgs: ['--extra'], promptOnStdin: false, autonomy: 'workspace' as Autonomy };
const UUID_1 = '0199a213-81c0-7800-8aa1-bbab2a035a53';
const WORKSPACE_SETTINGS = '{"permissions":{"defaultMode":"acceptEdits","allow":["Bash"]}}';

describe('agent adapters: launch and resume argv at every autonomy level', () => {
  it('codex: the sandbox on every launch and resume, before `resume` (which refuses -s after it)', () => {
    expect(ADAPTERS.codex.launch(base)).toEqual(['/bin/x', 'exec', '--json', '--skip-git-repo-check', '--sandbox', 'workspace-write', '--extra', 'do it']);
    expect(ADAPTERS.codex.launch({ ...base, autonomy: 'read-only' })).toContain('read-only');
    expect(ADAPTERS.codex.launch({ ...base, autonomy: 'full' })).toContain('--dangerously-bypass-approvals-and-sandbox');
    expect(ADAPTERS.codex.resume({ ...base, sessionId: UUID_1 })).toEqual(['/bin/x', 'exec', '--json', '--skip-git-repo-check', '--sandbox', 'workspace-write', '--extra', 'resume', UUID_1, 'do it']);
    expect(ADAPTERS.codex.launch({ ...base, promptOnStdin: true }).at(-1)).toBe('-');
    expect(ADAPTERS.codex.validSessionId?.('my-thread-name')).toBe(false);
  });
  it('claude: a pre-assigned --session-id, per-run permission settings, --resume with the id', () => {
    expect(ADAPTERS.claude.launch({ ...base, extraArgs: [], sessionId: UUID_1 })).toEqual([
      '/bin/x', '-p', 'do it', '--output-format', 'stream-json', '--verbose', '--session-id', UUID_1, '--settings', WORKSPACE_SETTINGS,
    ]);
    expect(ADAPTERS.claude.launch({ ...base, extraArgs: [], autonomy: 'read-only' })).toEqual(['/bin/x', '-p', 'do it', '--output-format', 'stream-json', '--verbose', '--permission-mode', 'plan']);
    expect(ADAPTERS.claude.launch({ ...base, extraArgs: [], autonomy: 'full' })).toContain('--dangerously-skip-permissions');
    expect(ADAPTERS.claude.resume({ ...base, sessionId: UUID_1 })).toEqual([
      '/bin/x', '-p', '--resume', UUID_1, 'do it', '--output-format', 'stream-json', '--verbose', '--settings', WORKSPACE_SETTINGS, '--extra',
    ]);
    expect(ADAPTERS.claude.launch({ ...base, extraArgs: [], promptOnStdin: true })).toEqual(['/bin/x', '-p', '--output-format', 'stream-json', '--verbose', '--settings', WORKSPACE_SETTINGS]);
    expect(ADAPTERS.claude.presetSessionId?.()).toMatch(/^[0-9a-f-]{36}$/);
  });
  it('opencode: --format json, the permission for this run in OPENCODE_PERMISSION, --session to resume', () => {
    expect(ADAPTERS.opencode.launch({ ...base, extraArgs: [] })).toEqual(['/bin/x', 'run', '--format', 'json', 'do it']);
    expect(ADAPTERS.opencode.env?.('workspace')).toEqual({ OPENCODE_PERMISSION: '{"bash":"allow","edit":"allow"}' });
    expect(ADAPTERS.opencode.env?.('read-only')).toEqual({ OPENCODE_PERMISSION: '{"bash":"deny","edit":"deny"}' });
    expect(ADAPTERS.opencode.launch({ ...base, extraArgs: [], autonomy: 'full' })).toEqual(['/bin/x', 'run', '--format', 'json', '--auto', 'do it']);
    expect(ADAPTERS.opencode.resume({ ...base, prompt: 'Continue', extraArgs: [], sessionId: 'ses_1' })).toEqual(['/bin/x', 'run', '--session', 'ses_1', '--format', 'json', 'Continue']);
  });
  it('pi: --mode json, reading tools only for read-only, --session to resume', () => {
    expect(ADAPTERS.pi.launch({ ...base, extraArgs: [] })).toEqual(['/bin/x', '--mode', 'json', '-p', 'do it']);
    expect(ADAPTERS.pi.launch({ ...base, extraArgs: [], autonomy: 'read-only' })).toEqual(['/bin/x', '--mode', 'json', '--tools', 'read,grep,find,ls', '-p', 'do it']);
    expect(ADAPTERS.pi.resume({ ...base, extraArgs: [], sessionId: UUID_1 })).toEqual(['/bin/x', '--session', UUID_1, '--mode', 'json', '-p', 'do it']);
    expect(ADAPTERS.pi.validSessionId?.('0199a2')).toBe(false);
    expect(ADAPTERS.shell.launch({ ...base, extraArgs: ['npm', 'test'] })).toEqual(['npm', 'test']);
    expect(ADAPTERS.shell.resume({ ...base, sessionId: 'x' })).toBeNull();
  });
});

describe('task names', () => {
  it('are made from the prompt, safely for any language', () => {
    expect(nameFromPrompt('Fix the login bug in auth.ts, please!')).toBe('fix-the-login-bug-in');
    expect(nameFromPrompt('Réparer le café')).toBe('reparer-le-cafe');
    expect(nameFromPrompt('修复登录错误')).toMatch(/^task-[0-9a-f]{8}$/);
    expect(nameFromPrompt('$(rm -rf /); `id`')).toBe('rm-rf-id');
    expect(nameProblem(nameFromPrompt('x'.repeat(500)))).toBeNull();
  });
  it('are validated and made unique', () => {
    expect(nameProblem('good-name-1')).toBeNull();
    expect(nameProblem('Bad Name')).toMatch(/only a-z/);
    expect(nameProblem('-x')).toMatch(/start or end/);
    expect(nameProblem('a'.repeat(41))).toMatch(/40/);
    const taken = new Set(['fix', 'fix-2']);
    expect(uniqueName('fix', (n) => taken.has(n))).toBe('fix-3');
  });
});

describe('directory lock', () => {
  let area: TempArea;
  beforeEach(() => {
    area = makeTempArea();
  });
  afterEach(() => area.cleanup());

  it('refuses a second live task, takes over a stale one, releases its own', () => {
    const dir = area.root;
    expect(acquireLock(dir, 'a', process.pid).kind).toBe('free');
    expect(checkLock(dir, 'a').kind).toBe('mine');
    expect(acquireLock(dir, 'b', 12345).kind).toBe('held');
    releaseLock(dir, 'a', process.pid);
    expect(checkLock(dir, 'b').kind).toBe('free');
    // pid 2^22+ does not exist
    acquireLock(dir, 'old', 4_194_999);
    const stale = acquireLock(dir, 'new', process.pid);
    expect(stale).toMatchObject({ kind: 'stale', lock: { task: 'old' } });
  });

  it('points a resumed run at the task notes instead of pasting them', () => {
    mkdirSync(join(area.root, '.agent'));
    writeFileSync(join(area.root, '.agent', 'STATUS.md'), 'x');
    mkdirSync(join(area.root, '.autonomous', 'site'), { recursive: true });
    writeFileSync(join(area.root, '.autonomous', 'site', 'task_list.md'), '- [ ] Task 1: a');
    const prompt = resumeContextPrompt('Build the site', area.root);
    expect(prompt.startsWith('Build the site\n')).toBe(true);
    expect(prompt).toContain('.agent/STATUS.md');
    expect(prompt).toContain('.autonomous/site/task_list.md');
    expect(prompt).not.toContain('- [ ] Task 1');
  });
});

describe('finding agents by name', () => {
  const views = ['auth-fix', 'auth-tests', 'docs'].map((n) => deriveAgent(observation({ id: n, name: n, expectedSession: `codex-${n}` }), emptyEvents(null), 0, { heartbeatIntervalSec: 30, serverLabel: 'x' }));
  it('takes exact names and session names; prefixes only when asked (read-only commands)', () => {
    expect(findAgent(views, 'docs').name).toBe('docs');
    expect(findAgent(views, 'codex-auth-fix').name).toBe('auth-fix');
    expect(findAgent(views, 'do', { prefix: true }).name).toBe('docs');
  });
  it('never acts on a prefix for commands that change agents, and says what it could have meant', () => {
    expect(() => findAgent(views, 'do')).toThrow('no agent named "do"; did you mean docs?');
    expect(() => findAgent(views, 'do')).toThrow(OpUsageError);
    expect(() => findAgent(views, 'auth')).toThrow('"auth" is not an agent name; it starts 2 of them: auth-fix, auth-tests');
    expect(() => findAgent(views, 'auth', { prefix: true })).toThrow('it starts 2 of them');
    expect(() => findAgent(views, 'dosc')).toThrow('no agent named "dosc"; did you mean docs?');
    expect(() => findAgent([], 'x', { serverArgs: ['-L', 'my server'] })).toThrow("no agents on this tmux server; see oneshot -L 'my server' status");
  });
});
