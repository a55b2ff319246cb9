import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { realpathSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import widestLine, { lineWidth } from 'widest-line';
import { oneCellEach } from 'widest-line/one-cell';

const here = dirname(fileURLToPath(import.meta.url));

/** What widest-line computed before: every line measured by string-width. */
const upstream = (text: string) => Math.max(...text.split('\n').map((line) => stringWidth(line)));

describe("oneshot's widest-line (the function Ink measures text with)", () => {
  it('gives string-width its answer for every kind of text', () => {
    const samples = [
      '',
      'plain ascii',
      ' ● running  claude-bench-1    claude   4s',
      '╭─ agents ── 1/50 · sort: attention ▲ ─╮',
      '\x1b[32m● running\x1b[39m \x1b[1mname\x1b[22m',
      '\x9b31mC1 escape\x9b0m …',
      '日本語のテキスト',
      'ok ✅ done 👍🏽',
      'e\u0301 combining',
      'tab\there',
      'ﾃｽﾄ halfwidth',
      'line one\n日本\n\x1b[31m● three\x1b[0m',
      '\u200bzero width',
      'control \x07 bell',
    ];
    for (const text of samples) expect(widestLine(text), JSON.stringify(text)).toBe(upstream(text));
    expect(lineWidth('\x1b[32m● ok\x1b[0m')).toBe(4);
  });

  it('takes the fast path only for text of one-cell characters', () => {
    expect(oneCellEach('● running · ✓ ✗ … ▲ │')).toBe(true);
    expect(oneCellEach('日本')).toBe(false);
    expect(oneCellEach('✅')).toBe(false);
    expect(oneCellEach('e\u0301')).toBe(false);
    expect(oneCellEach('a\tb')).toBe(false);
  });

  it('is the widest-line Ink loads', () => {
    const ink = realpathSync(dirname(createRequire(import.meta.url).resolve('ink')));
    const fromInk = realpathSync(fileURLToPath(import.meta.resolve('widest-line', pathToFileURL(join(ink, 'render-node-to-output.js')).href)));
    expect(fromInk).toBe(join(here, '..', '..', 'src', 'widest-line', 'index.js'));
  });
});
