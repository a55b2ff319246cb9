// Real recorded samples (test/fixtures/formats, see its README for sources).
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
/** Recorded agent output, kept as recorded. */
export const FORMATS_DIR = join(here, '..', 'fixtures', 'formats');

export function formatFiles(kind: string): { name: string; path: string; lines: string[] }[] {
  const dir = join(FORMATS_DIR, kind);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .sort()
    .map((name) => {
      const path = join(dir, name);
      return { name, path, lines: readFileSync(path, 'utf8').split('\n') };
    });
}

/** Recorded screens of the agent CLIs run interactively (test/fixtures/screens, see its README). */
export const SCREENS_DIR = join(here, '..', 'fixtures', 'screens');

/** One recorded screen's lines: `recordedScreen('claude-2.1.197', 'approval')`. */
export function recordedScreen(cli: string, name: string): string[] {
  return readFileSync(join(SCREENS_DIR, cli, `${name}.txt`), 'utf8').split('\n');
}

/** Hook payloads an agent CLI gave its hooks (test/fixtures/hooks): the event and what it read. */
export function recordedHooks(cli: string): { event: string; payload: Record<string, unknown> }[] {
  return readFileSync(join(here, '..', 'fixtures', 'hooks', `${cli}.jsonl`), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { event: string; payload: Record<string, unknown> });
}
