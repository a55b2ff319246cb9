import { describe, expect, it } from 'vitest';
import { parseFormat, STATUS_COLUMNS } from '../../src/cli/columns.js';
import { renderTable } from '../../src/cli/status-view.js';
import { deriveAgent, emptyEvents } from '../../src/fleet/derive.js';
import { dotAgent, observation, session } from '../helpers/observations.js';

const NOW = Date.parse('2026-11-20T12:00:00Z');
const settings = { heartbeatIntervalSec: 30, serverLabel: '-L t' };
const long = `the pane died and tmux reported no exit status, ${'and then some more words '.repeat(6)}end`;

const agents = [
  deriveAgent(observation({ name: 'short', dotAgent: dotAgent({ heartbeat: { at: NOW - 12_000, source: 'content', line: '' } }) }), emptyEvents(null), NOW, settings),
  { ...deriveAgent(observation({ id: 'b', name: 'a-much-longer-agent-name', session: session({}, { dead: true, deadStatus: 2 }) }), emptyEvents(null), NOW, settings), reason: long },
];

describe('status and list tables', () => {
  it('piped: aligned columns under a header, no tabs, every reason whole', () => {
    const text = renderTable(agents, STATUS_COLUMNS, { width: null, color: false, now: NOW });
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^STATE\s+NAME\s+AGENT\s+BEAT\s+PROGRESS\s+USAGE\s+LAST EVENT \/ REASON$/);
    expect(text).not.toContain('\t');
    expect(text).toContain(long);
    // Every column starts at the same place on every line.
    const at = (line: string, word: string) => line.indexOf(word);
    expect(at(lines[1]!, 'codex')).toBe(at(lines[0]!, 'AGENT'));
    expect(at(lines[2]!, 'codex')).toBe(at(lines[0]!, 'AGENT'));
  });

  it('on a terminal: cut to its width', () => {
    const text = renderTable(agents, STATUS_COLUMNS, { width: 100, color: false, now: NOW });
    expect(text.split('\n').every((l) => [...l].length <= 100)).toBe(true);
    expect(text).toContain('…');
  });

  it('--no-header and --format choose what is printed', () => {
    const text = renderTable(agents, parseFormat('name,state,reason'), { width: null, color: false, now: NOW, header: false });
    const lines = text.split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^short\s+● running\s+session alive/);
    expect(lines[1]).toMatch(/^a-much-longer-agent-name\s+✗ crashed\s+the pane died/);
  });

  it('an unknown column is named, with the ones there are', () => {
    expect(() => parseFormat('name,sate')).toThrow('--format: no column "sate" (columns: host, state, name, agent, beat, progress, usage, event, reason, session, dir, id)');
    expect(() => parseFormat(' , ')).toThrow('--format needs column names');
  });
});
