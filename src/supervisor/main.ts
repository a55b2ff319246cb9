#!/usr/bin/env node
// The program oneshot runs inside a task's tmux pane: `main.js TASK_DIR [--resume]`.
import { Supervisor } from './supervisor.js';

const [taskDir, flag] = process.argv.slice(2);
if (!taskDir) {
  process.stderr.write('usage: supervisor TASK_DIR [--resume]\n');
  process.exit(64);
}
try {
  const { exitCode } = await new Supervisor(taskDir, flag === '--resume' ? 'resume' : 'launch').run();
  process.exit(exitCode);
} catch (error) {
  process.stdout.write(`oneshot: supervisor failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(70);
}
