import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Two cores: integration tests share Redis and PostgreSQL (isolated by key prefix and schema per test file).
    maxWorkers: 2,
    reporters: ['default'],
  },
});
