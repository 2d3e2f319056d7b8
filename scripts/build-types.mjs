// Emits a package's type declarations with tsc, one file per module (tsup's bundled declarations
// lose the type half of names that are both a value and a type, such as Deadline.Rule), then
// writes .d.cts twins whose relative imports name .cjs files, for CommonJS consumers.
// Usage, from a package folder: node ../../scripts/build-types.mjs
import { execFileSync } from "node:child_process"
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs"
import { createRequire } from "node:module"
import { join } from "node:path"

const require = createRequire(import.meta.url)
const tsc = require.resolve("typescript/bin/tsc")
const out = "dist/dts"
rmSync(out, { recursive: true, force: true })
execFileSync(
  process.execPath,
  [tsc, "-p", "tsconfig.build.json", "--emitDeclarationOnly", "--declaration", "--declarationMap", "--outDir", out],
  { stdio: "inherit" }
)

const walk = (dir) =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? walk(path) : [path]
  })
for (const file of walk(out).filter((f) => f.endsWith(".d.ts"))) {
  const text = readFileSync(file, "utf8").replace(/(from\s+|import\()(["'])(\.{1,2}\/[^"']+)\.js\2/g, "$1$2$3.cjs$2")
  writeFileSync(file.replace(/\.d\.ts$/, ".d.cts"), text.replace(/\/\/# sourceMappingURL=.*$/m, ""))
}
