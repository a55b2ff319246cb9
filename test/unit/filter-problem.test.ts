import { describe, expect, it } from 'vitest';
import { filterProblem } from '../../src/store/query.js';

describe('a filter that cannot match says why', () => {
  it.each([
    ['state:crashd', /no state "crashd" — did you mean crashed\?/],
    ['-is:runing', /no state "runing" — did you mean running\?/],
    ['agent:codx', /no agent "codx" — did you mean codex\?/],
    ['foo:bar', /no field "foo" \(fields: state, agent, name, dir, host\)/],
    ['stat:crashed', /no field "stat" — did you mean state:\?/],
    ['crash state:crashed,zzzz', /no state "zzzz" \(needs-approval, .*\)/],
  ])('%s', (filter, said) => {
    expect(filterProblem(filter)).toMatch(said);
  });

  it.each(['', 'crash', 'state:cr', 'state:crashed,stale', '-state:done', 'agent:claude name:web', 'host:box', 'dir:/tmp/x:y'])('%s is well formed', (filter) => {
    expect(filterProblem(filter)).toBeNull();
  });
});
