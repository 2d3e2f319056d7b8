import { describe, expect, it } from "@effect/vitest"
import fc from "fast-check"
import * as Ix from "../../src/internal/calendarIndex.js"
import * as LocalDate from "../../src/LocalDate.js"
import * as OfficialCalendars from "../../src/OfficialCalendars.js"

const ix = OfficialCalendars.cnMainland.index
const same = (a: number, b: number) => (Number.isNaN(a) ? Number.isNaN(b) : a === b)

describe("calendar index", () => {
  it("parses every day of the coverage, and the days around it, to its epoch day", () => {
    for (let day = ix.start - 400; day <= ix.end + 400; day++) {
      expect(Ix.parse(ix, LocalDate.fromEpochDay(day))).toBe(day)
    }
  })

  it("refuses dates that do not exist inside the coverage's years", () => {
    for (const text of [
      "2024-02-30",
      "2023-02-29",
      "2026-04-31",
      "2026-13-01",
      "2026-00-10",
      "2026-01-00",
      "2026-1-01"
    ]) {
      expect(Number.isNaN(Ix.parse(ix, text))).toBe(true)
    }
    expect(Ix.parse(ix, "2024-02-29")).toBe(LocalDate.epochDayOf(2024, 2, 29))
  })

  describe("laws", () => {
    it("the month-table parse agrees with LocalDate.toEpochDay on any text shaped like a date", () => {
      const digit = fc.constantFrom(..."0123456789/ :a".split(""))
      const text = fc
        .tuple(
          fc.array(digit, { minLength: 4, maxLength: 4 }),
          fc.array(digit, { minLength: 2, maxLength: 2 }),
          fc.array(digit, { minLength: 2, maxLength: 2 })
        )
        .map(([y, m, d]) => `${y.join("")}-${m.join("")}-${d.join("")}`)
      const nearCoverage = fc
        .record({
          year: fc.integer({ min: 1990, max: 2040 }),
          month: fc.integer({ min: 0, max: 13 }),
          day: fc.integer({ min: 0, max: 32 })
        })
        .map(({ day, month, year }) => `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`)
      fc.assert(
        fc.property(fc.oneof(text, nearCoverage, fc.string({ maxLength: 12 })), (s) =>
          same(Ix.parse(ix, s), LocalDate.toEpochDay(s))
        ),
        { numRuns: 3000 }
      )
    })
  })
})
