import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deriveAgent, emptyEvents } from '../../src/fleet/derive.js';
import type { AgentState } from '../../src/fleet/agent.js';
import { noticeKey, transitions, type NotifyEvent } from '../../src/notify/events.js';
import { createNotifier, detectOsc, oscSequence } from '../../src/notify/notifier.js';
import { createRunner } from '../../src/proc/exec.js';
import { observation, session } from '../helpers/observations.js';
import { makeTempArea, type TempArea } from '../helpers/temp.js';

const settings = { heartbeatIntervalSec: 30, serverLabel: 'x' };
const view = (name: string, dead: number | null) =>
  deriveAgent(observation({ id: name, name, session: session({}, dead === null ? {} : { dead: true, deadStatus: dead }) }), emptyEvents(null), 0, settings);

const event = (agent: string, kind: NotifyEvent['event'] = 'crashed', prompt: string | null = null): NotifyEvent => ({ event: kind, agent, host: null, kind: 'codex', state: kind, reason: 'r', prompt, session: agent, dir: '/w', at: '2026-11-20T12:00:00.000Z' });

describe('what is worth telling', () => {
  it('reports agents entering crashed, done, stale, lost or waiting — not ones seen for the first time', () => {
    const before = new Map<string, AgentState>([['a', 'running'], ['b', 'crashed']]);
    const events = transitions(before, [view('a', 3), view('b', 3), view('c', 3)], 0);
    expect(events.map((e) => [e.agent, e.event])).toEqual([['a', 'crashed']]);
    expect(transitions(new Map([['a', 'crashed']]), [view('a', null)], 0)).toEqual([]);
  });

  it('tells each prompt once, with its text: the same prompt on the next poll is not news, a new one is', () => {
    const asking = (line: string) => deriveAgent(observation({ id: 'a', name: 'a', paneTail: ['Would you like to run the following command?', `  $ ${line}`, '› 1. Yes, proceed (y)'] }), emptyEvents(null), 0, settings);
    const first = asking('rm -rf build');
    const [told] = transitions(new Map([['a', 'running']]), [first], 0);
    expect(told).toMatchObject({ event: 'needs-approval', prompt: expect.stringContaining('rm -rf build') });
    expect(transitions(new Map([['a', noticeKey(first)]]), [asking('rm -rf build')], 0)).toEqual([]);
    expect(transitions(new Map([['a', noticeKey(first)]]), [asking('npm publish')], 0)).toHaveLength(1);
  });
});

describe('notifier', () => {
  let area: TempArea;
  beforeEach(() => {
    area = makeTempArea();
  });
  afterEach(() => area.cleanup());

  it('runs the hook with sh -c: the event on stdin and in variables, never in the command text', async () => {
    const out = area.path('events.jsonl');
    const vars = area.path('vars.txt');
    const notifier = createNotifier({
      terminal: null,
      env: { PATH: process.env.PATH },
      tmux: null,
      runner: createRunner(),
      hook: `cat >> '${out}'; printf '%s|%s\\n' "$ONESHOT_EVENT_AGENT" "$ONESHOT_EVENT" >> '${vars}'`,
    });
    const hostile = { ...event('$(touch pwned)'), reason: '`rm -rf /`; echo "x' };
    await notifier.notify([hostile]);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual(hostile);
    expect(readFileSync(vars, 'utf8')).toBe(`$(touch pwned)|${hostile.event}\n`);
    expect(existsSync(join(area.root, 'pwned'))).toBe(false);
    expect(existsSync('pwned')).toBe(false);
  });

  it('runs a hook that is a script with arguments', async () => {
    const out = area.path('hook-out.json');
    const hook = area.path('hook.sh');
    writeFileSync(hook, `#!/bin/sh\ncat > "$1"\n`);
    chmodSync(hook, 0o755);
    const notifier = createNotifier({ terminal: null, env: {}, tmux: null, runner: createRunner(), hook: `${hook} '${out}'` });
    await notifier.notify([event('codex-auth')]);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual(event('codex-auth'));
  });

  it('rings, sends OSC 9 through tmux, and rate-limits a crash loop', async () => {
    const written: string[] = [];
    let now = 0;
    const notifier = createNotifier({ terminal: (b) => written.push(b), env: { TERM_PROGRAM: 'iTerm.app', TMUX: '/tmp/x,1,0' }, tmux: null, runner: createRunner(), hook: null, clock: () => now });
    expect((await notifier.notify([event('a')])).length).toBe(1);
    expect(written[0]).toBe('\x07');
    expect(written[1]).toBe('\x1bPtmux;\x1b\x1b]9;oneshot: a crashed: r\x07\x1b\\');
    now = 60_000;
    expect((await notifier.notify([event('a')])).length).toBe(0);
    now = 6 * 60_000;
    const sent = await notifier.notify([event('a')]);
    expect(sent.length).toBe(1);
    expect(written.at(-1)).toContain('(+1 not shown)');
    // Two different prompts of one agent within the minute: both told.
    now = 7 * 60_000;
    expect((await notifier.notify([event('p', 'needs-approval', 'rm -rf build')])).length).toBe(1);
    expect((await notifier.notify([event('p', 'needs-approval', 'npm publish')])).length).toBe(1);
    expect((await notifier.notify([event('p', 'needs-approval', 'npm publish')])).length).toBe(0);
    // At most six a minute, whoever they are about.
    now = 20 * 60_000;
    expect((await notifier.notify(['b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'].map((n) => event(n)))).length).toBe(6);
  });

  it('picks the escape the terminal understands', () => {
    expect(detectOsc({ TERM_PROGRAM: 'WezTerm' })).toBe('9');
    expect(detectOsc({ TERM: 'foot' })).toBe('777');
    expect(detectOsc({ TERM: 'xterm-256color' })).toBe('off');
    expect(detectOsc({ ONESHOT_NOTIFY_OSC: '777' })).toBe('777');
    expect(oscSequence('777', 'oneshot', 'a;b\x1b]x', false)).toBe('\x1b]777;notify;oneshot;a b ]x\x07');
  });
});
