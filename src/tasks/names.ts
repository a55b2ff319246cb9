// Task names: [a-z0-9-], from the user or made from the prompt. Pure.
import { createHash } from 'node:crypto';

export const NAME_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/;

export function nameProblem(name: string): string | null {
  if (name === '') return 'a name is needed';
  if (name.length > 40) return 'at most 40 characters';
  if (!/^[a-z0-9-]+$/.test(name)) return 'only a-z, 0-9 and - are allowed';
  if (name.startsWith('-') || name.endsWith('-')) return 'cannot start or end with -';
  return null;
}

/** A name from the first words of the prompt; prompts without Latin letters get a short hash. */
export function nameFromPrompt(prompt: string): string {
  const ascii = prompt
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter((w) => w.length > 0)
    .slice(0, 5)
    .join('-')
    .slice(0, 32)
    .replace(/-+$/, '');
  if (ascii.length >= 3) return ascii;
  const hash = createHash('sha256').update(prompt).digest('hex').slice(0, 8);
  return ascii ? `${ascii}-${hash}` : `task-${hash}`;
}

/** `base`, or `base-2`, `base-3`… the first that `taken` does not hold. */
export function uniqueName(base: string, taken: (name: string) => boolean): string {
  if (!taken(base)) return base;
  for (let i = 2; i < 10_000; i++) {
    const suffix = `-${i}`;
    const candidate = `${base.slice(0, 40 - suffix.length).replace(/-+$/, '')}${suffix}`;
    if (!taken(candidate)) return candidate;
  }
  return `${base.slice(0, 31)}-${Date.now().toString(36)}`;
}
