import { describe, expect, it } from 'vitest';
import { claude, CLAUDE_HOOK_EVENTS } from '../../src/agents/claude.js';
import { codex } from '../../src/agents/codex.js';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { opencode } from '../../src/agents/opencode.js';
import { pi } from '../../src/agents/pi.js';
import { newestOpenCodeSession, newestPiSession } from '../../src/agents/sessions.js';
import { hookArgv } from '../../src/supervisor/command.js';

const input = { bin: '/bin/agent', prompt: 'fix it', extraArgs: ['--x'], autonomy: 'workspace' as const, hookArgv: hookArgv("/state/tasks/it's", 'claude'), settingsFile: '/state/tasks/t/agent-settings.json', taskDir: '/state/tasks/t' };

describe('interactive launches', () => {
  it('Claude Code: a per-run settings file with a hook per event, quoted for the shell it runs them in', () => {
    const made = claude.interactive!.launch({ ...input, sessionId: '0675efb7-25ac-4242-b654-e7d0f77a89df' });
    expect(made.argv).toEqual(['/bin/agent', '--session-id', '0675efb7-25ac-4242-b654-e7d0f77a89df', '--settings', input.settingsFile, '--x', '--', 'fix it']);
    const settings = JSON.parse(made.settings as string) as { permissions: unknown; hooks: Record<string, { hooks: { command: string }[] }[]> };
    expect(Object.keys(settings.hooks).sort()).toEqual([...CLAUDE_HOOK_EVENTS].sort());
    const command = settings.hooks.PermissionRequest?.[0]?.hooks[0]?.command ?? '';
    expect(command).toContain(`'/state/tasks/it'\\''s'`);
    expect(command).toMatch(/ hook --task-dir .* --source claude PermissionRequest$/);
    expect(settings.permissions).toEqual({ defaultMode: 'acceptEdits' });
    expect(claude.interactive!.resume({ ...input, sessionId: 'abc' }).argv.slice(0, 3)).toEqual(['/bin/agent', '--resume', 'abc']);
  });
  it('Codex: notify for this run only, as a TOML array, and no prompt when none is given', () => {
    const made = codex.interactive!.launch({ ...input, prompt: '', hookArgv: hookArgv('/state/tasks/t', 'codex') });
    expect(made.settings).toBeNull();
    expect(made.argv[1]).toBe('-c');
    const notify = JSON.parse((made.argv[2] as string).replace(/^notify=/, '')) as string[];
    expect(notify.slice(-6)).toEqual(['hook', '--task-dir', '/state/tasks/t', '--source', 'codex', 'notify']);
    expect(made.argv).toContain('workspace-write');
    expect(made.argv.at(-1)).toBe('--x');
    expect(codex.interactive!.resume({ ...input, sessionId: 'id-1', hookArgv: hookArgv('/s', 'codex') }).argv.slice(0, 3)).toEqual(['/bin/agent', 'resume', 'id-1']);
  });

  it('OpenCode: the first prompt with --prompt, a session resumed without one, a shell command asked about at the workspace level', () => {
    expect(opencode.interactive!.launch(input).argv).toEqual(['/bin/agent', '--x', '--prompt', 'fix it']);
    expect(opencode.interactive!.launch({ ...input, prompt: '' }).argv).toEqual(['/bin/agent', '--x']);
    expect(opencode.interactive!.resume({ ...input, sessionId: 'ses_1' }).argv).toEqual(['/bin/agent', '--session', 'ses_1', '--x']);
    expect(JSON.parse(opencode.interactive!.env!('workspace', '/t').OPENCODE_PERMISSION as string)).toEqual({ bash: 'ask', edit: 'allow' });
  });
  it('Pi: the first prompt as its argument, its conversations kept in the task directory', () => {
    expect(pi.interactive!.launch(input).argv).toEqual(['/bin/agent', '--x', 'fix it']);
    expect(pi.interactive!.resume({ ...input, sessionId: 'u-1' }).argv).toEqual(['/bin/agent', '--session', 'u-1', '--x']);
    expect(pi.interactive!.env!('workspace', '/state/tasks/t')).toEqual({ PI_CODING_AGENT_SESSION_DIR: '/state/tasks/t/pi-sessions' });
  });
});

describe('finding the conversation an interactive run started', () => {
  it('Pi: the newest session file of this run, by the id in its name', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'oneshot-pi-sessions-'));
    try {
      expect(await newestPiSession(join(dir, 'none'), 0)).toBeNull();
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, '2026-11-27T16-22-14-093Z_01a21dd0-834b-7697-8341-bd0d64f811e8.jsonl'), '{}\n');
      writeFileSync(join(dir, 'notes.txt'), '');
      expect(await newestPiSession(dir, Date.now() - 60_000)).toBe('01a21dd0-834b-7697-8341-bd0d64f811e8');
      expect(await newestPiSession(dir, Date.now() + 60_000)).toBeNull();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it("OpenCode: the newest conversation in the agent's directory since the run began", async () => {
    const listed = JSON.stringify([
      { id: 'ses_old', directory: '/w', created: 1000 },
      { id: 'ses_other_dir', directory: '/elsewhere', created: 9000 },
      { id: 'ses_new', directory: '/w', created: 5000 },
    ]);
    const runner = async () => ({ exitCode: 0, stdout: listed, stderr: '', timedOut: false, notFound: false });
    const search = { cwd: '/w', since: 4000, bin: 'opencode', env: {}, runner: runner as never };
    expect(await newestOpenCodeSession(search)).toBe('ses_new');
    expect(await newestOpenCodeSession({ ...search, since: 10_000 })).toBeNull();
    const broken = async () => ({ exitCode: 0, stdout: 'not json', stderr: '', timedOut: false, notFound: false });
    expect(await newestOpenCodeSession({ ...search, runner: broken as never })).toBeNull();
  });
});
