// The tmux side of an observation: the server's panes (one list-panes for the whole
// server) grouped into sessions with the environment variables that identify agents,
// read once per session and kept while the session lives.
import { groupSessions, type SessionGroup } from '../fleet/plan.js';
import type { TmuxClient } from '../tmux/client.js';
import type { HungSnapshot } from './tmux-reads.js';

const KEEP_ENV = /^(TASK_TMPDIR|ONESHOT_[A-Z_]+)$/;
const NO_ENV: Record<string, string> = Object.freeze({}) as Record<string, string>;

export class TmuxSource {
  private readonly envCache = new Map<string, Record<string, string>>();
  private lastGood: HungSnapshot | null = null;

  constructor(private readonly tmux: TmuxClient) {}

  /**
   * The server's panes. A server that does not answer in time keeps its last answer
   * (marked hung, status error): its agents stay as they were, not "lost".
   */
  async snapshot(): Promise<HungSnapshot> {
    const snap: HungSnapshot = await this.tmux.listPanes();
    if (snap.status === 'ok') {
      this.lastGood = snap;
      return snap;
    }
    if (!snap.hung) {
      this.lastGood = null;
      return snap;
    }
    return this.lastGood ? { ...this.lastGood, status: 'error', error: snap.error, hung: true } : snap;
  }

  /** Sessions of a snapshot, each with its agent-identifying environment. */
  async sessions(snapshot: HungSnapshot): Promise<SessionGroup[]> {
    const keys = [...new Map(snapshot.panes.map((p) => [p.sessionId, { id: p.sessionId, key: `${p.sessionId}@${p.sessionCreated}` }])).values()];
    return groupSessions(snapshot.panes, await this.environments(keys));
  }

  private async environments(sessionKeys: { id: string; key: string }[]): Promise<Map<string, Record<string, string>>> {
    const missing = sessionKeys.filter((s) => !this.envCache.has(s.key));
    if (missing.length > 0) {
      const envs = await this.tmux.sessionEnvironments(missing.map((s) => s.id));
      for (const s of missing) {
        const env = envs.get(s.id);
        if (!env) continue;
        this.envCache.set(s.key, Object.fromEntries(Object.entries(env).filter(([k]) => KEEP_ENV.test(k))));
      }
    }
    const live = new Set(sessionKeys.map((s) => s.key));
    for (const key of this.envCache.keys()) if (!live.has(key)) this.envCache.delete(key);
    return new Map(sessionKeys.map((s) => [s.id, this.envCache.get(s.key) ?? NO_ENV]));
  }
}
