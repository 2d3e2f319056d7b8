import { defineConfig } from "vitest/config"
import base from "./vitest.config.js"

/**
 * `npm run fuzz`: the fuzz suite alone (packages/core/test/fuzz), at full size. LIAISON_FUZZ_RUNS sets
 * the inputs per target (default 500), LIAISON_FUZZ_SEED replays a run; the seed and the count of
 * inputs are printed at the end. See docs/reliability.md.
 */
// Spread, not mergeConfig: mergeConfig concatenates `include` with the base's, which ran every test.
export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: ["packages/core/test/fuzz/**/*.test.ts"],
    env: { LIAISON_FUZZ: "1" },
    globalSetup: ["./packages/core/test/fuzz/globalSetup.ts"],
    // Targets run for minutes each at full size; the watchdog catches hangs per input.
    testTimeout: 3_600_000,
    hookTimeout: 600_000
  }
})
