// `oneshot serve --stdio` as a process, driven by the example session the README shows:
// every line the README says the server sends is matched against what a real server sends.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ONESHOT_BIN, cleanEnv, runCli } from '../helpers/cli.js';
import { settleAgents } from '../helpers/settle.js';
import { makeTempArea, type TempArea } from '../helpers/temp.js';
import { createTestServer, type TestServer } from '../helpers/tmux-server.js';

const README = readFileSync(join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'README.md'), 'utf8');

/** The README's example: lines sent (→) and received (←), in order. */
function documentedSession(): { dir: '→' | '←'; message: Record<string, unknown> }[] {
  const block = /<!-- serve-example:start -->\n```\n([\s\S]*?)```\n<!-- serve-example:end -->/.exec(README);
  if (!block) throw new Error('the README has no serve example');
  return (block[1] as string)
    .trim()
    .split('\n')
    .map((line) => ({ dir: line.slice(0, 1) as '→' | '←', message: JSON.parse(line.slice(2)) as Record<string, unknown> }));
}

/** A documented string: exact, or up to its "…" a prefix. */
function sameText(documented: unknown, real: unknown): boolean {
  if (typeof documented !== 'string' || typeof real !== 'string') return documented === real;
  const cut = documented.indexOf('…');
  return cut === -1 ? documented === real : real.startsWith(documented.slice(0, cut));
}

/** Does a real server message match a documented one (its type, ids and the values the README fixes)? */
function matches(doc: Record<string, unknown>, real: Record<string, unknown>): boolean {
  if (doc.type !== real.type) return false;
  switch (doc.type) {
    case 'hello':
      return real.protocol === doc.protocol && Object.keys(doc).every((k) => k in real);
    case 'server':
      return real.status === doc.status;
    case 'order':
      return JSON.stringify(real.ids) === JSON.stringify(doc.ids);
    case 'agent': {
      if (real.id !== doc.id || (doc.full === true) !== (real.full === true)) return false;
      const set = real.set as Record<string, unknown>;
      return Object.entries(doc.set as Record<string, unknown>).every(([k, v]) => (k === 'reason' ? typeof set[k] === 'string' && (set[k] as string).startsWith(v as string) : sameText(v, set[k])));
    }
    case 'result':
      return real.id === doc.id && real.ok === doc.ok && (doc.error === undefined || sameText(doc.error, real.error)) && (doc.message === undefined || sameText(doc.message, real.message));
    default:
      return true;
  }
}

let area: TempArea;
let server: TestServer;
let child: ChildProcessWithoutNullStreams | null = null;

beforeAll(() => {
  area = makeTempArea('oneshot-serve-');
  server = createTestServer(area.env);
  const dir = area.path('work');
  mkdirSync(dir, { recursive: true });
  const r = runCli(['-L', server.name, 'run', '--agent', 'shell', '-n', 'nightly', '-d', dir, '--', 'sleep', '300'], { ...area.env, ONESHOT_TMUX_CONF: '/dev/null' });
  expect(r.status, r.stderr).toBe(0);
});

afterAll(async () => {
  child?.kill('SIGKILL');
  server?.kill();
  await settleAgents(area.env.ONESHOT_STATE_DIR as string);
  area?.cleanup();
}, 30_000);

describe('oneshot serve --stdio', () => {
  it('speaks the session the README documents, line by line', async () => {
    const c = spawn(process.execPath, [ONESHOT_BIN, '-L', server.name, 'serve', '--stdio'], { env: cleanEnv({ ...area.env, ONESHOT_TMUX_CONF: '/dev/null' }) });
    child = c;
    const received: Record<string, unknown>[] = [];
    let waiting: (() => void) | null = null;
    let carry = '';
    c.stdout.setEncoding('utf8');
    c.stdout.on('data', (chunk: string) => {
      const lines = (carry + chunk).split('\n');
      carry = lines.pop() ?? '';
      for (const line of lines) received.push(JSON.parse(line) as Record<string, unknown>);
      waiting?.();
    });
    let stderr = '';
    c.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    // Between two requests the server's messages may come in any order (an agent's change
    // can be sent before the result of the request that caused it): each documented line
    // is matched by a real one received since the last request, used once.
    let blockStart = 0;
    const used = new Set<number>();
    const expectMessage = async (doc: Record<string, unknown>) => {
      const deadline = Date.now() + 20_000;
      for (;;) {
        for (let i = blockStart; i < received.length; i++) {
          if (!used.has(i) && matches(doc, received[i] as Record<string, unknown>)) {
            used.add(i);
            return received[i];
          }
        }
        if (Date.now() > deadline) throw new Error(`no message like ${JSON.stringify(doc)}; got ${JSON.stringify(received.slice(-5)).slice(0, 2000)}\n${stderr}`);
        await new Promise<void>((r) => {
          waiting = r;
          setTimeout(r, 200);
        });
      }
    };
    const session = documentedSession();
    expect(session.filter((s) => s.dir === '→').length).toBeGreaterThanOrEqual(3);
    for (const step of session) {
      if (step.dir === '→') {
        blockStart = received.length;
        c.stdin.write(`${JSON.stringify(step.message)}\n`);
      }
      else await expectMessage(step.message);
    }
    // Closing stdin ends it.
    const exited = new Promise<number | null>((r) => c.once('exit', (code) => r(code)));
    c.stdin.end();
    expect(await exited).toBe(0);
  }, 60_000);
});
