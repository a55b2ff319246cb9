// Claude Code (2.1): `claude -p PROMPT --output-format stream-json --verbose`; oneshot
// chooses the session id (--session-id) so it is on record before the first event;
// `--resume <id>` continues the same session, from the same working directory.
// With -p and no prompt argument it reads the prompt from stdin.
//
// Autonomy: `-p` alone denies every tool that needs approval (and still exits 0). The
// workspace level is acceptEdits plus Bash, given as per-run settings (not the user's
// settings files); full is --dangerously-skip-permissions, which Claude Code refuses to
// run as root unless IS_SANDBOX=1 says the machine is a sandbox.
import { randomUUID } from 'node:crypto';
import { shellCommand } from '../text/argv.js';
import { UUID, type AgentAdapter, type InteractiveInput } from './adapter.js';
import type { Autonomy } from './autonomy.js';
import { claudeTranscript } from './sessions.js';

const STREAM = ['--output-format', 'stream-json', '--verbose'];

export function claudeAutonomyArgs(level: Autonomy): string[] {
  switch (level) {
    case 'read-only':
      return ['--permission-mode', 'plan'];
    case 'workspace':
      return ['--settings', JSON.stringify({ permissions: { defaultMode: 'acceptEdits', allow: ['Bash'] } })];
    case 'full':
      return ['--dangerously-skip-permissions'];
  }
}

/** The hook events oneshot listens to in an interactive run. */
export const CLAUDE_HOOK_EVENTS = ['SessionStart', 'UserPromptSubmit', 'PreToolUse', 'PermissionRequest', 'PostToolUse', 'Notification', 'Stop', 'StopFailure', 'SessionEnd'] as const;

/**
 * In an interactive run a person is there to answer: `workspace` lets the agent edit files
 * without asking and asks before it runs a command (answered from the inbox); `read-only`
 * is plan mode; `full` asks nothing.
 */
function interactivePermissions(level: Autonomy): { args: string[]; permissions: Record<string, unknown> | null } {
  switch (level) {
    case 'read-only':
      return { args: ['--permission-mode', 'plan'], permissions: null };
    case 'workspace':
      return { args: [], permissions: { defaultMode: 'acceptEdits' } };
    case 'full':
      return { args: ['--dangerously-skip-permissions'], permissions: null };
  }
}

/** The per-run settings file: the permission mode and a hook per event calling `oneshot hook`. */
export function claudeRunSettings(input: InteractiveInput): string {
  const hooks = Object.fromEntries(
    CLAUDE_HOOK_EVENTS.map((event) => [event, [{ matcher: '*', hooks: [{ type: 'command', command: shellCommand(input.hookArgv(event)), timeout: 10 }] }]]),
  );
  const { permissions } = interactivePermissions(input.autonomy);
  return `${JSON.stringify({ ...(permissions ? { permissions } : {}), hooks }, null, 2)}\n`;
}

export const claude: AgentAdapter = {
  kind: 'claude',
  defaultBin: 'claude',
  testedVersion: '2.1.197',
  eventFormat: 'claude',
  promptFromStdin: true,
  continuePrompt: 'Continue the previous task.',
  launch: ({ bin, prompt, extraArgs, promptOnStdin, autonomy, sessionId }) => [
    bin,
    '-p',
    ...(promptOnStdin ? [] : [prompt]),
    ...STREAM,
    ...(sessionId ? ['--session-id', sessionId] : []),
    ...claudeAutonomyArgs(autonomy),
    ...extraArgs,
  ],
  resume: ({ bin, prompt, extraArgs, sessionId, promptOnStdin, autonomy }) => [
    bin,
    '-p',
    '--resume',
    sessionId,
    ...(promptOnStdin ? [] : [prompt]),
    ...STREAM,
    ...claudeAutonomyArgs(autonomy),
    ...extraArgs,
  ],
  env: (autonomy): Record<string, string> => (autonomy === 'full' && process.getuid?.() === 0 ? { IS_SANDBOX: '1' } : {}),
  presetSessionId: () => randomUUID(),
  validSessionId: (id) => UUID.test(id),
  checkSession: claudeTranscript,
  interactive: {
    launch: (input) => ({
      argv: [
        input.bin,
        ...(input.sessionId ? ['--session-id', input.sessionId] : []),
        '--settings',
        input.settingsFile,
        ...interactivePermissions(input.autonomy).args,
        ...input.extraArgs,
        // After `--`: an extra option that takes several values (--allowedTools) would take the prompt too.
        ...(input.prompt ? ['--', input.prompt] : []),
      ],
      settings: claudeRunSettings(input),
    }),
    resume: (input) => ({
      argv: [input.bin, '--resume', input.sessionId, '--settings', input.settingsFile, ...interactivePermissions(input.autonomy).args, ...input.extraArgs],
      settings: claudeRunSettings(input),
    }),
  },
};
