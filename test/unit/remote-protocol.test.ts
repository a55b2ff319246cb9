// The hosts protocol's pieces, fed what a broken or hostile peer could send.
import { describe, expect, it } from 'vitest';
import { splitArgv } from '../../src/config/config.js';
import type { AgentView } from '../../src/fleet/agent.js';
import { whyNoHello, type HostSnapshot } from '../../src/remote/host.js';
import { attachArgv, resolveHost, selectHosts, serveArgv } from '../../src/remote/hosts.js';
import { cleanStrings, LineSplitter, parseRequestLine, parseServerLine } from '../../src/remote/protocol.js';
import { changedFields } from '../../src/remote/serve.js';
import { safeAgentView } from '../../src/remote/shape.js';
import { newLines } from '../../src/cli/commands/remote.js';
import { applyHostUpdated, initialFleet } from '../../src/store/fleet.js';
import { loadConfig } from '../../src/config/config.js';

describe('LineSplitter', () => {
  it('joins lines split across chunks and drops a line over the limit without holding it', () => {
    const s = new LineSplitter(10);
    expect(s.push(Buffer.from('{"a":'))).toEqual([]);
    expect(s.push(Buffer.from('1}\nnext'))).toEqual(['{"a":1}']);
    expect(s.push(Buffer.from('x'.repeat(30)))).toEqual([]);
    expect(s.pending).toBe(0);
    expect(s.push(Buffer.from('yyy\nok\n'))).toEqual(['ok']);
    expect(s.dropped).toBe(1);
  });
});

