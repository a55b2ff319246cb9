// The supervisor: the program in a task's tmux pane. It runs the agent (argv, its own
// process group), keeps its JSONL events, shows them readably in the pane and in
// .agent/session.log, heartbeats, checkpoints, records the session id as soon as it
// appears and the exit status at the end, and only on success prints __TASK_DONE__.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { adapterFor } from '../agents/index.js';
import type { AgentAdapter } from '../agents/adapter.js';
import { loadConfig } from '../config/config.js';
import { initialEventStream, parseEventLines, type EventStreamState } from '../events/parse.js';
import type { TaskRecord } from '../fleet/agent.js';
import { checkpointDir, describeCheckpoint } from '../ops/checkpoint.js';
import { checkpointConfig, checkpointTarget } from '../ops/checkpoint-target.js';
import { oneshotCommand, recordServerArgs } from '../ops/hints.js';
import { createRunner, killProcesses, spawnAgent, spawnInteractive, type AgentExit, type AgentProcess } from '../proc/exec.js';
import { processesWithEnv, TREE_MARK } from '../sources/proc.js';
import { dotAgentFiles, taskFiles, type TaskFiles } from '../state/paths.js';
import { appendLine, readRegularSync, readSessionId, readTaskRecord, writeAtomic } from '../tasks/files.js';
import { acquireLock, releaseLock } from '../tasks/lock.js';
import { redactArgv } from '../text/redact.js';
import { sanitizeLine } from '../text/sanitize.js';
import { buildDir, buildStatus, continuationPrompt, initializerPrompt } from './build.js';
import { resumeContextPrompt } from './context.js';
import { agentEnvironment, autonomyOf, findInteractiveSession, launchCommand, resumeCommand, type AgentCommand } from './command.js';
import { LineSplitter } from './lines.js';
import { renderEvent, renderNote, type RenderedLine } from './render.js';

export type RunMode = 'launch' | 'resume';

/** A native resume that fails this fast is treated as "cannot resume": run the prompt again. */
const FALLBACK_WINDOW_MS = 60_000;
const MAX_STATE_LINES = 400;

interface Io {
  out(text: string): void;
}

export interface SupervisorResult {
  exitCode: number;
}

export class Supervisor {
  private readonly files: TaskFiles;
  private record!: TaskRecord;
  private adapter!: AgentAdapter;
  private env: Record<string, string> = {};
  private agent: AgentProcess | null = null;
  private stream: EventStreamState = initialEventStream();
  private sessionIdWritten = false;
  private lastEventText = '';
  private timers: NodeJS.Timeout[] = [];
  /** During an autonomous build: this session's own events and log. */
  private sessionFiles: { events: string; log: string } | null = null;
  private stopping = false;
  private stopGraceMs = 10_000;
  private hungUp = false;
  private readonly runner = createRunner();

  constructor(
    taskDir: string,
    private readonly mode: RunMode,
    private readonly io: Io = { out: (t) => process.stdout.write(t) },
  ) {
    this.files = taskFiles(taskDir);
  }

  /** An interactive agent owns the pane's screen while it runs: notes go to the log only. */
  private paneOwned = false;

  private show(line: RenderedLine): void {
    if (!this.paneOwned) this.io.out(`${line.pane}\n`);
    this.log(line.log);
  }

  private log(text: string): void {
    try {
      appendLine(dotAgentFiles(this.record.dir).sessionLog, text, 0o600);
      if (this.sessionFiles) appendLine(this.sessionFiles.log, text, 0o600);
    } catch {
      // The pane still shows it; a broken log must not stop the agent.
    }
  }

  private note(text: string, tone: 'info' | 'error' = 'info'): void {
    this.show(renderNote(text, Date.now(), tone));
  }

  private status(text: string): void {
    appendBounded(dotAgentFiles(this.record.dir).status, `${new Date().toISOString()} ${text}`);
  }

