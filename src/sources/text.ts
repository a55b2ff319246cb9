// Pure readers of the agents' markdown state files.

export interface TaskItem {
  number: number;
  done: boolean;
  title: string;
}

export interface TaskList {
  done: number;
  total: number;
  items: TaskItem[];
}

// `- [x] Task 3: …`, also `* [ ] **Task 12:** …` and `- [X] Task 4 - …` is NOT a task
// (the autonomous runner requires the colon).
const TASK_ITEM = /^\s*[-*+]\s+\[([ xX])\]\s+(?:\*\*|__)?Task\s+(\d+)\s*(?:\*\*|__)?\s*:(?:\*\*|__)?\s*(.*)$/;

/** Only real `Task N:` checklist items count; other checkboxes and prose do not. */
export function parseTaskList(text: string): TaskList {
  const items: TaskItem[] = [];
  for (const line of text.split('\n')) {
    const m = TASK_ITEM.exec(line);
    if (!m) continue;
    items.push({ number: Number(m[2]), done: m[1] !== ' ', title: (m[3] ?? '').trim() });
  }
  const done = items.filter((i) => i.done).length;
  return { done, total: items.length, items };
}

export const PROMISE_DONE = '<promise>DONE</promise>';

export function hasPromiseDone(text: string): boolean {
  return text.includes(PROMISE_DONE);
}

/** The last `count` non-empty lines. */
export function lastLines(text: string, count: number): string[] {
  const lines = text.split('\n').map((l) => l.replace(/\s+$/, '')).filter((l) => l.trim() !== '');
  return lines.slice(Math.max(0, lines.length - count));
}

export interface CheckpointSummary {
  count: number;
  last: string | null;
}

/** CHECKPOINTS.md's entries, oldest first: each non-empty line that is not a heading, without its bullet. */
export function checkpointEntries(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((l) => l.replace(/^[-*]\s+/, ''));
}

/** CHECKPOINTS.md: how many entries, and the last. */
export function parseCheckpoints(text: string): CheckpointSummary {
  const entries = checkpointEntries(text);
  return { count: entries.length, last: entries[entries.length - 1] ?? null };
}

/** A JSON Lines text's objects; a line that is not one (being written, broken) is skipped. */
export function jsonObjects(text: string): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const obj: unknown = JSON.parse(line);
      if (obj && typeof obj === 'object' && !Array.isArray(obj)) out.push(obj as Record<string, unknown>);
    } catch {
      // a line being written
    }
  }
  return out;
}

/** A pid file: the first integer in it. */
export function parsePid(text: string): number | null {
  const m = /\d+/.exec(text);
  if (!m) return null;
  const pid = Number(m[0]);
  return Number.isSafeInteger(pid) && pid > 0 ? pid : null;
}
