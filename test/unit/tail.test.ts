import { appendFileSync, mkdirSync, renameSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTailer } from '../../src/sources/tail.js';
import { makeTempArea, type TempArea } from '../helpers/temp.js';

let area: TempArea;
beforeEach(() => {
  area = makeTempArea();
});
afterEach(() => area.cleanup());

describe('incremental tailer', () => {
  it('takes only the end of a big file first, then only what is appended', async () => {
    const path = area.path('big.log');
    const line = `${'a'.repeat(99)}\n`;
    writeFileSync(path, line.repeat(10_000)); // ~1 MB
    const tail = createTailer(path, { initialBytes: 64 * 1024 });
    const first = await tail.read();
    expect(first.reset).toBe(true);
    expect(first.skippedBytes).toBeGreaterThan(900_000);
    // Starts on a line boundary: every line is whole.
    expect(first.lines.every((l) => l === 'a'.repeat(99))).toBe(true);
    expect(first.lines.length).toBeLessThanOrEqual(Math.ceil((64 * 1024) / 100));

    appendFileSync(path, 'new one\nnew two\n');
    const second = await tail.read();
    expect(second.reset).toBe(false);
    expect(second.lines).toEqual(['new one', 'new two']);
    expect((await tail.read()).lines).toEqual([]);
  });

  it('carries a partial last line until it is finished', async () => {
    const path = area.path('p.jsonl');
    writeFileSync(path, '{"a":1}\n{"b":');
    const tail = createTailer(path);
    expect((await tail.read()).lines).toEqual(['{"a":1}']);
    appendFileSync(path, '2}\n');
    expect((await tail.read()).lines).toEqual(['{"b":2}']);
  });

  it('restarts cleanly when the file is truncated', async () => {
    const path = area.path('t.log');
    writeFileSync(path, 'one\ntwo\nthree\n');
    const tail = createTailer(path);
    await tail.read();
    truncateSync(path, 0);
    appendFileSync(path, 'fresh\n');
    const after = await tail.read();
    expect(after.reset).toBe(true);
    expect(after.lines).toEqual(['fresh']);
  });

  it('restarts cleanly when the file is replaced (new inode)', async () => {
    const path = area.path('r.log');
    writeFileSync(path, 'old line that is long enough\n');
    const tail = createTailer(path);
    await tail.read();
    const other = area.path('r.new');
    writeFileSync(other, 'replaced content, longer than before\nsecond\n');
    renameSync(other, path);
    const after = await tail.read();
    expect(after.reset).toBe(true);
    expect(after.lines).toEqual(['replaced content, longer than before', 'second']);
  });

  it('caps a single 10 MB line and says how much was dropped', async () => {
    const path = area.path('huge.log');
    writeFileSync(path, `${'z'.repeat(10 * 1024 * 1024)}\nafter\n`);
    const tail = createTailer(path, { initialBytes: 64 * 1024 * 1024, maxReadBytes: 64 * 1024 * 1024, maxLineBytes: 64 * 1024 });
    const out = await tail.read();
    expect(out.cappedLines).toBe(1);
    expect(out.lines).toHaveLength(2);
    expect(out.lines[0]!.startsWith('z'.repeat(64 * 1024))).toBe(true);
    expect(out.lines[0]).toMatch(/… \[\d+ bytes dropped\]$/);
    expect(out.lines[0]!.length).toBeLessThan(64 * 1024 + 50);
    expect(out.lines[1]).toBe('after');
  });

  it('skips ahead when far more was appended than one read takes', async () => {
    const path = area.path('burst.log');
    writeFileSync(path, 'start\n');
    const tail = createTailer(path, { initialBytes: 1024, maxReadBytes: 4096 });
    await tail.read();
    appendFileSync(path, `${'b'.repeat(50)}\n`.repeat(2000));
    const out = await tail.read();
    expect(out.skippedBytes).toBeGreaterThan(90_000);
    expect(out.lines.length).toBeLessThanOrEqual(21);
    expect(out.lines.every((l) => l === 'b'.repeat(50))).toBe(true);
  });

  it('starting mid-file, keeps a line that starts exactly there and drops one cut there', async () => {
    // Lines of 100 bytes numbered 0-99: the last 1000 bytes start exactly on line 90.
    const path = area.path('edge.log');
    const lines = Array.from({ length: 100 }, (_, i) => `${String(i).padStart(2, '0')}${'x'.repeat(97)}`);
    writeFileSync(path, `${lines.join('\n')}\n`);
    const onBoundary = await createTailer(path, { initialBytes: 1000 }).read();
    expect(onBoundary.skippedBytes).toBe(9000);
    expect(onBoundary.lines).toEqual(lines.slice(90));
    // 50 bytes more reach into the middle of line 89: that piece is not a line.
    const midLine = await createTailer(path, { initialBytes: 1050 }).read();
    expect(midLine.lines).toEqual(lines.slice(90));
    // One byte more than a boundary: line 89's newline only, nothing of it is a line.
    const afterNewline = await createTailer(path, { initialBytes: 1001 }).read();
    expect(afterNewline.lines).toEqual(lines.slice(90));
    // A burst skipped over lands on a boundary too.
    const tail = createTailer(path, { initialBytes: 1000, maxReadBytes: 1000 });
    await tail.read();
    const more = Array.from({ length: 30 }, (_, i) => `${String(i).padStart(2, '0')}${'y'.repeat(97)}`);
    appendFileSync(path, `${more.join('\n')}\n`);
    const burst = await tail.read();
    expect(burst.skippedBytes).toBe(2000);
    expect(burst.lines).toEqual(more.slice(20));
  });

  it('tolerates invalid UTF-8 and NUL bytes', async () => {
    const path = area.path('bin.log');
    writeFileSync(path, Buffer.concat([Buffer.from('ok '), Buffer.from([0xff, 0xfe, 0x00, 0xc3]), Buffer.from(' end\n')]));
    const out = await createTailer(path).read();
    expect(out.lines).toHaveLength(1);
    expect(out.lines[0]).toMatch(/^ok .* end$/);
    expect(out.lines[0]).not.toContain('\0');
  });

  it('reports a missing file, then picks it up when it appears', async () => {
    const path = area.path('later.log');
    const tail = createTailer(path);
    expect((await tail.read()).status).toBe('missing');
    writeFileSync(path, 'hello\n');
    expect((await tail.read()).lines).toEqual(['hello']);
  });

  it('survives its directory being deleted', async () => {
    const dir = area.path('gone');
    mkdirSync(dir);
    const path = `${dir}/x.log`;
    writeFileSync(path, 'a\n');
    const tail = createTailer(path);
    await tail.read();
    rmSync(dir, { recursive: true });
    const out = await tail.read();
    expect(out.status).toBe('missing');
    expect(out.reset).toBe(true);
  });

  it('reports an unreadable file without throwing', async () => {
    const dir = area.path('adir');
    mkdirSync(dir);
    const out = await createTailer(dir).read();
    expect(out.status).toBe('error');
    expect(out.error).toBe('not a regular file (a directory), not read');
  });
});