  async run(): Promise<SupervisorResult> {
    const record = readTaskRecord(this.files);
    if (!record) {
      this.io.out(`oneshot: ${this.files.record} is missing or unreadable; nothing to run\n`);
      return { exitCode: 78 };
    }
    this.record = record;
    const adapter = adapterFor(record.agent);
    if (!adapter) {
      this.io.out(`oneshot: unknown agent kind "${record.agent}" in ${this.files.record}\n`);
      return { exitCode: 78 };
    }
    this.adapter = adapter;
    this.env = readEnv(this.files);

    const lock = acquireLock(record.dir, record.name, process.pid);
    if (lock.kind === 'held') {
      this.note(`${record.dir} already has a live task "${lock.lock.task}" (pid ${lock.lock.pid}); not starting a second one`, 'error');
      return { exitCode: 75 };
    }
    if (lock.kind === 'stale') this.note(`took over the stale lock of task "${lock.lock.task}" (pid ${lock.lock.pid} is gone)`);
    writeFileSync(this.files.supervisorPid, `${process.pid}\n`);
    this.writeRecovery();
    // An interactive agent shares the pane's terminal: Ctrl-C typed there is the agent's
    // (it interrupts a turn), not a stop. `oneshot stop` sends SIGTERM to such a task.
    process.on('SIGINT', () => {
      if (!record.interactive) this.stop('SIGINT');
    });
    process.on('SIGTERM', () => this.stop('SIGTERM'));
    process.on('SIGHUP', () => this.hangUp());

    const config = safeConfig(this.env);
    this.stopGraceMs = config.stopGraceSec * 1000;
    this.startHeartbeat(config.heartbeatIntervalSec);
    this.startCheckpoints(config.checkpointIntervalSec);
    appendLine(this.files.runs, JSON.stringify({ event: 'start', mode: this.mode, at: new Date().toISOString(), pid: process.pid }));
    this.note(`${this.mode === 'resume' ? 'resuming' : 'starting'} ${record.agent} task "${record.name}" in ${record.dir}`);
    this.status(`${this.mode === 'resume' ? 'resumed' : 'started'} ${record.agent} task ${record.name}`);

    if (record.build) return this.finish(...(await this.runBuild(record.build)));
    const started = Date.now();
    let exit = await this.runAgent(this.mode === 'resume' ? await this.resumeArgv() : this.launchArgv(this.prompt()));
    if (
      this.mode === 'resume' &&
      exit.code !== 0 &&
      !this.stopping &&
      !this.hungUp &&
      Date.now() - started < FALLBACK_WINDOW_MS &&
      this.nativeResumeAttempted
    ) {
      this.note(`native resume failed (${exit.startError ?? `status ${exit.code}`}); running the prompt again with the task's notes as context`);
      this.status('native resume failed; re-running the prompt with context');
      appendLine(this.files.runs, JSON.stringify({ event: 'resume', how: 'rerun', why: `native resume failed (${exit.startError ?? `status ${exit.code}`})`, at: new Date().toISOString() }));
      exit = await this.runAgent(this.launchArgv(resumeContextPrompt(this.prompt(), record.dir)));
    }
    return this.finish(exit);
  }

  /**
   * The autonomous builder: a first session writes the task list, later sessions work it
   * off, until every Task is checked, <promise>DONE</promise> appears, or the session
   * budget is spent. Each session is a fresh run with its own events and log.
   */
  private async runBuild(build: { idea: string; maxSessions: number }): Promise<[AgentExit, string | null]> {
    const dir = buildDir(this.record.dir, this.record.name);
    mkdirSync(dir, { recursive: true });
    mkdirSync(this.files.sessions, { recursive: true, mode: 0o700 });
    const done = readBuildDone(this.files);
    // A resumed build gets a fresh budget on top of the sessions it already had.
    const limit = this.mode === 'resume' ? done + build.maxSessions : build.maxSessions;
    let failures = 0;
    let last: AgentExit = { code: 0, signal: null, startError: null };
    for (let session = done + 1; session <= limit; session++) {
      const before = buildStatus(dir);
      if (before.complete) return [{ code: 0, signal: null, startError: null }, null];
      writeAtomic(this.files.build, `${JSON.stringify({ session, maxSessions: limit, idea: build.idea })}\n`);
      this.sessionFiles = { events: join(this.files.sessions, `${session}.jsonl`), log: join(this.files.sessions, `${session}.log`) };
      const first = before.list === null || before.list.total === 0;
      this.note(`build session ${session} of ${limit}${first ? ': writing the task list' : `: ${before.list?.done ?? 0}/${before.list?.total ?? 0} tasks done`}`);
      this.status(`build session ${session}/${limit}`);
      appendLine(this.files.runs, JSON.stringify({ event: 'session', session, of: limit, at: new Date().toISOString() }));
      const prompt = first ? initializerPrompt(build.idea, dir) : continuationPrompt(build.idea, dir, session, limit);
      last = await this.runAgent(this.launchArgv(prompt));
      this.sessionFiles = null;
      if (this.stopping || this.hungUp) return [last, null];
      const after = buildStatus(dir);
      if (after.complete) return [{ code: 0, signal: null, startError: null }, null];
      failures = last.code === 0 ? 0 : failures + 1;
      if (failures >= 2) return [last, `build stopped: two sessions in a row failed (last: status ${last.code})`];
      if (first && (after.list === null || after.list.total === 0)) {
        this.note(`session ${session} wrote no "- [ ] Task N:" items to ${join(dir, 'task_list.md')}`, 'error');
      }
    }
    const status = buildStatus(dir);
    const open = status.list ? `${status.list.total - status.list.done} of ${status.list.total} Task items open` : 'no task list';
    return [{ code: 3, signal: null, startError: null }, `build stopped: the session budget is spent (${limit} sessions), ${open}`];
  }

