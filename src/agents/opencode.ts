// OpenCode: `opencode run PROMPT`; resuming is `opencode run "Continue"`.
import type { AgentAdapter } from './adapter.js';

export const opencode: AgentAdapter = {
  kind: 'opencode',
  defaultBin: 'opencode',
  eventFormat: null,
  promptFromStdin: false,
  continuePrompt: 'Continue',
  launch: ({ bin, prompt, extraArgs }) => [bin, 'run', ...extraArgs, prompt],
  resume: ({ bin, extraArgs }) => [bin, 'run', ...extraArgs, 'Continue'],
};
