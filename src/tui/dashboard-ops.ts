// The dashboard's operations: the same functions as the command line (src/ops), as the
// dashboard, with attach taking over the terminal while the dashboard steps aside.
import { readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { AgentView } from '../fleet/agent.js';
import { logAction } from '../ops/actions-log.js';
import { setTimeout as sleep } from 'node:timers/promises';
import { answerAgent } from '../ops/answer.js';
import { attachPlan } from '../ops/attach.js';
import { checkpointDir, describeCheckpoint } from '../ops/checkpoint.js';
import { checkpointTarget } from '../ops/checkpoint-target.js';
import { OpError, type OpsContext } from '../ops/context.js';
import { killAgent } from '../ops/kill.js';
import { readLog } from '../ops/log.js';
import { describeAgent } from '../fleet/describe.js';
import { readDescribeExtra } from '../sources/describe.js';
import { resumeAgent, resumedWhere } from '../ops/resume.js';
import { runTask } from '../ops/run.js';
import { stopAgent } from '../ops/stop.js';
import { taskOf } from '../ops/task-of.js';
import { runInteractive } from '../proc/exec.js';
import { plainText } from '../text/sanitize.js';
import { takeWatchdogLock } from '../watchdog/lock.js';
import type { DashboardOps } from './actions.js';

export interface DashboardHooks {
  /** Leave the screen to `fn` (tmux attach) and come back intact. */
  suspend<T>(fn: () => Promise<T>): Promise<T>;
  /** Poll now. */
  refresh(): void;
  /** Poll now and give the agent as it is then. */
  look(agentId: string): Promise<AgentView | undefined>;
}

const GIT_CACHE_MS = 10_000;

export function createDashboardOps(ctx: OpsContext, hooks: DashboardHooks, cwd: string = process.cwd()): DashboardOps {
  const gitCache = new Map<string, { at: number; yes: boolean }>();
  const isDir = (path: string) => {
    try {
      return statSync(path).isDirectory();
    } catch {
      return false;
    }
  };
  const exists = (path: string) => {
    try {
      statSync(path);
      return true;
    } catch {
      return false;
    }
  };

  return {
    defaultDir: cwd,
    defaultAutonomy: ctx.config.autonomy,
    refresh: hooks.refresh,
    takeWatchdog: () => takeWatchdogLock(ctx.stateDir),
    backoffBaseSec: ctx.config.watchdog.backoffBaseSec,
    dirExists: isDir,
    home: ctx.env.HOME,
    listDirs(dir) {
      try {
        // Symbolic links to directories complete too.
        return readdirSync(dir, { withFileTypes: true })
          .filter((e) => e.isDirectory() || (e.isSymbolicLink() && isDir(join(dir, e.name))))
          .map((e) => e.name)
          .slice(0, 2000);
      } catch {
        return null;
      }
    },

    isGitRepo(dir) {
      const hit = gitCache.get(dir);
      if (hit && Date.now() - hit.at < GIT_CACHE_MS) return hit.yes;
      let yes = false;
      for (let d = dir, i = 0; i < 64; i++) {
        if (exists(join(d, '.git'))) {
          yes = true;
          break;
        }
        const up = dirname(d);
        if (up === d) break;
        d = up;
      }
      gitCache.set(dir, { at: Date.now(), yes });
      return yes;
    },

    async answer(agent, answer, expected) {
      const outcome = await answerAgent(ctx, agent, answer, { look: () => hooks.look(agent.id), sleep: (ms) => sleep(ms), now: Date.now }, { expected });
      logAction(ctx, { action: 'answer', agent: agent.name, result: 'ok', detail: `${outcome.said}; now ${outcome.state}` });
      return `${plainText(agent.name)}: ${outcome.said}; now ${outcome.state}`;
    },

    async resume(agent, again) {
      const r = await resumeAgent(ctx, agent, { again: again === true });
      return `resumed ${r.name} ${resumedWhere(r)}`;
    },

    async checkpoint(agent) {
      if (!agent.dir) throw new OpError('the working directory is unknown');
      // An agent oneshot did not start checkpoints under its own name, in the config's mode.
      const target = checkpointTarget(agent.name, taskOf(agent)?.record ?? null, ctx.config);
      const outcome = await checkpointDir(ctx.runner, { ...target, dir: agent.dir, message: `oneshot checkpoint: ${target.task} ${new Date().toISOString()}`, env: ctx.env });
      const text = describeCheckpoint(outcome);
      logAction(ctx, { action: 'checkpoint', agent: agent.name, result: outcome.kind === 'failed' || outcome.kind === 'not-git' || outcome.kind === 'busy' ? 'failed' : 'ok', detail: text });
      if (outcome.kind === 'failed' || outcome.kind === 'not-git' || outcome.kind === 'busy') throw new OpError(text);
      return `${plainText(agent.name)}: ${text}`;
    },

    async stop(agent) {
      const r = await stopAgent(ctx, agent);
      return `stopped ${r.name}: ${r.ended}; ${r.checkpoint}`;
    },

    async kill(agent) {
      const r = await killAgent(ctx, agent);
      return `killed ${plainText(r.name)}: ${r.detail}`;
    },

    async attach(agent, readonly) {
      const plan = attachPlan(ctx, agent, readonly);
      const name = plainText(agent.session?.name ?? agent.name);
      if (plan.kind === 'switch') {
        const outcome = await ctx.tmux.switchClient(plan.target);
        if (!outcome.ok) throw new OpError(`attach: tmux could not switch to ${name}: ${outcome.error}`);
        logAction(ctx, { action: 'attach', agent: agent.name, result: 'ok', detail: 'switched client' });
        return `switched to ${name}; your tmux keys (prefix L, prefix s) bring you back here`;
      }
      const nested = Boolean(ctx.env.TMUX);
      const exit = await hooks.suspend(async () => {
        if (nested) process.stdout.write(`oneshot: ${readonly ? 'watching' : 'attached to'} ${name} inside this tmux; detach with your prefix key twice, then d\n`);
        return runInteractive(plan.argv[0] as string, plan.argv.slice(1), { TMUX: undefined });
      });
      logAction(ctx, { action: readonly ? 'watch' : 'attach', agent: agent.name, result: exit.exitCode === 0 ? 'ok' : 'failed', detail: `tmux attach exited ${exit.exitCode}` });
      if (exit.notFound) throw new OpError('attach: tmux is not installed');
      if (exit.exitCode !== 0) throw new OpError(`attach: tmux attach exited with status ${exit.exitCode}`);
      return `back from ${name}`;
    },

    async run(request) {
      const r = await runTask(ctx, request);
      return { name: r.record.name, agentId: `task:${r.record.name}`, message: `started ${r.record.agent} task ${r.record.name} in ${r.record.dir}${r.notices.length ? ` (${r.notices.join('; ')})` : ''}` };
    },

    async describe(agent) {
      return describeAgent(agent, await readDescribeExtra(agent), Date.now());
    },

    async readLog(agent) {
      const log = await readLog(ctx, agent);
      return { title: log.source, lines: log.lines };
    },
  };
}
