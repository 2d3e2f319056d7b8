/**
 * Checks that docs/getting-started.md is true: every `ts` block type-checks as a module of its own
 * (with tsc, against the packages' sources, under the repository's strict settings), and every block
 * followed by a `text` block runs, in order, printing exactly that text. The blocks share one SQLite
 * file: the guide's `"liaison.sqlite"` is replaced by a file in a temporary directory, nothing else.
 */
import { execFile } from "node:child_process"
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { createRequire } from "node:module"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath, pathToFileURL } from "node:url"
import { afterAll, describe, expect, it, vi } from "vitest"

const root = fileURLToPath(new URL("../../../", import.meta.url))
const guide = readFileSync(join(root, "docs/getting-started.md"), "utf8")

interface Block {
  readonly language: string
  readonly code: string
  readonly line: number
}

const blocks: ReadonlyArray<Block> = [...guide.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].map((m) => ({
  language: m[1]!,
  code: m[2]!,
  line: guide.slice(0, m.index).split("\n").length
}))
const examples = blocks.flatMap((block, i) => {
  if (block.language !== "ts") return []
  const next = blocks[i + 1]
  return [{ ...block, output: next?.language === "text" ? next.code : undefined }]
})

// Inside the repository (ignored by git), so that the blocks' imports resolve as a user's would.
const scratch = mkdtempSync(join(root, ".scratch-getting-started-"))
const data = mkdtempSync(join(tmpdir(), "liaison-getting-started-"))
const database = join(data, "liaison.sqlite")
const files = examples.map((example, i) => {
  const file = join(scratch, `block-${i + 1}-line-${example.line}.ts`)
  writeFileSync(file, example.code.replaceAll('"liaison.sqlite"', JSON.stringify(database)))
  return file
})

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true })
  rmSync(data, { recursive: true, force: true })
})

describe("docs/getting-started.md", () => {
  it("has the blocks this test expects: four that run with their output, one type-checked only", () => {
    expect(examples.length).toBe(5)
    expect(examples.filter((e) => e.output !== undefined).length).toBe(4)
    expect(guide).toContain("npm install && npm run demo")
  })

  it("type-checks every TypeScript block", async () => {
    const config = join(scratch, "tsconfig.json")
    writeFileSync(
      config,
      JSON.stringify({
        extends: join(root, "tsconfig.base.json"),
        compilerOptions: { noEmit: true, module: "NodeNext", moduleResolution: "NodeNext" },
        files: files.map((f) => f.slice(scratch.length + 1))
      })
    )
    const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc")
    const result = await new Promise<{ code: number; out: string }>((resolve) =>
      execFile(process.execPath, [tsc, "-p", config], { cwd: root }, (error, stdout, stderr) =>
        resolve({ code: error ? 1 : 0, out: stdout + stderr })
      )
    )
    expect(result.out).toBe("")
    expect(result.code).toBe(0)
  }, 300_000)

  examples.forEach((example, i) => {
    if (example.output === undefined) return
    it(`runs the block at line ${example.line} and prints what the guide shows`, async () => {
      const printed: Array<string> = []
      const log = vi.spyOn(console, "log").mockImplementation((...args: Array<unknown>) => {
        printed.push(args.map(String).join(" "))
      })
      try {
        await import(pathToFileURL(files[i]!).href)
      } finally {
        log.mockRestore()
      }
      expect(`${printed.join("\n")}\n`).toBe(example.output)
    })
  })
})
