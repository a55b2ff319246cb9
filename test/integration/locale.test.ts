// Whatever the locale (C, POSIX, none at all, UTF-8), tmux output reads the same: a C
// locale once turned tmux's field separator into "_" and hid the whole fleet.
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentStatusJson } from '../../src/fleet/snapshot.js';
import { createRunner } from '../../src/proc/exec.js';
import { createTmuxClient } from '../../src/tmux/client.js';
import { runCli } from '../helpers/cli.js';
import { buildSyntheticFleet, type SyntheticFleet } from '../helpers/synthetic-fleet.js';
import { makeTempArea, type TempArea } from '../helpers/temp.js';
import { createTestServer, type TestServer } from '../helpers/tmux-server.js';
import { waitFor } from '../helpers/wait.js';

let server: TestServer;
let area: TempArea;
let fleet: SyntheticFleet;

const LOCALES: Record<string, Record<string, string | undefined>> = {
  'LANG=C LC_ALL=C': { LANG: 'C', LC_ALL: 'C', LC_CTYPE: undefined },
  'LANG=POSIX': { LANG: 'POSIX', LC_ALL: undefined, LC_CTYPE: undefined },
  'no LANG at all': { LANG: undefined, LC_ALL: undefined, LC_CTYPE: undefined },
  'C.UTF-8': { LANG: 'C.UTF-8', LC_ALL: undefined, LC_CTYPE: undefined },
};

beforeAll(() => {
  area = makeTempArea();
  server = createTestServer(area.env);
  fleet = buildSyntheticFleet(server, area);
  // Hand-started agents whose names are not ASCII, one not even UTF-8.
  server.tmux('new-session', '-d', '-s', 'claude-ünïcødé', '-c', area.root, 'sleep', '600');
  execFileSync('sh', ['-c', `tmux -f /dev/null -L '${server.name}' new-session -d -s "$(printf 'codex-bad\\377name')" sleep 600`], { env: { ...process.env, ...area.env } });
});
afterAll(() => {
  server.kill();
  area.cleanup();
});

function status(locale: Record<string, string | undefined>): Record<string, AgentStatusJson> {
  const r = runCli(['status', '--json', '-L', server.name, fleet.workRoot], { ...area.env, ...locale });
  if (r.status !== 0) throw new Error(`status failed (${r.status}): ${r.stderr}`);
  expect(r.stderr).toBe('');
  const list = JSON.parse(r.stdout) as AgentStatusJson[];
  return Object.fromEntries(list.map((a) => [a.name, a]));
}

describe('reading tmux in any locale', () => {
  it('sees the same fleet, states and sessions in every locale', async () => {
    const reference = await waitFor(() => {
      const s = status(LOCALES['C.UTF-8']!);
      return s['pi-done']?.state === 'done' && s['opencode-crash']?.state === 'crashed' ? s : null;
    });
    expect(Object.keys(reference)).toContain('claude-ünïcødé');
    expect(Object.keys(reference).some((n) => n.startsWith('codex-bad'))).toBe(true);
    const shape = (s: Record<string, AgentStatusJson>) =>
      Object.values(s)
        .map((a) => `${a.name} ${a.state} ${a.session?.name ?? '-'} ${a.session?.alive ?? '-'}`)
        .sort();
    for (const [label, locale] of Object.entries(LOCALES)) {
      const seen = status(locale);
      expect(shape(seen), label).toEqual(shape(reference));
      // Nothing reads as a session that vanished.
      expect(seen['codex-run']?.session, label).toMatchObject({ name: 'codex-run', alive: true });
    }
  });

  it('lists with the table and the list command in a C locale', () => {
    const r = runCli(['list', '-L', server.name], { ...area.env, ...LOCALES['LANG=C LC_ALL=C'] });
    expect(r.status).toBe(0);
    const row = r.stdout.split('\n').find((l) => /codex-run/.test(l));
    expect(row).toMatch(/running/);
    expect(row).not.toMatch(/\(gone\)/);
  });

  it('gives the client every field of every pane with LC_ALL=C in its environment', async () => {
    const client = createTmuxClient({ runner: createRunner(), socket: { name: server.name }, env: { LC_ALL: 'C', LANG: 'C' } });
    const saved = { LANG: process.env.LANG, LC_ALL: process.env.LC_ALL };
    process.env.LANG = 'C';
    process.env.LC_ALL = 'C';
    try {
      const snap = await client.listPanes();
      expect(snap.badLines).toBe(0);
      const names = snap.panes.map((p) => p.sessionName);
      expect(names).toContain('claude-ünïcødé');
      // tmux escapes a byte that is not UTF-8; the line still parses.
      expect(names).toContain('codex-bad\\377name');
    } finally {
      for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });
});
