import { describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { boundMeasureCache, inkMeasureCache, installedRowBuilder, joinStyledChars, shareInkCaches, SharedOutputCaches, unshareInkCaches } from '../../src/tui/ink-caches.js';
import { fleetOfEveryState } from '../helpers/fleet-views.js';
import { KEYS, renderApp } from '../helpers/render-app.js';

describe('shared Ink output caches', () => {
  it('stay bounded whatever is drawn', () => {
    let built = 0;
    const caches = new SharedOutputCaches((line) => {
      built++;
      return [...line];
    }, 100);
    for (let i = 0; i < 1000; i++) caches.getStyledChars(`line ${i}`);
    for (let i = 0; i < 1000; i++) caches.getWidestLine(`a\nbb ${i}`);
    expect(caches.size).toBeLessThanOrEqual(300);
    built = 0;
    caches.getStyledChars('same');
    caches.getStyledChars('same');
    expect(built).toBe(1);
    expect(caches.getStringWidth('\x1b[31m日本\x1b[39m')).toBe(4);
  });

  it('join styled characters into the very text ansi-tokenize makes of them', async () => {
    const name = '@alcalzone/ansi-tokenize';
    const t = (await import(name)) as {
      tokenize(line: string): unknown;
      styledCharsFromTokens(tokens: unknown): { type: string; value: string; fullWidth: boolean; styles: unknown[] }[];
      styledCharsToString(chars: unknown[]): string;
      ansiCodesToString(codes: unknown[]): string;
      diffAnsiCodes(from: unknown[], to: unknown[]): unknown[];
    };
    const rows = [
      '',
      'plain text',
      '\x1b[32m● running\x1b[39m  \x1b[1mclaude-bench-1\x1b[22m   \x1b[90mclaude\x1b[39m 4s',
      '\x1b[1m\x1b[2mbold and dim\x1b[22m then plain',
      '\x1b[7m selected row to the end \x1b[27m',
      '\x1b[31mred \x1b[42mon green\x1b[49m still red\x1b[39m',
      '\x1b[38;5;208morange\x1b[39m \x1b[38;2;1;2;3mtrue color\x1b[0m after reset',
      '\x1b[4munderlined 日本\x1b[24m',
      '\x1b[33mopen to the end',
    ];
    for (const row of rows) {
      const cells = t.styledCharsFromTokens(t.tokenize(row));
      expect(joinStyledChars(cells, t.ansiCodesToString, t.diffAnsiCodes), JSON.stringify(row)).toBe(t.styledCharsToString(cells));
    }
    // Cells of one style share nothing but their codes: the change is still found at the boundary.
    const a = t.styledCharsFromTokens(t.tokenize('\x1b[31mab\x1b[39m'));
    const b = t.styledCharsFromTokens(t.tokenize('\x1b[32mcd\x1b[39m'));
    const mixed = [...a, ...b];
    expect(joinStyledChars(mixed, t.ansiCodesToString, t.diffAnsiCodes)).toBe(t.styledCharsToString(mixed));
  });

  it("Ink's text measurements are kept bounded, and measured as before", async () => {
    const inkDir = dirname(createRequire(import.meta.url).resolve('ink'));
    const found = await inkMeasureCache(inkDir);
    expect(found).not.toBeNull();
    const { measure, cache } = found!;
    const undo = await boundMeasureCache(inkDir, 50);
    expect(undo).not.toBeNull();
    try {
      for (let i = 0; i < 500; i++) expect(measure(`event line ${i} ✓\nsecond`)).toEqual({ width: `event line ${i} ✓`.length, height: 2 });
      expect(cache.size).toBeLessThanOrEqual(50);
    } finally {
      undo!();
    }
    // Undone: Ink's own Map again, which keeps everything.
    const before = cache.size;
    for (let i = 0; i < 100; i++) measure(`unbounded ${i}`);
    expect(cache.size).toBe(before + 100);
    cache.clear();
  });

  it('install into this Ink and keep frames identical', async () => {
    const { render, Text, Box } = await import('ink');
    const { createElement } = await import('react');
    const { EventEmitter } = await import('node:events');
    class Out extends EventEmitter {
      columns = 40;
      rows = 10;
      frames: string[] = [];
      write(s: string) {
        this.frames.push(s);
        return true;
      }
    }
    const draw = (out: Out) => {
      const app = render(createElement(Box, { flexDirection: 'column' }, createElement(Text, { color: 'green' }, '● running 日本'), createElement(Text, null, 'plain')), { stdout: out as never, debug: true, patchConsole: false });
      app.unmount();
      return out.frames.join('');
    };
    const before = draw(new Out());
    const shared = await shareInkCaches();
    expect(shared).not.toBeNull();
    expect(draw(new Out())).toBe(before);
    expect(shared?.size).toBeGreaterThan(0);
  });

  it('draws the dashboard exactly as Ink does, screen after screen, in every view', async () => {
    // The same keys on the same fleet, with Ink's own frames and with the shared caches
    // and row builder: every frame must be byte for byte the same.
    const script: string[][] = [[], ['j'], ['j', 'j'], [KEYS.enter], [KEYS.escape], ['?'], [KEYS.escape], ['/', 'c', 'o'], [KEYS.escape], [KEYS.tab], ['x'], ['n']];
    const run = async (columns: number, rows: number): Promise<string[]> => {
      const app = renderApp(fleetOfEveryState(), { columns, rows });
      const frames: string[] = [];
      try {
        await new Promise((r) => setTimeout(r, 30));
        frames.push(app.lastFrame());
        for (const keys of script) {
          await app.press(...keys);
          await new Promise((r) => setTimeout(r, 30));
          frames.push(app.lastFrame());
        }
      } finally {
        app.unmount();
      }
      return frames;
    };
    unshareInkCaches();
    const sizes: [number, number][] = [[100, 32], [160, 45], [60, 18]];
    const plain: string[][] = [];
    for (const [c, r] of sizes) plain.push(await run(c, r));
    expect(await shareInkCaches()).not.toBeNull();
    for (const [i, [c, r]] of sizes.entries()) {
      const shared = await run(c, r);
      expect(shared).toEqual(plain[i]);
    }
    // Drawn again, the rows come from the cache.
    expect(installedRowBuilder()?.cachedRows).toBeGreaterThan(0);
  });
});

