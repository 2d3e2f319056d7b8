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
const dir = mkdtempSync(join(tmpdir(), "liaison-government-liaison-"))
const cn = OfficialCalendars.cnMainland
const working = (date: string) => Either.getOrThrow(BusinessCalendar.isWorkingDay(cn, LocalDate.unsafeMake(date)))

let output = ""
beforeAll(async () => {
  output = (
    await run(
      "npm",
      [
        "run",
        "example:government-liaison",
        "--silent",
        "--workspace",
        "@liaison/examples",
        "--",
        "--mermaid",
        join(dir, "year.mmd"),
        "--svg",
        join(dir, "year.svg")
      ],
      { cwd: root, timeout: 120_000 }
    )
  ).stdout
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** The lines of one quarter's block in part 2, from "Qn: visit on" to the next blank line. */
const quarter = (n: number) => {
  const part2 = output.slice(output.indexOf("2. Each quarter's visit"))
  const start = part2.indexOf(`Q${n}: visit on`)
  return part2.slice(start, part2.indexOf("\n\n", start)).split("\n")
}
/** Due dates (the last date of the line's first column) of a quarter's tasks. */
const dueDates = (lines: ReadonlyArray<string>) =>
  lines
    .filter((l) => /^ {2}\d{4}-/.test(l))
    .map(
      (l) =>
        l
          .slice(0, 25)
          .match(/\d{4}-\d{2}-\d{2}/g)!
          .at(-1)!
    )

describe("npm run example:government-liaison (a year of quarterly liaison, 2026)", () => {
  it("merges Q1 with Spring Festival and Q3 with Mid-Autumn, each window opening and closing on working days", () => {
    expect(output).toMatch(
      /Q1 {2}2026-02-02 – 2026-02-05 {2}holiday\n {4}merged with Spring Festival \(2026-02-15 – 2026-02-23\)/
    )
    // The window's first day, 15 days before the break, was a Saturday.
    expect(output).toContain("↳ moved from 2026-01-31 (weekend (Sat)) to 2026-02-02")
    expect(output).toMatch(/Q3 {2}2026-09-10 – 2026-09-15 {2}holiday\n {4}merged with Mid-autumn Festival/)
    for (const m of output.matchAll(/^Q\d {2}(\d{4}-\d{2}-\d{2}) – (\d{4}-\d{2}-\d{2})/gm)) {
      expect([m[1], working(m[1]!), m[2], working(m[2]!)]).toEqual([m[1], true, m[2], true])
    }
    expect(output).toContain("12 contacts: every unit once in every quarter.")
  })

  it("moves Q4 past the National Day break and counts the make-up Saturday", () => {
    expect(output).toMatch(/Q4 {2}2026-10-08 – 2026-12-31 {2}quarter/)
    expect(output).toContain("↳ moved from 2026-10-01 (holiday: National Day) to 2026-10-08")
    const q4 = quarter(4)
    expect(q4[0]).toBe("Q4: visit on 2026-10-21 (weekday); on the way: make-up working day (Sat) for National Day")
    expect(q4.join("\n")).toMatch(
      /2026-10-08 +Plan \/ 规划.*\n.*moved from 2026-10-01 \(holiday: National Day\) to 2026-10-08/
    )
  })

  it("puts Q1's quarter plan on the make-up Sunday after New Year's Day", () => {
    const q1 = quarter(1).join("\n")
    expect(q1).toMatch(/2026-01-04 +Plan \/ 规划/)
    expect(q1).toContain("moved from 2026-01-01 (holiday: New Year's Day) to 2026-01-04")
    expect(q1).toContain("counted 2026-01-04, a make-up working day (make-up working day (Sun) for New Year's Day)")
  })

  it("plans the seven steps of every quarter's visit, each due on a working day, in order", () => {
    for (const n of [1, 2, 3, 4]) {
      const due = dueDates(quarter(n))
      expect(due).toHaveLength(7)
      for (const d of due) expect([d, working(d)]).toEqual([d, true])
      expect([...due].sort()).toEqual(due)
    }
    // Q2's visit is 10 working days into the quarter, past the Tomb-sweeping Day break.
    expect(quarter(2)[0]).toBe("Q2: visit on 2026-04-16 (weekday); on the way: holiday: Tomb-sweeping Day")
  })

  it("writes the year as a Mermaid chart and an SVG timeline with every task", () => {
    const chart = parseGantt(readFileSync(join(dir, "year.mmd"), "utf8"))
    expect(chart.sections.map((s) => s.name)).toEqual(["Calendar / 日历", "2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"])
    expect(chart.sections.slice(1).map((s) => s.tasks.length)).toEqual([7, 7, 7, 7])
    expect(chart.includes).toContain("2026-10-10")
    expect(chart.excludes).toContain("2026-10-01")
    const svg = parseXml(readFileSync(join(dir, "year.svg"), "utf8"))
    const tasks = descendants(svg).filter((e) => (e.attributes.class ?? "").startsWith("task "))
    expect(tasks).toHaveLength(28)
  })
})
