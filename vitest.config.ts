import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['__tests__/**/*.test.ts'],
    pool: 'forks',
    // Two cores: Go builds and Wine already keep both busy, so two test files at a time at most.
    maxWorkers: 2,
    testTimeout: 180_000,
    hookTimeout: 600_000,
    // Imports its JSON schemas without `with { type: 'json' }`, which Node refuses: vite inlines it.
    server: { deps: { inline: ['@actions/workflow-parser'] } },
    globalSetup: ['lab/global-setup.ts'],
    reporters: ['default', 'json'],
    outputFile: { json: '.cache/vitest-results.json' },
  },
});
