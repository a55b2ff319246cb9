// Pi: `pi -p PROMPT`. No native resume: resuming re-runs the prompt with what the task
// files say was done (see ops/resume).
import type { AgentAdapter } from './adapter.js';

export const pi: AgentAdapter = {
  kind: 'pi',
  defaultBin: 'pi',
  eventFormat: null,
  promptFromStdin: false,
  continuePrompt: 'Continue the previous task.',
  launch: ({ bin, prompt, extraArgs }) => [bin, '-p', ...extraArgs, prompt],
  resume: () => null,
};
