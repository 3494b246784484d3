import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["packages/*/src/**/*.test.ts", "apps/*/src/**/*.test.ts", "e2e/**/*.test.ts"],
    exclude: ["**/node_modules/**", "bench/**"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    // Builds apps/web once when it is missing or stale, for the browser tests in e2e/.
    globalSetup: ["e2e/global-setup.ts"],
  },
});
