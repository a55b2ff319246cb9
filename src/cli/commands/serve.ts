// `oneshot serve --stdio`: this machine's fleet for a dashboard or a command on another.
import { serveStdio } from '../../remote/serve.js';
import { createContext, type ServerOptions } from '../context.js';
import type { Io } from '../io.js';
import { VERSION } from '../version.js';

export async function serveCommand(dirs: string[], options: ServerOptions, io: Io): Promise<number> {
  const context = createContext({ ...options, env: io.env, dirs, control: true });
  return serveStdio({ context, input: process.stdin, output: process.stdout, version: VERSION });
}
