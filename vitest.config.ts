import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["packages/*/src/**/*.test.ts", "apps/*/src/**/*.test.ts", "e2e/**/*.test.ts"],
    exclude: ["**/node_modules/**", "bench/**"],
    // Long browser journeys on a loaded 2-core machine (CI runs every file at once) take over 30 s.
    testTimeout: 90_000,
    hookTimeout: 60_000,
    pool: "forks",
    // Browser and server tests poll for what a page or a process shows; give them time on a loaded 2-core machine.
    expect: { poll: { timeout: 15_000, interval: 100 } },
    // Builds apps/web once when it is missing or stale, for the browser tests in e2e/.
    globalSetup: ["e2e/global-setup.ts"],
  },
});
