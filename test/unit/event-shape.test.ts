// Events are kept by the hundred per agent: each must not cost a hidden class of its own.
// V8 gives every object made with a spread followed by more fields (`{ ...base, kind }`,
// as the parsers write them) a class of its own; parseEventLines hands out events that
// share classes. Checked in a child node that can ask V8 (--allow-natives-syntax), on
// the built parser and real recorded logs.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatFiles } from '../helpers/formats.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const PARSER = pathToFileURL(join(root, 'dist', 'src', 'events', 'parse.js')).href;

describe('events kept in memory', () => {
  it.each(['codex-exec-json', 'claude-stream-json', 'opencode-json', 'pi-json'])('%s: events with the same fields share one hidden class', (kind) => {
    const lines = formatFiles(kind).flatMap((f) => f.lines);
    const script = `
      const { parseEventLines, initialEventStream } = await import(${JSON.stringify(PARSER)});
      const lines = JSON.parse(process.env.LINES);
      const events = [];
      // Parsed a few lines at a time, as the dashboard tails a log.
      let state = initialEventStream();
      for (let i = 0; i < lines.length; i += 7) {
        const out = parseEventLines(state, lines.slice(i, i + 7), 0);
        state = out.state;
        events.push(...out.events);
      }
      const last = new Map();
      let pairs = 0, shared = 0;
      for (const e of events) {
        const key = Object.keys(e).join(',') + '|' + Object.values(e).map((v) => typeof v).join(',');
        const prev = last.get(key);
        if (prev) { pairs++; if (%HaveSameMap(prev, e)) shared++; }
        last.set(key, e);
      }
      console.log(JSON.stringify({ events: events.length, pairs, shared }));`;
    const child = spawnSync(process.execPath, ['--allow-natives-syntax', '--input-type=module', '-e', script], { encoding: 'utf8', env: { ...process.env, LINES: JSON.stringify(lines) } });
    expect(child.status, child.stderr).toBe(0);
    const { events, pairs, shared } = JSON.parse(child.stdout) as { events: number; pairs: number; shared: number };
    expect(events).toBeGreaterThan(10);
    expect(pairs).toBeGreaterThan(5);
    expect(shared).toBe(pairs);
  });
});
