// Ink builds every frame afresh: a grid of one object per cell, every line tokenized and
// measured, every row turned back into a string — the cost of a new screen for a frame
// where one age changed. Two changes to its Output class make unchanged parts cost a
// lookup:
// - its per-frame caches (styled characters, widths) become one shared, bounded set;
// - a row's text is built only when what is written on that row changed: the writes that
//   land on a row (position and text, after clipping) are its key, and the row's string
//   is a pure function of them, kept in a bounded map.
// This reaches into Ink's Output class (not part of its public API): the shape is checked
// first and, if it is not the one expected, nothing is changed and Ink works as always.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { lineWidth } from 'widest-line';

/** Distinct strings kept per cache; past it a cache starts over (memory stays flat). */
export const CACHE_LIMIT = 4_000;
/**
 * Lines kept as styled characters: an object per character, each with a hidden class of
 * its own (Ink makes them with object spread: ~16 KB a full-width line), so far fewer.
 * Only rows being rebuilt need them, and the row cache spares most of those.
 */
export const STYLED_LIMIT = 200;

type StyledChars = unknown[];

interface OutputLike {
  caches: unknown;
}

/** A memo that starts over past `limit` entries: no eviction bookkeeping, memory stays flat. */
class BoundedMemo<V> {
  private map = new Map<string, V>();

  constructor(private readonly limit: number) {}

  get(key: string, compute: (key: string) => V): V {
    let value = this.map.get(key);
    if (value === undefined) {
      if (this.map.size >= this.limit) this.map = new Map();
      value = compute(key);
      this.map.set(key, value);
    }
    return value;
  }

  get size(): number {
    return this.map.size;
  }
}

/** The three lookups Ink's Output makes, with one bounded store per kind. */
export class SharedOutputCaches {
  private readonly widths: BoundedMemo<number>;
  private readonly blockWidths: BoundedMemo<number>;
  private readonly styledChars: BoundedMemo<StyledChars>;

  constructor(
    private readonly toStyledChars: (line: string) => StyledChars,
    limit = CACHE_LIMIT,
  ) {
    this.widths = new BoundedMemo(limit);
    this.blockWidths = new BoundedMemo(limit);
    this.styledChars = new BoundedMemo(Math.min(limit, STYLED_LIMIT));
  }

  getStyledChars(line: string): StyledChars {
    return this.styledChars.get(line, this.toStyledChars);
  }

  getStringWidth(text: string): number {
    return this.widths.get(text, lineWidth);
  }

  getWidestLine(text: string): number {
    return this.blockWidths.get(text, (t) => t.split('\n').reduce((w, line) => Math.max(w, this.getStringWidth(line)), 0));
  }

  get size(): number {
    return this.widths.size + this.blockWidths.size + this.styledChars.size;
  }
}

interface AnsiCode {
  code: string;
  endCode: string;
}

function sameStyles(a: readonly AnsiCode[], b: readonly AnsiCode[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i]!.code !== b[i]!.code || a[i]!.endCode !== b[i]!.endCode) return false;
  return true;
}

/**
 * ansi-tokenize's styledCharsToString, the same text: the codes that change the style
 * between two cells (and close it after the last), worked out only where the style does
 * change. Upstream works the change out between every two cells, a few Sets and arrays
 * each: two fifths of everything a busy dashboard allocated.
 */
export function joinStyledChars(cells: readonly Cell[], codesToString: (codes: unknown[]) => string, diff: (from: unknown[], to: unknown[]) => unknown[]): string {
  let out = '';
  let previous: AnsiCode[] | null = null;
  for (const cell of cells) {
    const styles = cell.styles as AnsiCode[];
    if (previous === null) out += codesToString(styles);
    else if (!sameStyles(previous, styles)) out += codesToString(diff(previous, styles));
    out += cell.value;
    previous = styles;
  }
  if (previous !== null && previous.length > 0) out += codesToString(diff(previous, []));
  return out;
}

/** Rows kept: a few screens' worth (their key is the text written on them). */
export const ROW_LIMIT = 800;

interface Cell {
  type: string;
  value: string;
  fullWidth: boolean;
  styles: unknown[];
}

type Operation =
  | { type: 'write'; x: number; y: number; text: string; transformers: ((line: string, index: number) => string)[] }
  | { type: 'clip'; clip: { x1?: number; x2?: number; y1?: number; y2?: number } }
  | { type: 'unclip' };

interface OutputThis {
  width: number;
  height: number;
  operations: Operation[];
  caches: SharedOutputCaches;
}

export interface RowBuilder {
  /** The frame Ink's Output.get returns, built row by row with unchanged rows from the cache. */
  get(out: OutputThis): { output: string; height: number };
  readonly cachedRows: number;
}

