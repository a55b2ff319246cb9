// Prompts are private: they live in the task's prompt file (mode 600), and oneshot's own
// records (runs.jsonl, actions.log, notifications) show at most a short excerpt, marked
// as one, or only the length when the user turned excerpts off. Pure.

/** An argument this long is a prompt with context around it (a re-run, a build session), not a flag. */
export const LONG_ARGUMENT = 80;
const EXCERPT_CHARS = 24;
/** Containment is only evidence for a prompt long enough not to occur by chance in a flag. */
const MIN_CONTAINED = 8;

export interface RedactOptions {
  /** Keep the first words (config logPromptExcerpt, default true). */
  excerpt: boolean;
}

/** `{prompt: "add tests for the parse…" (812 chars)}`, or `{prompt, 812 chars}` without an excerpt. */
export function promptMark(text: string, options: RedactOptions): string {
  const chars = [...text];
  if (!options.excerpt) return `{prompt, ${chars.length} chars}`;
  const flat = [...text.replace(/[\x00-\x1f\x7f-\x9f\s]+/g, ' ').trim()];
  const head = flat.slice(0, EXCERPT_CHARS).join('');
  return `{prompt: "${head}${flat.length > EXCERPT_CHARS ? '…' : ''}" (${chars.length} chars)}`;
}

/** Whether an argument carries the prompt: it is the prompt, contains it, or is prompt-sized. */
export function carriesPrompt(arg: string, prompt: string): boolean {
  if (prompt !== '' && arg === prompt) return true;
  if (prompt.trim().length >= MIN_CONTAINED && arg.includes(prompt.trim())) return true;
  return [...arg].length > LONG_ARGUMENT;
}

/** An agent's argv fit for a log: the program as it is, every argument that carries the prompt marked. */
export function redactArgv(argv: readonly string[], prompt: string, options: RedactOptions): string[] {
  return argv.map((arg, i) => (i > 0 && carriesPrompt(arg, prompt) ? promptMark(arg, options) : arg));
}
