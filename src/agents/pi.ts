// Pi (0.73): `pi --mode json -p PROMPT`; the first line is {"type":"session","id":…};
// `pi --session <id> -p …` continues that session (appending to its file), also after
// a kill. Pi has no permission system: the read-only level offers it only its reading
// tools; workspace and full are its defaults (read, bash, edit, write).
//
// Interactive (`run -i`): its own interface, with the first prompt as an argument (sent at
// once). Its conversations are kept in the task directory for that run
// (PI_CODING_AGENT_SESSION_DIR), where the session id is read back from the file name.
// Pi has no hooks, no approval prompts, no bell and a fixed title: its screen says the state.
import { join } from 'node:path';
import { UUID, type AgentAdapter } from './adapter.js';
import type { Autonomy } from './autonomy.js';
import { newestPiSession, piSessionFile } from './sessions.js';

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
  interactive: {
    launch: (input) => ({ argv: [input.bin, ...autonomyArgs(input.autonomy), ...input.extraArgs, ...(input.prompt ? [input.prompt] : [])], settings: null }),
    resume: (input) => ({ argv: [input.bin, '--session', input.sessionId, ...autonomyArgs(input.autonomy), ...input.extraArgs], settings: null }),
    env: (_autonomy, taskDir) => ({ PI_CODING_AGENT_SESSION_DIR: join(taskDir, 'pi-sessions') }),
    findSession: async (search) => newestPiSession(join(search.taskDir, 'pi-sessions'), search.since),
  },
};
