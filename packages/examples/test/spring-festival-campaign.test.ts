import { execFile } from "node:child_process"
import { mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { promisify } from "node:util"
import { afterAll, beforeAll, describe, expect, it } from "@effect/vitest"
import { BusinessCalendar, LocalDate, OfficialCalendars } from "@liaison/core"
import * as Either from "effect/Either"
import { parseGantt } from "../../adapters/calendars/test/mermaidGantt.js"
import { descendants, parseXml } from "../../adapters/calendars/test/xmlCheck.js"

const run = promisify(execFile)
const root = fileURLToPath(new URL("../../..", import.meta.url))
const dir = mkdtempSync(join(tmpdir(), "liaison-spring-festival-"))
const cn = OfficialCalendars.cnMainland
const working = (date: string) => Either.getOrThrow(BusinessCalendar.isWorkingDay(cn, LocalDate.unsafeMake(date)))

let output = ""
beforeAll(async () => {
  output = (
    await run(
      "npm",
      [
        "run",
        "example:spring-festival-campaign",
        "--silent",
        "--workspace",
        "@liaison/examples",
        "--",
        "--mermaid",
        join(dir, "campaign.mmd"),
        "--svg",
        join(dir, "campaign.svg")
      ],
      { cwd: root, timeout: 120_000 }
    )
  ).stdout
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe("npm run example:spring-festival-campaign", () => {
  it("finds the 2026 break in the calendar's data", () => {
    expect(output).toContain("1. Spring Festival 2026: the break is 2026-02-15 – 2026-02-23 (春节)")
    expect(output).toContain(
      "make-up working days (调休上班): 2026-02-14 Sat (working day), 2026-02-28 Sat (working day)"
    )
  })

  it("opens and closes the 10–15-day visit window on working days inside those 15 to 10 days", () => {
    const opens = /opens (\d{4}-\d{2}-\d{2}) \w{3} \(working day\)\n {3}due {3}(\d{4}-\d{2}-\d{2})/.exec(output)!
    const [from, to] = [opens[1]!, opens[2]!]
    expect([from, to]).toEqual(["2026-02-02", "2026-02-05"])
    expect([working(from), working(to)]).toEqual([true, true])
    // 15 days before 2026-02-15 is Saturday 31 January: the window rolled inward to Monday.
    expect(LocalDate.daysBetween(LocalDate.unsafeMake(from), LocalDate.unsafeMake("2026-02-15"))).toBeLessThanOrEqual(
      15
    )
    expect(LocalDate.daysBetween(LocalDate.unsafeMake(to), LocalDate.unsafeMake("2026-02-15"))).toBeGreaterThanOrEqual(
      10
    )
    expect(output).toContain("opens moved from 2026-01-31 (weekend (Sat)) to 2026-02-02 (following)")
    const visits = [...output.matchAll(/^ {3}visit .+ on (\d{4}-\d{2}-\d{2}) /gm)].map((m) => m[1]!)
    expect(visits).toEqual(["2026-02-02", "2026-02-03", "2026-02-04", "2026-02-05"])
  })

  it("plans every step of the procedure on working days, windows rolled inward, reimbursement past the break", () => {
    const part3 = output.slice(output.indexOf("3. The campaign's plan"), output.indexOf("4. Spring Festival 2027"))
    const windows = [...part3.matchAll(/window +(.+?): opens (\S+) \w{3} \((.+?)\), due (\S+) \w{3} \((.+?)\)/g)]
    expect(windows.map((m) => [m[1], m[2], m[4]])).toEqual([
      ["Request approval / 请示", "2026-01-19", "2026-01-23"],
      ["Draw funds / 申领财物", "2026-01-29", "2026-01-30"],
      ["Contact / 联络", "2026-02-02", "2026-02-06"]
    ])
    for (const m of windows) {
      expect([m[3], m[5]]).toEqual(["working day", "working day"])
      expect([working(m[2]!), working(m[4]!)]).toEqual([true, true])
    }
    // The contacts, 1–2 weeks before the holiday: both Sundays rolled inward.
    expect(part3).toContain("↳ opens moved from 2026-02-01 (weekend (Sun)) to 2026-02-02")
    expect(part3).toContain("↳ due moved from 2026-02-08 (weekend (Sun)) to 2026-02-06")
    expect(part3).toMatch(
      /deadline {2}Reimburse \/ 费用报销: 2026-02-24 Tue \(working day\)\n +↳ due moved from 2026-02-15 \(holiday: Spring Festival\) to 2026-02-24/
    )
  })

  it("refuses Spring Festival 2027 with a typed error, even when provisional answers are allowed, and plans provisionally only when asked", () => {
    const part4 = output.slice(output.indexOf("4. Spring Festival 2027"), output.indexOf("Mermaid chart written"))
    expect(part4).toContain("key-client visits: refused, DeadlineError UnknownHoliday")
    expect(part4).toContain("opted in to provisional answers: still refused (DeadlineError)")
    expect(part4).toContain("campaign plan: 7 of 7 steps unscheduled")
    expect(part4).toContain("2027-02-06 is beyond it. Load the official notice for that year")
    expect(part4).toContain("provisional plan (provisional: true):")
    const provisional = [...part4.matchAll(/^ {5}(2027-\S+(?: – \S+)?) +(\S+)( \(provisional\))?$/gm)]
    expect(provisional).toHaveLength(7)
    for (const m of provisional) expect(m[3]).toBe(" (provisional)")
    expect(part4).toContain("only weekends (Sat, Sun) are assumed off")
  })

  it("writes the 2026 campaign as a Mermaid chart and an SVG timeline", () => {
    const chart = parseGantt(readFileSync(join(dir, "campaign.mmd"), "utf8"))
    const tasks = chart.sections.slice(1).flatMap((s) => s.tasks)
    expect(tasks).toHaveLength(7)
    expect(tasks.find((t) => t.name === "Contact / 联络")).toMatchObject({
      tags: [],
      start: "2026-02-02",
      end: "2026-02-06"
    })
    const svg = parseXml(readFileSync(join(dir, "campaign.svg"), "utf8"))
    const off = descendants(svg)
      .filter((e) => e.attributes.class === "day-off")
      .map((e) => e.attributes["data-date"])
    expect(off).toContain("2026-02-16")
    expect(off).not.toContain("2026-02-14")
  })
})
