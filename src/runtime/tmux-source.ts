// The tmux side of an observation: the server's panes (one list-panes for the whole
// server) grouped into sessions with the environment variables that identify agents,
// read once per session and kept while the session lives.
import { groupSessions, type SessionGroup } from '../fleet/plan.js';
import type { ServerSnapshot, TmuxClient } from '../tmux/client.js';

const KEEP_ENV = /^(TASK_TMPDIR|ONESHOT_[A-Z_]+)$/;
const NO_ENV: Record<string, string> = Object.freeze({}) as Record<string, string>;

export interface TmuxReading {
  snapshot: ServerSnapshot;
  sessions: SessionGroup[];
}

export class TmuxSource {
  private readonly envCache = new Map<string, Record<string, string>>();

  constructor(private readonly tmux: TmuxClient) {}

  snapshot(): Promise<ServerSnapshot> {
    return this.tmux.listPanes();
  }

  /** Sessions of a snapshot, each with its agent-identifying environment. */
  async sessions(snapshot: ServerSnapshot): Promise<SessionGroup[]> {
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
