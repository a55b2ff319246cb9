// A terminal screen (tmux capture-pane -e output) as an SVG image: the same grid, colors
// and attributes, in a monospace font. Pure.
import { cellWidth } from '../../src/text/width.js';

export interface SvgOptions {
  columns: number;
  rows: number;
  title?: string;
  fontSize?: number;
}

interface Style {
  fg: string | null;
  bg: string | null;
  bold: boolean;
  dim: boolean;
  italic: boolean;
  underline: boolean;
  inverse: boolean;
}

const BASE16 = ['#1d1f21', '#cc6666', '#8fbc5a', '#e0b050', '#6a9fd8', '#b48ead', '#56b6c2', '#c5c8c6', '#666a70', '#ff7b7b', '#b5e07a', '#f0d070', '#8cbcf0', '#d0a8e0', '#7fd8e0', '#ffffff'];
const DEFAULT_FG = '#d4d7d6';
const DEFAULT_BG = '#16181c';

function color256(n: number): string {
  if (n < 16) return BASE16[n] ?? DEFAULT_FG;
  if (n < 232) {
    const v = n - 16;
    const c = (x: number) => (x === 0 ? 0 : 55 + x * 40);
    const r = c(Math.floor(v / 36));
    const g = c(Math.floor((v % 36) / 6));
    const b = c(v % 6);
    return `#${[r, g, b].map((x) => x.toString(16).padStart(2, '0')).join('')}`;
  }
  const gray = 8 + (n - 232) * 10;
  return `#${gray.toString(16).padStart(2, '0').repeat(3)}`;
}

function applySgr(style: Style, params: number[]): Style {
  const s = { ...style };
  const p = params.length ? params : [0];
  for (let i = 0; i < p.length; i++) {
    const n = p[i] as number;
    if (n === 0) Object.assign(s, { fg: null, bg: null, bold: false, dim: false, italic: false, underline: false, inverse: false });
    else if (n === 1) s.bold = true;
    else if (n === 2) s.dim = true;
    else if (n === 3) s.italic = true;
    else if (n === 4) s.underline = true;
    else if (n === 7) s.inverse = true;
    else if (n === 22) s.bold = s.dim = false;
    else if (n === 23) s.italic = false;
    else if (n === 24) s.underline = false;
    else if (n === 27) s.inverse = false;
    else if (n >= 30 && n <= 37) s.fg = BASE16[n - 30] ?? null;
    else if (n >= 90 && n <= 97) s.fg = BASE16[n - 90 + 8] ?? null;
    else if (n >= 40 && n <= 47) s.bg = BASE16[n - 40] ?? null;
    else if (n >= 100 && n <= 107) s.bg = BASE16[n - 100 + 8] ?? null;
    else if (n === 39) s.fg = null;
    else if (n === 49) s.bg = null;
    else if ((n === 38 || n === 48) && p[i + 1] === 5) {
      const c = color256(p[i + 2] ?? 7);
      if (n === 38) s.fg = c;
      else s.bg = c;
      i += 2;
    } else if ((n === 38 || n === 48) && p[i + 1] === 2) {
      const c = `#${[p[i + 2], p[i + 3], p[i + 4]].map((x) => (x ?? 0).toString(16).padStart(2, '0')).join('')}`;
      if (n === 38) s.fg = c;
      else s.bg = c;
      i += 4;
    }
  }
  return s;
}

interface Run {
  col: number;
  text: string;
  width: number;
  style: Style;
}

function parseLine(line: string): Run[] {
  const runs: Run[] = [];
  let style: Style = { fg: null, bg: null, bold: false, dim: false, italic: false, underline: false, inverse: false };
  let col = 0;
  let i = 0;
  while (i < line.length) {
    if (line[i] === '\x1b' && line[i + 1] === '[') {
      const end = line.slice(i + 2).search(/[@-~]/);
      if (end === -1) break;
      const final = line[i + 2 + end];
      if (final === 'm') style = applySgr(style, line.slice(i + 2, i + 2 + end).split(/[;:]/).filter((x) => x !== '').map(Number));
      i += 3 + end;
      continue;
    }
    const ch = String.fromCodePoint(line.codePointAt(i) as number);
    i += ch.length;
    const w = Math.max(1, cellWidth(ch));
    const last = runs[runs.length - 1];
    if (last && last.style === style) {
      last.text += ch;
      last.width += w;
    } else {
      runs.push({ col, text: ch, width: w, style });
    }
    col += w;
  }
  return runs;
}

// Box-drawing characters are drawn as lines, so borders join across cells whatever the
// font and line height: which sides of the cell each one reaches (u d l r), and whether
// it is a double line.
const BOX: Record<string, { sides: string; double?: boolean }> = {
  '─': { sides: 'lr' }, '│': { sides: 'ud' },
  '┌': { sides: 'dr' }, '┐': { sides: 'dl' }, '└': { sides: 'ur' }, '┘': { sides: 'ul' },
  '╭': { sides: 'dr' }, '╮': { sides: 'dl' }, '╰': { sides: 'ur' }, '╯': { sides: 'ul' },
  '├': { sides: 'udr' }, '┤': { sides: 'udl' }, '┬': { sides: 'dlr' }, '┴': { sides: 'ulr' }, '┼': { sides: 'udlr' },
  '═': { sides: 'lr', double: true }, '║': { sides: 'ud', double: true },
  '╔': { sides: 'dr', double: true }, '╗': { sides: 'dl', double: true }, '╚': { sides: 'ur', double: true }, '╝': { sides: 'ul', double: true },
};

