// actions.log in the state directory: one line per action, who asked, and how it went.
import { appendLine, ensurePrivateDir } from '../tasks/files.js';
import { actionsLogPath } from '../state/paths.js';
import type { OpsContext } from './context.js';

export interface ActionRecord {
  action: string;
  agent: string;
  result: 'ok' | 'failed' | 'cancelled' | 'skipped';
  detail: string;
}

export function logAction(ctx: Pick<OpsContext, 'stateDir' | 'source'>, record: ActionRecord): void {
  try {
    ensurePrivateDir(ctx.stateDir);
    appendLine(actionsLogPath(ctx.stateDir), JSON.stringify({ at: new Date().toISOString(), source: ctx.source, ...record }));
  } catch {
    // The action happened whether or not it could be logged.
  }
}
