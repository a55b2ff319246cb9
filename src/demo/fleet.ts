// The demo fleet: a private tmux server and a temporary directory holding nine simulated
// agents, started through the real `oneshot run` / `oneshot build` path, so every key of
// the dashboard works on them. Everything goes away in cleanup().
import { chmodSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadConfig } from '../config/config.js';
import type { OpsContext } from '../ops/context.js';
import { runTask, type RunRequest } from '../ops/run.js';
import { createRunner, type Runner } from '../proc/exec.js';
import { isPidAlive } from '../sources/pid.js';
import { descendants } from '../sources/proc.js';
import { createTmuxClient, type TmuxClient } from '../tmux/client.js';

const SIM = join(dirname(fileURLToPath(import.meta.url)), 'sim.js');

export interface DemoFleet {
  socketName: string;
  root: string;
  env: Record<string, string>;
  tmux: TmuxClient;
  /** The task the demo watches with auto-resume (it crashes now and then). */
  flakyTask: string;
  cleanup(): Promise<void>;
}

async function git(runner: Runner, dir: string, env: Record<string, string>, ...args: string[]): Promise<void> {
  const result = await runner('git', ['-C', dir, ...args], { env, timeoutMs: 30_000 });
  if (result.notFound) throw new Error('the demo needs git (its agents checkpoint their work with it); install git first');
  if (result.exitCode !== 0) throw new Error(`git ${args[0]} failed in ${dir}: ${result.stderr.trim().split('\n')[0] ?? ''}`);
}

/** A launcher named like the agent CLI that starts the simulator in node. */
function launcher(binDir: string, name: string): string {
  const path = join(binDir, name);
  writeFileSync(path, `#!${process.execPath}\nimport(${JSON.stringify(pathToFileURL(SIM).href)});\n`);
  chmodSync(path, 0o755);
  return path;
}