describe('parseServerLine', () => {
  it('takes the message types it knows, checks their shape, and says what is wrong', () => {
    expect(parseServerLine('not json')).toEqual({ problem: 'a line that is not JSON' });
    expect(parseServerLine('[1]')).toEqual({ problem: 'a line that is not a message' });
    expect(parseServerLine('{"type":"agent","id":"","set":{}}')).toEqual({ problem: 'an agent message without id and fields' });
    expect(parseServerLine('{"type":"hello"}')).toMatchObject({ problem: expect.stringMatching(/hello/) });
    expect(parseServerLine('{"type":"surprise\\u001b[2J"}')).toEqual({ unknown: 'surprise[2J' });
    const hello = parseServerLine(JSON.stringify({ type: 'hello', protocol: 1, oneshot: '0.1.0', host: 'h\u001b]0;x\u0007', tmux: { label: '-L a', args: ['-L', 'a'] }, now: 5 }));
    expect(hello).toEqual({ message: { type: 'hello', protocol: 1, oneshot: '0.1.0', host: 'h]0;x', tmux: { label: '-L a', args: ['-L', 'a'] }, now: 5 } });
  });

  it('cleans every string, however deep, and drops prototype keys', () => {
    const cleaned = cleanStrings(JSON.parse('{"a":["x\\u001b[31my"],"__proto__":{"polluted":1},"b":{"c":"\\u0007z"}}'));
    expect(cleaned).toEqual({ a: ['x[31my'], b: { c: 'z' } });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('parseRequestLine', () => {
  it('refuses what is not a request, with the id when there is one', () => {
    expect(parseRequestLine('x')).toEqual({ problem: 'not JSON' });
    expect(parseRequestLine('{"type":"request","id":1.5,"op":"stop"}')).toEqual({ problem: 'a request needs a whole-number id' });
    expect(parseRequestLine('{"type":"request","id":2,"op":"rm -rf"}')).toMatchObject({ id: 2, problem: expect.stringMatching(/unknown op/) });
    expect(parseRequestLine('{"type":"request","id":3,"op":"stop","agent":"a"}')).toEqual({ request: { type: 'request', id: 3, op: 'stop', agent: 'a' } });
  });
});

describe('safeAgentView', () => {
  it('gives every field the type the dashboard expects', () => {
    const v = safeAgentView({ name: 42, state: 'exploded', evidence: 'x', session: { pane: 'nope' }, paneTail: ['ok', 3], events: null }, 'b', 'r1');
    expect(v.id).toBe('b/r1');
    expect(v.host).toBe('b');
    expect(v.name).toBe('r1');
    expect(v.state).toBe('unknown');
    expect(v.evidence).toEqual({ signal: 'pane', at: null, detail: '', disagreeing: [] });
    expect(v.session?.pane.paneId).toBe('');
    expect(v.paneTail).toEqual(['ok']);
    expect(v.events.recent).toEqual([]);
    expect(v.events.stream.lastEvent).toBeNull();
  });
});

describe('changedFields', () => {
  it('sends only fields whose content changed, once', () => {
    const sent = new Map<string, string>();
    const a = { id: 'x', name: 'n', state: 'running', session: { id: '$1' } } as unknown as AgentView;
    expect(Object.keys(changedFields(undefined, a, sent))).toEqual(['id', 'name', 'state', 'session']);
    // Rebuilt with the same content: nothing to send.
    const b = { ...a, session: { id: '$1' } } as unknown as AgentView;
    expect(changedFields(a, b, sent)).toEqual({});
    const c = { ...b, state: 'idle' } as unknown as AgentView;
    expect(changedFields(b, c, sent)).toEqual({ state: 'idle' });
  });
});

describe('newLines (follow over a host)', () => {
  it('prints what came after the window slid', () => {
    expect(newLines(['a', 'b', 'c'], ['b', 'c', 'd', 'e'])).toEqual(['d', 'e']);
    expect(newLines(['a'], ['x', 'y'])).toEqual(['x', 'y']);
    expect(newLines(['a', 'b'], ['a', 'b'])).toEqual([]);
  });
});

describe('ssh command lines', () => {
  const env = { XDG_CONFIG_HOME: '/nonexistent', HOME: '/nonexistent' };
  const config = { ...loadConfig(env), hosts: { gpu: { ssh: 'me@gpu', command: 'env X=1 /opt/oneshot', args: ['-L', "it's"] } } };

  it('the remote command line is the user\'s, then serve --stdio and the quoted args', () => {
    const argv = serveArgv(config, env, resolveHost(config, 'gpu'));
    expect(argv.slice(0, 7)).toEqual(['ssh', '-T', '-o', 'BatchMode=yes', '-o', 'ServerAliveInterval=5', '-o']);
    expect(argv.slice(-3)).toEqual(['--', 'me@gpu', "env X=1 /opt/oneshot serve --stdio -L 'it'\\''s'"]);
  });

  it('ONESHOT_SSH_COMMAND is split into words, never given to a shell', () => {
    expect(serveArgv(config, { ...env, ONESHOT_SSH_COMMAND: 'ssh -F "/my dir/cfg" -i ~/k' }, resolveHost(config, 'gpu')).slice(0, 5)).toEqual(['ssh', '-F', '/my dir/cfg', '-i', '~/k']);
    expect(() => splitArgv('ssh "open', 'x')).toThrow(/unbalanced/);
  });

  it('attach quotes the session the host named', () => {
    const argv = attachArgv(config, env, resolveHost(config, 'gpu'), ['-L', 'a'], 'x; rm -rf ~', false);
    expect(argv.at(-1)).toBe("tmux -L a attach-session -t '=x; rm -rf ~'");
    expect(argv).toContain('-t');
  });

  it('a --host that is not a host name (an ssh option) is refused', () => {
    expect(() => resolveHost(config, '-oProxyCommand=x')).toThrow(/not a host name/);
    expect(resolveHost(config, 'dev@box').config.ssh).toBe('dev@box');
    expect(selectHosts(config, ['local', 'gpu'], false)).toMatchObject({ local: true, remote: [{ name: 'gpu' }] });
    expect(selectHosts(config, [], true).remote.map((h) => h.name)).toEqual(['gpu']);
  });

  it('says what to install when the host has no oneshot', () => {
    expect(whyNoHello('gpu', 'bash: line 1: oneshot: command not found\n', 127)).toBe('oneshot is not installed on gpu (bash: line 1: oneshot: command not found); install it there with: npm install -g oneshot');
    expect(whyNoHello('gpu', 'ssh: connect to host gpu port 22: Connection refused\r\n', 255)).toBe('ssh: connect to host gpu port 22: Connection refused');
    expect(whyNoHello('gpu', 'root@gpu: Permission denied (publickey).\n', 255)).toBe('ssh: root@gpu: Permission denied (publickey).');
  });
});

describe('applyHostUpdated', () => {
  const settings = { heartbeatIntervalSec: 30, serverLabel: 'default' };
  const view = (name: string) => ({ name, status: 'live' as const, error: null, since: null, retryAt: null, seenAt: 1, hello: null, problems: 0 });
  const agent = (host: string, id: string) => safeAgentView({ name: id, state: 'running' }, host, id);

  it("a host's rows replace its earlier ones, other rows stay, and an unchanged update changes nothing", () => {
    const a1 = agent('a', 'x');
    const snap: HostSnapshot = { view: view('a'), agents: { x: a1 }, order: ['x'] };
    const one = applyHostUpdated(initialFleet(settings, 0), snap);
    expect(one.order).toEqual(['a/x']);
    expect(applyHostUpdated(one, snap)).toBe(one);
    const two = applyHostUpdated(one, { view: view('b'), agents: { y: agent('b', 'y') }, order: ['y'] });
    expect(two.order).toEqual(['a/x', 'b/y']);
    const gone = applyHostUpdated(two, { ...snap, agents: {}, order: [] });
    expect(gone.order).toEqual(['b/y']);
  });
});
