// Environment values that are secrets: hidden wherever oneshot shows an environment.
// Pure.

/** A variable whose name says it holds a credential. */
const SECRET_NAME = /(KEY|TOKEN|SECRET|PASS(WORD|WD|PHRASE)?|PWD_?HASH|CRED(ENTIAL)?S?|AUTH|COOKIE|SESSION|PRIVATE|SIGNATURE|DSN|WEBHOOK)/i;
/** Names that match the words above but hold nothing secret. */
const HARMLESS = /^(OLDPWD|PWD|KEYMAP|KEYTIMEOUT|SSH_AUTH_SOCK|XDG_SESSION_[A-Z_]+|SESSION_MANAGER|DBUS_SESSION_BUS_ADDRESS|TMUX_PANE|ONESHOT_[A-Z_]*SESSION[A-Z_]*)$/;
/** Values shaped like a credential whatever their variable is called. */
const SECRET_VALUE = /^(sk-[A-Za-z0-9_-]{8,}|gh[pousr]_[A-Za-z0-9]{20,}|github_pat_\w{20,}|xox[abprs]-[\w-]{10,}|AKIA[0-9A-Z]{16}|AIza[\w-]{30,}|glpat-[\w-]{20,}|eyJ[\w-]{10,}\.[\w-]{10,}\.[\w-]{10,})/;
/** A URL with a password in it: scheme://user:password@host. */
const URL_PASSWORD = /^([a-z][a-z0-9+.-]*:\/\/[^:/@\s]*:)([^@\s]+)(@)/i;

/** Whether the variable `name` with `value` is a secret. */
export function isSecretVariable(name: string, value: string): boolean {
  if (value === '') return false;
  if (HARMLESS.test(name)) return false;
  return SECRET_NAME.test(name) || SECRET_VALUE.test(value);
}

/** The value as it may be shown: a secret as its length only, a URL's password cut out. */
export function shownValue(name: string, value: string): string {
  if (isSecretVariable(name, value)) return `(hidden, ${[...value].length} characters)`;
  return value.replace(URL_PASSWORD, '$1(hidden)$3');
}