  private nativeResumeAttempted = false;
  private lastSessionId: string | null = null;

  private prompt(): string {
    try {
      return readFileSync(this.files.prompt, 'utf8');
    } catch {
      return '';
    }
  }

  private agentEnv(): Record<string, string> {
    return agentEnvironment(this.env, this.record, this.files.dir, this.adapter);
  }

  private launchArgv(prompt: string): AgentCommand {
    return launchCommand(this.adapter, this.record, this.files.dir, prompt, this.agentEnv());
  }

  private async resumeArgv(): Promise<AgentCommand> {
    const command = await resumeCommand({ adapter: this.adapter, record: this.record, taskDir: this.files.dir, prompt: this.prompt(), sessionId: readSessionId(this.files), env: this.agentEnv(), runner: this.runner });
    appendLine(this.files.runs, JSON.stringify({ event: 'resume', how: command.how, ...(command.why ? { why: command.why } : {}), at: new Date().toISOString() }));
    if (command.how === 'native-resume') {
      this.nativeResumeAttempted = true;
      this.note(`native resume of session ${readSessionId(this.files)}`);
    } else if (this.record.agent !== 'shell') {
      this.note(`${command.why}; running the prompt again with the task's notes as context`);
      this.status(`resume: ${command.why}; re-running the prompt with context`);
    }
    return command;
  }

  private async runAgent(command: AgentCommand): Promise<AgentExit> {
    let stdinFile: string | null = null;
    if (command.stdinPrompt !== null) {
      stdinFile = `${this.files.dir}/prompt.stdin`;
      writeAtomic(stdinFile, command.stdinPrompt);
    }
    // Chosen before the launch: on record before the first event, and before any crash.
    if (command.presetSessionId) this.recordSessionId(command.presetSessionId);
    if (command.interactive) return this.runInteractive(command);
    const agent = await spawnAgent(command.argv, { cwd: this.record.dir, env: command.env, stdinFile });
    this.agent = agent;
    appendLine(this.files.runs, JSON.stringify({ event: 'agent', pid: agent.pid, how: command.how, argv: redactPrompt(command.argv, this.prompt(), this.env), at: new Date().toISOString() }));
    const outDone = this.pump(agent.stdout, 'stdout');
    const errDone = this.pump(agent.stderr, 'stderr');
    const exit = await agent.done;
    // Output still in the pipes is read; but a process the agent left behind may hold the
    // pipes open for as long as it lives: it is ended before waiting any longer.
    const drained = Promise.all([outDone, errDone]);
    const settled = await Promise.race([drained.then(() => true), delay(300).then(() => false)]);
    this.agent = null;
    this.endTree('the agent ended');
    if (!settled) {
      // What is left ended above; only a holder oneshot could not end keeps them open this long.
      const closed = await Promise.race([drained.then(() => true), delay(30_000).then(() => false)]);
      if (!closed) {
        (agent.stdout as import("node:stream").Readable | null)?.destroy();
        (agent.stderr as import("node:stream").Readable | null)?.destroy();
      }
    }
    if (stdinFile) rmSync(stdinFile, { force: true });
    if (exit.startError) this.note(`could not start ${command.argv[0] ?? 'the agent'}: ${exit.startError}`, 'error');
    return exit;
  }

