// Which untracked files a checkpoint leaves out: the ones that look like secrets (by name
// or by what their first 64 KiB say) and the big ones, unless the user allowed them.
// Files the user already tracks are never judged here: git has them already. Pure.

/** How much of a file is read to look for tokens: enough for any config file, cheap for a big one. */
export const SCAN_BYTES = 64 * 1024;
const MB = 1024 * 1024;

export interface FilterSettings {
  /** Untracked files bigger than this are left out. */
  maxBytes: number;
  /** Glob-ish patterns of untracked paths to take anyway (see globMatcher). */
  allow: readonly string[];
}

export type SkipReason =
  | { why: 'secret-name' }
  | { why: 'private-key' }
  | { why: 'token'; what: string }
  | { why: 'too-big'; bytes: number; limit: number };

export interface UntrackedFile {
  /** Relative to the checkpointed directory, with `/`. */
  path: string;
  bytes: number;
  /** The first SCAN_BYTES, decoded byte for byte (latin1) so binary files scan too. */
  head: string;
}

export interface Skipped {
  path: string;
  reason: SkipReason;
}

export function mbToBytes(mb: number): number {
  return Math.round(mb * MB);
}

const PRIVATE_KEY_NAME = /^id_(rsa|dsa|ecdsa|ed25519)(_sk)?$/;
const SECRET_EXTENSIONS = ['.pem', '.key', '.p12', '.pfx'];
/** `.env.example` and friends are the documented shape of a .env, meant to be committed. */
const ENV_TEMPLATES = new Set(['example', 'sample', 'template', 'dist']);
const CREDENTIAL_CONFIGS = new Set(['.npmrc', '.pypirc', '.netrc']);
/** `_authToken=` (.npmrc), `password =` (.pypirc), `password hunter2` (.netrc). */
const CONFIG_CREDENTIAL = /(?:_authtoken|_auth|_password|password|token)\s*[=:]|\bpassword\s+\S/i;
const PRIVATE_KEY_BLOCK = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY[A-Z ]*-----/;

/** Token shapes of the common services; each needs enough characters to not hit ordinary words. */
const TOKENS: { what: string; re: RegExp }[] = [
  { what: 'Anthropic key', re: /\bsk-ant-[A-Za-z0-9_-]{20,}/ },
  // An OpenAI key has digits among its letters; a CSS class named sk-… usually has none.
  { what: 'OpenAI key', re: /\bsk-(?:proj-|svcacct-|admin-)?(?=[A-Za-z0-9_-]{0,200}\d)[A-Za-z0-9_-]{20,}/ },
  { what: 'GitHub token', re: /\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{20,})/ },
  { what: 'GitLab token', re: /\bglpat-[A-Za-z0-9_-]{20,}/ },
  { what: 'AWS access key', re: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/ },
  { what: 'Slack token', re: /\bxox[baprs]-[A-Za-z0-9-]{10,}/ },
  { what: 'Google API key', re: /\bAIza[0-9A-Za-z_-]{35}/ },
  { what: 'Stripe key', re: /\b[rs]k_live_[0-9A-Za-z]{20,}/ },
  { what: 'npm token', re: /\bnpm_[A-Za-z0-9]{36}\b/ },
  { what: 'Hugging Face token', re: /\bhf_[A-Za-z0-9]{30,}\b/ },
];

function basename(path: string): string {
  const trimmed = path.endsWith('/') ? path.slice(0, -1) : path;
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

function secretByName(name: string): SkipReason | null {
  const lower = name.toLowerCase();
  if (PRIVATE_KEY_NAME.test(lower)) return { why: 'private-key' };
  if (lower.endsWith('.env')) return { why: 'secret-name' };
  if (lower.startsWith('.env.') && !ENV_TEMPLATES.has(lower.slice(5))) return { why: 'secret-name' };
  if (SECRET_EXTENSIONS.some((ext) => lower.endsWith(ext))) return { why: 'secret-name' };
  if (lower.includes('credentials')) return { why: 'secret-name' };
  return null;
}

function secretByContent(head: string): SkipReason | null {
  if (PRIVATE_KEY_BLOCK.test(head)) return { why: 'private-key' };
  for (const token of TOKENS) if (token.re.test(head)) return { why: 'token', what: token.what };
  return null;
}

/** Why an untracked file stays out of a checkpoint, or null when it goes in. */
export function screenUntracked(file: UntrackedFile, settings: FilterSettings): SkipReason | null {
  if (settings.allow.some((pattern) => globMatcher(pattern)(file.path))) return null;
  const name = basename(file.path);
  const byName = secretByName(name);
  if (byName) return byName;
  if (CREDENTIAL_CONFIGS.has(name.toLowerCase()) && CONFIG_CREDENTIAL.test(file.head)) return { why: 'token', what: `credentials in ${name}` };
  if (file.bytes > settings.maxBytes) return { why: 'too-big', bytes: file.bytes, limit: settings.maxBytes };
  return secretByContent(file.head);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A checkpointAllow pattern as a test on a relative path, gitignore-like: `*` and `?`
 * stay within a directory, `**` crosses them; a pattern without `/` matches a name at
 * any depth; a pattern also matches everything under a directory it names.
 */
export function globMatcher(pattern: string): (path: string) => boolean {
  const body = pattern.trim().replace(/^\.\//, '').replace(/\/+$/, '');
  let re = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i] as string;
    if (c === '*' && body[i + 1] === '*') {
      i++;
      if (body[i + 1] === '/') {
        i++;
        re += '(?:.*/)?';
      } else re += '.*';
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += escapeRegExp(c);
  }
  const anchored = body.includes('/') ? '^' : '^(?:.*/)?';
  const compiled = new RegExp(`${anchored}${re}(?:/.*)?$`);
  return (path) => body !== '' && compiled.test(path);
}

/** 62 MB, 10.5 MB: a size rounded up, so a file just over the limit never reads as equal to it. */
export function formatMB(bytes: number): string {
  const mb = Math.ceil((bytes / MB) * 10) / 10;
  return `${mb >= 100 ? Math.ceil(mb) : mb} MB`;
}

export function describeSkip(reason: SkipReason): string {
  switch (reason.why) {
    case 'secret-name':
      return 'looks like a secret: name';
    case 'private-key':
      return 'private key';
    case 'token':
      return `looks like a secret: ${reason.what}`;
    case 'too-big':
      return `${formatMB(reason.bytes)} > ${formatMB(reason.limit)}`;
  }
}

/** A file name fit for one line of a terminal or a log: no control characters, not endless. */
export function printablePath(path: string, max = 60): string {
  const clean = path.replace(/[\x00-\x1f\x7f-\x9f]/g, '?');
  return clean.length > max ? `…${clean.slice(clean.length - max + 1)}` : clean;
}

/** `skipped 3: .env (looks like a secret: name), id_rsa (private key), +1 more`; empty when nothing was skipped. */
export function describeSkipped(skipped: readonly Skipped[], show = 3): string {
  if (skipped.length === 0) return '';
  const listed = skipped.slice(0, show).map((s) => `${printablePath(s.path)} (${describeSkip(s.reason)})`);
  const more = skipped.length > show ? [`+${skipped.length - show} more`] : [];
  return `skipped ${skipped.length}: ${[...listed, ...more].join(', ')}`;
}
