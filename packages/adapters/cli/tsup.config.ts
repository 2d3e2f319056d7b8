import { readFileSync } from "node:fs"
import { defineConfig, type Options } from "tsup"

const { version } = JSON.parse(readFileSync(new URL("./package.json", import.meta.url), "utf8")) as { version: string }

const shared: Options = {
  sourcemap: true,
  target: "node20",
  tsconfig: "tsconfig.build.json",
  external: ["@liaison/core"],
  define: { __LIAISON_CLI_VERSION__: JSON.stringify(version) }
}

export default defineConfig([
  // The library: the commands, for hosts that embed or extend the CLI.
  { ...shared, entry: { index: "src/index.ts" }, format: ["esm", "cjs"], dts: false, clean: ["!bin.*"] },
  // The executable: ESM only, with its shebang.
  {
    ...shared,
    entry: { bin: "src/bin.ts" },
    format: ["esm"],
    dts: false,
    clean: ["!index.*"],
    banner: { js: "#!/usr/bin/env node" }
  }
])
