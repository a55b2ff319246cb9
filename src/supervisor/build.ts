// The autonomous builder's prompts and its measure of "finished". Pure, apart from reading
// the task list.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hasPromiseDone, parseTaskList, type TaskList } from '../sources/text.js';

export function buildDir(workDir: string, name: string): string {
  return join(workDir, '.autonomous', name);
}

export function initializerPrompt(idea: string, dir: string): string {
  return [
    `You are the first session of an autonomous build. The goal:`,
    '',
    idea,
    '',
    `1. Break the work into small steps and write them to ${join(dir, 'task_list.md')}, one per line, exactly in the form "- [ ] Task N: what to do" (N counting from 1).`,
    `2. Write ${join(dir, 'progress.md')} with what the next session needs to know.`,
    '3. Start with Task 1. Each time a task is finished, change its "- [ ]" to "- [x]", add a line to progress.md, and commit the work with git.',
    '4. When every task is checked, write <promise>DONE</promise> on the last line of progress.md.',
    'Later sessions will continue from these files, so keep them accurate.',
  ].join('\n');
}

export function continuationPrompt(idea: string, dir: string, session: number, maxSessions: number): string {
  return [
    `Continue the autonomous build (session ${session} of at most ${maxSessions}). The goal:`,
    '',
    idea,
    '',
    `Read ${join(dir, 'task_list.md')} and ${join(dir, 'progress.md')}. Take the first unchecked "- [ ] Task N:" item, do it, check it ("- [x]"), note it in progress.md and commit with git. Repeat while this session lasts.`,
    'When every task is checked, write <promise>DONE</promise> on the last line of progress.md.',
  ].join('\n');
}

export interface BuildStatus {
  list: TaskList | null;
  promiseDone: boolean;
  complete: boolean;
}

export function buildStatus(dir: string): BuildStatus {
  let list: TaskList | null = null;
  let promiseDone = false;
  try {
    list = parseTaskList(readFileSync(join(dir, 'task_list.md'), 'utf8'));
  } catch {
    list = null;
  }
  try {
    promiseDone = hasPromiseDone(readFileSync(join(dir, 'progress.md'), 'utf8'));
  } catch {
    promiseDone = false;
  }
  const complete = promiseDone || (list !== null && list.total > 0 && list.done === list.total);
  return { list, promiseDone, complete };
}
