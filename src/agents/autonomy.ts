// How much an agent may do without asking. oneshot runs agents unattended, so a level is
// always chosen (never the CLI's own default, which for `codex exec` and `claude -p` is
// "cannot write") and mapped to each CLI's own flags and per-run settings.

export const AUTONOMY_LEVELS = ['read-only', 'workspace', 'full'] as const;
export type Autonomy = (typeof AUTONOMY_LEVELS)[number];

export const DEFAULT_AUTONOMY: Autonomy = 'workspace';

export function isAutonomy(value: unknown): value is Autonomy {
  return typeof value === 'string' && (AUTONOMY_LEVELS as readonly string[]).includes(value);
}

/** One line per level for help texts and the form. */
export const AUTONOMY_HELP: Record<Autonomy, string> = {
  'read-only': 'may read files and run read-only commands; no edits',
  workspace: 'may edit files and run commands in its working directory without asking (default)',
  full: 'no sandbox and no approvals at all: the agent can do anything your user can (dangerous)',
};
