// Who is in the fleet: sessions, oneshot's task records and state directories, merged
// so that each agent appears once with every source that belongs to it. Pure.
import { basename, join } from 'node:path';
import type { DirProbe } from '../sources/discover.js';
import type { PaneInfo } from '../tmux/format.js';
import type { TaskRecord } from './agent.js';
import { SHELLS } from './classify.js';
import { isAgentSessionName, kindFromCommand } from './kind.js';

export interface SessionGroup {
  id: string;
  name: string;
  created: number;
  attached: number;
  path: string;
  panes: PaneInfo[];
  env: Record<string, string>;
}

export interface KnownTask {
  /** The task directory (tasks/<name> in the state dir). */
  taskDir: string;
  record: TaskRecord;
}

/** How a session came to count as an agent. */
/**
 * Why a session counts as an agent: a oneshot task, its name, TASK_TMPDIR, an agent
 * program in its pane, or state files in its directory while something other than an
 * idle shell runs there. A plain shell in a directory with an old .agent/ is not one.
 */
export type SessionMatch = 'task' | 'name' | 'env' | 'process' | 'dir';

export interface AgentPlan {
  id: string;
  name: string;
  dir: string | null;
  expectedSession: string | null;
  session: SessionGroup | null;
  pane: PaneInfo | null;
  sessionMatch: SessionMatch | null;
  taskDir: { dir: string; origin: 'oneshot' | 'task-tmpdir' } | null;
  /** The working directory whose `.agent/` belongs to this agent. */
  dotAgentDir: string | null;
  autonomousDir: string | null;
}

export interface PlanInput {
  sessions: readonly SessionGroup[];
  tasks: readonly KnownTask[];
  /** Probes of directories by path: pane paths, task dirs, scanned trees. */
  probes: ReadonlyMap<string, DirProbe>;
  /** Trees given on the command line, already scanned. */
  scanned: readonly DirProbe[];
}

export function groupSessions(panes: readonly PaneInfo[], envs: ReadonlyMap<string, Record<string, string>>): SessionGroup[] {
  const groups = new Map<string, SessionGroup>();
  for (const pane of panes) {
    let group = groups.get(pane.sessionId);
    if (!group) {
      group = {
        id: pane.sessionId,
        name: pane.sessionName,
        created: pane.sessionCreated,
        attached: pane.sessionAttached,
        path: pane.sessionPath,
        panes: [],
        env: envs.get(pane.sessionId) ?? {},
      };
      groups.set(pane.sessionId, group);
    }
    group.panes.push(pane);
  }
  return [...groups.values()];
}

/** The agent's pane: the one oneshot recorded, else the first pane of the first window. */
export function mainPane(session: SessionGroup, recordedPaneId?: string): PaneInfo | null {
  if (recordedPaneId) {
    const recorded = session.panes.find((p) => p.paneId === recordedPaneId);
    if (recorded) return recorded;
  }
  const sorted = [...session.panes].sort((a, b) => a.windowIndex - b.windowIndex || a.paneIndex - b.paneIndex);
  return sorted[0] ?? null;
}

