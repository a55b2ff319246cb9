// The selected agent's live output: its pane (with colors, sanitized) or, when there is
// no pane, the tail of its session log. Captured only when something changed.
import { basename } from 'node:path';
import { createTailer, type Tailer } from '../sources/tail.js';
import type { AppStore } from '../store/store.js';
import { sanitizeLine } from '../text/sanitize.js';
import type { TmuxClient } from '../tmux/client.js';
import { trimTrailingBlank } from './panes.js';

export const OUTPUT_LINES = 400;
export const ZOOM_LINES = 5000;
const MAX_AGE_MS = 10_000;

export class FocusedOutput {
  private key = '';
  private activity = -1;
  private at = 0;
  private tailer: Tailer | null = null;
  private logLines: string[] = [];
  /** Raw pane line → sanitized, for the lines of the last capture. */
  private sanitized = new Map<string, string>();

  constructor(
    private readonly tmux: TmuxClient,
    private readonly store: AppStore,
  ) {}

  async refresh(now: number): Promise<void> {
    const s = this.store.getState();
    const agent = s.selectedId ? s.agents[s.selectedId] : undefined;
    if (!agent) {
      if (s.output !== null) s.outputRead({ agentId: '', source: 'none', title: '', lines: [], at: now });
      this.key = '';
      return;
    }
    // The output panel at the newest lines needs only what it shows (and a page to scroll
    // into); the whole scrollback is captured once the user scrolls up or zooms.
    const lines = s.mode === 'zoom' ? ZOOM_LINES : s.scroll.output > 0 ? OUTPUT_LINES : Math.min(OUTPUT_LINES, Math.max(40, s.layout.pageRows.output * 2));
    const pane = agent.session?.pane ?? null;
    if (pane) {
      const key = `${agent.id}|${pane.paneId}|${lines}|${pane.dead}`;
      if (key === this.key && pane.windowActivity === this.activity && now - this.at < MAX_AGE_MS) return;
      const text = (await this.tmux.capturePanes([{ paneId: pane.paneId, lines, escapes: true }])).get(pane.paneId);
      if (text === undefined) return;
      this.key = key;
      this.activity = pane.windowActivity;
      this.at = now;
      // Most lines are the same as in the last capture (the pane scrolled a little): those
      // are not sanitized again.
      const before = this.sanitized;
      const kept = new Map<string, string>();
      const out = trimTrailingBlank(text.split('\n')).map((l) => {
        const clean = kept.get(l) ?? before.get(l) ?? sanitizeLine(l, { keepColors: true });
        kept.set(l, clean);
        return clean;
      });
      this.sanitized = kept;
      this.store.getState().outputRead({ agentId: agent.id, source: 'pane', title: `pane ${pane.paneId}${pane.dead ? ' (dead)' : ''}`, lines: out, at: now });
      return;
    }
    if (agent.logPath) {
      const key = `${agent.id}|${agent.logPath}`;
      if (key !== this.key || !this.tailer) {
        this.key = key;
        this.tailer = createTailer(agent.logPath, { initialBytes: 512 * 1024 });
        this.logLines = [];
      }
      const chunk = await this.tailer.read();
      if (chunk.reset) this.logLines = [];
      if (chunk.lines.length === 0 && !chunk.reset && this.store.getState().output?.agentId === agent.id) return;
      this.logLines = this.logLines.concat(chunk.lines.map((l) => sanitizeLine(l, { keepColors: true })));
      if (this.logLines.length > ZOOM_LINES) this.logLines = this.logLines.slice(-ZOOM_LINES);
      const title = chunk.status === 'ok' ? basename(agent.logPath) : `${basename(agent.logPath)}: ${chunk.error ?? chunk.status}`;
      this.store.getState().outputRead({ agentId: agent.id, source: 'log', title, lines: this.logLines, at: now });
      return;
    }
    const key = `${agent.id}|none`;
    if (key === this.key) return;
    this.key = key;
    this.tailer = null;
    this.store.getState().outputRead({ agentId: agent.id, source: 'none', title: 'no pane and no session log', lines: [], at: now });
  }
}
