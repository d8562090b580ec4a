import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 30_000,
    // Protocol tests open many sockets and spawn real clients; two cores share them.
    maxWorkers: 2,
  },
});
