// The real agent CLIs for end-to-end tests, run offline.
//
// - installAgents(): the four CLIs at pinned versions, installed once into a cache outside the
//   repo and shared by every test process (a lock dir; the install is staged and renamed in whole).
// - startMock(): the loopback mock LLM (mock-llm.mjs beside this file) that speaks the Responses,
//   Messages and Chat Completions APIs and scripts one shell step per MOCKTURN prompt.
// - agentEnv(): a private HOME, XDG dirs, CODEX_HOME and CLAUDE_CONFIG_DIR under a root, and the
//   CLI's settings that point it at the mock. Autonomy (sandbox, approvals, permissions) is left
//   unset on purpose: the product under test chooses it.
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir, hostname, tmpdir } from 'node:os';
import { basename, delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const AGENT_VERSIONS = {
  codex: '@openai/codex@0.169.0',
  claude: '@anthropic-ai/claude-code@2.1.197',
  opencode: 'opencode-ai@1.18.33',
  pi: '@mariozechner/pi-coding-agent@0.73.1',
} as const;

export type AgentKind = keyof typeof AGENT_VERSIONS;
export const AGENT_KINDS: readonly AgentKind[] = ['codex', 'claude', 'opencode', 'pi'];

/** The mock server script. */
export const MOCK_LLM_SCRIPT = fileURLToPath(new URL('./mock-llm.mjs', import.meta.url));
/** What the mock answers: after the tool step of a MOCKTURN prompt, and to any other prompt. */
export const MOCK_FINAL_TEXT = 'done: MOCK-FINISHED';
export const MOCK_PLAIN_TEXT = 'MOCK-FINISHED';
/** The shell commands of the scripted tool step (run in the agent's working directory). */
export const MOCK_COMMAND = 'echo hi >> out.txt';
export const MOCK_SLEEP_COMMAND = 'echo start >> out.txt; sleep 120; echo after-sleep >> out.txt';
/** Token usage the mock reports on every answer. */
export const MOCK_USAGE = { input: 100, output: 20, total: 120 } as const;
// A slug in Codex's bundled model catalog: Codex then has its metadata and warns of nothing.
const CODEX_MODEL = 'gpt-5.5';

// Dependencies whose install script must run: each links its platform's native binary over a stub.
// npm 11 flags (and per its docs skips) dependency install scripts that package.json's allowScripts
// does not list; `--allow-scripts` on the command line is refused for a --prefix install (EALLOWSCRIPTS).
// npm 10 ignores allowScripts and runs them all.
const INSTALL_SCRIPTS = ['@anthropic-ai/claude-code', 'opencode-ai'];
// The whole dependency tree of the four CLIs, as resolved once: the registry moves under ^ ranges
// (seen: a new @aws-sdk package requiring a sibling version not yet published, so npm failed with
// ETARGET). Used while its root dependencies are exactly AGENT_VERSIONS; after a version bump,
// regenerate it: in a scratch dir, a package.json with those dependencies, then
// `npm install --package-lock-only`, and copy package-lock.json here. Without a match the install
// resolves afresh.
const LOCKFILE = fileURLToPath(new URL('./agents-lock.json', import.meta.url));
const INSTALL_TIMEOUT_MS = 15 * 60_000;
const VERSION_TIMEOUT_MS = 60_000;

const versionOf = (spec: string): string => spec.slice(spec.lastIndexOf('@') + 1);
const nameOf = (spec: string): string => spec.slice(0, spec.lastIndexOf('@'));
const pinnedDependencies = (): Record<string, string> =>
  Object.fromEntries(Object.values(AGENT_VERSIONS).map((spec) => [nameOf(spec), versionOf(spec)]));

/** The lockfile's text if it locks exactly AGENT_VERSIONS, else null. */
function matchingLock(): string | null {
  try {
    const text = readFileSync(LOCKFILE, 'utf8');
    const packages = (JSON.parse(text) as { packages?: Record<string, { version?: string; dependencies?: Record<string, string> }> }).packages ?? {};
    const pinned = pinnedDependencies();
    const root = packages['']?.dependencies ?? {};
    const same = Object.keys(root).length === Object.keys(pinned).length
      && Object.entries(pinned).every(([name, version]) => root[name] === version && packages[`node_modules/${name}`]?.version === version);
    return same ? text : null;
  } catch {
    return null;
  }
}

/** `<ONESHOT_AGENTS_CACHE or $XDG_CACHE_HOME|~/.cache + /oneshot-test-agents>/<hash of the versions>` */
export function agentCacheDir(): string {
  const env = process.env;
  const base = env.ONESHOT_AGENTS_CACHE
    || join(env.XDG_CACHE_HOME || join(env.HOME || homedir(), '.cache'), 'oneshot-test-agents');
  const hash = createHash('sha256').update(JSON.stringify(AGENT_VERSIONS)).digest('hex').slice(0, 12);
  return join(base, hash);
}

function hasAllBins(binDir: string): boolean {
  return AGENT_KINDS.every((kind) => existsSync(join(binDir, kind)));
}

/**
 * Installs the pinned CLIs into agentCacheDir() unless they are there already, checks that each
 * runs and reports its pinned version, and returns the `.bin` dir to put first on PATH.
 * Safe from several processes at once; a killed install leaves nothing half-done behind.
 * A first install downloads ~500 MB and takes a minute or more: give the hook a long timeout.
 */
export async function installAgents(): Promise<{ binDir: string }> {
  const dir = agentCacheDir();
  const binDir = join(dir, 'node_modules', '.bin');
  if (hasAllBins(binDir)) return { binDir };
  mkdirSync(dirname(dir), { recursive: true });
  const release = await acquireLock(`${dir}.lock`, () => hasAllBins(binDir), INSTALL_TIMEOUT_MS + VERSION_TIMEOUT_MS);
  if (!release) return { binDir };
  try {
    if (hasAllBins(binDir)) return { binDir };
    // Staging dirs of installs that were killed: nobody else works on this cache while we hold the lock.
    for (const entry of readdirSync(dirname(dir))) {
      if (entry.startsWith(`${basename(dir)}.tmp-`)) rmSync(join(dirname(dir), entry), { recursive: true, force: true });
    }
    const staging = `${dir}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
    const scratch = join(staging, '.install-home');
    try {
      mkdirSync(scratch, { recursive: true });
      writeFileSync(join(staging, 'package.json'), JSON.stringify({
        name: 'oneshot-test-agents',
        private: true,
        description: 'Agent CLIs for oneshot tests, installed by test/agents/setup.ts',
        dependencies: pinnedDependencies(),
        allowScripts: Object.fromEntries(INSTALL_SCRIPTS.map((name) => [name, true])),
      }, null, 2) + '\n');
      const lock = matchingLock();
      if (lock) writeFileSync(join(staging, 'package-lock.json'), lock);
      const env = {
        ...cleanEnv(),
        // opencode's postinstall runs `opencode --version`: keep its files out of the real XDG dirs.
        XDG_CONFIG_HOME: join(scratch, 'config'),
        XDG_DATA_HOME: join(scratch, 'data'),
        XDG_STATE_HOME: join(scratch, 'state'),
        XDG_CACHE_HOME: join(scratch, 'cache'),
      };
      // With the lock: exactly its tree. Without: the pinned specs, resolved afresh.
      const args = ['install', '--prefix', staging, '--no-audit', '--no-fund', '--no-save', ...(lock ? [] : Object.values(AGENT_VERSIONS))];
      const npm = await run('npm', args, { cwd: staging, env, timeoutMs: INSTALL_TIMEOUT_MS });
      if (npm.code !== 0) {
        throw new Error(`npm ${args.join(' ')} failed (${npm.code ?? npm.signal}):\n${npm.output.slice(-4000)}`);
      }
      rmSync(scratch, { recursive: true, force: true });
      await checkAgentVersions(join(staging, 'node_modules', '.bin'));
      rmSync(dir, { recursive: true, force: true });
      renameSync(staging, dir);
    } finally {
      rmSync(staging, { recursive: true, force: true });
    }
  } finally {
    release();
  }
  return { binDir };
}

/** Runs `<cli> --version` for each CLI in binDir (in a throwaway HOME) and checks the pinned versions. */
export async function checkAgentVersions(binDir: string): Promise<Record<AgentKind, string>> {
  const scratch = mkdtempSync(join(tmpdir(), 'oneshot-agents-version-'));
  try {
    const env = {
      ...cleanEnv(),
      ...privateDirs(scratch),
      DISABLE_AUTOUPDATER: '1',
      CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
      OPENCODE_DISABLE_AUTOUPDATE: '1',
      PI_OFFLINE: '1',
      PATH: `${binDir}${delimiter}${process.env.PATH ?? ''}`,
    };
    const entries = await Promise.all(AGENT_KINDS.map(async (kind) => {
      const result = await run(join(binDir, kind), ['--version'], { cwd: scratch, env, timeoutMs: VERSION_TIMEOUT_MS });
      const want = versionOf(AGENT_VERSIONS[kind]);
      // Pi prints its version on stderr; Codex may warn on stderr: look at both.
      if (result.code !== 0 || !result.output.includes(want)) {
        throw new Error(`${kind} --version: exit ${result.code ?? result.signal}, expected ${want} in:\n${result.output.slice(-2000)}`);
      }
      const line = result.output.split('\n').find((l) => l.includes(want)) ?? '';
      return [kind, line.trim()] as const;
    }));
    return Object.fromEntries(entries) as Record<AgentKind, string>;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

export interface MockLlm {
  port: number;
  /** JSONL, one short line per request: method, path, api, tools offered, what was answered. */
  log: string;
  stop(): Promise<void>;
}

/** Starts mock-llm.mjs on a free loopback port; its files (port, log) go into dir. */
export async function startMock(dir: string, timeoutMs = 10_000): Promise<MockLlm> {
  mkdirSync(dir, { recursive: true });
  const portFile = join(dir, 'mock-llm.port');
  const log = join(dir, 'mock-llm.jsonl');
  rmSync(portFile, { force: true });
  const child = spawn(process.execPath, [MOCK_LLM_SCRIPT], {
    env: { ...process.env, MOCK_PORT: '0', MOCK_PORT_FILE: portFile, MOCK_LOG: log, MOCK_EXIT_WITH_PARENT: '1' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => { stderr = (stderr + chunk.toString()).slice(-4000); });
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', (error) => { stderr += String(error); resolve(); });
  });
  const alive = () => child.exitCode === null && child.signalCode === null && child.pid !== undefined;
  const stop = async (): Promise<void> => {
    if (alive()) {
      child.kill('SIGTERM');
      const forced = setTimeout(() => { if (alive()) child.kill('SIGKILL'); }, 5_000);
      await exited;
      clearTimeout(forced);
    }
  };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const port = readPort(portFile);
    if (port) return { port, log, stop };
    if (!alive() || Date.now() > deadline) {
      await stop();
      throw new Error(`mock-llm did not report a port within ${timeoutMs} ms (exit ${child.exitCode ?? child.signalCode}): ${stderr}`);
    }
    await delay(20);
  }
}

function readPort(file: string): number {
  try {
    const port = Number(readFileSync(file, 'utf8').trim());
    return Number.isInteger(port) && port > 0 ? port : 0;
  } catch {
    return 0;
  }
}

/**
 * Creates under root a private HOME, XDG_CONFIG_HOME, XDG_DATA_HOME, XDG_STATE_HOME, XDG_CACHE_HOME,
 * CODEX_HOME and CLAUDE_CONFIG_DIR, writes the settings that point the CLI at the mock on
 * http://127.0.0.1:<port>, and returns the variables to add over process.env (put the install's
 * .bin dir first on PATH yourself). Nothing in them chooses the CLI's autonomy.
 * OpenCode takes its working directory from $PWD: set PWD to the cwd you spawn it in.
 */
export function agentEnv(kind: AgentKind, root: string, port: number): Record<string, string> {
  const base = `http://127.0.0.1:${port}`;
  const env = privateDirs(root);
  const home = env.HOME as string;

  switch (kind) {
    case 'codex':
      writeFileSync(join(env.CODEX_HOME as string, 'config.toml'), [
        `model = "${CODEX_MODEL}"`,
        'model_provider = "oneshot_mock"',
        'check_for_update_on_startup = false',
        '',
        '[model_providers.oneshot_mock]',
        'name = "oneshot mock LLM"',
        `base_url = "${base}/v1"`,
        'wire_api = "responses"',
        'env_key = "ONESHOT_MOCK_API_KEY"',
        'request_max_retries = 0',
        'stream_max_retries = 0',
        '',
        '[analytics]',
        'enabled = false',
        '',
        '[features]',
        '# otherwise Codex syncs curated plugins from the network at startup',
        'plugins = false',
        'remote_plugin = false',
        '',
      ].join('\n'));
      env.ONESHOT_MOCK_API_KEY = 'dummy';
      break;

    case 'claude':
      Object.assign(env, {
        ANTHROPIC_BASE_URL: base,
        ANTHROPIC_API_KEY: 'dummy',
        CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
        DISABLE_AUTOUPDATER: '1',
        DISABLE_TELEMETRY: '1',
        DISABLE_ERROR_REPORTING: '1',
      });
      break;

    case 'opencode': {
      const dir = join(env.XDG_CONFIG_HOME as string, 'opencode');
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'opencode.json'), JSON.stringify({
        model: 'mock/mock-model',
        small_model: 'mock/mock-model',
        enabled_providers: ['mock'],
        autoupdate: false,
        share: 'disabled',
        provider: {
          mock: {
            npm: '@ai-sdk/openai-compatible',
            name: 'oneshot mock LLM',
            options: { baseURL: `${base}/v1`, apiKey: 'dummy' },
            models: { 'mock-model': { name: 'Mock Model', tool_call: true, limit: { context: 128000, output: 16384 } } },
          },
        },
      }, null, 2) + '\n');
      // At startup OpenCode npm-installs @opencode-ai/plugin into its config dir, in the background.
      // Point that at the mock (a quick 404, logged by OpenCode as a warning) instead of the registry.
      writeFileSync(join(home, '.npmrc'), `registry=${base}/npm-registry/\n`);
      Object.assign(env, {
        OPENCODE_DISABLE_MODELS_FETCH: '1',
        OPENCODE_DISABLE_AUTOUPDATE: '1',
        OPENCODE_DISABLE_LSP_DOWNLOAD: '1',
      });
      break;
    }

    case 'pi': {
      const dir = join(home, '.pi', 'agent');
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'models.json'), JSON.stringify({
        providers: {
          mock: {
            baseUrl: `${base}/v1`,
            api: 'openai-completions',
            apiKey: 'dummy',
            compat: { supportsDeveloperRole: false, supportsReasoningEffort: false },
            models: [{ id: 'mock-model', name: 'Mock Model' }],
          },
        },
      }, null, 2) + '\n');
      writeFileSync(join(dir, 'settings.json'), JSON.stringify({
        defaultProvider: 'mock',
        defaultModel: 'mock-model',
        quietStartup: true,
      }, null, 2) + '\n');
      Object.assign(env, { PI_OFFLINE: '1', PI_SKIP_VERSION_CHECK: '1' });
      break;
    }
  }
  return env;
}