/**
 * Ink's Output.get, row by row. Same steps as Ink's own (clip, transform, place styled
 * characters, wide characters taking the following cells, trim the row's end), but a row
 * whose writes are the same as in an earlier frame is not built again.
 */
export function createRowBuilder(
  sliceAnsi: (text: string, from: number, to?: number) => string,
  styledCharsToString: (chars: Cell[]) => string,
  limit = ROW_LIMIT,
): RowBuilder {
  const rows = new BoundedMemo<string>(limit);
  const SPACE: Cell = { type: 'char', value: ' ', fullWidth: false, styles: [] };

  function buildRow(width: number, pieces: { x: number; line: string }[], caches: SharedOutputCaches): string {
    const cells: (Cell | undefined)[] = new Array<Cell>(width).fill(SPACE);
    for (const { x, line } of pieces) {
      let at = x;
      for (const character of caches.getStyledChars(line) as Cell[]) {
        cells[at] = character;
        const w = Math.max(1, caches.getStringWidth(character.value));
        for (let i = 1; i < w; i++) cells[at + i] = { type: 'char', value: '', fullWidth: false, styles: character.styles };
        at += w;
      }
    }
    return styledCharsToString(cells.filter((c): c is Cell => c !== undefined)).trimEnd();
  }

  return {
    get cachedRows() {
      return rows.size;
    },
    get(out) {
      const { width, height, caches } = out;
      const pieces: { x: number; line: string }[][] = Array.from({ length: height }, () => []);
      const clips: { x1?: number; x2?: number; y1?: number; y2?: number }[] = [];
      for (const op of out.operations) {
        if (op.type === 'clip') {
          clips.push(op.clip);
          continue;
        }
        if (op.type === 'unclip') {
          clips.pop();
          continue;
        }
        let { x, y } = op;
        let lines = op.text.split('\n');
        const clip = clips.at(-1);
        if (clip) {
          const horizontal = typeof clip.x1 === 'number' && typeof clip.x2 === 'number';
          const vertical = typeof clip.y1 === 'number' && typeof clip.y2 === 'number';
          if (horizontal && (x + caches.getWidestLine(op.text) < (clip.x1 as number) || x > (clip.x2 as number))) continue;
          if (vertical && (y + lines.length < (clip.y1 as number) || y > (clip.y2 as number))) continue;
          if (horizontal) {
            const x1 = clip.x1 as number;
            const x2 = clip.x2 as number;
            lines = lines.map((line) => {
              const from = x < x1 ? x1 - x : 0;
              const w = caches.getStringWidth(line);
              return sliceAnsi(line, from, x + w > x2 ? x2 - x : w);
            });
            if (x < x1) x = x1;
          }
          if (vertical) {
            const y1 = clip.y1 as number;
            const y2 = clip.y2 as number;
            const from = y < y1 ? y1 - y : 0;
            const to = y + lines.length > y2 ? y2 - y : lines.length;
            lines = lines.slice(from, to);
            if (y < y1) y = y1;
          }
        }
        // As Ink does: a line that falls outside the frame does not advance the row, so a
        // text starting above the frame is dropped whole.
        let row = y;
        lines.forEach((text, index) => {
          const target = pieces[row];
          if (!target) return;
          let line = text;
          for (const transform of op.transformers) line = transform(line, index);
          target.push({ x, line });
          row++;
        });
      }
      const result: string[] = [];
      for (const rowPieces of pieces) {
        if (rowPieces.length === 0) {
          result.push('');
          continue;
        }
        // The key: every write on the row, with its position (the width matters too: it pads).
        let key = `${width}`;
        for (const p of rowPieces) key += `\u0000${p.x}\u0001${p.line}`;
        const text = rows.get(key, () => buildRow(width, rowPieces, caches));
        result.push(text);
      }
      return { output: result.join('\n'), height: result.length };
    },
  };
}

/**
 * Ink measures each text for layout (measure-text.js) and keeps every answer in a module
 * Map that never forgets: on a busy fleet every new event line, age and output line is a
 * new key, ~200 bytes each, and the dashboard grew by tens of MB an hour. The Map is not
 * exported; it is found by measuring a probe while Map lookups are watched (synchronously,
 * then put back), and its `set` then starts it over past CACHE_LIMIT entries. Returns the
 * undo, or null when Ink's shape is not the expected one (nothing is changed then).
 */
export async function boundMeasureCache(inkDir: string, limit = CACHE_LIMIT): Promise<(() => void) | null> {
  const found = await inkMeasureCache(inkDir);
  if (!found) return null;
  const { cache } = found;
  const store = Map.prototype.set;
  Object.defineProperty(cache, 'set', {
    configurable: true,
    writable: true,
    value(this: Map<unknown, unknown>, key: unknown, value: unknown) {
      if (this.size >= limit) this.clear();
      return store.call(this, key, value);
    },
  });
  return () => {
    delete (cache as unknown as Record<string, unknown>).set;
  };
}

