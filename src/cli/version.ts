// oneshot's version: what --version prints and what a host says in its hello.
export const VERSION = '0.1.0';
