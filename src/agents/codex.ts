// Codex CLI (0.169): `codex exec --json`; the session id is thread.started's thread_id;
// `codex exec resume <id>` keeps the same thread. It reads stdin when stdin is not a
// terminal, so it always gets /dev/null or the prompt.
import type { AgentAdapter } from './adapter.js';

export const codex: AgentAdapter = {
  kind: 'codex',
  defaultBin: 'codex',
  eventFormat: 'codex',
  promptFromStdin: true,
  continuePrompt: 'Continue the previous task.',
  launch: ({ bin, prompt, extraArgs, promptOnStdin }) => [bin, 'exec', '--json', '--skip-git-repo-check', ...extraArgs, promptOnStdin ? '-' : prompt],
  resume: ({ bin, prompt, extraArgs, sessionId, promptOnStdin }) => [
    bin,
    'exec',
    'resume',
    sessionId,
    promptOnStdin ? '-' : prompt,
    '--json',
    '--skip-git-repo-check',
    ...extraArgs,
  ],
};
