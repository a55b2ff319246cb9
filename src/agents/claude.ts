// Claude Code (2.1): `claude -p PROMPT --output-format stream-json --verbose`; the session
// id is in the first system/init line; `--resume <id>` continues the same session.
// With -p and no prompt argument it reads the prompt from stdin.
import type { AgentAdapter } from './adapter.js';

const STREAM = ['--output-format', 'stream-json', '--verbose'];

export const claude: AgentAdapter = {
  kind: 'claude',
  defaultBin: 'claude',
  eventFormat: 'claude',
  promptFromStdin: true,
  continuePrompt: 'Continue the previous task.',
  launch: ({ bin, prompt, extraArgs, promptOnStdin }) => [bin, '-p', ...(promptOnStdin ? [] : [prompt]), ...STREAM, ...extraArgs],
  resume: ({ bin, prompt, extraArgs, sessionId, promptOnStdin }) => [bin, '-p', '--resume', sessionId, ...(promptOnStdin ? [] : [prompt]), ...STREAM, ...extraArgs],
};
