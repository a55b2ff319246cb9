import { describe, expect, it } from 'vitest';
import { LIST_COLUMNS } from '../../src/cli/columns.js';
import { renderStatusTable, renderTable, summarize } from '../../src/cli/status-view.js';
import { deriveAgent, emptyEvents } from '../../src/fleet/derive.js';
import { loadConfig } from '../../src/config/config.js';
import { dotAgent, observation, session } from '../helpers/observations.js';

const NOW = Date.parse('2026-11-20T12:00:00Z');
const settings = { heartbeatIntervalSec: 30, serverLabel: '-L t' };

describe('status table', () => {
  const agents = [
    deriveAgent(observation({ name: 'ok-one', dotAgent: dotAgent({ heartbeat: { at: NOW - 12_000, source: 'content', line: '' } }) }), emptyEvents(null), NOW, settings),
    deriveAgent(observation({ id: 'b', name: 'bad\x1b]0;title\x07-one', session: session({}, { dead: true, deadStatus: 2 }) }), emptyEvents(null), NOW, settings),
  ];

  it('puts what needs attention first, shows symbols and strips escapes', () => {
    const text = renderStatusTable(agents, { width: 120, color: false, now: NOW });
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^STATE\s+NAME\s+AGENT\s+BEAT\s+PROGRESS\s+USAGE\s+LAST EVENT/);
    expect(lines[1]).toMatch(/^✗ crashed\s+bad-one\s+codex\s+-\s+-\s+agent exited with status 2/);
    expect(lines[2]).toMatch(/^● running\s+ok-one\s+codex\s+12s/);
    expect(text).not.toContain('\x1b');
    expect(lines.every((l) => [...l].length <= 120)).toBe(true);
  });

  it('colors only when asked', () => {
    expect(renderStatusTable(agents, { width: 100, color: true, now: NOW })).toContain('\x1b[31m');
    expect(renderTable(agents, LIST_COLUMNS, { width: null, color: false, now: NOW })).toContain('✗ crashed  bad-one');
    expect(summarize(agents)).toBe('1 crashed, 1 running');
  });
});

describe('config', () => {
  it('has defaults and takes the environment over the file', () => {
    const config = loadConfig({ ONESHOT_CONFIG: '/nonexistent/config.json', ONESHOT_HEARTBEAT_INTERVAL: '10', ONESHOT_CODEX_BIN: '/opt/codex' });
    expect(config.heartbeatIntervalSec).toBe(10);
    expect(config.checkpointIntervalSec).toBe(300);
    expect(config.agents.codex.bin).toBe('/opt/codex');
    expect(config.agents.claude).toEqual({ args: [] });
  });
  it('refuses a bad interval with a clear message', () => {
    expect(() => loadConfig({ ONESHOT_CONFIG: '/nonexistent', ONESHOT_HEARTBEAT_INTERVAL: 'soon' })).toThrow('ONESHOT_HEARTBEAT_INTERVAL=soon is not a positive number of seconds');
  });
});
