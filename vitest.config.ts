import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    // The real agent CLIs have their own run: npm run test:agents.
    exclude: ['test/agents/**', 'node_modules/**', 'dist/**'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Integration files each own a private tmux server; two workers match the CI machine.
    maxWorkers: 2,
    restoreMocks: true,
  },
});
