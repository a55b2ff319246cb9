// Compact human figures for dense rows: ages, durations, paths.

/** 12s, 4m, 2h, 3d: one unit, rounded down, the way htop and k9s show ages. */
export function formatAge(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '-';
  const s = Math.max(0, Math.floor(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86_400)}d`;
}

/** 1m30s, 2h05m: two units, for intervals and retry schedules. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return s % 60 === 0 ? `${m}m` : `${m}m${String(s % 60).padStart(2, '0')}s`;
  const h = Math.floor(m / 60);
  return m % 60 === 0 ? `${h}h` : `${h}h${String(m % 60).padStart(2, '0')}m`;
}

/** HH:MM:SS in local time. */
export function formatClock(epochMs: number): string {
  const d = new Date(epochMs);
  return [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
}

/** Replace the home directory with ~. */
export function tildePath(path: string, home: string | undefined): string {
  if (home && home.length > 1 && (path === home || path.startsWith(`${home}/`))) return `~${path.slice(home.length)}`;
  return path;
}

const SIGNALS: Record<number, string> = {
  1: 'SIGHUP', 2: 'SIGINT', 3: 'SIGQUIT', 4: 'SIGILL', 6: 'SIGABRT', 8: 'SIGFPE', 9: 'SIGKILL', 11: 'SIGSEGV',
  13: 'SIGPIPE', 14: 'SIGALRM', 15: 'SIGTERM',
};

export function signalName(signal: number | string | null | undefined): string | null {
  if (signal === null || signal === undefined || signal === '') return null;
  if (typeof signal === 'string') return signal.startsWith('SIG') ? signal : `SIG${signal}`;
  return SIGNALS[signal] ?? `signal ${signal}`;
}

/** An exit status in words: "status 3", "SIGKILL (137)". */
export function describeExit(code: number | null, signal: number | string | null): string {
  const sig = signalName(signal);
  if (sig) return code !== null ? `${sig} (status ${code})` : sig;
  if (code !== null && code > 128 && code < 160 && SIGNALS[code - 128]) return `status ${code} (${SIGNALS[code - 128]})`;
  return code === null ? 'unknown status' : `status ${code}`;
}
