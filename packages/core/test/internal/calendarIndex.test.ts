import { describe, expect, it } from "@effect/vitest"
import * as Either from "effect/Either"
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

  it("positionOf: every day of the coverage, and -1 for the days around it", () => {
    for (let day = ix.start - 400; day <= ix.end + 400; day++) {
      const inside = day >= ix.start && day <= ix.end
      expect(Ix.positionOf(ix, LocalDate.fromEpochDay(day))).toBe(inside ? day - ix.start : -1)
    }
  })

  it("addInCoverage: undefined for what the general path must answer", () => {
    const lastWorking = LocalDate.fromEpochDay(ix.workDays[ix.workDays.length - 1]!)
    const firstWorking = LocalDate.fromEpochDay(ix.workDays[0]!)
    for (const [date, n] of [
      ["2024-02-30", 1],
      ["2024-05-06", 0],
      ["2024-05-06", 1.5],
      ["2024-05-06", Number.NaN],
      ["2024-05-06", Number.POSITIVE_INFINITY],
      ["2024-05-06", 1_000_001],
      ["2024-05-06", -1_000_001],
      [lastWorking, 1],
      [firstWorking, -1],
      [LocalDate.fromEpochDay(ix.end + 1), 1],
      [LocalDate.fromEpochDay(ix.start - 1), 1],
      [20240506, 1],
      [{ length: 10, charCodeAt: () => 50 }, 1]
    ] as const) {
      expect(Ix.addInCoverage(ix, date as string, n)).toBeUndefined()
    }
  })

  it("addInCoverage: the same answer for text from JSON.parse, built by concatenation, or sliced", () => {
    for (let day = ix.start; day <= ix.end - 40; day += 37) {
      const text = LocalDate.fromEpochDay(day)
      const expected = Ix.addInCoverage(ix, text, 5)
      expect(expected).toBeDefined()
      for (const same of [
        JSON.parse(JSON.stringify(text)) as string,
        text.slice(0, 4) + text.slice(4),
        ` ${text}`.slice(1),
        [...text].join("")
      ]) {
        expect(Ix.addInCoverage(ix, same, 5)).toBe(expected)
      }
      // One character off, at each place: never an answer from the fast path.
      for (let at = 0; at < 10; at++) {
        for (const code of [0x2f, 0x3a, 0x20, text.charCodeAt(at) + 10, text.charCodeAt(at) - 10]) {
          const off = text.slice(0, at) + String.fromCharCode(code) + text.slice(at + 1)
          const answer = Ix.addInCoverage(ix, off, 5)
          const day2 = LocalDate.toEpochDay(off)
          if (Number.isNaN(day2)) expect(answer).toBeUndefined()
          else if (answer !== undefined) expect(answer).toBe(Ix.rightOf(ix, Ix.addWorking(ix, day2, 5)))
        }
      }
    }
  })

  describe("laws", () => {
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
    /** Text shaped like a date with one character replaced by any other (a non-digit next to '0' or '9', a dash…). */
    const oneOff = fc
      .record({
        day: fc.integer({ min: ix.start - 40, max: ix.end + 40 }),
        at: fc.integer({ min: 0, max: 9 }),
        code: fc.integer({ min: 0, max: 0xffff })
      })
      .map(({ at, code, day }) => {
        const s = LocalDate.fromEpochDay(day)
        return s.slice(0, at) + String.fromCharCode(code) + s.slice(at + 1)
      })
    const anyText = fc.oneof(text, nearCoverage, oneOff, fc.string({ maxLength: 12 }))

    it("the month-table parse agrees with LocalDate.toEpochDay on any text shaped like a date", () => {
      fc.assert(
        fc.property(anyText, (s) => same(Ix.parse(ix, s), LocalDate.toEpochDay(s))),
        { numRuns: 3000 }
      )
    })

    it("positionOf is the day's place in the coverage exactly when toEpochDay reads a day of the coverage", () => {
      fc.assert(
        fc.property(anyText, (s) => {
          const day = LocalDate.toEpochDay(s)
          const inside = !Number.isNaN(day) && day >= ix.start && day <= ix.end
          return Ix.positionOf(ix, s) === (inside ? day - ix.start : -1)
        }),
        { numRuns: 3000 }
      )
    })

    it("addInCoverage answers exactly when the date and its answer are in the coverage, with the index's answer", () => {
      const n = fc.oneof(
        fc.integer({ min: -400, max: 400 }),
        fc.integer({ min: -1_000_002, max: 1_000_002 }),
        fc.double({ noDefaultInfinity: false })
      )
      fc.assert(
        fc.property(anyText, n, (s, n) => {
          const got = Ix.addInCoverage(ix, s, n)
          const day = LocalDate.toEpochDay(s)
          const answerable =
            !Number.isNaN(day) &&
            day >= ix.start &&
            day <= ix.end &&
            Number.isInteger(n) &&
            n !== 0 &&
            Math.abs(n) <= 1_000_000
          const target = answerable ? Ix.addWorking(ix, day, n) : Number.NaN
          if (!answerable || target < ix.start || target > ix.end) return got === undefined
          // The shared answer of the day (the same object `rightOf` gives), holding the day's text.
          return got === Ix.rightOf(ix, target) && Either.isRight(got) && got.right === LocalDate.fromEpochDay(target)
        }),
        { numRuns: 5000 }
      )
    })
  })
})
