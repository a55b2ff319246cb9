// Codex CLI (0.169): `codex exec --json`; the session id is thread.started's thread_id;
// `codex exec resume <id>` keeps the same thread. It reads stdin when stdin is not a
// terminal, so it always gets /dev/null or the prompt.
//
// Autonomy is a sandbox: `exec` with no setting runs read-only, rejects every write and
// says so in no event. The level is passed on every launch AND every resume (a resumed
// thread does not keep its sandbox), before `resume` (which refuses -s after it).
import { UUID, type AgentAdapter } from './adapter.js';
import type { Autonomy } from './autonomy.js';
import { codexRollout } from './sessions.js';

export function codexAutonomyArgs(level: Autonomy): string[] {
  switch (level) {
    case 'read-only':
      return ['--sandbox', 'read-only'];
    case 'workspace':
      return ['--sandbox', 'workspace-write'];
    case 'full':
      return ['--dangerously-bypass-approvals-and-sandbox'];
  }
}

export const codex: AgentAdapter = {
  kind: 'codex',
  defaultBin: 'codex',
  testedVersion: '0.169.0',
  eventFormat: 'codex',
  promptFromStdin: true,
  continuePrompt: 'Continue the previous task.',
  launch: ({ bin, prompt, extraArgs, promptOnStdin, autonomy }) => [bin, 'exec', '--json', '--skip-git-repo-check', ...codexAutonomyArgs(autonomy), ...extraArgs, promptOnStdin ? '-' : prompt],
  resume: ({ bin, prompt, extraArgs, sessionId, promptOnStdin, autonomy }) => [
    bin,
    'exec',
    '--json',
    '--skip-git-repo-check',
    ...codexAutonomyArgs(autonomy),
    ...extraArgs,
    'resume',
    sessionId,
    promptOnStdin ? '-' : prompt,
  ],
  // A resume with a non-UUID id is taken as a thread name and silently starts a new one.
  validSessionId: (id) => UUID.test(id),
  checkSession: codexRollout,
};
