import { describe, expect, it } from 'vitest';
import { shareInkCaches, SharedOutputCaches } from '../../src/tui/ink-caches.js';

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
});
