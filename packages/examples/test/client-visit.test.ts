import { execFile } from "node:child_process"
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { promisify } from "node:util"
import { afterAll, describe, expect, it } from "@effect/vitest"
import ical from "node-ical"

const run = promisify(execFile)
const root = fileURLToPath(new URL("../../..", import.meta.url))
const dir = mkdtempSync(join(tmpdir(), "liaison-demo-"))
const env = { ...process.env, LIAISON_DEMO_DB: join(dir, "demo.sqlite") }
const icsFile = join(dir, "demo.ics")
const demo = async () => (await run("npm", ["run", "demo", "--silent"], { cwd: root, env, timeout: 120_000 })).stdout

afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe("npm run demo (client visit on 2026-02-24, stored in SQLite)", () => {
  it("takes the visit from application to a closed engagement, and a second run shows it instead of receiving it twice", async () => {
    const first = await demo()
    const plan = first.slice(first.indexOf("\nPlan:"), first.indexOf("\nReminders at"))
    const dated = plan
      .split("\n")
      .filter((line) => /^\d{4}-\d{2}-\d{2} /.test(line))
      .map((line) => line.slice(0, 10))
    // 5, 4 and 2 working days before (15–23 Feb off, Saturday 14 Feb worked), the day (on site and
    // wrap-up), the day after.
    expect(dated).toEqual(["2026-02-10", "2026-02-11", "2026-02-13", "2026-02-24", "2026-02-24", "2026-02-25"])
    expect(plan).toContain("Skipped: 2026-02-15 to 2026-02-23 Spring Festival holiday")
    expect(plan).toContain("计入：2026-02-14（周六，春节调休上班）")

    // The plan as an ICS file next to the database, read back with an independent parser: the visit
    // is an all-day event on the 24th, and every task's entry falls at the instant the plan printed.
    expect(first).toContain(`Plan written as an ICS calendar (7 entries): ${icsFile}`)
    const printed = new Map(
      [
        ...plan.matchAll(
          /^\d{4}-\d{2}-\d{2} {2}(.+?) \/ .*\n(?:.*\n){2}\s+Due (\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}) \(Asia\/Shanghai\)/gm
        )
      ].map((m) => [m[1]!, Date.parse(`${m[2]}T${m[3]}:00+08:00`)] as const)
    )
    expect(printed.size).toBe(6)
    const entries = Object.values(ical.sync.parseICS(readFileSync(icsFile, "utf8"))).filter(
      (c): c is ical.VEvent => c?.type === "VEVENT"
    )
    const visit = entries.find((e) => e.uid === "visit-2026-02-24-hzlf@liaison")!
    expect(visit.datetype).toBe("date")
    expect([visit.start.getFullYear(), visit.start.getMonth() + 1, visit.start.getDate()]).toEqual([2026, 2, 24])
    const tasks = entries.filter((e) => e !== visit)
    expect(tasks.map((e) => e.uid).every((uid) => /^visit-2026-02-24-hzlf\/[a-z-]+@liaison$/.test(uid))).toBe(true)
    const exported = new Map(
      tasks.map((e) => {
        const summary = typeof e.summary === "string" ? e.summary : e.summary.val
        // A point deadline is an entry at its due moment; a window ends at its due moment.
        return [summary.split("｜")[0]!.split(" / ")[1]!, (e.end ?? e.start).getTime()] as const
      })
    )
    expect(exported).toEqual(printed)
    expect(first).toContain("approved by Zhou Qiang 周强 (department-head)")
    // The morning reminders reach the console through the outbox and the dispatcher.
    expect(first).toMatch(/Reminders at 2026-02-10 08:30: [1-9]\d* written to the outbox/)
    expect(first).toContain("Due soon: Definition | 2026-02-10 18:00")
    expect(first).toMatch(/Delivered [1-9]\d* notifications/)
    // The ledger records every accepted command, ending with the settlement and the close.
    const ledger = first.slice(first.indexOf("Ledger ("))
    expect(ledger).toMatch(/Ledger \(15 entries\)/)
    expect(ledger).toMatch(/settled: 538 CNY/)
    expect(ledger.trimEnd()).toMatch(/closed\s+closed\n\nReception list/)

    const second = await demo()
    expect(second).toContain("The visit is already stored (status closed")
    expect(second).toMatch(/Ledger \(15 entries\)/)
    expect(second).not.toContain("Approval route")
    expect(existsSync(icsFile)).toBe(true)
  }, 240_000)
})
