import { describe, expect, it } from 'vitest';
import { initialEventStream, parseEventLines } from '../../src/events/parse.js';
import { classify } from '../../src/fleet/classify.js';
import { saysLimited } from '../../src/text/limits.js';
import { initialWatch, RESET_MARGIN_MS, step } from '../../src/watchdog/policy.js';
import { formatFiles } from '../helpers/formats.js';
import { observation, session, taskDir } from '../helpers/observations.js';

const NOW = Date.parse('2026-11-20T12:00:00Z');
const config = { backoffBaseSec: 180, backoffMaxSec: 3600, maxFailures: 5, minUptimeSec: 60, healthyResetSec: 600, giveUpAfterSec: 86_400, settleSec: 30 };

describe('rate limits from the event logs', () => {
  it("reads Claude Code's recorded rate_limit_event: allowed is free, anything else holds until resetsAt", () => {
    const recorded = formatFiles('claude-stream-json').flatMap((f) => f.lines).filter((l) => l.includes('"rate_limit_event"'));
    expect(recorded.length).toBeGreaterThan(0);
    const allowed = parseEventLines(initialEventStream(), recorded.slice(0, 1), NOW).state.rateLimit;
    expect(allowed).toMatchObject({ limited: false });
    const rejected = recorded[0]!.replace('"status":"allowed"', '"status":"rejected"');
    const held = parseEventLines(initialEventStream(), [rejected], NOW).state.rateLimit;
    expect(held).toMatchObject({ limited: true, resetsAt: 1771390800 * 1000 });
  });

  it('reads a Codex turn that failed on a usage limit, and a later completed turn frees it', () => {
    const failed = JSON.stringify({ type: 'turn.failed', error: { message: "You've hit your usage limit. Upgrade to Pro or try again at 3:45 PM." } });
    const s1 = parseEventLines(initialEventStream(), [failed], NOW).state;
    expect(s1.rateLimit?.limited).toBe(true);
    expect(new Date(s1.rateLimit!.resetsAt!).getMinutes()).toBe(45);
    const s2 = parseEventLines(s1, [JSON.stringify({ type: 'turn.completed', usage: { input_tokens: 1, output_tokens: 1 } })], NOW).state;
    expect(s2.rateLimit?.limited).toBe(false);
    expect(saysLimited('Approaching rate limits')).toBe(false);
  });

  it('an agent ended by a limit is rate-limited until the reset, not crashed', () => {
    const limit = { limited: true, resetsAt: NOW + 3_600_000, text: 'turn failed: usage limit', at: NOW - 5_000 };
    const dead = observation({ session: session({}, { dead: true, deadStatus: 1 }), task: taskDir() });
    const result = classify({ obs: dead, kind: 'codex', heartbeatIntervalSec: 30, now: NOW, serverLabel: '-L t', limit });
    expect(result).toMatchObject({ state: 'rate-limited', until: NOW + 3_600_000 });
    expect(result.evidence.signal).toBe('events');
    const free = classify({ obs: dead, kind: 'codex', heartbeatIntervalSec: 30, now: NOW, serverLabel: '-L t', limit: { ...limit, limited: false } });
    expect(free.state).toBe('crashed');
  });
});

describe('the watchdog and a rate limit', () => {
  it('waits for the reset instead of backing off, then resumes once', () => {
    const until = NOW + 2 * 3_600_000;
    const first = step(initialWatch(), 'rate-limited', NOW, config, until);
    expect(first.decision).toEqual({ kind: 'wait', until: until + RESET_MARGIN_MS });
    const early = step(first.ws, 'rate-limited', until, config, until);
    expect(early.decision.kind).toBe('wait');
    const atReset = step(early.ws, 'rate-limited', until + RESET_MARGIN_MS, config, until);
    expect(atReset.decision).toMatchObject({ kind: 'resume', reason: expect.stringMatching(/rate limit reset at/) });
    // Still limited after that resume: the ordinary retry schedule takes over, not a resume per poll.
    const again = step(atReset.ws, 'rate-limited', until + RESET_MARGIN_MS + 1_000, config, until);
    expect(again.decision.kind).toBe('wait');
  });
  it('without a reset time it is retried like a crash', () => {
    expect(step(initialWatch(), 'rate-limited', NOW, config, null).decision).toEqual({ kind: 'wait', until: NOW + 180_000 });
  });
});
