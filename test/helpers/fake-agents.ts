// Put fake `codex`, `claude`, `opencode` and `pi` programs on a PATH for tests.
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
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
