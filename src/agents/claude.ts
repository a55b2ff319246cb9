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
import { UUID, type AgentAdapter } from './adapter.js';
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
};
