// Codex CLI (0.169): `codex exec --json`; the session id is thread.started's thread_id;
// `codex exec resume <id>` keeps the same thread. It reads stdin when stdin is not a
// terminal, so it always gets /dev/null or the prompt.
//
// Autonomy is a sandbox: `exec` with no setting runs read-only, rejects every write and
// says so in no event. The level is passed on every launch AND every resume (a resumed
// thread does not keep its sandbox), before `resume` (which refuses -s after it).
import { UUID, type AgentAdapter, type InteractiveInput } from './adapter.js';
import type { Autonomy } from './autonomy.js';
import { codexRollout, sessionFromHooks } from './sessions.js';

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

/**
 * The interactive interface's signals, for this run only (`-c` overrides, never the user's
 * config.toml): `notify` calls `oneshot hook` after every turn with the turn's JSON as its
 * last argument. Codex's lifecycle hooks would need its hook-trust check bypassed, which
 * would also bypass it for hooks of the user's own that were never trusted: not used. Its
 * title ("Action Required" at an approval, a spinner while working), its bell and its
 * screen say the rest.
 */
/**
 * Its TUI rings the terminal bell when a turn ends or an approval is asked, focused or not
 * (a tmux pane has no focus to speak of): tmux keeps it as the window's bell flag.
 */
const CODEX_BELL = ['-c', 'tui.notifications=true', '-c', 'tui.notification_method="bel"', '-c', 'tui.notification_condition="always"'];

export function codexInteractiveArgs(input: InteractiveInput): string[] {
  return ['-c', `notify=${JSON.stringify(input.hookArgv('notify'))}`, ...CODEX_BELL, ...codexAutonomyArgs(input.autonomy), ...input.extraArgs];
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
  interactive: {
    launch: (input) => ({ argv: [input.bin, ...codexInteractiveArgs(input), ...(input.prompt ? ['--', input.prompt] : [])], settings: null }),
    resume: (input) => ({ argv: [input.bin, 'resume', input.sessionId, ...codexInteractiveArgs(input)], settings: null }),
    // Its notify calls carry the thread id.
    findSession: async (search) => sessionFromHooks(search.taskDir),
  },
};
