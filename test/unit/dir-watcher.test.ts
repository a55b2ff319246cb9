import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createDirWatcher, type DirWatcher } from '../../src/sources/watch.js';
import { makeTempArea, type TempArea } from '../helpers/temp.js';

let area: TempArea | null = null;
let watcher: DirWatcher | null = null;
afterEach(async () => {
  await watcher?.close();
  area?.cleanup();
  area = null;
  watcher = null;
});

describe('the directory watcher', () => {
  it('reports a directory gone before its watch could start once, so the caller reads it again', () => {
    area = makeTempArea();
    const here = area.path('here');
    mkdirSync(here);
    const gone = join(area.root, 'removed-before-the-watch');
    watcher = createDirWatcher(() => undefined);
    // No event will ever come for a directory that is already gone: it is news all the same.
    expect(watcher.set([here, gone]).sort()).toEqual([here, gone].sort());
    // Once: a directory that stays missing (a state dir with no tasks yet) is not news every poll.
    expect(watcher.set([here, gone])).toEqual([]);
    // Created later and wanted still: watched, and reported as a new watch.
    mkdirSync(gone);
    expect(watcher.set([here, gone])).toEqual([gone]);
    expect(watcher.healthy).toBe(true);
  });
});
