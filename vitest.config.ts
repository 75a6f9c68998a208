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
        // The browser tests play audio in real time: one file at a time, after the rest, so
        // another file's load cannot underrun a stream on a small CI machine. globalSetup serves
        // the app and launches Chromium once; each file opens its own contexts in it.
        extends: true,
        test: {
          name: "e2e",
          include: ["tests/e2e/**/*.test.ts"],
          fileParallelism: false,
          globalSetup: ["tests/e2e/globalSetup.ts"],
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