// ---------------------------------------------------------------- helpers

/** HOME, XDG dirs, CODEX_HOME and CLAUDE_CONFIG_DIR under root, created. */
function privateDirs(root: string): Record<string, string> {
  const env: Record<string, string> = {
    HOME: join(root, 'home'),
    XDG_CONFIG_HOME: join(root, 'xdg-config'),
    XDG_DATA_HOME: join(root, 'xdg-data'),
    XDG_STATE_HOME: join(root, 'xdg-state'),
    XDG_CACHE_HOME: join(root, 'xdg-cache'),
    CODEX_HOME: join(root, 'codex-home'),
    CLAUDE_CONFIG_DIR: join(root, 'claude-config'),
  };
  for (const dir of Object.values(env)) mkdirSync(dir, { recursive: true });
  return env;
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** process.env without what an enclosing `npm run` exports about its own package. */
function cleanEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value === undefined) continue;
    if (/^npm_(package_|lifecycle_|command$|config_local_prefix$)/i.test(key) || key === 'INIT_CWD') continue;
    env[key] = value;
  }
  return env;
}

interface RunResult { code: number | null; signal: NodeJS.Signals | null; output: string }

function run(command: string, args: string[], options: { cwd: string; env: Record<string, string>; timeoutMs: number }): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const take = (chunk: Buffer) => { output = (output + chunk.toString()).slice(-64_000); };
    child.stdout?.on('data', take);
    child.stderr?.on('data', take);
    const timer = setTimeout(() => { output += `\n[killed after ${options.timeoutMs} ms]`; child.kill('SIGKILL'); }, options.timeoutMs);
    child.once('error', (error) => { clearTimeout(timer); resolve({ code: -1, signal: null, output: `${output}\n${String(error)}` }); });
    child.once('close', (code, signal) => { clearTimeout(timer); resolve({ code, signal, output }); });
  });
}

