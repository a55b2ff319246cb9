// `npm run docs`: rewrite the key table in README.md from the keymap.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { withKeyTable } from './markdown.js';

const readme = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'README.md');
writeFileSync(readme, withKeyTable(readFileSync(readme, 'utf8')));
process.stdout.write(`updated the key table in ${readme}\n`);
