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
