// Runs a command and passes its stdout through, writing how many bytes went out to a file
// (every 500 ms and at the end): what one host sends the dashboard, measured on the host.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';

const [out, ...argv] = process.argv.slice(2);
let bytes = 0;
const child = spawn(argv[0], argv.slice(1), { stdio: ['pipe', 'pipe', 'inherit'] });
process.stdin.pipe(child.stdin);
child.stdout.on('data', (chunk) => {
  bytes += chunk.length;
  process.stdout.write(chunk);
});
const save = () => writeFileSync(out, String(bytes));
const timer = setInterval(save, 500);
child.on('exit', (code) => {
  clearInterval(timer);
  save();
  process.exit(code ?? 1);
});