/** The path of one box-drawing cell: lines from the centre to each side it reaches. */
function boxPath(ch: string, x: number, y: number, w: number, h: number): string | null {
  const box = BOX[ch];
  if (!box) return null;
  const cx = x + w / 2;
  const cy = y + h / 2;
  const f = (n: number) => n.toFixed(1);
  const parts: string[] = [];
  const vertical = box.sides.includes('u') ? 'u' : box.sides.includes('d') ? 'd' : null;
  const horizontal = box.sides.includes('l') ? 'l' : box.sides.includes('r') ? 'r' : null;
  if (box.sides.length === 2 && vertical && horizontal) {
    // A corner: each line turns at its own point, the outer line outside the inner one.
    const k = (vertical === 'd') === (horizontal === 'r') ? 1 : -1;
    for (const o of box.double ? [-w / 6, w / 6] : [0]) {
      const px = cx + o;
      const py = cy + o * k;
      parts.push(`M${f(px)} ${f(vertical === 'u' ? y : y + h)} V${f(py)} H${f(horizontal === 'l' ? x : x + w)}`);
    }
    return parts.join(' ');
  }
  for (const o of box.double ? [-w / 6, w / 6] : [0]) {
    if (box.sides.includes('u')) parts.push(`M${f(cx + o)} ${f(y)} V${f(box.sides.includes('d') ? y + h : cy)}`);
    else if (box.sides.includes('d')) parts.push(`M${f(cx + o)} ${f(cy)} V${f(y + h)}`);
    if (box.sides.includes('l')) parts.push(`M${f(x)} ${f(cy + o)} H${f(box.sides.includes('r') ? x + w : cx)}`);
    else if (box.sides.includes('r')) parts.push(`M${f(cx)} ${f(cy + o)} H${f(x + w)}`);
  }
  return parts.join(' ');
}

function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function screenToSvg(screen: string, options: SvgOptions): string {
  const fontSize = options.fontSize ?? 14;
  const cw = fontSize * 0.6021;
  const lh = Math.round(fontSize * 1.25);
  const pad = 12;
  const bar = options.title ? 28 : 0;
  const width = Math.ceil(options.columns * cw + pad * 2);
  const height = options.rows * lh + pad * 2 + bar;
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`);
  parts.push(`<rect width="100%" height="100%" rx="8" fill="${DEFAULT_BG}"/>`);
  if (options.title) {
    parts.push(`<circle cx="20" cy="14" r="6" fill="#ff5f57"/><circle cx="40" cy="14" r="6" fill="#febc2e"/><circle cx="60" cy="14" r="6" fill="#28c840"/>`);
    parts.push(`<text x="${width / 2}" y="19" fill="#9aa0a6" font-family="DejaVu Sans, Helvetica, Arial, sans-serif" font-size="12" text-anchor="middle">${esc(options.title)}</text>`);
  }
  parts.push(`<g font-family="'DejaVu Sans Mono', 'Menlo', 'Consolas', monospace" font-size="${fontSize}" xml:space="preserve">`);
  const lines = screen.replace(/\n$/, '').split('\n').slice(0, options.rows);
  lines.forEach((line, row) => {
    const y = pad + bar + row * lh;
    for (const run of parseLine(line)) {
      const s = run.style;
      let fg = s.fg ?? DEFAULT_FG;
      let bg = s.bg;
      if (s.inverse) {
        const f = fg;
        fg = bg ?? DEFAULT_BG;
        bg = f;
      }
      const x = pad + run.col * cw;
      if (bg) parts.push(`<rect x="${x.toFixed(1)}" y="${y}" width="${(run.width * cw).toFixed(1)}" height="${lh}" fill="${bg}"/>`);
      const attrs: string[] = [`fill="${fg}"`];
      if (s.bold) attrs.push('font-weight="bold"');
      if (s.dim) attrs.push('opacity="0.6"');
      if (s.italic) attrs.push('font-style="italic"');
      if (s.underline) attrs.push('text-decoration="underline"');
      // Text in chunks between box-drawing characters; those become one path per run.
      const lines: string[] = [];
      let chunk = '';
      let chunkCol = run.col;
      let chunkWidth = 0;
      let col = run.col;
      const flush = () => {
        if (chunk.trim() !== '') {
          const cx = pad + chunkCol * cw;
          parts.push(`<text x="${cx.toFixed(1)}" y="${y + Math.round(lh * 0.78)}" textLength="${(chunkWidth * cw).toFixed(1)}" lengthAdjust="spacingAndGlyphs" ${attrs.join(' ')}>${esc(chunk)}</text>`);
        }
        chunk = '';
        chunkWidth = 0;
      };
      for (const ch of run.text) {
        const w = Math.max(1, cellWidth(ch));
        const path = boxPath(ch, pad + col * cw, y, cw, lh);
        if (path) {
          flush();
          lines.push(path);
          chunkCol = col + w;
        } else {
          if (chunk === '') chunkCol = col;
          chunk += ch;
          chunkWidth += w;
        }
        col += w;
      }
      flush();
      if (lines.length) parts.push(`<path d="${lines.join(' ')}" stroke="${fg}" stroke-width="1.2" fill="none"${s.dim ? ' opacity="0.6"' : ''}/>`);
    }
  });
  parts.push('</g></svg>');
  return `${parts.join('\n')}\n`;
}
