// The list-panes format and its parser. Pure: the client runs tmux, this reads text.

/** Unit separator: tmux prints control characters in names escaped, so it cannot collide. */
export const FIELD_SEP = '\x1f';

const FIELDS = [
  ['sessionId', 'session_id'],
  ['sessionName', 'session_name'],
  ['sessionCreated', 'session_created'],
  ['sessionActivity', 'session_activity'],
  ['sessionAttached', 'session_attached'],
  ['sessionPath', 'session_path'],
  ['windowId', 'window_id'],
  ['windowIndex', 'window_index'],
  ['windowName', 'window_name'],
  ['windowActivity', 'window_activity'],
  ['windowActive', 'window_active'],
  ['paneId', 'pane_id'],
  ['paneIndex', 'pane_index'],
  ['paneActive', 'pane_active'],
  ['panePid', 'pane_pid'],
  ['currentCommand', 'pane_current_command'],
  ['currentPath', 'pane_current_path'],
  ['dead', 'pane_dead'],
  ['deadStatus', 'pane_dead_status'],
  ['deadSignal', 'pane_dead_signal'],
  ['deadTime', 'pane_dead_time'],
  ['width', 'pane_width'],
  ['height', 'pane_height'],
  ['bell', 'window_bell_flag'],
  // Last: set by the program in the pane (OSC 0/2), so it may hold anything but a newline;
  // a separator inside it cannot shift the fields before it.
  ['title', 'pane_title'],
] as const;

type FieldKey = (typeof FIELDS)[number][0];
const FIELD_INDEX = Object.fromEntries(FIELDS.map(([key], i) => [key, i])) as Record<FieldKey, number>;

export const LIST_PANES_FORMAT = FIELDS.map(([, variable]) => `#{${variable}}`).join(FIELD_SEP);

export interface PaneInfo {
  sessionId: string;
  sessionName: string;
  /** Epoch seconds. */
  sessionCreated: number;
  sessionActivity: number;
  sessionAttached: number;
  sessionPath: string;
  windowId: string;
  windowIndex: number;
  windowName: string;
  /** Epoch seconds of the last output in the window: our cue to capture again. */
  windowActivity: number;
  windowActive: boolean;
  paneId: string;
  paneIndex: number;
  paneActive: boolean;
  panePid: number | null;
  currentCommand: string;
  currentPath: string;
  dead: boolean;
  deadStatus: number | null;
  deadSignal: number | null;
  deadTime: number | null;
  width: number;
  height: number;
  /** The window's bell flag: a program in it rang the bell since it was last viewed. */
  bell: boolean;
  /** The title the pane's program set (OSC 0/2); tmux's default is the host name. */
  title: string;
}

function int(value: string | undefined): number | null {
  if (value === undefined || value === '') return null;
  const n = Number.parseInt(value, 10);
  return Number.isFinite(n) ? n : null;
}

export interface ParsedPanes {
  panes: PaneInfo[];
  /** Lines that did not have the expected shape (counted, never fatal). */
  badLines: number;
}

/**
 * `reuse` (optional) maps a line to the pane parsed from it last time: identical lines
 * give back the identical object, and the map is trimmed to the lines seen now.
 */
export function parseListPanes(stdout: string, reuse?: Map<string, PaneInfo>): ParsedPanes {
  const panes: PaneInfo[] = [];
  let badLines = 0;
  const seen = new Set<string>();
  for (const line of stdout.split('\n')) {
    if (line === '') continue;
    const known = reuse?.get(line);
    if (known) {
      panes.push(known);
      seen.add(line);
      continue;
    }
    const parts = line.split(FIELD_SEP);
    if (parts.length > FIELDS.length) parts.push(parts.splice(FIELDS.length - 1).join(FIELD_SEP));
    if (parts.length !== FIELDS.length) {
      badLines++;
      continue;
    }
    const field = (key: FieldKey): string => parts[FIELD_INDEX[key]] ?? '';
    const paneId = field('paneId');
    const sessionId = field('sessionId');
    if (!paneId.startsWith('%') || !sessionId.startsWith('$')) {
      badLines++;
      continue;
    }
    panes.push({
      sessionId,
      sessionName: field('sessionName'),
      sessionCreated: int(field('sessionCreated')) ?? 0,
      sessionActivity: int(field('sessionActivity')) ?? 0,
      sessionAttached: int(field('sessionAttached')) ?? 0,
      sessionPath: field('sessionPath'),
      windowId: field('windowId'),
      windowIndex: int(field('windowIndex')) ?? 0,
      windowName: field('windowName'),
      windowActivity: int(field('windowActivity')) ?? 0,
      windowActive: field('windowActive') === '1',
      paneId,
      paneIndex: int(field('paneIndex')) ?? 0,
      paneActive: field('paneActive') === '1',
      panePid: int(field('panePid')),
      currentCommand: field('currentCommand'),
      currentPath: field('currentPath'),
      dead: field('dead') === '1',
      deadStatus: int(field('deadStatus')),
      deadSignal: int(field('deadSignal')),
      deadTime: int(field('deadTime')),
      width: int(field('width')) ?? 0,
      height: int(field('height')) ?? 0,
      bell: field('bell') === '1',
      title: field('title'),
    });
    if (reuse) {
      reuse.set(line, panes[panes.length - 1] as PaneInfo);
      seen.add(line);
    }
  }
  if (reuse) for (const key of reuse.keys()) if (!seen.has(key)) reuse.delete(key);
  return { panes, badLines };
}

/** `show-environment` output: `NAME=value` lines; `-NAME` marks a removed variable. */
export function parseEnvironment(stdout: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of stdout.split('\n')) {
    if (line === '' || line.startsWith('-')) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    env[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return env;
}
