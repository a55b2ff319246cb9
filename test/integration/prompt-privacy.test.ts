// A prompt may hold what its author would not want in a log: oneshot's own records (the
// run history, the actions log) keep at most a short marked excerpt of it, or none.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliFleet, startFakeAgentFleet, type FakeAgentFleet } from '../helpers/cli-fleet.js';
import { fakeInvocations } from '../helpers/fake-agents.js';
import type { TempArea } from '../helpers/temp.js';
import type { TestServer } from '../helpers/tmux-server.js';
import { waitFor } from '../helpers/wait.js';

let area: TempArea;
let server: TestServer;
let env: Record<string, string>;
let fakeLog: string;

const { oneshot, waitState } = cliFleet(() => server.name, () => env);
// Past the excerpt, but early enough that a 60-character cut would have kept it.
const PROMPT = 'Migrate billing service; vault passphrase purple-elephant-7731; keep the old consumer running until the backfill is done.';

const runs = (name: string) => readFileSync(join(env.ONESHOT_STATE_DIR!, 'tasks', name, 'runs.jsonl'), 'utf8');
const agentArgv = (name: string) =>
  runs(name)
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { event: string; argv?: string[] })
    .filter((e) => e.event === 'agent')
    .map((e) => e.argv!);

let fleet: FakeAgentFleet;
beforeAll(() => {
  fleet = startFakeAgentFleet((a) => ({ FAKE_LOG: a.path('fake.log'), LANG: 'C' }));
  ({ area, server, env } = fleet);
  fakeLog = env.FAKE_LOG!;
});
afterAll(() => fleet.close());

describe('prompts in oneshot\'s records', () => {
  it('keep a marked excerpt of the prompt and of a re-run with context, never the rest', async () => {
    const dir = area.path('work', 'billing');
    mkdirSync(dir, { recursive: true });
    // Every run of the fake fails and it cannot resume: the resume runs the prompt again with context.
    oneshot(['run', '--agent', 'claude', '--name', 'billing', '--dir', dir, PROMPT], { FAKE_EXIT: '1', FAKE_RESUME_FAIL: '1' });
    await waitState('billing', 'crashed');
    oneshot(['resume', 'billing']);
    await waitFor(() => fakeInvocations(fakeLog).filter((i) => i.cwd === dir && !i.resumeId).length === 2, { message: 'the re-run' });
    await waitFor(() => agentArgv('billing').length === 2, { message: 'both runs on record' });

    const [first, rerun] = agentArgv('billing');
    expect(first).toContain(`{prompt: "Migrate billing service;…" (${PROMPT.length} chars)}`);
    // The re-run's prompt is the original with the task's notes after it: longer, the same excerpt.
    const marked = rerun!.find((a) => a.startsWith('{prompt'));
    expect(marked).toMatch(/^\{prompt: "Migrate billing service;…" \((\d+) chars\)\}$/);
    expect(Number(/\((\d+) chars\)/.exec(marked!)![1])).toBeGreaterThan(PROMPT.length);
    expect(runs('billing')).not.toContain('purple-elephant');
    expect(runs('billing')).not.toContain('vault');
    expect(readFileSync(join(env.ONESHOT_STATE_DIR!, 'actions.log'), 'utf8')).not.toContain('purple-elephant');
  });

  it('keep only the length with logPromptExcerpt: false', async () => {
    const config = area.path('no-excerpt.json');
    writeFileSync(config, JSON.stringify({ logPromptExcerpt: false }));
    const dir = area.path('work', 'quiet');
    mkdirSync(dir, { recursive: true });
    oneshot(['run', '--agent', 'codex', '--name', 'quiet', '--dir', dir, PROMPT], { ONESHOT_CONFIG: config });
    await waitState('quiet', 'done');
    const [argv] = agentArgv('quiet');
    expect(argv).toContain(`{prompt, ${PROMPT.length} chars}`);
    expect(runs('quiet')).not.toContain('Migrate');
    expect(runs('quiet')).not.toContain('purple-elephant');
  });
});
