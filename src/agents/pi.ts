// Pi (0.73): `pi --mode json -p PROMPT`; the first line is {"type":"session","id":…};
// `pi --session <id> -p …` continues that session (appending to its file), also after
// a kill. Pi has no permission system: the read-only level offers it only its reading
// tools; workspace and full are its defaults (read, bash, edit, write).
import { UUID, type AgentAdapter } from './adapter.js';
import type { Autonomy } from './autonomy.js';
import { piSessionFile } from './sessions.js';

const autonomyArgs = (level: Autonomy): string[] => (level === 'read-only' ? ['--tools', 'read,grep,find,ls'] : []);

export const pi: AgentAdapter = {
  kind: 'pi',
  defaultBin: 'pi',
  testedVersion: '0.73.1',
  eventFormat: 'pi',
  promptFromStdin: false,
  continuePrompt: 'Continue the previous task.',
  launch: ({ bin, prompt, extraArgs, autonomy }) => [bin, '--mode', 'json', ...autonomyArgs(autonomy), ...extraArgs, '-p', prompt],
  resume: ({ bin, prompt, extraArgs, sessionId, autonomy }) => [bin, '--session', sessionId, '--mode', 'json', ...autonomyArgs(autonomy), ...extraArgs, '-p', prompt],
  // Pi takes a prefix of an id (first match wins): only a whole id is safe.
  validSessionId: (id) => UUID.test(id),
  checkSession: piSessionFile,
};
