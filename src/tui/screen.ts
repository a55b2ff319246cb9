// The full-screen frame writer. Ink renders each frame to a string (debug mode); this
// puts it on the alternate screen: absolute positions, only the lines that changed,
// never more lines than the terminal has, at most `maxFps` writes a second, inside a
// synchronized update. A resize repaints everything.

/** Alternate screen, cursor hidden, no autowrap, bracketed paste on (a paste is text, never keys). */
export const ENTER = '\x1b[?1049h\x1b[?25l\x1b[?7l\x1b[?2004h\x1b[H\x1b[2J';
/** Mouse reports on: presses, releases and the wheel (1000), in the SGR encoding (1006). */
export const MOUSE_ON = '\x1b[?1000h\x1b[?1006h';
/**
 * Mouse reports off (written whether or not they were on: the shell or tmux gets its own
 * mouse back), bracketed paste off, autowrap back on, cursor shown, main screen back.
 * Safe to write twice.
 */
export const RESTORE = '\x1b[?2026l\x1b[0m\x1b[?1006l\x1b[?1000l\x1b[?2004l\x1b[?7h\x1b[?25h\x1b[?1049l';
const SYNC_START = '\x1b[?2026h';
const SYNC_END = '\x1b[?2026l';

/**
 * The escape sequence that turns `previous` into `next` on a screen of `rows` rows.
 * Pure. Each changed line is cleared first and then written, so a full-width line never
 * meets an erase at its last column.
 */
export function frameDiff(previous: readonly string[] | null, next: readonly string[], rows: number): string {
  let out = previous === null ? '\x1b[H\x1b[2J' : '';
  const count = Math.min(next.length, rows);
  for (let i = 0; i < count; i++) {
    const line = next[i] ?? '';
    if (previous !== null && previous[i] === line) continue;
    out += `\x1b[${i + 1};1H\x1b[2K${line}\x1b[0m`;
  }
  if (previous !== null) {
    for (let i = count; i < Math.min(previous.length, rows); i++) out += `\x1b[${i + 1};1H\x1b[2K`;
  }
  return out;
}

export interface ScreenTarget {
  write(chunk: string): unknown;
  columns?: number;
  rows?: number;
  on(event: 'resize', listener: () => void): unknown;
  off(event: 'resize', listener: () => void): unknown;
}

export interface ScreenOptions {
  maxFps?: number;
  /** Resizes reach Ink and the app at most this often (a window dragged sends hundreds). */
  resizeIntervalMs?: number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
  now?: () => number;
  /** NO_COLOR: frames keep bold, dim, underline and reverse video, but no color. */
  monochrome?: boolean;
  /** Ask the terminal for mouse reports (clicks and the wheel) while the screen is ours. */
  mouse?: boolean;
}

/** SGR parameters that set a color (foreground, background, underline), with their arguments. */
function withoutColorParams(params: string): string {
  const parts = params.split(/[;:]/);
  const kept: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const n = Number(parts[i] === '' ? 0 : parts[i]);
    if (n === 38 || n === 48 || n === 58) {
      // 38;5;N or 38;2;R;G;B: skip the arguments too.
      i += parts[i + 1] === '5' ? 2 : parts[i + 1] === '2' ? 4 : 0;
      continue;
    }
    if ((n >= 30 && n <= 39) || (n >= 40 && n <= 49) || (n >= 90 && n <= 97) || (n >= 100 && n <= 107) || n === 59) continue;
    kept.push(parts[i] ?? '');
  }
  return kept.join(';');
}

