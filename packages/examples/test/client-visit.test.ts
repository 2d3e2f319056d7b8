import { execFile } from "node:child_process"
import { fileURLToPath } from "node:url"
import { promisify } from "node:util"
import { describe, expect, it } from "@effect/vitest"

const run = promisify(execFile)
const root = fileURLToPath(new URL("../../..", import.meta.url))

describe("npm run demo (client visit on 2026-02-24)", () => {
  it("takes the visit from application to a closed engagement, every phase on its official date", async () => {
    const { stdout } = await run("npm", ["run", "demo", "--silent"], { cwd: root, timeout: 60_000 })
    const dated = stdout
      .split("\n")
      .filter((line) => /^\d{4}-\d{2}-\d{2} /.test(line))
      .map((line) => line.slice(0, 10))
    // 5, 4 and 2 working days before (15–23 Feb off, Saturday 14 Feb worked), the day (on site and
    // wrap-up), the day after.
    expect(dated).toEqual(["2026-02-10", "2026-02-11", "2026-02-13", "2026-02-24", "2026-02-24", "2026-02-25"])
    expect(stdout).toContain("Skipped: 2026-02-15 to 2026-02-23 Spring Festival holiday")
    expect(stdout).toContain("计入：2026-02-14（周六，春节调休上班）")
    expect(stdout).toContain("approved by Zhou Qiang 周强 (department-head)")
    // The ledger records every accepted command, ending with the settlement and the close.
    const ledger = stdout.slice(stdout.indexOf("Ledger ("))
    expect(ledger).toMatch(/Ledger \(15 entries\)/)
    expect(ledger).toMatch(/settled: 538 CNY/)
    expect(ledger.trimEnd()).toMatch(/closed\s+closed\n\nReception list/)
    expect(stdout).toContain("Reception list (接待清单), engagement closed")
  })
})