  /** The agent's own interface on the pane: no pipes to read; its hooks write hooks.jsonl. */
  private async runInteractive(command: AgentCommand): Promise<AgentExit> {
    if (command.settings) writeAtomic(command.settings.path, command.settings.content, 0o600);
    const agent = spawnInteractive(command.argv, { cwd: this.record.dir, env: command.env });
    this.agent = agent;
    this.paneOwned = true;
    appendLine(this.files.runs, JSON.stringify({ event: 'agent', pid: agent.pid, how: command.how, interactive: true, argv: redactPrompt(command.argv, this.prompt(), this.env), at: new Date().toISOString() }));
    const exit = await agent.done;
    this.paneOwned = false;
    this.agent = null;
    this.endTree('the agent ended');
    await this.findInteractiveSession();
    if (exit.startError) this.note(`could not start ${command.argv[0] ?? 'the agent'}: ${exit.startError}`, 'error');
    return exit;
  }

  /**
   * No process of the agent's tree outlives it: tools that agents start in their own
   * session (out of reach of the group signal) are found by the mark in their environment.
   */
  private endTree(why: string): number {
    const left = processesWithEnv(TREE_MARK, this.files.dir);
    if (left.length === 0) return 0;
    const killed = killProcesses(left, 'SIGKILL');
    appendLine(this.files.runs, JSON.stringify({ event: 'tree', killed, why, at: new Date().toISOString() }));
    this.note(`${why}: ended ${killed} process${killed === 1 ? '' : 'es'} it left behind (tools in their own sessions)`);
    return killed;
  }

  /** Read a stream line by line; JSON lines are events, the rest is shown as is. */
  private pump(stream: NodeJS.ReadableStream | null, kind: 'stdout' | 'stderr'): Promise<void> {
    if (!stream) return Promise.resolve();
    return new Promise((resolve) => {
      const splitter = new LineSplitter(kind === 'stdout');
      const decoder = new TextDecoder('utf-8', { fatal: false });
      stream.on('data', (chunk: Buffer) => {
        for (const line of splitter.push(decoder.decode(chunk, { stream: true }))) this.line(line, kind);
      });
      stream.on('end', () => {
        const rest = splitter.end();
        if (rest !== null) this.line(rest, kind);
        resolve();
      });
      stream.on('error', () => resolve());
    });
  }

