// Pane captures for classification (done marker, prompts). A pane is captured again
// only when its window had output since the last capture, its dead flag changed, or
// the capture is old, and all captures of one poll share one tmux process.
import type { CaptureRequest, TmuxClient } from '../tmux/client.js';
import type { PaneInfo } from '../tmux/format.js';

export const TAIL_LINES = 60;
const MAX_AGE_MS = 15_000;

interface Entry {
  activity: number;
  dead: boolean;
  at: number;
  lines: string[];
}

export function trimTrailingBlank(lines: string[]): string[] {
  let end = lines.length;
  while (end > 0 && (lines[end - 1] ?? '').trim() === '') end--;
  return end === lines.length ? lines : lines.slice(0, end);
}

export class PaneTails {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly tmux: TmuxClient) {}

  private stale(pane: PaneInfo, now: number): boolean {
    const entry = this.entries.get(pane.paneId);
    if (!entry) return true;
    if (entry.dead !== pane.dead) return true;
    if (pane.dead) return false;
    return entry.activity !== pane.windowActivity || now - entry.at > MAX_AGE_MS;
  }

  /** Refresh what changed; returns the tail of every given pane. */
  async refresh(panes: readonly PaneInfo[], now: number): Promise<Map<string, string[]>> {
    const due = panes.filter((p) => this.stale(p, now));
    if (due.length > 0) {
      const requests: CaptureRequest[] = due.map((p) => ({ paneId: p.paneId, lines: TAIL_LINES }));
      const captured = await this.tmux.capturePanes(requests);
      for (const pane of due) {
        const text = captured.get(pane.paneId);
        if (text === undefined) continue;
        this.entries.set(pane.paneId, {
          activity: pane.windowActivity,
          dead: pane.dead,
          at: now,
          lines: trimTrailingBlank(text.split('\n')).slice(-TAIL_LINES),
        });
      }
    }
    const live = new Set(panes.map((p) => p.paneId));
    for (const id of this.entries.keys()) if (!live.has(id)) this.entries.delete(id);
    const out = new Map<string, string[]>();
    for (const pane of panes) {
      const entry = this.entries.get(pane.paneId);
      if (entry) out.set(pane.paneId, entry.lines);
    }
    return out;
  }
}
