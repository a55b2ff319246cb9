import { describe, expect, it } from 'vitest';
import { claude, CLAUDE_HOOK_EVENTS } from '../../src/agents/claude.js';
import { codex } from '../../src/agents/codex.js';
import { hookArgv } from '../../src/supervisor/command.js';

const input = { bin: '/bin/agent', prompt: 'fix it', extraArgs: ['--x'], autonomy: 'workspace' as const, hookArgv: hookArgv("/state/tasks/it's", 'claude'), settingsFile: '/state/tasks/t/agent-settings.json' };

describe('interactive launches', () => {
  it('Claude Code: a per-run settings file with a hook per event, quoted for the shell it runs them in', () => {
    const made = claude.interactive!.launch({ ...input, sessionId: '0675efb7-25ac-4242-b654-e7d0f77a89df' });
    expect(made.argv).toEqual(['/bin/agent', '--session-id', '0675efb7-25ac-4242-b654-e7d0f77a89df', '--settings', input.settingsFile, '--x', 'fix it']);
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
});
