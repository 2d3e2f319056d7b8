import { execFile } from "node:child_process"
import { readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { promisify } from "node:util"
import { describe, expect, it } from "vitest"
import { parseGantt } from "./mermaidGantt.js"
import { parseXml } from "./xmlCheck.js"

const run = promisify(execFile)
const root = fileURLToPath(new URL("../../../..", import.meta.url))

describe("docs/plan-pictures.md", () => {
  it("shows what the renderers draw now (scripts/render-plan-pictures.ts --check)", async () => {
    const { stderr } = await run("npx", ["tsx", "scripts/render-plan-pictures.ts", "--check"], {
      cwd: root,
      timeout: 120_000
    }).catch((e: { stderr: string; code: number }) => ({ stderr: `exit ${e.code}: ${e.stderr}` }))
    expect(stderr).not.toMatch(/not current|exit/)
  })

  it("embeds Mermaid charts that parse and SVG files that are well-formed", () => {
    const page = readFileSync(`${root}/docs/plan-pictures.md`, "utf8")
    const charts = [...page.matchAll(/```mermaid\n([\s\S]*?)```/g)].map((m) => parseGantt(m[1]!))
    expect(charts.map((c) => c.title)).toEqual([
      "Client reception standard / 客户接待流程及标准 — visit-2026-02-24",
      "Major-holiday relations / 重大节日公关 — spring-festival-2026"
    ])
    for (const file of ["client-reception-standard-2026-02-24", "holiday-relations-spring-festival-2026"]) {
      expect(parseXml(readFileSync(`${root}/docs/images/${file}.svg`, "utf8")).name).toBe("svg")
    }
  })
})
