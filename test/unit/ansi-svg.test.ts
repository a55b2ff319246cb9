import { describe, expect, it } from 'vitest';
import { screenToSvg } from '../screenshots/ansi-svg.js';

const ESC = '\x1b';
const texts = (svg: string) => [...svg.matchAll(/<text x="([\d.]+)"[^>]*fill="([^"]+)"[^>]*>([^<]*)<\/text>/g)].map((m) => ({ x: Number(m[1]), fill: m[2], text: m[3] }));
const rects = (svg: string) => [...svg.matchAll(/<rect x="([\d.]+)" y="(\d+)" width="([\d.]+)" height="\d+" fill="([^"]+)"\/>/g)].map((m) => ({ x: Number(m[1]), width: Number(m[3]), fill: m[4] }));

describe('a captured screen as SVG', () => {
  it('keeps each run of text with its color, on the character grid', () => {
    const svg = screenToSvg(`${ESC}[31mred${ESC}[0m plain ${ESC}[1;38;5;208mbold${ESC}[m\n`, { columns: 20, rows: 2, fontSize: 10 });
    const runs = texts(svg);
    expect(runs.map((r) => r.text)).toEqual(['red', ' plain ', 'bold']);
    expect(runs[0]!.fill).toBe('#cc6666');
    expect(runs[2]!.fill).toBe('#ff8700');
    expect(svg).toMatch(/font-weight="bold"[^>]*>bold</);
    // 10 px font: 6.021 px per cell, after a 12 px margin. "bold" starts at column 10.
    expect(runs[2]!.x).toBeCloseTo(12 + 10 * 6.021, 1);
  });

  it('draws inverse video as a filled cell with the background color as text', () => {
    const svg = screenToSvg(`ab${ESC}[7m sel ${ESC}[27mcd`, { columns: 10, rows: 1, fontSize: 10 });
    const fill = rects(svg);
    expect(fill).toHaveLength(1);
    expect(fill[0]!.width).toBeCloseTo(5 * 6.021, 1);
    const sel = texts(svg).find((t) => t.text === ' sel ')!;
    expect(sel.fill).toBe('#16181c');
  });

  it('gives wide characters two cells and escapes markup', () => {
    const svg = screenToSvg('日本 <x> & y', { columns: 20, rows: 1, fontSize: 10 });
    const [run] = texts(svg);
    expect(run!.text).toBe('日本 &lt;x&gt; &amp; y');
    expect(svg).toContain(`textLength="${(12 * 6.021).toFixed(1)}"`);
  });

  it('draws box-drawing characters as lines that join across cells', () => {
    const svg = screenToSvg(`${ESC}[36m╭─╮${ESC}[0m\n│a│\n╚═╝`, { columns: 3, rows: 3, fontSize: 10 });
    expect(texts(svg).map((t) => t.text)).toEqual(['a']);
    expect(texts(svg)[0]!.x).toBeCloseTo(12 + 6.021, 1);
    const paths = [...svg.matchAll(/<path d="([^"]+)" stroke="([^"]+)"/g)];
    expect(paths).toHaveLength(3);
    expect(paths[0]![2]).toBe('#56b6c2');
    // ╭ reaches down and right; ─ spans its whole cell; the double ╚═╝ has two lines each.
    expect(paths[0]![1]!.split('M')).toHaveLength(4);
    expect(paths[2]![1]!.split('M').length - 1).toBe(6);
  });

  it('never draws more rows than the terminal has, and shows the title', () => {
    const screen = Array.from({ length: 30 }, (_, i) => `line ${i}`).join('\n');
    const svg = screenToSvg(screen, { columns: 20, rows: 24, title: 'oneshot-tui --demo' });
    expect(texts(svg).map((t) => t.text)).toContain('line 23');
    expect(svg).not.toContain('line 24');
    expect(svg).toContain('oneshot-tui --demo');
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
  });
});
