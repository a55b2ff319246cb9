import { describe, expect, it } from 'vitest';
import { parseTimestamp, readHeartbeat } from '../../src/sources/heartbeat.js';
import { hasPromiseDone, lastLines, parseCheckpoints, parsePid, parseTaskList } from '../../src/sources/text.js';

describe('heartbeat timestamps', () => {
  it.each([
    ['Thu Nov 20 23:26:01 UTC 2026', '2026-11-20T23:26:01.000Z'],
    ['Thu Nov 20 23:26:01 UTC 2026: alive', '2026-11-20T23:26:01.000Z'],
    ['Wed Jan 21 04:38:15 PM PST 2026', '2026-01-22T00:38:15.000Z'],
    ['Thu 20 Nov 2026 11:26:01 PM UTC', '2026-11-20T23:26:01.000Z'],
    ['Thu Nov  5 09:03:01 CET 2026', '2026-11-05T08:03:01.000Z'],
    ['2026-11-20T23:26:01Z', '2026-11-20T23:26:01.000Z'],
    ['2026-11-20T23:26:01.250+02:00 alive', '2026-11-20T21:26:01.250Z'],
    ['1795216298', '2026-11-20T23:11:38.000Z'],
    ['1795216298123', '2026-11-20T23:11:38.123Z'],
  ])('%s', (line, iso) => {
    expect(new Date(parseTimestamp(line)!).toISOString()).toBe(iso);
  });

  it('returns null for lines without a time', () => {
    expect(parseTimestamp('alive')).toBeNull();
    expect(parseTimestamp('')).toBeNull();
  });

  it('uses the last line, and the file mtime when the line has no time', () => {
    const now = Date.parse('2026-11-20T23:30:00Z');
    expect(readHeartbeat('2026-11-20T23:00:00Z\n2026-11-20T23:29:30Z\n\n', 1, now)).toMatchObject({ at: Date.parse('2026-11-20T23:29:30Z'), source: 'content' });
    expect(readHeartbeat('alive\nalive\n', 12345, now)).toMatchObject({ at: 12345, source: 'mtime' });
    // The last line that is not blank, whatever the line ends and the blanks after it.
    expect(readHeartbeat('2026-11-20T23:00:00Z\r\n  2026-11-20T23:29:45Z  \r\n \t\n\n', 1, now)).toMatchObject({ at: Date.parse('2026-11-20T23:29:45Z'), line: '2026-11-20T23:29:45Z' });
    expect(readHeartbeat(' \n\n', 0, now)).toBeNull();
    // A time far in the future is not believed.
    expect(readHeartbeat('2030-01-01T00:00:00Z', 777, now)).toMatchObject({ at: 777, source: 'mtime' });
  });
});

describe('task lists', () => {
  const text = [
    '# Tasks',
    '- [x] Task 1: set up the project',
    '- [x] **Task 2:** write the parser',
    '- [X] Task 3: tests',
    '- [ ] Task 4: docs',
    '- [ ] Task 5: release',
    '- [x] a checkbox that is not a task',
    '- [ ] Task six: not numbered',
    '- [ ] Task 7 without a colon',
    'Task 8: prose mentioning a task',
    '  * [ ] Task 9: nested bullet counts',
  ].join('\n');

  it('counts only real "Task N:" items', () => {
    const list = parseTaskList(text);
    expect(list.total).toBe(6);
    expect(list.done).toBe(3);
    expect(list.items.map((i) => i.number)).toEqual([1, 2, 3, 4, 5, 9]);
    expect(list.items[1]).toEqual({ number: 2, done: true, title: 'write the parser' });
  });

  it('finds the promise of completion', () => {
    expect(hasPromiseDone('all good\n<promise>DONE</promise>\n')).toBe(true);
    expect(hasPromiseDone('promise DONE')).toBe(false);
  });
});

describe('other state files', () => {
  it('keeps the last non-empty lines', () => {
    expect(lastLines('a\n\nb\nc\n\n', 2)).toEqual(['b', 'c']);
  });
  it('counts checkpoints, ignoring headings', () => {
    expect(parseCheckpoints('# Checkpoints\n\nCheckpoint at 10:00\n- Checkpoint at 10:05\n')).toEqual({ count: 2, last: 'Checkpoint at 10:05' });
    expect(parseCheckpoints('')).toEqual({ count: 0, last: null });
  });
  it('reads pid files', () => {
    expect(parsePid('4242\n')).toBe(4242);
    expect(parsePid('pid=17')).toBe(17);
    expect(parsePid('none')).toBeNull();
  });
});
