// Finding agents' state directories: `.agent/` and `.autonomous/<task>/`, in one
// directory (a pane's working directory) or under a tree (a DIR on the command line).
import { join } from 'node:path';
import { isDirectory, listDir, signatureOf } from './files.js';

export interface DirProbe {
  dir: string;
  dotAgent: boolean;
  /** `.autonomous/<task>` directories, newest first. */
  autonomousTasks: { path: string; mtimeMs: number }[];
}

export async function probeDir(dir: string): Promise<DirProbe> {
  const autonomous = join(dir, '.autonomous');
  // Most directories have no .autonomous/: a stat says so without a failing readdir.
  const [dotAgent, entries] = await Promise.all([isDirectory(join(dir, '.agent')), (await isDirectory(autonomous)) ? listDir(autonomous) : []]);
  const autonomousTasks = await Promise.all(
    entries
      .filter((t) => t.isDir && !t.name.startsWith('.'))
      .map(async (t) => {
        const path = join(dir, '.autonomous', t.name);
        return { path, mtimeMs: (await signatureOf(path))?.mtimeMs ?? 0 };
      }),
  );
  autonomousTasks.sort((a, b) => b.mtimeMs - a.mtimeMs || a.path.localeCompare(b.path));
  return { dir, dotAgent, autonomousTasks };
}

const SKIP = new Set(['node_modules', '.git', 'dist', 'build', 'target', 'vendor', '.venv', 'venv', '__pycache__', '.cache', '.next']);

export interface ScanOptions {
  maxDepth?: number;
  /** Stop after visiting this many directories, so a scan of / stays bounded. */
  maxDirs?: number;
}

/** Every directory under `root` (itself included) holding `.agent/` or `.autonomous/`. */
export async function scanTree(root: string, options: ScanOptions = {}): Promise<DirProbe[]> {
  const maxDepth = options.maxDepth ?? 3;
  const maxDirs = options.maxDirs ?? 2000;
  const found: DirProbe[] = [];
  let visited = 0;
  let frontier = [root];
  for (let depth = 0; depth <= maxDepth && frontier.length > 0; depth++) {
    const next: string[] = [];
    for (const dir of frontier) {
      if (visited++ >= maxDirs) return found;
      const entries = await listDir(dir);
      const names = new Set(entries.filter((e) => e.isDir).map((e) => e.name));
      if (names.has('.agent') || names.has('.autonomous')) {
        const probe = await probeDir(dir);
        if (probe.dotAgent || probe.autonomousTasks.length > 0) found.push(probe);
      }
      for (const name of names) {
        if (name.startsWith('.') || SKIP.has(name)) continue;
        next.push(join(dir, name));
      }
    }
    frontier = next.sort();
  }
  return found;
}
