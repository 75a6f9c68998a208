import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    testTimeout: 60_000,
    pool: "forks",
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["tests/**/*.test.ts", "src/**/*.test.ts"],
          exclude: ["tests/e2e/**", "**/node_modules/**"],
          sequence: { groupOrder: 0 },
        },
      },
      {
        // The browser tests play audio in real time: one Chromium at a time, after the rest, so
        // another file's load cannot underrun a stream on a small CI machine.
        extends: true,
        test: {
          name: "e2e",
          include: ["tests/e2e/**/*.test.ts"],
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