/** A frame with its colors taken out (https://no-color.org): other attributes stay. */
export function withoutColors(text: string): string {
  return text.replace(/\x1b\[([0-9;:]*)m/g, (whole, params: string) => {
    if (params === '') return whole;
    const kept = withoutColorParams(params);
    return kept === '' ? '' : `\x1b[${kept}m`;
  });
}

export interface Screen {
  /** Give this to Ink as its stdout. */
  readonly stream: NodeJS.WriteStream;
  /** Switch to the alternate screen. */
  enter(): void;
  /** Back to the terminal as it was; idempotent. */
  restore(): void;
  /** Write any pending frame now. */
  flush(): void;
  /** Bytes that are not a frame (a bell, a notification escape), written as they are. */
  raw(bytes: string): void;
  /** Bytes written for frames so far (benchmarks). */
  readonly bytesWritten: number;
  readonly framesWritten: number;
}

export function createScreen(target: ScreenTarget, options: ScreenOptions = {}): Screen {
  const minInterval = 1000 / (options.maxFps ?? 30);
  const setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
  const clearTimer = options.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
  const now = options.now ?? (() => performance.now());
  let previous: string[] | null = null;
  let pending: string[] | null = null;
  let lastWrite = -Infinity;
  let timer: unknown = null;
  let active = false;
  let bytes = 0;
  let frames = 0;

  const rows = () => target.rows || 24;

  function flush(): void {
    if (timer !== null) {
      clearTimer(timer);
      timer = null;
    }
    if (!pending || !active) return;
    const diff = frameDiff(previous, pending, rows());
    previous = pending.slice(0, rows());
    pending = null;
    lastWrite = now();
    if (diff === '') return;
    const chunk = SYNC_START + diff + SYNC_END;
    bytes += chunk.length;
    frames++;
    target.write(chunk);
  }

  function submit(frame: string): void {
    // Ink ends a frame with a newline in debug mode.
    const whole = frame.endsWith('\n') ? frame.slice(0, -1) : frame;
    const text = options.monochrome ? withoutColors(whole) : whole;
    pending = text.split('\n');
    const wait = lastWrite + minInterval - now();
    if (wait <= 0) flush();
    else if (timer === null) timer = setTimer(flush, wait);
  }

  // Resize listeners (Ink's, the app's) hear from the screen, not the terminal: a storm of
  // resizes becomes one now and one when it settles, at most one per resizeInterval, each
  // a full relayout and frame rather than one per event.
  const resizeInterval = options.resizeIntervalMs ?? 50;
  const resizeListeners = new Set<(...args: unknown[]) => void>();
  let resizeTimer: unknown = null;
  let lastResize = -Infinity;
  const deliverResize = () => {
    resizeTimer = null;
    lastResize = now();
    for (const listener of [...resizeListeners]) listener();
  };
  const onResize = () => {
    previous = null;
    if (resizeTimer !== null) return;
    const wait = lastResize + resizeInterval - now();
    if (wait <= 0) deliverResize();
    else resizeTimer = setTimer(deliverResize, wait);
  };

  const stream = new Proxy(target as object, {
    get(obj, prop) {
      if (prop === 'write') {
        return (chunk: unknown, ...rest: unknown[]) => {
          const text = typeof chunk === 'string' ? chunk : Buffer.isBuffer(chunk) ? chunk.toString('utf8') : String(chunk);
          if (text !== '') submit(text);
          const callback = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
          callback?.();
          return true;
        };
      }
      if (prop === 'on' || prop === 'addListener' || prop === 'off' || prop === 'removeListener') {
        const adding = prop === 'on' || prop === 'addListener';
        return (event: string, listener: (...args: unknown[]) => void) => {
          if (event !== 'resize') {
            const method = Reflect.get(obj, prop, obj) as (e: string, l: unknown) => unknown;
            method.call(obj, event, listener);
          } else if (adding) resizeListeners.add(listener);
          else resizeListeners.delete(listener);
          return stream;
        };
      }
      if (prop === 'isTTY') return true;
      const value = Reflect.get(obj, prop, obj);
      return typeof value === 'function' ? value.bind(obj) : value;
    },
  }) as NodeJS.WriteStream;

  return {
    stream,
    get bytesWritten() {
      return bytes;
    },
    get framesWritten() {
      return frames;
    },
    enter() {
      if (active) return;
      active = true;
      previous = null;
      target.on('resize', onResize);
      target.write(options.mouse ? ENTER + MOUSE_ON : ENTER);
    },
    restore() {
      if (!active) return;
      active = false;
      if (timer !== null) clearTimer(timer);
      timer = null;
      if (resizeTimer !== null) clearTimer(resizeTimer);
      resizeTimer = null;
      target.off('resize', onResize);
      target.write(RESTORE);
    },
    flush,
    raw(bytes) {
      if (active) target.write(bytes);
    },
  };
}
