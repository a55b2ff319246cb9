// oneshot's own task records: tasks/<name>/task.json in the state directory.
import { join } from 'node:path';
import type { KnownTask } from '../fleet/plan.js';
import { tasksDir, taskFiles } from '../state/paths.js';
import { listDir, ParsedFileCache } from './files.js';
import { parseTaskRecord } from './readers.js';

export class TaskRegistry {
  private readonly records = new ParsedFileCache((file) => (file.status === 'ok' ? parseTaskRecord(file.text) : null), 256 * 1024);

  constructor(private readonly stateDir: string) {}

  /** Every readable task record; `socketPath` keeps only tasks of one tmux server. */
  async list(socketPath?: string): Promise<KnownTask[]> {
    const root = tasksDir(this.stateDir);
    const entries = (await listDir(root)).filter((e) => e.isDir).map((e) => e.name).sort();
    const tasks: KnownTask[] = [];
    const seen = new Set<string>();
    for (const name of entries) {
      const taskDir = join(root, name);
      const path = taskFiles(taskDir).record;
      seen.add(path);
      const record = await this.records.get(path);
      if (!record) continue;
      if (socketPath && record.socketPath && record.socketPath !== socketPath) continue;
      tasks.push({ taskDir, record });
    }
    this.records.retainWhere((p) => seen.has(p));
    return tasks;
  }
}