/**
 * mkdir-based lock. Resolves to a release function, or to null when done() became true while
 * waiting (another process finished the work). A lock whose owner is gone is taken over.
 */
async function acquireLock(lockDir: string, done: () => boolean, timeoutMs: number): Promise<(() => void) | null> {
  const owner = join(lockDir, 'owner.json');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      mkdirSync(lockDir);
      writeFileSync(owner, JSON.stringify({ pid: process.pid, host: hostname(), since: new Date().toISOString() }));
      return () => rmSync(lockDir, { recursive: true, force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    if (done()) return null;
    if (lockIsStale(lockDir, owner)) {
      rmSync(lockDir, { recursive: true, force: true });
      continue;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for the install lock ${lockDir}`);
    await delay(250);
  }
}

function lockIsStale(lockDir: string, owner: string): boolean {
  try {
    const { pid, host } = JSON.parse(readFileSync(owner, 'utf8')) as { pid: number; host: string };
    if (host !== hostname()) return false;
    process.kill(pid, 0);
    return false;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ESRCH') return true; // the owner died
    if (code === 'EPERM') return false; // alive, someone else's
    // No readable owner file yet: stale only if the lock dir is old (its owner died right after mkdir).
    try {
      return Date.now() - statSync(lockDir).mtimeMs > 60_000;
    } catch {
      return false;
    }
  }
}
