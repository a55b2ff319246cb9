// Put fake `codex`, `claude`, `opencode` and `pi` programs on a PATH for tests.
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const FAKE_AGENT = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'agents', 'fake-agent.mjs');

/** A bin directory holding the fakes; returns a PATH with it first. */
export function installFakeAgents(binDir: string): string {
  mkdirSync(binDir, { recursive: true });
  for (const name of ['codex', 'claude', 'opencode', 'pi']) {
    const path = join(binDir, name);
    writeFileSync(path, `#!/bin/sh\nFAKE_NAME=${name} exec "${process.execPath}" "${FAKE_AGENT}" ${name === 'codex' || name === 'claude' ? name : 'plain'} "$@"\n`);
    chmodSync(path, 0o755);
  }
  return `${binDir}:${process.env.PATH ?? ''}`;
}

/** One call of a fake agent, as it logs itself to FAKE_LOG. */
export interface FakeInvocation {
  as: string;
  argv: string[];
  cwd: string;
  pwd: string | null;
  stdin: string | null;
  pid: number;
  childPid: number | null;
  resumeId: string | null;
  permission: string | null;
}

/** Every call logged to `log` so far (none when nothing ran yet). */
export function fakeInvocations(log: string): FakeInvocation[] {
  if (!existsSync(log)) return [];
  return readFileSync(log, 'utf8')
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as FakeInvocation);
}
