import { defineConfig } from 'vitest/config';

// `npm run test:agents`: the real agent CLIs, offline against the suite's own mock LLM.
export default defineConfig({
  test: {
    include: ['test/agents/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 300_000,
    hookTimeout: 15 * 60_000,
    // One CLI at a time: their start-up is heavy and the kill deadlines are tight.
    maxWorkers: 1,
    fileParallelism: false,
  },
});
