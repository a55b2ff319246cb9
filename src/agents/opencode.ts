// OpenCode: `opencode run PROMPT` prints plain text, so oneshot learns no session id from
// it and resumes by running the prompt again with context (ops/resume). Given a session
// id (recorded by hand or by an adopted task), `opencode run --session <id>` continues it.
import type { AgentAdapter } from './adapter.js';

export const opencode: AgentAdapter = {
  kind: 'opencode',
  defaultBin: 'opencode',
  eventFormat: null,
  promptFromStdin: false,
  continuePrompt: 'Continue',
  launch: ({ bin, prompt, extraArgs }) => [bin, 'run', ...extraArgs, prompt],
  resume: ({ bin, prompt, extraArgs, sessionId }) => [bin, 'run', '--session', sessionId, ...extraArgs, prompt],
};
