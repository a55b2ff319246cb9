// Any program: `oneshot run --agent shell -- CMD ARGS…`. Its argv is the command; resuming
// runs it again.
import type { AgentAdapter } from './adapter.js';

export const shell: AgentAdapter = {
  kind: 'shell',
  defaultBin: '',
  eventFormat: null,
  promptFromStdin: false,
  continuePrompt: '',
  launch: ({ extraArgs }) => [...extraArgs],
  resume: () => null,
};