/** `onCleanup` receives the cleanup as soon as there is something to clean (for an early interrupt). */
export async function startDemoFleet(baseEnv: Record<string, string | undefined>, onCleanup?: (cleanup: () => Promise<void>) => void): Promise<DemoFleet> {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'oneshot-demo-')));
  const socketName = `oneshot-demo-${process.pid}`;
  const runner = createRunner();
  const tmux = createTmuxClient({ runner, socket: { name: socketName }, env: { ...baseEnv, TMUX: undefined }, configFile: '/dev/null' });
  // An interrupt may come while the fleet is still being started: cleanup then stops the
  // start between two steps and waits for it, so no session comes up after the server is gone.
  let cancelled = false;
  let startup: Promise<DemoFleet> | null = null;
  let cleaning: Promise<void> | null = null;
  const cleanup = (): Promise<void> => (cleaning ??= removeAll());
  const removeAll = async () => {
    cancelled = true;
    await startup?.catch(() => undefined);
    // Every process of the fleet: the panes' and everything they started.
    const snapshot = await tmux.listPanes();
    const panePids = snapshot.panes.flatMap((p) => (p.panePid ? [p.panePid] : []));
    const pids = [...panePids, ...descendants(...panePids)];
    await tmux.killServer();
    // The hangup ends every supervisor and agent: let them write their last lines, then
    // make sure none is left to write into the directory after it is removed.
    for (let i = 0; i < 50 && pids.some(isPidAlive); i++) await new Promise((r) => setTimeout(r, 100));
    for (const pid of pids.filter(isPidAlive)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone meanwhile
      }
    }
    for (let i = 0; i < 20; i++) {
      try {
        rmSync(root, { recursive: true, force: true });
        return;
      } catch {
        await new Promise((r) => setTimeout(r, 150));
      }
    }
  };
  onCleanup?.(cleanup);
  const go = () => {
    if (cancelled) throw new Error('the demo was interrupted while starting');
  };
  startup = (async (): Promise<DemoFleet> => {
    const bin = join(root, 'bin');
    mkdirSync(bin);
    const env: Record<string, string> = {
      ...(Object.fromEntries(Object.entries(baseEnv).filter((e): e is [string, string] => typeof e[1] === 'string')) as Record<string, string>),
      ONESHOT_STATE_DIR: join(root, 'state'),
      ONESHOT_CONFIG: join(root, 'config.json'),
      ONESHOT_TMUX_CONF: '/dev/null',
      ONESHOT_HEARTBEAT_INTERVAL: '5',
      ONESHOT_CHECKPOINT_INTERVAL: '45',
      ONESHOT_STOP_GRACE: '3',
      ONESHOT_CODEX_BIN: launcher(bin, 'codex'),
      ONESHOT_CLAUDE_BIN: launcher(bin, 'claude'),
      ONESHOT_OPENCODE_BIN: launcher(bin, 'opencode'),
      ONESHOT_PI_BIN: launcher(bin, 'pi'),
      GIT_AUTHOR_NAME: 'oneshot demo',
      GIT_AUTHOR_EMAIL: 'demo@oneshot.invalid',
      GIT_COMMITTER_NAME: 'oneshot demo',
      GIT_COMMITTER_EMAIL: 'demo@oneshot.invalid',
    };
    delete env.TMUX;
    delete env.TMUX_PANE;
    // Seconds instead of minutes, so the watchdog is seen at work.
    writeFileSync(env.ONESHOT_CONFIG!, JSON.stringify({ watchdog: { backoffBaseSec: 10, backoffMaxSec: 60, settleSec: 5, minUptimeSec: 5, healthyResetSec: 120 } }, null, 2));

    const ops: OpsContext = { tmux, runner, config: loadConfig(env), stateDir: env.ONESHOT_STATE_DIR!, env, source: 'cli' };
    const project = async (name: string) => {
      go();
      const dir = join(root, 'projects', name);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'README.md'), `# ${name}\n`);
      await git(runner, dir, env, 'init', '-q');
      await git(runner, dir, env, 'add', '-A');
      await git(runner, dir, env, 'commit', '-q', '-m', 'Start');
      return dir;
    };
    const start = (request: RunRequest, extra: Record<string, string> = {}) => {
      go();
      return runTask({ ...ops, env: { ...env, ...extra } }, request);
    };
    const foreign = async (name: string, cwd: string, argv: string[]) => {
      go();
      const outcome = await tmux.newSession({ name, cwd, argv });
      if (!outcome.ok) throw new Error(`tmux could not start ${name}: ${outcome.error}`);
    };

    // A tmux server needs a first session; the first task makes it.
    await start({ agent: 'codex', name: 'refactor-auth', dir: await project('auth-service'), prompt: 'Refactor the session refresh so tokens rotate on every use; keep the tests green.' });
    await start({ agent: 'claude', name: 'write-docs', dir: await project('docs-site'), prompt: 'Write the usage guide for the new CLI flags.' });
    await start({ agent: 'opencode', name: 'fix-flaky-test', dir: await project('payments'), prompt: 'Find out why test/retry.test.ts fails one time in ten and fix it.' });
    await start({ agent: 'pi', name: 'review-pr-42', dir: await project('frontend'), prompt: 'Review pull request 42 and leave notes in REVIEW.md.' });
    await start({ agent: 'claude', name: 'ship-release', dir: await project('release'), prompt: 'Prepare the 2.4.0 release notes.' }, { SIM_LIFETIME: '25' });
    await start({ agent: 'opencode', name: 'nightly-migration', dir: await project('warehouse'), prompt: 'Run the nightly data migration.' }, { SIM_LIFETIME: '30', SIM_EXIT: '1' });
    const todo = await project('todo-app');
    await start(
      { agent: 'codex', name: 'todo-app', dir: todo, prompt: 'A small todo app with a REST API and a web page.', build: { idea: 'A small todo app with a REST API and a web page.', maxSessions: 15 } },
      { SIM_TASKS: join(todo, '.autonomous', 'todo-app') },
    );

    // Two sessions oneshot did not start, in the seeds' style: a wedged agent whose heartbeat
    // stops, and one waiting at an approval prompt.
    const stuck = await project('search-index');
    await foreign('claude-reindex', stuck, ['env', 'SIM_BEAT_FOR=12', process.execPath, SIM, 'stale']);
    await foreign('codex-deploy', await project('infra'), [process.execPath, SIM, 'prompt']);
    go();

    return { socketName, root, env, tmux, flakyTask: 'task:nightly-migration', cleanup };
  })();
  try {
    return await startup;
  } catch (error) {
    await cleanup();
    throw error;
  }
}
