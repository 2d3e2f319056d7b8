import { describe, expect, it } from "@effect/vitest"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import fc from "fast-check"
import { LocalDate } from "../src/index.js"
import * as Arb from "../src/testing.js"

const d = LocalDate.unsafeMake
const DAY_MS = 86_400_000

/** Epoch day by the host's own Date, independent of LocalDate's arithmetic. */
const epochDayByDate = (text: string): number => Date.parse(`${text}T00:00:00Z`) / DAY_MS

describe("LocalDate", () => {
  describe("parsing", () => {
    it("counts 1970-01-01 as epoch day 0 and the 2026 visit day as 20508", () => {
      expect(LocalDate.toEpochDay("1970-01-01")).toBe(0)
      expect(LocalDate.toEpochDay("2026-02-24")).toBe(20508)
      expect(LocalDate.toEpochDay("1969-12-31")).toBe(-1)
    })

    it("accepts 29 February only in leap years (2000 and 2024, not 1900 or 2026)", () => {
      expect(LocalDate.isLocalDate("2000-02-29")).toBe(true)
      expect(LocalDate.isLocalDate("2024-02-29")).toBe(true)
      expect(LocalDate.isLocalDate("1900-02-29")).toBe(false)
      expect(LocalDate.isLocalDate("2026-02-29")).toBe(false)
    })

    it("refuses dates that do not exist or are not written YYYY-MM-DD", () => {
      for (const text of [
        "2026-02-30",
        "2026-04-31",
        "2026-13-01",
        "2026-00-10",
        "2026-01-00",
        "0000-01-01",
        "abc",
        "2026-2-3",
        "2026/02/03",
        "20260203",
        "2026-02-03T00:00",
        " 2026-02-03",
        "２０２６-02-03",
        ""
      ]) {
        expect(LocalDate.isLocalDate(text), text).toBe(false)
        expect(Number.isNaN(LocalDate.toEpochDay(text)), text).toBe(true)
      }
    })

    it("refuses values that are not strings without throwing", () => {
      for (const value of [20260224, null, undefined, {}, ["2026-02-24"]]) {
        expect(LocalDate.isLocalDate(value)).toBe(false)
      }
    })

    it("make returns InvalidLocalDate with the input for 2026-02-30", () => {
      const result = LocalDate.make("2026-02-30")
      expect(Either.isLeft(result)).toBe(true)
      if (Either.isLeft(result)) {
        expect(result.left._tag).toBe("InvalidLocalDate")
        expect(result.left.input).toBe("2026-02-30")
        expect(result.left.message).toContain("2026-02-30")
      }
      expect(LocalDate.make("2026-02-28")).toStrictEqual(Either.right("2026-02-28"))
    })

    it("unsafeMake throws on a date that does not exist", () => {
      expect(() => LocalDate.unsafeMake("2026-02-30")).toThrow(/2026-02-30/)
    })

    it("the Schema rejects a non-date with a message naming the input", () => {
      const result = Schema.decodeUnknownEither(LocalDate.LocalDate)("2026-02-30")
      expect(Either.isLeft(result)).toBe(true)
      if (Either.isLeft(result)) expect(String(result.left.message)).toContain('"2026-02-30"')
      expect(Schema.decodeUnknownEither(LocalDate.LocalDate)("2026-02-24")).toStrictEqual(Either.right("2026-02-24"))
    })
  })

  describe("parts and weekdays", () => {
    it("knows 14 February 2026 (a make-up Saturday) is a Saturday and 1970-01-01 a Thursday", () => {
      expect(LocalDate.weekday(d("2026-02-14"))).toBe(6)
      expect(LocalDate.weekday(d("2026-02-15"))).toBe(7)
      expect(LocalDate.weekday(d("2026-02-24"))).toBe(2)
      expect(LocalDate.weekday(d("1970-01-01"))).toBe(4)
    })

    it("counts the proleptic Gregorian calendar back to 0001-01-01, a Monday", () => {
      expect(LocalDate.weekday(d("0001-01-01"))).toBe(1)
      expect(LocalDate.fromEpochDay(LocalDate.toEpochDay("0001-01-01"))).toBe("0001-01-01")
      expect(LocalDate.fromEpochDay(LocalDate.toEpochDay("9999-12-31"))).toBe("9999-12-31")
    })

    it("fromParts builds a date and refuses one that does not exist", () => {
      expect(LocalDate.fromParts(2026, 2, 24)).toStrictEqual(Either.right("2026-02-24"))
      expect(LocalDate.fromParts(7, 3, 8)).toStrictEqual(Either.right("0007-03-08"))
      for (const [y, m, day] of [
        [2026, 2, 29],
        [2026, 13, 1],
        [0, 1, 1],
        [10000, 1, 1],
        [2026, 1.5, 1]
      ] as const) {
        expect(Either.isLeft(LocalDate.fromParts(y, m, day)), `${y}-${m}-${day}`).toBe(true)
      }
    })

    it("knows the length of February in leap and common years", () => {
      expect(LocalDate.daysInMonth(2024, 2)).toBe(29)
      expect(LocalDate.daysInMonth(1900, 2)).toBe(28)
      expect(LocalDate.daysInMonth(2000, 2)).toBe(29)
      expect(LocalDate.daysInMonth(2026, 4)).toBe(30)
      expect(LocalDate.daysInMonth(2026, 12)).toBe(31)
    })
  })

  describe("arithmetic", () => {
    it("adds calendar days across a month end, a year end and 29 February", () => {
      expect(LocalDate.addDays(d("2026-01-31"), 1)).toEqual(Either.right("2026-02-01"))
      expect(LocalDate.addDays(d("2026-12-31"), 1)).toEqual(Either.right("2027-01-01"))
      expect(LocalDate.addDays(d("2024-02-28"), 1)).toEqual(Either.right("2024-02-29"))
      expect(LocalDate.addDays(d("2024-03-01"), -1)).toEqual(Either.right("2024-02-29"))
      expect(LocalDate.addDays(d("2026-03-01"), -1)).toEqual(Either.right("2026-02-28"))
    })

    it("counts the days from 14 to 24 February 2026 as 10, and back as -10", () => {
      expect(LocalDate.daysBetween(d("2026-02-14"), d("2026-02-24"))).toBe(10)
      expect(LocalDate.daysBetween(d("2026-02-24"), d("2026-02-14"))).toBe(-10)
    })

    it("orders dates as the calendar does", () => {
      expect(LocalDate.compare(d("2026-02-09"), d("2026-02-10"))).toBe(-1)
      expect(LocalDate.compare(d("2026-02-10"), d("2026-02-10"))).toBe(0)
      expect(LocalDate.compare(d("2027-01-01"), d("2026-12-31"))).toBe(1)
    })
  })

  describe("laws", () => {
    const anyDate = Arb.localDate({ min: d("0001-01-01"), max: d("9999-12-31") })

    it("agrees with the host's Date on the epoch day of every date", () => {
      fc.assert(
        fc.property(anyDate, (date) => {
          expect(LocalDate.toEpochDay(date)).toBe(epochDayByDate(date))
        }),
        { numRuns: 1000 }
      )
    })

    it("writes back the text it parsed (fromEpochDay ∘ toEpochDay = id)", () => {
      fc.assert(
        fc.property(anyDate, (date) => {
          expect(LocalDate.fromEpochDay(LocalDate.toEpochDay(date))).toBe(date)
          expect(LocalDate.isLocalDate(date)).toBe(true)
        }),
        { numRuns: 1000 }
      )
    })

    it("accepts text exactly when the host's Date writes it back unchanged", () => {
      const text = fc
        .tuple(fc.integer({ min: 1, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }))
        .map(
          ([y, m, day]) => `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(day).padStart(2, "0")}`
        )
      fc.assert(
        fc.property(text, (t) => {
          const ms = Date.parse(`${t}T00:00:00Z`)
          const real = !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === t
          expect(LocalDate.isLocalDate(t)).toBe(real)
        }),
        { numRuns: 1000 }
      )
    })

    it("advances the weekday by one each day, as the host's Date does", () => {
      fc.assert(
        fc.property(anyDate, (date) => {
          const jsDay = new Date(Date.parse(`${date}T00:00:00Z`)).getUTCDay()
          expect(LocalDate.weekday(date)).toBe(jsDay === 0 ? 7 : jsDay)
        }),
        { numRuns: 1000 }
      )
    })

    it("addDays and daysBetween are inverse", () => {
      fc.assert(
        fc.property(Arb.localDate(), fc.integer({ min: -5000, max: 5000 }), (date, n) => {
          const moved = LocalDate.unsafeAddDays(date, n)
          expect(LocalDate.isLocalDate(moved)).toBe(true)
          expect(LocalDate.daysBetween(date, moved)).toBe(n)
        }),
        { numRuns: 500 }
      )
    })

    it("addDays answers a real date or DateOutOfRange, never impossible text, for any date and any count", () => {
      fc.assert(
        fc.property(
          Arb.localDate(),
          fc.oneof(fc.integer({ min: -4_000_000, max: 4_000_000 }), fc.double(), fc.constantFrom(0.5, Number.NaN)),
          (date, n) => {
            const moved = LocalDate.addDays(date, n)
            const target = LocalDate.toEpochDay(date) + n
            if (LocalDate.isRepresentable(target)) {
              expect(moved).toEqual(Either.right(LocalDate.fromEpochDay(target)))
            } else {
              expect(Either.isLeft(moved) && moved.left._tag).toBe("DateOutOfRange")
              expect(() => LocalDate.unsafeAddDays(date, n)).toThrow(/0001-01-01…9999-12-31|whole days/)
            }
          }
        ),
        { numRuns: 2_000 }
      )
      expect(Either.isLeft(LocalDate.addDays(d("2003-04-06"), 4_345_600))).toBe(true)
      expect(Either.isLeft(LocalDate.addDays(d("0001-01-01"), -1))).toBe(true)
      expect(LocalDate.addDays(d("9999-12-30"), 1)).toEqual(Either.right("9999-12-31"))
    })

    it("compares as the epoch days do", () => {
      fc.assert(
        fc.property(anyDate, anyDate, (a, b) => {
          expect(LocalDate.compare(a, b)).toBe(Math.sign(LocalDate.toEpochDay(a) - LocalDate.toEpochDay(b)))
        }),
        { numRuns: 500 }
      )
    })

    it("localDate stays within its bounds", () => {
      const min = d("2026-02-14")
      const max = d("2026-02-28")
      fc.assert(
        fc.property(Arb.localDate({ min, max }), (date) => {
          expect(date >= min && date <= max).toBe(true)
        }),
        { numRuns: 200 }
      )
    })
  })
})
