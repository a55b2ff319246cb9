// OpenCode (1.18): `opencode run --format json PROMPT`; every line carries the session
// id (ses_…); `opencode run --session <id>` continues that session, also after a kill.
//
// Autonomy is OpenCode's permission config, given for this run only through the
// OPENCODE_PERMISSION variable (merged over the user's config, never written to it):
// `run` auto-rejects a permission set to "ask" and still exits 0. "deny" removes the
// tools from what the model is offered. Full is --auto (approve what is not denied).
// OpenCode works in $PWD, not in its process's directory: the supervisor sets PWD.
//
// Interactive (`run -i`): its own interface, `--prompt` sends the first prompt at once
// (`--session <id>` resumes, and there takes no prompt). A person is there to answer, so
// at the workspace level it edits without asking and asks before a shell command. It calls
// no hook and rings no bell: the screen says the state, and the session id is asked of
// `opencode session list` (the newest conversation of this run in its directory).
import type { AgentAdapter } from './adapter.js';
import type { Autonomy } from './autonomy.js';
import { newestOpenCodeSession, openCodeSession } from './sessions.js';

const PERMISSION: Record<Autonomy, string | null> = {
  'read-only': JSON.stringify({ bash: 'deny', edit: 'deny' }),
  workspace: JSON.stringify({ bash: 'allow', edit: 'allow' }),
  full: JSON.stringify({ '*': 'allow' }),
};

const autonomyArgs = (level: Autonomy): string[] => (level === 'full' ? ['--auto'] : []);

const INTERACTIVE_PERMISSION: Record<Autonomy, string> = {
  'read-only': JSON.stringify({ bash: 'deny', edit: 'deny' }),
  workspace: JSON.stringify({ bash: 'ask', edit: 'allow' }),
  full: JSON.stringify({ '*': 'allow' }),
};

export const opencode: AgentAdapter = {
  kind: 'opencode',
  defaultBin: 'opencode',
  testedVersion: '1.18.33',
  eventFormat: 'opencode',
  promptFromStdin: false,
  continuePrompt: 'Continue the previous task.',
  launch: ({ bin, prompt, extraArgs, autonomy }) => [bin, 'run', '--format', 'json', ...autonomyArgs(autonomy), ...extraArgs, prompt],
  resume: ({ bin, prompt, extraArgs, sessionId, autonomy }) => [bin, 'run', '--session', sessionId, '--format', 'json', ...autonomyArgs(autonomy), ...extraArgs, prompt],
  env: (autonomy): Record<string, string> => {
    const permission = PERMISSION[autonomy];
    return permission ? { OPENCODE_PERMISSION: permission } : {};
  },
  validSessionId: (id) => /^ses_[A-Za-z0-9]{20,}$/.test(id),
  checkSession: openCodeSession,
  interactive: {
    launch: (input) => ({ argv: [input.bin, ...input.extraArgs, ...(input.prompt ? ['--prompt', input.prompt] : [])], settings: null }),
    resume: (input) => ({ argv: [input.bin, '--session', input.sessionId, ...input.extraArgs], settings: null }),
    env: (autonomy) => ({ OPENCODE_PERMISSION: INTERACTIVE_PERMISSION[autonomy] }),
    findSession: newestOpenCodeSession,
  },
};
