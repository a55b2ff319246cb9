// Ink measures and tokenizes every line of every frame afresh: its caches live on a
// per-frame Output object, so a screen where one age changed costs as much as a new
// screen. This gives every frame one shared, bounded set of those caches, so the lines
// that did not change cost a lookup. It reaches into Ink's Output class (not part of its
// public API): the shape is checked first and, if it is not the one expected, nothing
// is changed and Ink works as it always does.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import stringWidth from 'string-width';

/** Distinct strings kept per cache; past it a cache starts over (memory stays flat). */
export const CACHE_LIMIT = 4_000;

type StyledChars = unknown[];

interface OutputLike {
  caches: unknown;
}

/** The three lookups Ink's Output makes, with one bounded store per kind. */
export class SharedOutputCaches {
  private widths = new Map<string, number>();
  private blockWidths = new Map<string, number>();
  private styledChars = new Map<string, StyledChars>();

  constructor(
    private readonly toStyledChars: (line: string) => StyledChars,
    private readonly limit = CACHE_LIMIT,
  ) {}

  getStyledChars(line: string): StyledChars {
    let cached = this.styledChars.get(line);
    if (cached === undefined) {
      if (this.styledChars.size >= this.limit) this.styledChars = new Map();
      cached = this.toStyledChars(line);
      this.styledChars.set(line, cached);
    }
    return cached;
  }

  getStringWidth(text: string): number {
    let cached = this.widths.get(text);
    if (cached === undefined) {
      if (this.widths.size >= this.limit) this.widths = new Map();
      cached = stringWidth(text);
      this.widths.set(text, cached);
    }
    return cached;
  }

  getWidestLine(text: string): number {
    let cached = this.blockWidths.get(text);
    if (cached === undefined) {
      if (this.blockWidths.size >= this.limit) this.blockWidths = new Map();
      cached = 0;
      for (const line of text.split('\n')) cached = Math.max(cached, this.getStringWidth(line));
      this.blockWidths.set(text, cached);
    }
    return cached;
  }

  get size(): number {
    return this.widths.size + this.blockWidths.size + this.styledChars.size;
  }
}

let installed: SharedOutputCaches | null = null;

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
    };
    const proto = output.default?.prototype;
    const write = proto?.write;
    const { tokenize, styledCharsFromTokens } = tokenizer;
    if (!proto || typeof write !== 'function' || typeof proto.get !== 'function' || !tokenize || !styledCharsFromTokens) return null;
    const shared = new SharedOutputCaches((line) => styledCharsFromTokens(tokenize(line)));
    // A new Output per frame: its first write swaps the frame's own caches for the shared ones.
    proto.write = function (this: OutputLike, ...args: unknown[]) {
      if (this.caches !== shared) {
        const own = this.caches as Record<string, unknown> | null;
        if (!own || typeof own.getStyledChars !== 'function') return (write as (...a: unknown[]) => unknown).apply(this, args);
        this.caches = shared;
      }
      return (write as (...a: unknown[]) => unknown).apply(this, args);
    };
    installed = shared;
    return shared;
  } catch {
    return null;
  }
}
