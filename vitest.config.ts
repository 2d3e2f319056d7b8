import { fileURLToPath } from "node:url"
import { defineConfig } from "vitest/config"

const src = (path: string) => fileURLToPath(new URL(path, import.meta.url))

export default defineConfig({
  resolve: {
    alias: {
      "@liaison/core/testing": src("./packages/core/src/testing.ts"),
      "@liaison/core": src("./packages/core/src/index.ts"),
      "@liaison/calendars": src("./packages/adapters/calendars/src/index.ts"),
      "@liaison/cli": src("./packages/adapters/cli/src/index.ts"),
      "@liaison/notify": src("./packages/adapters/notify/src/index.ts"),
      "@liaison/sql": src("./packages/adapters/sql/src/index.ts")
    }
  },
  test: {
    include: ["packages/**/test/**/*.test.ts"],
    exclude: ["**/node_modules/**", "**/dist/**"],
    testTimeout: 60_000,
    hookTimeout: 60_000
  }
})
