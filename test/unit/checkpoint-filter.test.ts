import { describe, expect, it } from 'vitest';
import { describeSkipped, formatMB, globMatcher, mbToBytes, printablePath, screenUntracked, type FilterSettings, type SkipReason } from '../../src/ops/checkpoint-filter.js';

// Token-shaped test values are put together here, so the source holds no whole token.
const fake = (prefix: string, body: string) => `${prefix}${body}`;
const OPENAI = fake('sk-proj-', 'Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z');
const SETTINGS: FilterSettings = { maxBytes: mbToBytes(10), allow: [] };

const file = (path: string, head = '', bytes = head.length) => ({ path, bytes, head });

describe('screenUntracked', () => {
  const cases: [string, ReturnType<typeof file>, SkipReason | null][] = [
    ['.env by name', file('.env', 'DEBUG=1\n'), { why: 'secret-name' }],
    ['.env.local by name', file('app/.env.local', 'X=1'), { why: 'secret-name' }],
    ['production.env by name', file('deploy/production.env'), { why: 'secret-name' }],
    ['.env.example is documentation', file('.env.example', 'OPENAI_API_KEY=\n'), null],
    ['.env.sample is documentation', file('.env.sample'), null],
    ['.env.template is documentation', file('.env.template'), null],
    ['a .pem', file('certs/server.pem'), { why: 'secret-name' }],
    ['a .key', file('tls.key'), { why: 'secret-name' }],
    ['a .p12', file('store.P12'), { why: 'secret-name' }],
    ['a .pfx', file('cert.pfx'), { why: 'secret-name' }],
    ['id_rsa', file('id_rsa', 'anything'), { why: 'private-key' }],
    ['id_ed25519 in a folder', file('keys/id_ed25519'), { why: 'private-key' }],
    ['id_ecdsa', file('id_ecdsa'), { why: 'private-key' }],
    ['id_dsa', file('id_dsa'), { why: 'private-key' }],
    ['a public key is fine', file('id_rsa.pub', 'ssh-rsa AAAA… me@host'), null],
    ['credentials in the name', file('config/gcp-credentials.json', '{}'), { why: 'secret-name' }],
    ['.npmrc with a token', file('.npmrc', '//registry.npmjs.org/:_authToken=abc123\n'), { why: 'token', what: 'credentials in .npmrc' }],
    ['.npmrc without one', file('.npmrc', 'save-exact=true\n'), null],
    ['.pypirc with a password', file('.pypirc', '[pypi]\nusername = me\npassword = hunter22\n'), { why: 'token', what: 'credentials in .pypirc' }],
    ['.netrc with a password', file('.netrc', 'machine example.com login me password hunter22\n'), { why: 'token', what: 'credentials in .netrc' }],
    ['a PEM private key anywhere', file('notes.txt', '-----BEGIN OPENSSH PRIVATE KEY-----\nb3Blbn\n'), { why: 'private-key' }],
    ['an RSA PEM block', file('k', 'x\n-----BEGIN RSA PRIVATE KEY-----\n'), { why: 'private-key' }],
    ['a certificate is not a key', file('chain.crt', '-----BEGIN CERTIFICATE-----\nMIIB\n'), null],
    ['an OpenAI key', file('src/config.ts', `const key = "${OPENAI}";`), { why: 'token', what: 'OpenAI key' }],
    ['an Anthropic key', file('a.py', fake('sk-ant-', 'api03-AbCdEfGhIjKlMnOpQrStUvWx')), { why: 'token', what: 'Anthropic key' }],
    ['a GitHub token', file('ci.yml', fake('ghp_', 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8')), { why: 'token', what: 'GitHub token' }],
    ['a fine-grained GitHub token', file('ci.yml', fake('github_pat_', '11ABCDEFG0abcdefghijkl_mnopqrstu')), { why: 'token', what: 'GitHub token' }],
    ['an AWS access key id', file('deploy.sh', `export AWS_ACCESS_KEY_ID=${fake('AKIA', 'IOSFODNN7EXAMPLE')}`), { why: 'token', what: 'AWS access key' }],
    ['a Slack token', file('bot.js', fake('xoxb-', '123456789012-abcdefghij')), { why: 'token', what: 'Slack token' }],
    ['a Google API key', file('maps.html', fake('AIza', 'SyA1234567890abcdefghijklmnopqrstuv')), { why: 'token', what: 'Google API key' }],
    ['a GitLab token', file('.gitlab.env.sh', fake('glpat-', 'abcdefghij0123456789')), { why: 'token', what: 'GitLab token' }],
    ['a css class named sk- is fine', file('style.css', '.sk-spinner-wandering-cubes-container { }'), null],
    ['ordinary code is fine', file('src/a.ts', 'export const a = 1;\n'), null],
    ['a big file', file('big.bin', '', mbToBytes(62)), { why: 'too-big', bytes: mbToBytes(62), limit: mbToBytes(10) }],
    ['just at the limit is fine', file('ok.bin', '', mbToBytes(10)), null],
  ];
  it.each(cases)('%s', (_what, f, expected) => {
    expect(screenUntracked(f, SETTINGS)).toEqual(expected);
  });

  it('takes what checkpointAllow names, secret-looking or big', () => {
    const allow: FilterSettings = { maxBytes: mbToBytes(10), allow: ['fixtures/', '*.pem', 'assets/**/*.bin'] };
    expect(screenUntracked(file('fixtures/keys/id_rsa', '-----BEGIN RSA PRIVATE KEY-----'), allow)).toBeNull();
    expect(screenUntracked(file('test/ca.pem'), allow)).toBeNull();
    expect(screenUntracked(file('assets/video/intro.bin', '', mbToBytes(50)), allow)).toBeNull();
    expect(screenUntracked(file('other/big.bin', '', mbToBytes(50)), allow)).toEqual({ why: 'too-big', bytes: mbToBytes(50), limit: mbToBytes(10) });
    expect(screenUntracked(file('.env'), allow)).toEqual({ why: 'secret-name' });
  });

  it('uses the configured size limit', () => {
    expect(screenUntracked(file('a.bin', '', mbToBytes(2)), { maxBytes: mbToBytes(1), allow: [] })).toMatchObject({ why: 'too-big' });
  });
});

describe('globMatcher', () => {
  const cases: [string, string, boolean][] = [
    ['*.pem', 'a.pem', true],
    ['*.pem', 'deep/dir/a.pem', true],
    ['*.pem', 'a.pem.bak', false],
    ['fixtures/', 'fixtures/a/b.key', true],
    ['fixtures', 'src/fixtures/x.env', true],
    ['fixtures', 'fixtures-old/x', false],
    ['src/*.env', 'src/test.env', true],
    ['src/*.env', 'src/deeper/test.env', false],
    ['src/**/*.env', 'src/deeper/still/test.env', true],
    ['src/**/*.env', 'src/test.env', true],
    ['./.env.test', '.env.test', true],
    ['id_?sa', 'keys/id_rsa', true],
    ['a+b.txt', 'a+b.txt', true],
    ['a+b.txt', 'aab.txt', false],
    ['', 'anything', false],
  ];
  it.each(cases)('%s against %s: %s', (pattern, path, expected) => {
    expect(globMatcher(pattern)(path)).toBe(expected);
  });
});

describe('describing what was skipped', () => {
  it('is one line with the reasons, clipped with +N more', () => {
    const skipped = [
      { path: '.env', reason: { why: 'secret-name' } as const },
      { path: 'id_rsa', reason: { why: 'private-key' } as const },
      { path: 'big.bin', reason: { why: 'too-big', bytes: mbToBytes(62), limit: mbToBytes(10) } as const },
      { path: 'src/keys.ts', reason: { why: 'token', what: 'OpenAI key' } as const },
      { path: 'x.pem', reason: { why: 'secret-name' } as const },
    ];
    expect(describeSkipped(skipped.slice(0, 3))).toBe('skipped 3: .env (looks like a secret: name), id_rsa (private key), big.bin (62 MB > 10 MB)');
    expect(describeSkipped(skipped)).toBe('skipped 5: .env (looks like a secret: name), id_rsa (private key), big.bin (62 MB > 10 MB), +2 more');
    expect(describeSkipped([])).toBe('');
  });

  it('rounds a size up and keeps file names printable', () => {
    expect(formatMB(mbToBytes(10) + 1)).toBe('10.1 MB');
    expect(formatMB(mbToBytes(250.2))).toBe('251 MB');
    expect(printablePath('evil\x1b]0;title\x07.env')).toBe('evil?]0;title?.env');
    expect(printablePath(`${'d/'.repeat(50)}file.txt`)).toMatch(/^….*file\.txt$/);
  });
});
