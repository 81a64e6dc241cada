import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit-and-module',
          include: ['domain/**/*.test.ts', 'server/**/*.test.ts', 'app/**/*.test.{ts,tsx}', 'tests/i18n/**/*.test.ts'],
          environment: 'node',
          // Vitest's default is one worker fewer than the cores: one on a two-core machine, so every
          // file would wait for the one before. Module tests spend much of their time waiting on
          // SQLite, PostgreSQL and Redis, so two workers keep both cores busy. They run first, then
          // the journeys on their own (groupOrder), so a browser never shares the machine with them.
          maxWorkers: 2,
          sequence: { groupOrder: 0 },
          testTimeout: 20_000,
          hookTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          // A journey walks many pages, each with an axe scan: minutes on a busy two-core machine.
          testTimeout: 240_000,
          hookTimeout: 120_000,
          // One browser at a time: the machine has two cores.
          maxWorkers: 1,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