  private line(line: string, kind: 'stdout' | 'stderr'): void {
    const now = Date.now();
    if (kind === 'stdout' && this.adapter.eventFormat && line.trimStart().startsWith('{')) {
      appendLine(this.files.events, line);
      if (this.sessionFiles) appendLine(this.sessionFiles.events, line);
      const outcome = parseEventLines(this.stream, [line], now);
      this.stream = outcome.state;
      for (const event of outcome.events) {
        // Deltas of a message being written are noise in a log; the completed item follows.
        if (event.phase === 'updated' && event.kind !== 'todo') continue;
        this.show(renderEvent(event, now));
        this.lastEventText = event.text;
      }
      if (this.stream.sessionId && (!this.sessionIdWritten || this.stream.sessionId !== this.lastSessionId)) {
        this.lastSessionId = this.stream.sessionId;
        this.recordSessionId(this.stream.sessionId);
      }
      return;
    }
    const clean = sanitizeLine(line, { keepColors: true });
    this.io.out(`${kind === 'stderr' ? `\x1b[90m${clean}\x1b[0m` : clean}\n`);
    this.log(sanitizeLine(line));
    if (line.trim()) this.lastEventText = sanitizeLine(line).trim().slice(0, 200);
  }

  /** For interfaces that report their conversation to no hook: ask where the CLI keeps them. */
  private async findInteractiveSession(): Promise<void> {
    if (readSessionId(this.files)) return;
    try {
      const id = await findInteractiveSession(this.adapter, this.record, this.files.dir, this.agentEnv(), this.runner);
      if (id) this.recordSessionId(id);
    } catch (error) {
      this.note(`could not find the session id: ${(error as Error).message}`, 'error');
    }
  }

  private recordSessionId(id: string): void {
    this.sessionIdWritten = true;
    const existing = readSessionId(this.files);
    if (existing === id) return;
    appendLine(this.files.runs, JSON.stringify({ event: 'session-id', id, at: new Date().toISOString() }));
    writeAtomic(this.files.sessionId, `${id}\n`);
    // The resilient-coding-agent protocol reads this name.
    if (this.record.agent === 'codex') writeAtomic(this.files.codexSessionId, `${id}\n`);
    this.status(`session id ${id}`);
  }

  private startHeartbeat(intervalSec: number): void {
    const beat = () => {
      try {
        appendBounded(dotAgentFiles(this.record.dir).heartbeat, `${new Date().toISOString()}: alive${this.agent?.pid ? ` pid ${this.agent.pid}` : ''}`, 2000, 200);
        if (this.lastEventText) {
          this.status(`last: ${this.lastEventText}`);
          this.lastEventText = '';
        }
      } catch {
        // A full disk stops heartbeats; the dashboard will say "stale".
      }
    };
    beat();
    this.timers.push(setInterval(beat, intervalSec * 1000));
  }

  private startCheckpoints(intervalSec: number): void {
    this.timers.push(
      setInterval(() => {
        void this.checkpoint('periodic');
      }, intervalSec * 1000),
    );
  }

  private checkpointWarned = false;

  private async checkpoint(why: 'periodic' | 'final'): Promise<void> {
    const target = checkpointTarget(this.record.name, this.record, checkpointConfig(this.env));
    const outcome = await checkpointDir(this.runner, { ...target, dir: this.record.dir, message: `oneshot checkpoint: ${this.record.name} (${why}) ${new Date().toISOString()}`, env: this.env });
    // `oneshot stop` reports what the final checkpoint did from this line.
    if (why === 'final') appendLine(this.files.runs, JSON.stringify({ event: 'checkpoint', why, result: describeCheckpoint(outcome), at: new Date().toISOString() }));
    if (outcome.kind === 'committed') this.note(describeCheckpoint(outcome));
    else if ((outcome.kind === 'failed' || outcome.kind === 'not-git' || outcome.kind === 'busy') && !this.checkpointWarned) {
      this.checkpointWarned = true;
      this.note(describeCheckpoint(outcome), outcome.kind === 'failed' ? 'error' : 'info');
    }
  }

  /** oneshot stop (or Ctrl-C in the pane): interrupt, then insist. */
  private stop(signal: string): void {
    if (this.stopping) return;
    this.stopping = true;
    const agent = this.agent;
    if (!agent) return;
    this.note(`${signal}: interrupting the agent`);
    agent.signalGroup('SIGINT');
    const escalate = (next: NodeJS.Signals) => {
      appendLine(this.files.runs, JSON.stringify({ event: 'escalate', signal: next, afterMs: this.stopGraceMs, at: new Date().toISOString() }));
      this.note(`the agent did not end within ${Math.round(this.stopGraceMs / 1000)} s of the interrupt: ${next}`, 'error');
      agent.signalGroup(next);
    };
    const term = setTimeout(() => escalate('SIGTERM'), this.stopGraceMs);
    const kill = setTimeout(() => {
      escalate('SIGKILL');
      this.endTree('stopped');
    }, this.stopGraceMs + 5000);
    void agent.done.finally(() => {
      clearTimeout(term);
      clearTimeout(kill);
    });
  }

  /** The terminal went away (kill-session, kill-server): end the agent's whole group. */
  private hangUp(): void {
    if (this.hungUp) return;
    this.hungUp = true;
    const agent = this.agent;
    appendLine(this.files.runs, JSON.stringify({ event: 'hangup', at: new Date().toISOString() }));
    if (agent) {
      agent.signalGroup('SIGTERM');
      setTimeout(() => {
        agent.signalGroup('SIGKILL');
        this.endTree('the terminal hung up');
      }, 2000).unref();
    }
  }

  private async finish(exit: AgentExit, reason: string | null = null): Promise<SupervisorResult> {
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    const at = new Date().toISOString();
    appendLine(this.files.runs, JSON.stringify({ event: 'exit', code: exit.code, signal: exit.signal, at }));
    if (this.hungUp) {
      // Lost, not crashed: the session was taken away; resume brings it back.
      this.status('terminal hung up; agent ended');
      releaseLock(this.record.dir, this.record.name, process.pid);
      rmSync(this.files.supervisorPid, { force: true });
      return { exitCode: 129 };
    }
    // Denied tool calls do not fail a run, but "done" must not hide them.
    const denials = this.stream.denials;
    const denied = denials > 0 ? `${denials} tool call${denials === 1 ? ' was' : 's were'} denied (autonomy ${autonomyOf(this.record)})` : null;
    const why = reason ?? (exit.code === 0 ? denied : null);
    writeAtomic(this.files.exit, `${JSON.stringify({ code: exit.code, signal: exit.signal, at, ...(why ? { reason: why } : {}), ...(denials ? { denials } : {}) })}\n`);
    await this.checkpoint('final');
    if (exit.code === 0) {
      writeAtomic(this.files.done, `${at}\n`);
      this.status(denied ? `done; ${denied}` : 'done');
      this.note(denied ? `agent finished; ${denied}` : 'agent finished successfully', denied ? 'error' : 'info');
      this.io.out('__TASK_DONE__\n');
    } else {
      const how = reason ?? (exit.signal ? `agent killed by ${exit.signal} (status ${exit.code})` : `agent exited with status ${exit.code}`);
      this.status(how);
      this.note(`${how}; resume with: ${this.hint('resume', this.record.name)}`, 'error');
    }
    releaseLock(this.record.dir, this.record.name, process.pid);
    rmSync(this.files.supervisorPid, { force: true });
    return { exitCode: exit.code };
  }

  /** A oneshot command line for this task's tmux server, as a person would type it. */
  private hint(...args: string[]): string {
    return oneshotCommand(recordServerArgs(this.record, this.env), ...args);
  }

  private writeRecovery(): void {
    // Rewritten at every start: the server options in it must be this run's.
    const path = dotAgentFiles(this.record.dir).recovery;
    const text = [
      '# Recovery',
      '',
      `This directory is worked on by the oneshot task "${this.record.name}" (${this.record.agent}).`,
      '',
      'If the terminal or the machine went away:',
      `1. \`${this.hint('status')}\` shows the task's state and why.`,
      `2. \`${this.hint('attach', this.record.name)}\` if it is still running.`,
      `3. \`${this.hint('resume', this.record.name)}\` continues it (native resume with its session id).`,
      '',
      'What happened so far: .agent/STATUS.md, .agent/CHECKPOINTS.md, .agent/session.log, `git log`.',
      '',
    ].join('\n');
    try {
      writeAtomic(path, text, 0o644);
    } catch {
      // optional
    }
  }
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/** Sessions an autonomous build has already run. */
function readBuildDone(files: TaskFiles): number {
  try {
    const lines = readFileSync(files.runs, 'utf8').trim().split('\n');
    return lines.filter((l) => l.includes('"event":"session"')).length;
  } catch {
    return 0;
  }
}

function readEnv(files: TaskFiles): Record<string, string> {
  try {
    const obj = JSON.parse(readFileSync(files.env, 'utf8')) as Record<string, unknown>;
    return Object.fromEntries(Object.entries(obj).filter((e): e is [string, string] => typeof e[1] === 'string'));
  } catch {
    return Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => typeof e[1] === 'string'));
  }
}

function safeConfig(env: Record<string, string>): { heartbeatIntervalSec: number; checkpointIntervalSec: number; stopGraceSec: number } {
  try {
    const config = loadConfig(env);
    return { heartbeatIntervalSec: config.heartbeatIntervalSec, checkpointIntervalSec: config.checkpointIntervalSec, stopGraceSec: config.stopGraceSec };
  } catch {
    return { heartbeatIntervalSec: 30, checkpointIntervalSec: 300, stopGraceSec: 10 };
  }
}

/** The prompt is private: it is in the prompt file; the run history gets a marked excerpt at most (none when the config cannot be read). */
function redactPrompt(argv: readonly string[], prompt: string, env: Record<string, string>): string[] {
  let excerpt = false;
  try {
    excerpt = loadConfig(env).logPromptExcerpt;
  } catch {
    // no excerpt
  }
  return redactArgv(argv, prompt, { excerpt });
}

/** Append a line; past `max` lines keep the newest `keep` (rewritten whole, atomically). */
function appendBounded(path: string, line: string, max = MAX_STATE_LINES * 2, keep = MAX_STATE_LINES): void {
  try {
    // Not a regular file there (a named pipe, a device): nothing is written; the dashboard says why.
    appendLine(path, line, 0o644);
    const text = readRegularSync(path);
    if (text === null) return;
    const lines = text.split('\n');
    if (lines.length > max) writeAtomic(path, `${lines.slice(-keep - 1).join('\n')}`, 0o644);
  } catch {
    // best effort
  }
}