/** Ink's measure function and the Map it keeps its answers in, or null when not found. */
export async function inkMeasureCache(inkDir: string): Promise<{ measure: (text: string) => { width: number; height: number }; cache: Map<unknown, unknown> } | null> {
  const mod = (await import(pathToFileURL(join(inkDir, 'measure-text.js')).href)) as { default?: unknown };
  const measure = mod.default as ((text: string) => { width: number; height: number }) | undefined;
  if (typeof measure !== 'function') return null;
  const probe = `\u0000oneshot measure probe ${process.pid} ${Date.now()}`;
  const lookup = Map.prototype.get;
  let found: Map<unknown, unknown> | null = null;
  Map.prototype.get = function (this: Map<unknown, unknown>, key: unknown) {
    if (key === probe) found = this;
    return lookup.call(this, key);
  };
  try {
    measure(probe);
  } finally {
    Map.prototype.get = lookup;
  }
  const cache = found as Map<unknown, unknown> | null;
  if (!cache || !cache.has(probe)) return null;
  cache.delete(probe);
  return { measure, cache };
}

let installed: SharedOutputCaches | null = null;
let rowBuilder: RowBuilder | null = null;
let restoreInk: (() => void) | null = null;

/** The row builder in use, if installed (benchmarks read its size). */
export function installedRowBuilder(): RowBuilder | null {
  return rowBuilder;
}

/** Put Ink's own Output methods back (tests compare frames with and without). */
export function unshareInkCaches(): void {
  restoreInk?.();
  restoreInk = null;
  installed = null;
  rowBuilder = null;
}

/** Make Ink's frames share one bounded cache. Returns it, or null when Ink's shape is not the expected one. */
export async function shareInkCaches(): Promise<SharedOutputCaches | null> {
  if (installed) return installed;
  try {
    const require = createRequire(import.meta.url);
    const inkDir = dirname(require.resolve('ink'));
    const output = (await import(pathToFileURL(join(inkDir, 'output.js')).href)) as { default?: { prototype: Record<string, unknown> } };
    // Ink's own tokenizer (a dependency of Ink's, so named through a variable).
    const tokenizerName = '@alcalzone/ansi-tokenize';
    const tokenizer = (await import(tokenizerName)) as {
      tokenize?: (line: string) => unknown;
      styledCharsFromTokens?: (tokens: unknown) => StyledChars;
      ansiCodesToString?: (codes: unknown[]) => string;
      diffAnsiCodes?: (from: unknown[], to: unknown[]) => unknown[];
    };
    const sliceName = 'slice-ansi';
    const slicer = (await import(sliceName)) as { default?: (text: string, from: number, to?: number) => string };
    const proto = output.default?.prototype;
    const write = proto?.write;
    const get = proto?.get;
    const { tokenize, styledCharsFromTokens, ansiCodesToString, diffAnsiCodes } = tokenizer;
    const sliceAnsi = slicer.default;
    if (!proto || typeof write !== 'function' || typeof get !== 'function' || !tokenize || !styledCharsFromTokens || !ansiCodesToString || !diffAnsiCodes || !sliceAnsi) return null;
    const shared = new SharedOutputCaches((line) => styledCharsFromTokens(tokenize(line)));
    const builder = createRowBuilder(sliceAnsi, (cells) => joinStyledChars(cells, ansiCodesToString, diffAnsiCodes));
    // Ink's frame as built from its recorded operations; its own get() when the shape is unexpected.
    proto.get = function (this: OutputThis & Record<string, unknown>) {
      if (this.caches !== shared || !Array.isArray(this.operations) || typeof this.width !== 'number' || typeof this.height !== 'number') {
        return (get as (this: unknown) => unknown).call(this);
      }
      return builder.get(this);
    };
    // A new Output per frame: its first write swaps the frame's own caches for the shared ones.
    proto.write = function (this: OutputLike, ...args: unknown[]) {
      if (this.caches !== shared) {
        const own = this.caches as Record<string, unknown> | null;
        if (!own || typeof own.getStyledChars !== 'function') return (write as (...a: unknown[]) => unknown).apply(this, args);
        this.caches = shared;
      }
      return (write as (...a: unknown[]) => unknown).apply(this, args);
    };
    const unbound = await boundMeasureCache(inkDir);
    installed = shared;
    rowBuilder = builder;
    restoreInk = () => {
      proto.write = write;
      proto.get = get;
      unbound?.();
    };
    return shared;
  } catch {
    return null;
  }
}
