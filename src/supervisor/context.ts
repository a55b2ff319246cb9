// The prompt for running a task again when its session cannot be resumed natively. The
// task's notes are pointed to, not pasted in: they can be long, and the agent reads files.
import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

function subdirs(path: string): string[] {
  try {
    return readdirSync(path, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort();
  } catch {
    return [];
  }
}

export function resumeContextPrompt(prompt: string, workDir: string): string {
  const notes: string[] = [];
  for (const file of ['.agent/STATUS.md', '.agent/CHECKPOINTS.md']) if (existsSync(join(workDir, file))) notes.push(file);
  for (const task of subdirs(join(workDir, '.autonomous'))) {
    for (const file of ['task_list.md', 'progress.md']) {
      const path = join(workDir, '.autonomous', task, file);
      if (existsSync(path)) notes.push(relative(workDir, path));
    }
  }
  const read = notes.length ? ` Read ${notes.join(', ')} and the git log to see what is already done,` : ' Check the git log and the files to see what is already done,';
  return `${prompt}\n\n---\nThis task was interrupted and is being resumed.${read} then continue from where it stopped. Do not redo finished work.`;
}
