import { readFileSync } from "node:fs"
import { createRequire } from "node:module"
import { fc, test as fcTest } from "@fast-check/vitest"
import { RegionCalendar } from "@liaison/calendars"
import { BusinessCalendar, Deadline, LocalDate, OfficialCalendars } from "@liaison/core"
import * as Either from "effect/Either"
import { describe, expect, it } from "vitest"

const calendarOf = (options: RegionCalendar.Options) => Either.getOrThrow(RegionCalendar.make(options))
const day = (calendar: BusinessCalendar.BusinessCalendar, date: string) =>
  Either.getOrThrow(BusinessCalendar.dayInfo(calendar, LocalDate.unsafeMake(date)))
const working = (calendar: BusinessCalendar.BusinessCalendar, date: string) => day(calendar, date).working
const errorOf = (options: RegionCalendar.Options): RegionCalendar.RegionError => {
  const result = RegionCalendar.data(options)
  if (Either.isRight(result)) throw new Error("expected a failure")
  return result.left
}

const years = { from: 2025, to: 2027 }

describe("RegionCalendar.make", () => {
  it("Germany: Christmas Day and Boxing Day are holidays, by name; Saturdays and Sundays are the weekend", () => {
    const de = calendarOf({ country: "DE", years })
    expect(day(de, "2026-12-25")).toMatchObject({ working: false, kind: "holiday", holiday: { name: "Christmas Day" } })
    expect(day(de, "2026-12-26").kind).toBe("holiday") // a Saturday, named as the holiday
    expect(working(de, "2026-12-24")).toBe(true) // Christmas Eve is not a public holiday
    expect(de.data.weekendDays).toEqual([6, 7])
    expect(de.data.timeZone).toBe("Europe/Berlin")
    // Corpus Christi is a holiday in Bavaria, not in Berlin.
    expect(working(de, "2026-06-04")).toBe(true)
    expect(working(calendarOf({ country: "DE", state: "BY", years }), "2026-06-04")).toBe(false)
  })

  it("United States: Thanksgiving is the fourth Thursday of November; Independence Day 2026 is observed on Friday 3 July", () => {
    const us = calendarOf({ country: "US", years })
    expect(day(us, "2026-11-26").holiday?.name).toBe("Thanksgiving Day")
    expect(day(us, "2025-11-27").holiday?.name).toBe("Thanksgiving Day")
    expect(day(us, "2027-11-25").holiday?.name).toBe("Thanksgiving Day")
    expect(working(us, "2026-07-03")).toBe(false)
    expect(working(us, "2026-11-27")).toBe(true) // the day after is an observance, not public
    expect(working(calendarOf({ country: "US", years, types: ["public", "observance"] }), "2026-11-27")).toBe(false)
  })

  it("Hong Kong: the first three days of the Lunar New Year 2026, named in Chinese and English", () => {
    const hk = calendarOf({ country: "HK", years })
    for (const date of ["2026-02-17", "2026-02-18", "2026-02-19"]) expect(working(hk, date)).toBe(false)
    expect(working(hk, "2026-02-20")).toBe(true) // a working Friday in Hong Kong, a holiday on the mainland
    expect(day(hk, "2026-02-17").holiday).toEqual({ name: "Lunar New Year’s Day", nameZh: "農曆年初一" })
    expect(hk.data.timeZone).toBe("Asia/Hong_Kong")
  })

  it("Singapore: Chinese New Year and National Day with its substitute Monday", () => {
    const sg = calendarOf({ country: "SG", years })
    expect(working(sg, "2026-02-17")).toBe(false)
    expect(working(sg, "2026-02-18")).toBe(false)
    expect(working(sg, "2026-08-10")).toBe(false) // 9 August 2026 is a Sunday
    expect(sg.data.timeZone).toBe("Asia/Singapore")
  })

  it("takes the region's weekend from CLDR: Friday–Saturday in Saudi Arabia", () => {
    const sa = calendarOf({ country: "SA", years })
    expect(sa.data.weekendDays).toEqual([5, 6])
    expect(working(sa, "2026-03-06")).toBe(false) // a Friday
    expect(working(sa, "2026-03-08")).toBe(true) // a Sunday
    expect(calendarOf({ country: "SA", years, weekendDays: [6, 7] }).data.weekendDays).toEqual([6, 7])
  })

  it("covers exactly the years asked for, and says which data it is", () => {
    const de = calendarOf({ country: "DE", state: "BY", years: { from: 2026, to: 2026 } })
    expect(de.data.coverage).toEqual({ from: "2026-01-01", to: "2026-12-31" })
    expect(de.data.version).toBe("date-holidays-3.37.0/DE-BY/public/2026-2026")
    expect(de.data.source).toContain("date-holidays 3.37.0")
    expect(de.data.source).toContain("CC BY-SA 3.0")
    expect(de.id).toBe("dh-de-by")
    const beyond = BusinessCalendar.isWorkingDay(de, LocalDate.unsafeMake("2027-01-04"))
    expect(Either.isLeft(beyond) && beyond.left._tag).toBe("OutsideCoverage")
  })

  it("quotes the version of date-holidays actually installed", () => {
    const require = createRequire(import.meta.url)
    const entry = require.resolve("date-holidays")
    const pkg = JSON.parse(readFileSync(entry.replace(/lib[/\\]index\.cjs$/, "package.json"), "utf8")) as {
      version: string
    }
    expect(RegionCalendar.dateHolidaysVersion).toBe(pkg.version)
  })

  it("plans deadlines on a region's calendar: 5 working days before a visit after Easter 2026 in Germany", () => {
    const de = calendarOf({ country: "DE", years })
    const rule = Deadline.point(Deadline.eventStart, Deadline.before(5, "workingDays"))
    const due = Either.getOrThrow(Deadline.evaluate(rule, { calendar: de, eventStart: "2026-04-10" }))
    // 10 April (Fri) back over Easter Monday (6 April) and Good Friday (3 April): 9, 8, 7, 2, 1 April.
    expect(due.dueDate).toBe("2026-04-01")
    expect(due.explanation.sentence.en).toContain("Easter Monday")
  })

  describe("mainland China: date-holidays is not the official calendar", () => {
    it("is refused, pointing to OfficialCalendars.cnMainland", () => {
      const e = errorOf({ country: "CN", years })
      expect([e._tag, e.reason, e.path]).toEqual(["RegionError", "UseOfficialCalendar", "country"])
      expect(e.message).toContain("OfficialCalendars.cnMainland")
    })
    it("built anyway, it misses the make-up working days (调休) and most of the Spring Festival break", () => {
      const dh = calendarOf({ country: "CN", years: { from: 2026, to: 2026 }, acceptIncompleteChina: true })
      const official = OfficialCalendars.cnMainland
      // Saturday 14 February 2026 is worked (调休); date-holidays calls it a weekend day.
      expect(working(official, "2026-02-14")).toBe(true)
      expect(working(dh, "2026-02-14")).toBe(false)
      // Friday 20 February is inside the official nine-day break; date-holidays calls it a working day.
      expect(working(official, "2026-02-20")).toBe(false)
      expect(working(dh, "2026-02-20")).toBe(true)
      expect(dh.data.makeUpWorkingDays).toEqual([])
      // So the same rule lands on different days.
      const rule = Deadline.point(Deadline.eventStart, Deadline.before(5, "workingDays"))
      const a = Either.getOrThrow(Deadline.evaluate(rule, { calendar: official, eventStart: "2026-02-24" }))
      const b = Either.getOrThrow(Deadline.evaluate(rule, { calendar: dh, eventStart: "2026-02-24" }))
      expect(a.dueDate).toBe("2026-02-10")
      expect(b.dueDate).not.toBe(a.dueDate)
    })
  })

  describe("bad input: a typed error naming the option", () => {
    it("an unknown country, state or region", () => {
      expect(errorOf({ country: "XX", years })).toMatchObject({ reason: "UnknownRegion", path: "country" })
      const state = errorOf({ country: "DE", state: "ZZ", years })
      expect(state).toMatchObject({ reason: "UnknownRegion", path: "state" })
      expect(state.message).toContain("BY")
      expect(errorOf({ country: "DE", state: "BY", region: "nowhere", years })).toMatchObject({
        reason: "UnknownRegion",
        path: "region"
      })
    })
    it("reversed years, an unknown holiday type, no types", () => {
      expect(errorOf({ country: "DE", years: { from: 2027, to: 2026 } }).path).toBe("years")
      expect(errorOf({ country: "DE", years, types: ["public", "festive" as never] }).path).toBe("types[1]")
      expect(errorOf({ country: "DE", years, types: [] }).path).toBe("types")
    })
    it("a time zone the runtime does not know fails as calendar data, at its path", () => {
      const result = RegionCalendar.make({ country: "DE", years, timeZone: "Europe/Bonn" })
      expect(Either.isLeft(result) && result.left._tag).toBe("CalendarDataError")
    })
  })
})

describe("laws", () => {
  const countries = ["DE", "US", "GB", "FR", "JP", "HK", "SG", "AU", "SA", "IN", "BR", "KR"]
  fcTest.prop([fc.constantFrom(...countries), fc.integer({ min: 2000, max: 2040 }), fc.integer({ min: 0, max: 2 })], {
    numRuns: 40
  })(
    "any region and years make a valid calendar whose every holiday lies in its coverage and is a day off",
    (country, from, span) => {
      const calendar = calendarOf({ country, years: { from, to: from + span } })
      expect(calendar.data.coverage).toEqual({ from: `${from}-01-01`, to: `${from + span}-12-31` })
      expect(new Set(calendar.data.holidays.map((h) => h.date)).size).toBe(calendar.data.holidays.length)
      for (const h of calendar.data.holidays) {
        expect(h.date >= calendar.data.coverage.from && h.date <= calendar.data.coverage.to).toBe(true)
        const info = day(calendar, h.date)
        expect(info.kind).toBe("holiday")
        // A half-day holiday keeps its morning: still a working day.
        expect(info.working).toBe(h.halfDay !== undefined)
      }
    }
  )
})