export function planFleet(input: PlanInput): AgentPlan[] {
  const plans: AgentPlan[] = [];
  const claimedSessions = new Set<string>();
  const claimedDotAgents = new Set<string>();
  const claimedAutonomous = new Set<string>();
  const byName = new Map(input.sessions.map((s) => [s.name, s]));

  const claimAutonomous = (dir: string | null, preferred?: string, given?: DirProbe): string | null => {
    if (!dir) return null;
    const probe = given ?? input.probes.get(dir);
    if (!probe) return null;
    const candidates = probe.autonomousTasks.map((t) => t.path).filter((p) => !claimedAutonomous.has(p));
    const pick = preferred && candidates.includes(preferred) ? preferred : preferred ? null : (candidates[0] ?? null);
    if (pick) claimedAutonomous.add(pick);
    return pick;
  };
  const claimDotAgent = (dirs: (string | null)[]): string | null => {
    for (const dir of dirs) {
      if (!dir || claimedDotAgents.has(dir)) continue;
      if (input.probes.get(dir)?.dotAgent) {
        claimedDotAgents.add(dir);
        return dir;
      }
    }
    return null;
  };

  // 1. oneshot's own tasks, with their session when it is alive.
  const taskDirs = new Set<string>();
  for (const task of input.tasks) {
    const record = task.record;
    const session = byName.get(record.session) ?? null;
    if (session) claimedSessions.add(session.id);
    taskDirs.add(task.taskDir);
    const preferred = record.build ? join(record.dir, '.autonomous', record.name) : undefined;
    plans.push({
      id: `task:${record.name}`,
      name: record.name,
      dir: record.dir,
      expectedSession: record.session,
      session,
      pane: session ? mainPane(session, record.paneId) : null,
      sessionMatch: session ? 'task' : null,
      taskDir: { dir: task.taskDir, origin: 'oneshot' },
      dotAgentDir: claimDotAgent([record.dir]),
      autonomousDir: claimAutonomous(record.dir, preferred),
    });
  }

  // 2. Sessions that are agents: by name, by TASK_TMPDIR, or by the state files in their directory.
  for (const session of input.sessions) {
    if (claimedSessions.has(session.id)) continue;
    const pane = mainPane(session);
    const tmpdir = session.env.TASK_TMPDIR;
    const dirs = [pane?.currentPath || null, session.path || null];
    // State files another agent already owns (a oneshot task in the same directory) do not
    // make this session an agent.
    const hasStateFiles = dirs.some((d) => {
      const probe = d ? input.probes.get(d) : undefined;
      return probe !== undefined && ((probe.dotAgent && !claimedDotAgents.has(probe.dir)) || probe.autonomousTasks.some((t) => !claimedAutonomous.has(t.path)));
    });
    const command = (pane?.currentCommand ?? '').replace(/^-/, '');
    const match: SessionMatch | null = isAgentSessionName(session.name)
      ? 'name'
      : tmpdir
        ? 'env'
        : kindFromCommand(command)
          ? 'process'
          : hasStateFiles && command !== '' && !SHELLS.has(command)
            ? 'dir'
            : null;
    if (!match) continue;
    if (tmpdir && taskDirs.has(tmpdir)) continue;
    claimedSessions.add(session.id);
    const dotAgentDir = claimDotAgent(dirs);
    plans.push({
      id: `session:${session.name}`,
      name: session.name,
      dir: dotAgentDir ?? dirs.find((d) => d) ?? null,
      expectedSession: session.name,
      session,
      pane,
      sessionMatch: match,
      taskDir: tmpdir ? { dir: tmpdir, origin: 'task-tmpdir' } : null,
      dotAgentDir,
      autonomousDir: claimAutonomous(dotAgentDir ?? dirs.find((d) => d && input.probes.get(d)?.autonomousTasks.length) ?? null),
    });
  }

  // 3. State directories with no session, from the trees named on the command line. A
  // pane's directory alone is no evidence: an old .agent/ under an idle shell is history.
  const leftovers = new Map<string, DirProbe>();
  for (const probe of input.scanned) leftovers.set(probe.dir, probe);
  for (const probe of leftovers.values()) {
    if (probe.dotAgent && !claimedDotAgents.has(probe.dir)) {
      claimedDotAgents.add(probe.dir);
      const autonomousDir = claimAutonomous(probe.dir, undefined, probe);
      plans.push({
        id: `dir:${probe.dir}`,
        name: basename(probe.dir) || probe.dir,
        dir: probe.dir,
        expectedSession: null,
        session: null,
        pane: null,
        sessionMatch: null,
        taskDir: null,
        dotAgentDir: probe.dir,
        autonomousDir,
      });
    }
    for (const task of probe.autonomousTasks) {
      if (claimedAutonomous.has(task.path)) continue;
      claimedAutonomous.add(task.path);
      plans.push({
        id: `autonomous:${task.path}`,
        name: `${basename(probe.dir)}/${basename(task.path)}`,
        dir: probe.dir,
        expectedSession: null,
        session: null,
        pane: null,
        sessionMatch: null,
        taskDir: null,
        dotAgentDir: null,
        autonomousDir: task.path,
      });
    }
  }

  return uniqueNames(plans);
}

/** Names address agents on the command line: make repeats distinct. */
function uniqueNames(plans: AgentPlan[]): AgentPlan[] {
  const seen = new Map<string, number>();
  return plans.map((plan) => {
    const count = (seen.get(plan.name) ?? 0) + 1;
    seen.set(plan.name, count);
    return count === 1 ? plan : { ...plan, name: `${plan.name}~${count}` };
  });
}
