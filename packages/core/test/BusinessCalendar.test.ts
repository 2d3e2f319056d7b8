import { describe, expect, it } from "@effect/vitest"
import * as DateTime from "effect/DateTime"
import * as Either from "effect/Either"
import fc from "fast-check"
import { BusinessCalendar, LocalDate, OfficialCalendars } from "../src/index.js"
import * as Arb from "../src/testing.js"

type Calendar = BusinessCalendar.BusinessCalendar

const d = LocalDate.unsafeMake
const cn = OfficialCalendars.cnMainland
const P = { beyondCoverage: "provisional" } as const
const DAY_MS = 86_400_000
const HOUR = 3_600_000
const MINUTE = 60_000
const RollConventions: ReadonlyArray<BusinessCalendar.RollConvention> = [
  "strict",
  "following",
  "preceding",
  "modifiedFollowing",
  "modifiedPreceding"
]

const right = <A, E>(result: Either.Either<A, E>): A => {
  if (Either.isLeft(result)) throw new Error(`expected a Right, got ${JSON.stringify(result.left)}`)
  return result.right
}

const left = <A, E>(result: Either.Either<A, E>): E => {
  if (Either.isRight(result)) throw new Error(`expected a Left, got ${JSON.stringify(result.right)}`)
  return result.left
}

const working = (calendar: Calendar, date: string): boolean => right(BusinessCalendar.isWorkingDay(calendar, d(date)))

/** An instant at a local date and time in the calendar's zone. */
const at = (calendar: Calendar, date: string, time: string): DateTime.Zoned =>
  right(BusinessCalendar.instantAt(calendar, d(date), time))

/** Local `YYYY-MM-DD HH:MM` of an instant in the calendar's zone. */
const local = (calendar: Calendar, instant: DateTime.DateTime): string => {
  const p = DateTime.toParts(DateTime.unsafeMakeZoned(instant, { timeZone: calendar.zone }))
  const pad = (n: number) => String(n).padStart(2, "0")
  return `${String(p.year).padStart(4, "0")}-${pad(p.month)}-${pad(p.day)} ${pad(p.hours)}:${pad(p.minutes)}`
}

const calendarOf = (data: Partial<BusinessCalendar.CalendarData> = {}): Calendar =>
  right(
    BusinessCalendar.decode({
      id: "test",
      name: "Test",
      timeZone: "Asia/Shanghai",
      weekendDays: [6, 7],
      holidays: [],
      makeUpWorkingDays: [],
      coverage: { from: "2026-01-01", to: "2026-12-31" },
      version: "1",
      source: "test",
      ...data
    })
  )

/** A hypothetical 2027 notice: New Year's Day with a December 2026 make-up Saturday, and Spring Festival. */
const notice2027 = {
  year: 2027,
  holidays: [
    { date: "2027-01-01", name: "New Year's Day", nameZh: "元旦" },
    { date: "2027-01-02", name: "New Year's Day", nameZh: "元旦" },
    { date: "2027-01-03", name: "New Year's Day", nameZh: "元旦" },
    ...["05", "06", "07", "08", "09", "10", "11", "12", "13"].map((day) => ({
      date: `2027-02-${day}`,
      name: "Spring Festival",
      nameZh: "春节"
    }))
  ],
  makeUpWorkingDays: [
    { date: "2026-12-26", compensates: "New Year's Day", compensatesZh: "元旦" },
    { date: "2027-02-20", compensates: "Spring Festival", compensatesZh: "春节" }
  ],
  version: "cn-mainland-2027.1",
  source: "国务院办公厅关于2027年部分节假日安排的通知 (test copy)"
}

describe("BusinessCalendar", () => {
  describe("working days in the China mainland calendar", () => {
    it("5 working days before 2026-02-24 is 2026-02-10: 15–23 February are holidays, Saturday 14 February is worked", () => {
      expect(right(BusinessCalendar.addWorkingDays(cn, d("2026-02-24"), -5))).toBe("2026-02-10")
      expect(right(BusinessCalendar.workingDaysBetween(cn, d("2026-02-10"), d("2026-02-24")))).toBe(5)
      const notable = right(BusinessCalendar.notableDaysBetween(cn, d("2026-02-10"), d("2026-02-24")))
      expect(notable.map((i) => `${i.date} ${i.kind}`)).toEqual([
        "2026-02-14 makeUpWorkingDay",
        ...["15", "16", "17", "18", "19", "20", "21", "22", "23"].map((day) => `2026-02-${day} holiday`)
      ])
    })

    it("the 9-day Spring Festival break 2026 runs 15–23 February between make-up Saturdays 14 and 28 February", () => {
      const days = Array.from({ length: 17 }, (_, i) => LocalDate.unsafeAddDays(d("2026-02-13"), i))
      expect(days.filter((day) => !working(cn, day))).toEqual([
        "2026-02-15",
        "2026-02-16",
        "2026-02-17",
        "2026-02-18",
        "2026-02-19",
        "2026-02-20",
        "2026-02-21",
        "2026-02-22",
        "2026-02-23",
        "2026-03-01"
      ])
      expect(BusinessCalendar.holidayBlocks(cn, "春节").filter((b) => b.from.startsWith("2026"))).toEqual([
        { name: "Spring Festival", nameZh: "春节", from: "2026-02-15", to: "2026-02-23" }
      ])
      for (const saturday of ["2026-02-14", "2026-02-28"]) {
        const info = right(BusinessCalendar.dayInfo(cn, d(saturday)))
        expect(LocalDate.weekday(d(saturday))).toBe(6)
        expect(info).toMatchObject({ working: true, kind: "makeUpWorkingDay", provisional: false })
        expect(info.holiday).toEqual({ name: "Spring Festival", nameZh: "春节" })
        expect(info.reason).toBe("make-up working day (Sat) for Spring Festival")
      }
    })

    it("groups the 2025 National Day break into one block across the Mid-autumn day inside it", () => {
      expect(BusinessCalendar.holidayBlocks(cn, "National Day").filter((b) => b.from.startsWith("2025"))).toEqual([
        { name: "National Day", nameZh: "国庆节", from: "2025-10-01", to: "2025-10-08" }
      ])
      expect(right(BusinessCalendar.dayInfo(cn, d("2025-10-06"))).holiday).toEqual({
        name: "Mid-autumn Festival",
        nameZh: "中秋"
      })
    })

    it("a weekend inside a holiday block is reported as the holiday", () => {
      expect(right(BusinessCalendar.dayInfo(cn, d("2026-02-21")))).toMatchObject({
        working: false,
        kind: "holiday",
        reason: "holiday: Spring Festival"
      })
      expect(right(BusinessCalendar.dayInfo(cn, d("2026-03-07"))).reason).toBe("weekend (Sat)")
    })

    it("1 working day after Saturday 14 February 2026 jumps the whole break to Tuesday 24 February", () => {
      expect(right(BusinessCalendar.nextWorkingDay(cn, d("2026-02-14")))).toBe("2026-02-24")
      expect(right(BusinessCalendar.nextWorkingDay(cn, d("2026-02-13")))).toBe("2026-02-14")
      expect(right(BusinessCalendar.previousWorkingDay(cn, d("2026-02-24")))).toBe("2026-02-14")
      expect(right(BusinessCalendar.nextWorkingDay(cn, d("2026-02-27")))).toBe("2026-02-28")
      expect(right(BusinessCalendar.nextWorkingDay(cn, d("2026-02-28")))).toBe("2026-03-02")
    })

    it("0 working days from a holiday is the holiday itself; counting from it skips the rest of the break", () => {
      expect(right(BusinessCalendar.addWorkingDays(cn, d("2026-02-17"), 0))).toBe("2026-02-17")
      expect(right(BusinessCalendar.addWorkingDays(cn, d("2026-02-17"), 1))).toBe("2026-02-24")
      expect(right(BusinessCalendar.addWorkingDays(cn, d("2026-02-17"), -1))).toBe("2026-02-14")
      expect(right(BusinessCalendar.addWorkingDays(cn, d("2026-02-17"), -2))).toBe("2026-02-13")
    })

    it("counts working days stepped over: the landing day counts, the starting day does not", () => {
      // forward (from, to]: 14 Feb (make-up) and 24 Feb
      expect(right(BusinessCalendar.workingDaysBetween(cn, d("2026-02-13"), d("2026-02-24")))).toBe(2)
      // backward -[to, from): 13 and 14 Feb
      expect(right(BusinessCalendar.workingDaysBetween(cn, d("2026-02-24"), d("2026-02-13")))).toBe(-2)
      expect(right(BusinessCalendar.workingDaysBetween(cn, d("2026-02-15"), d("2026-02-23")))).toBe(0)
      expect(right(BusinessCalendar.workingDaysBetween(cn, d("2026-02-24"), d("2026-02-24")))).toBe(0)
    })

    it("the 2026 calendar year has 248 working days", () => {
      expect(right(BusinessCalendar.workingDaysBetween(cn, d("2025-12-31"), d("2026-12-31")))).toBe(248)
    })
  })

  describe("coverage", () => {
    it("refuses 2027-01-01, past the data, naming the coverage", () => {
      const error = left(BusinessCalendar.isWorkingDay(cn, d("2027-01-01")))
      expect(error).toBeInstanceOf(BusinessCalendar.OutsideCoverage)
      expect(error).toMatchObject({
        _tag: "OutsideCoverage",
        calendarId: "cn-mainland",
        date: "2027-01-01",
        coverageFrom: "2004-01-01",
        coverageTo: "2026-12-31"
      })
      expect(error.message).toContain("notice")
    })

    it("answers 2027-01-01 provisionally, marked with the weekends-only assumption", () => {
      const answer = right(BusinessCalendar.isWorkingDay(cn, d("2027-01-01"), P))
      expect(answer.value).toBe(true)
      expect(answer.provisional).toBe(true)
      expect(answer.assumptions).toHaveLength(1)
      expect(answer.assumptions[0]).toContain("2004-01-01–2026-12-31")
      expect(answer.assumptions[0]).toContain("only weekends (Sat, Sun) are assumed off")
    })

    it("an answer inside the coverage asked provisionally is not marked", () => {
      expect(right(BusinessCalendar.addWorkingDays(cn, d("2026-02-24"), -5, P))).toEqual({
        value: "2026-02-10",
        provisional: false,
        assumptions: []
      })
    })

    it("refuses a count that lands beyond the coverage, and marks the provisional answer", () => {
      expect(left(BusinessCalendar.addWorkingDays(cn, d("2026-12-31"), 1))).toMatchObject({
        _tag: "OutsideCoverage",
        date: "2027-01-01"
      })
      expect(right(BusinessCalendar.addWorkingDays(cn, d("2026-12-31"), 1, P))).toMatchObject({
        value: "2027-01-01",
        provisional: true
      })
      expect(left(BusinessCalendar.addWorkingDays(cn, d("2004-01-05"), -3))).toMatchObject({
        _tag: "OutsideCoverage",
        date: "2003-12-30"
      })
      expect(left(BusinessCalendar.workingDaysBetween(cn, d("2026-12-01"), d("2027-01-15")))).toMatchObject({
        _tag: "OutsideCoverage",
        date: "2027-01-15"
      })
    })

    it("does not claim a weekend beyond the coverage is off: strict roll there is OutsideCoverage", () => {
      // 2027-01-02 is a Saturday, but next year's notice could make it a make-up working day
      expect(left(BusinessCalendar.roll(cn, d("2027-01-02"), "strict"))._tag).toBe("OutsideCoverage")
      expect(left(BusinessCalendar.roll(cn, d("2027-01-02"), "strict", P))._tag).toBe("NotAWorkingDay")
      expect(right(BusinessCalendar.roll(cn, d("2027-01-02"), "following", P))).toMatchObject({
        value: "2027-01-04",
        provisional: true
      })
    })

    it("dayInfo beyond the coverage says it is provisional", () => {
      expect(right(BusinessCalendar.dayInfo(cn, d("2027-01-01")))).toMatchObject({ working: true, provisional: true })
    })
  })

  describe("next year's notice", () => {
    const with2027 = right(BusinessCalendar.loadNotice(cn, JSON.parse(JSON.stringify(notice2027))))

    it("a December make-up day announced in the next year's notice turns a 2026 Saturday into a working day", () => {
      expect(working(cn, "2026-12-26")).toBe(false)
      expect(working(with2027, "2026-12-26")).toBe(true)
      expect(right(BusinessCalendar.dayInfo(with2027, d("2026-12-26")))).toMatchObject({
        kind: "makeUpWorkingDay",
        holiday: { name: "New Year's Day", nameZh: "元旦" }
      })
      expect(right(BusinessCalendar.addWorkingDays(cn, d("2026-12-24"), 2))).toBe("2026-12-28")
      expect(right(BusinessCalendar.addWorkingDays(with2027, d("2026-12-24"), 2))).toBe("2026-12-26")
    })

    it("extends the coverage to the end of 2027 and takes the notice's version", () => {
      expect(with2027.data.coverage).toEqual({ from: "2004-01-01", to: "2027-12-31" })
      expect(with2027.data.version).toBe("cn-mainland-2027.1")
      expect(with2027.data.source).toContain("2027: 国务院办公厅关于2027年部分节假日安排的通知")
      expect(working(with2027, "2027-01-01")).toBe(false)
      expect(working(with2027, "2027-02-20")).toBe(true)
      expect(working(with2027, "2027-02-12")).toBe(false)
      // the base calendar is unchanged
      expect(cn.data.coverage.to).toBe("2026-12-31")
    })

    it("a provisional answer becomes official, and moves, once the notice is loaded", () => {
      const before = right(BusinessCalendar.addWorkingDays(cn, d("2026-12-31"), 1, P))
      const after = right(BusinessCalendar.addWorkingDays(with2027, d("2026-12-31"), 1, P))
      expect(before).toMatchObject({ value: "2027-01-01", provisional: true })
      expect(after).toEqual({ value: "2027-01-04", provisional: false, assumptions: [] })
    })

    it("reports a bad notice with paths into the notice", () => {
      const error = left(
        BusinessCalendar.loadNotice(cn, {
          ...notice2027,
          holidays: [notice2027.holidays[0], { date: "2027-02-30", name: "" }],
          makeUpWorkingDays: [{ date: "2026-12-26" }],
          version: 7
        })
      )
      expect(error._tag).toBe("CalendarDataError")
      expect(error.issues.map((i) => i.path).sort()).toEqual([
        "holidays[1].date",
        "holidays[1].name",
        "makeUpWorkingDays[0].compensates",
        "version"
      ])
      expect(error.issues.find((i) => i.path === "holidays[1].date")?.message).toContain("2027-02-30")
      expect(error.message).toContain("holidays[1].date")
    })

    it("refuses unknown fields in a notice", () => {
      const error = left(BusinessCalendar.loadNotice(cn, { ...notice2027, holiday: [] }))
      expect(error.issues.map((i) => i.path)).toEqual(["holiday"])
    })

    it("reports a date listed twice in a notice at its path in the notice", () => {
      const error = left(
        BusinessCalendar.loadNotice(cn, {
          ...notice2027,
          holidays: [notice2027.holidays[0], notice2027.holidays[0]]
        })
      )
      expect(error.issues).toEqual([{ path: "holidays[1].date", message: "2027-01-01 is listed twice" }])
    })

    it("refuses a notice date outside the notice's year and the December before it", () => {
      const error = left(
        BusinessCalendar.loadNotice(cn, {
          ...notice2027,
          holidays: [notice2027.holidays[0], { date: "2029-01-01", name: "New Year's Day" }],
          makeUpWorkingDays: [{ date: "2025-12-27", compensates: "New Year's Day" }]
        })
      )
      expect(error.issues.map((i) => i.path)).toEqual(["holidays[1].date", "makeUpWorkingDays[0].date"])
    })

    it("refuses a notice that would leave a gap after the coverage", () => {
      const error = left(
        BusinessCalendar.loadNotice(cn, {
          year: 2028,
          holidays: [],
          makeUpWorkingDays: [],
          version: "2028",
          source: "x"
        })
      )
      expect(error.issues).toEqual([
        { path: "year", message: "notice for 2028 leaves a gap after the coverage ending 2026-12-31" }
      ])
    })

    it("refuses a notice that would leave a gap before the coverage, instead of treating the gap as official", () => {
      const error = left(
        BusinessCalendar.loadNotice(cn, {
          year: 1990,
          holidays: [],
          makeUpWorkingDays: [],
          version: "1990",
          source: "x"
        })
      )
      expect(error.issues.map((i) => i.path)).toEqual(["year"])
      const with2003 = right(
        BusinessCalendar.loadNotice(cn, {
          year: 2003,
          holidays: [{ date: "2003-01-01", name: "New Year's Day" }],
          makeUpWorkingDays: [],
          version: "2003",
          source: "x"
        })
      )
      expect(with2003.data.coverage.from).toBe("2003-01-01")
      expect(working(with2003, "2003-01-01")).toBe(false)
    })

    it("a notice for a covered year replaces that year's entries", () => {
      const corrected = right(
        BusinessCalendar.loadNotice(cn, {
          year: 2026,
          holidays: [{ date: "2026-02-16", name: "Spring Festival" }],
          makeUpWorkingDays: [],
          version: "cn-2026.2",
          source: "correction"
        })
      )
      expect(working(corrected, "2026-02-14")).toBe(false)
      expect(working(corrected, "2026-02-17")).toBe(true)
      expect(working(corrected, "2026-02-16")).toBe(false)
      expect(working(corrected, "2025-10-01")).toBe(false)
      expect(corrected.data.coverage).toEqual(cn.data.coverage)
    })
  })

  describe("audience calendars", () => {
    const desk = right(BusinessCalendar.derive(cn, { id: "trading-desk", ignoreMakeUpWorkingDays: true }))

    it("a trading desk that ignores make-up working days has Saturday 14 February 2026 off", () => {
      expect(working(cn, "2026-02-14")).toBe(true)
      expect(working(desk, "2026-02-14")).toBe(false)
      expect(working(desk, "2026-02-28")).toBe(false)
      expect(right(BusinessCalendar.dayInfo(desk, d("2026-02-14"))).kind).toBe("weekend")
      // so 5 working days before 2026-02-24 is the 9th there, as a holidays-only engine would say
      expect(right(BusinessCalendar.addWorkingDays(desk, d("2026-02-24"), -5))).toBe("2026-02-09")
      expect(desk.id).toBe("trading-desk")
      expect(desk.data.holidays).toEqual(cn.data.holidays)
    })

    it("an audience can add holidays and change its weekend", () => {
      const branch = right(
        BusinessCalendar.derive(cn, {
          id: "branch",
          addHolidays: [{ date: d("2026-03-02"), name: "Branch anniversary" }],
          weekendDays: [7]
        })
      )
      expect(working(branch, "2026-03-02")).toBe(false)
      expect(working(branch, "2026-03-07")).toBe(true)
      expect(working(branch, "2026-03-08")).toBe(false)
      expect(working(branch, "2026-02-21")).toBe(false)
    })

    // Found by the fuzz suite: derive encoded its result with encodeSync, so a bad change threw.
    it("refuses a bad change with a typed error and its path, never throwing", () => {
      const bad = left(
        BusinessCalendar.derive(cn, { id: "x", addHolidays: [{ date: d("2026-03-09"), name: "" }] })
      ).issues
      expect(bad.map((i) => i.path)).toEqual([expect.stringMatching(/^holidays\[\d+\]\.name$/)])
    })

    describe("8 March afternoon off (三八妇女节)", () => {
      const halfDays = OfficialCalendars.cnHalfDayHolidays(cn, "womensDay")
      const womenStaff = right(BusinessCalendar.derive(cn, { id: "women-staff", addHolidays: halfDays }))

      it("marks 8 March an afternoon half-day only in years it is a working day", () => {
        const dates = halfDays.map((h) => h.date)
        expect(dates).toContain("2024-03-08")
        expect(dates).not.toContain("2026-03-08") // a Sunday
        expect(dates).not.toContain("2025-03-08") // a Saturday
        expect(halfDays.every((h) => h.halfDay === "afternoon" && h.nameZh === "妇女节")).toBe(true)
      })

      it("keeps the day a working day: counts of working days do not change", () => {
        expect(working(womenStaff, "2024-03-08")).toBe(true)
        expect(right(BusinessCalendar.workingDaysBetween(womenStaff, d("2024-03-01"), d("2024-03-31")))).toBe(
          right(BusinessCalendar.workingDaysBetween(cn, d("2024-03-01"), d("2024-03-31")))
        )
        expect(right(BusinessCalendar.addWorkingDays(womenStaff, d("2024-03-07"), 1))).toBe("2024-03-08")
        expect(right(BusinessCalendar.dayInfo(womenStaff, d("2024-03-08")))).toMatchObject({
          kind: "halfDayHoliday",
          working: true,
          reason: "half-day holiday (afternoon off): Women's Day"
        })
      })

      it("takes away the afternoon's working hours (09:00–12:00 is left of 7.5 hours)", () => {
        const day = (cal: Calendar) =>
          right(
            BusinessCalendar.workingTimeBetween(cal, at(cal, "2024-03-08", "00:00"), at(cal, "2024-03-08", "24:00"))
          )
        expect(day(cn)).toBe(7.5 * HOUR)
        expect(day(womenStaff)).toBe(3 * HOUR)
        expect(local(womenStaff, right(BusinessCalendar.endOfWorkingDay(womenStaff, d("2024-03-08"))))).toBe(
          "2024-03-08 12:00"
        )
        expect(
          local(womenStaff, right(BusinessCalendar.addWorkingTime(womenStaff, at(cn, "2024-03-08", "11:00"), 2 * HOUR)))
        ).toBe("2024-03-11 10:00")
      })

      it("halves a day whose hours are split evenly at noon, morning or afternoon", () => {
        const base = calendarOf({
          workingHours: [
            { start: "08:00", end: "12:00" },
            { start: "13:00", end: "17:00" }
          ]
        })
        for (const halfDay of ["morning", "afternoon"] as const) {
          const cal = right(
            BusinessCalendar.derive(base, {
              id: `half-${halfDay}`,
              addHolidays: [{ date: d("2026-03-09"), name: "Half day", halfDay }]
            })
          )
          const intervals = right(BusinessCalendar.workingIntervals(cal, d("2026-03-09")))
          expect(intervals.map((i) => `${local(cal, i.start)}–${local(cal, i.end).slice(11)}`)).toEqual(
            halfDay === "morning" ? ["2026-03-09 13:00–17:00"] : ["2026-03-09 08:00–12:00"]
          )
        }
      })
    })
  })

  describe("working hours", () => {
    it("3 working hours from Friday 16:00 is Monday 10:00 (09:00–12:00, 13:30–18:00)", () => {
      const due = right(BusinessCalendar.addWorkingTime(cn, at(cn, "2026-03-06", "16:00"), 3 * HOUR))
      expect(local(cn, due)).toBe("2026-03-09 10:00")
      expect(DateTime.toEpochMillis(due)).toBe(Date.UTC(2026, 2, 9, 2))
    })

    it("steps over the lunch break", () => {
      const due = right(BusinessCalendar.addWorkingTime(cn, at(cn, "2026-03-10", "11:00"), 2 * HOUR))
      expect(local(cn, due)).toBe("2026-03-10 14:30")
      expect(
        right(BusinessCalendar.workingTimeBetween(cn, at(cn, "2026-03-10", "11:00"), at(cn, "2026-03-10", "14:30")))
      ).toBe(2 * HOUR)
    })

    it("works the make-up Saturday and steps over the Spring Festival break", () => {
      expect(local(cn, right(BusinessCalendar.addWorkingTime(cn, at(cn, "2026-02-13", "17:00"), 2 * HOUR)))).toBe(
        "2026-02-14 10:00"
      )
      expect(local(cn, right(BusinessCalendar.addWorkingTime(cn, at(cn, "2026-02-14", "17:00"), 2 * HOUR)))).toBe(
        "2026-02-24 10:00"
      )
      expect(
        right(BusinessCalendar.workingTimeBetween(cn, at(cn, "2026-02-14", "17:00"), at(cn, "2026-02-24", "10:00")))
      ).toBe(2 * HOUR)
    })

    it("counts backwards for a negative duration, and negatively for a reversed span", () => {
      expect(local(cn, right(BusinessCalendar.addWorkingTime(cn, at(cn, "2026-02-24", "10:00"), -2 * HOUR)))).toBe(
        "2026-02-14 17:00"
      )
      expect(
        right(BusinessCalendar.workingTimeBetween(cn, at(cn, "2026-02-24", "10:00"), at(cn, "2026-02-14", "17:00")))
      ).toBe(-2 * HOUR)
    })

    it("a start outside working hours begins at the next working interval", () => {
      expect(local(cn, right(BusinessCalendar.addWorkingTime(cn, at(cn, "2026-03-08", "12:00"), 30 * MINUTE)))).toBe(
        "2026-03-09 09:30"
      )
      expect(local(cn, right(BusinessCalendar.addWorkingTime(cn, at(cn, "2026-03-10", "12:30"), 0)))).toBe(
        "2026-03-10 13:30"
      )
    })

    it("lists a day's working intervals as Shanghai instants", () => {
      const intervals = right(BusinessCalendar.workingIntervals(cn, d("2026-02-14")))
      expect(intervals.map((i) => [DateTime.toEpochMillis(i.start), DateTime.toEpochMillis(i.end)])).toEqual([
        [Date.UTC(2026, 1, 14, 1), Date.UTC(2026, 1, 14, 4)],
        [Date.UTC(2026, 1, 14, 5, 30), Date.UTC(2026, 1, 14, 10)]
      ])
      expect(right(BusinessCalendar.workingIntervals(cn, d("2026-02-15")))).toEqual([])
    })

    it("ends the working day at 18:00, or at midnight after a day off", () => {
      expect(local(cn, right(BusinessCalendar.endOfWorkingDay(cn, d("2026-02-14"))))).toBe("2026-02-14 18:00")
      expect(local(cn, right(BusinessCalendar.endOfWorkingDay(cn, d("2026-02-15"))))).toBe("2026-02-16 00:00")
    })

    it("a calendar without working hours refuses working-time questions", () => {
      const plain = calendarOf()
      const start = at(plain, "2026-03-09", "09:00")
      expect(left(BusinessCalendar.addWorkingTime(plain, start, HOUR))._tag).toBe("NoWorkingHours")
      expect(left(BusinessCalendar.workingTimeBetween(plain, start, start))._tag).toBe("NoWorkingHours")
      expect(left(BusinessCalendar.workingIntervals(plain, d("2026-03-09")))._tag).toBe("NoWorkingHours")
    })

    it("refuses working time beyond the coverage unless asked provisionally", () => {
      const start = at(cn, "2026-12-31", "17:00")
      expect(left(BusinessCalendar.addWorkingTime(cn, start, 2 * HOUR))._tag).toBe("OutsideCoverage")
      const provisional = right(BusinessCalendar.addWorkingTime(cn, start, 2 * HOUR, P))
      expect(provisional.provisional).toBe(true)
      expect(local(cn, provisional.value)).toBe("2027-01-01 10:00")
      expect(left(BusinessCalendar.workingTimeBetween(cn, start, at(cn, "2027-01-04", "10:00")))._tag).toBe(
        "OutsideCoverage"
      )
    })

    describe("in a zone with daylight saving (America/New_York, 8 March 2026)", () => {
      const ny = right(
        BusinessCalendar.weekendsOnly({
          id: "new-york",
          timeZone: "America/New_York",
          from: d("2026-01-01"),
          to: d("2026-12-31"),
          workingHours: [{ start: "09:00", end: "17:00" }]
        })
      )
      const allDay = right(
        BusinessCalendar.weekendsOnly({
          id: "new-york-24h",
          timeZone: "America/New_York",
          from: d("2026-01-01"),
          to: d("2026-12-31"),
          weekendDays: [],
          workingHours: [{ start: "00:00", end: "24:00" }]
        })
      )

      it("2 working hours from Friday 16:00 EST is Monday 10:00 EDT, 17 hours of clock time later in UTC", () => {
        const start = at(ny, "2026-03-06", "16:00")
        expect(DateTime.toEpochMillis(start)).toBe(Date.UTC(2026, 2, 6, 21))
        const due = right(BusinessCalendar.addWorkingTime(ny, start, 2 * HOUR))
        expect(local(ny, due)).toBe("2026-03-09 10:00")
        expect(DateTime.toEpochMillis(due)).toBe(Date.UTC(2026, 2, 9, 14))
        expect(right(BusinessCalendar.workingTimeBetween(ny, start, due))).toBe(2 * HOUR)
      })

      it("the spring-forward day has 23 working hours and the fall-back day 25 round the clock", () => {
        const day = (date: string) =>
          right(BusinessCalendar.workingTimeBetween(allDay, at(allDay, date, "00:00"), at(allDay, date, "24:00")))
        expect(day("2026-03-08")).toBe(23 * HOUR)
        expect(day("2026-03-09")).toBe(24 * HOUR)
        expect(day("2026-11-01")).toBe(25 * HOUR)
        expect(
          local(allDay, right(BusinessCalendar.addWorkingTime(allDay, at(allDay, "2026-03-08", "00:00"), 24 * HOUR)))
        ).toBe("2026-03-09 01:00")
      })

      it("a working interval that falls in the skipped hour counts no time and never twice", () => {
        const gap = right(
          BusinessCalendar.weekendsOnly({
            id: "gap",
            timeZone: "America/New_York",
            from: d("2026-01-01"),
            to: d("2026-12-31"),
            weekendDays: [],
            workingHours: [
              { start: "01:00", end: "02:30" },
              { start: "03:00", end: "04:00" }
            ]
          })
        )
        const start = at(gap, "2026-03-08", "00:00")
        const end = at(gap, "2026-03-08", "12:00")
        // 02:30 does not exist that day and resolves to 03:30 EDT, past 03:00: the two intervals cover
        // 06:00Z–07:30Z and 07:00Z–08:00Z, which is 2 hours of working time, not 2.5
        expect(right(BusinessCalendar.workingTimeBetween(gap, start, end))).toBe(2 * HOUR)
        const due = right(BusinessCalendar.addWorkingTime(gap, start, 2 * HOUR))
        expect(DateTime.toEpochMillis(due)).toBe(Date.UTC(2026, 2, 8, 8))
      })
    })
  })

  describe("roll conventions at a month end", () => {
    // Dragon Boat Festival 2025: Saturday 31 May to Monday 2 June
    const may31 = d("2025-05-31")

    it("moves Saturday 31 May 2025, a holiday, by each convention", () => {
      const rolled = (convention: BusinessCalendar.RollConvention) => BusinessCalendar.roll(cn, may31, convention)
      expect(right(rolled("following"))).toBe("2025-06-03")
      expect(right(rolled("preceding"))).toBe("2025-05-30")
      expect(right(rolled("modifiedFollowing"))).toBe("2025-05-30")
      expect(right(rolled("modifiedPreceding"))).toBe("2025-05-30")
      expect(left(rolled("strict"))).toMatchObject({
        _tag: "NotAWorkingDay",
        date: "2025-05-31",
        reason: "holiday: Dragon Boat Festival"
      })
      expect(left(BusinessCalendar.roll(cn, may31))._tag).toBe("NotAWorkingDay")
    })

    it("modified preceding from 1 October 2025 stays in October, after the National Day break", () => {
      expect(right(BusinessCalendar.roll(cn, d("2025-10-01"), "preceding"))).toBe("2025-09-30")
      expect(right(BusinessCalendar.roll(cn, d("2025-10-01"), "modifiedPreceding"))).toBe("2025-10-09")
      expect(right(BusinessCalendar.roll(cn, d("2025-10-01"), "modifiedFollowing"))).toBe("2025-10-09")
    })

    it("leaves a working day where it is under every convention, a make-up Saturday at a month end included", () => {
      for (const convention of RollConventions) {
        expect(right(BusinessCalendar.roll(cn, d("2026-02-28"), convention))).toBe("2026-02-28")
        expect(right(BusinessCalendar.roll(cn, d("2025-09-30"), convention))).toBe("2025-09-30")
      }
    })

    it("modified following compares the year too, not only the month", () => {
      // Only Sundays are worked, and every Sunday from February 2026 to early January 2027 is a holiday:
      // the next working day after Saturday 31 January 2026 is Sunday 10 January 2027, another month.
      const sundays: Array<BusinessCalendar.Holiday> = []
      for (let day = d("2026-02-01"); day <= "2027-01-03"; day = LocalDate.unsafeAddDays(day, 7)) {
        sundays.push({ date: day, name: "Closed" })
      }
      const cal = calendarOf({
        weekendDays: [1, 2, 3, 4, 5, 6],
        holidays: sundays,
        coverage: { from: d("2026-01-01"), to: d("2027-12-31") }
      })
      expect(right(BusinessCalendar.roll(cal, d("2026-01-31"), "following"))).toBe("2027-01-10")
      expect(right(BusinessCalendar.roll(cal, d("2026-01-31"), "modifiedFollowing"))).toBe("2026-01-25")
      expect(right(BusinessCalendar.roll(cal, d("2027-01-09"), "modifiedPreceding"))).toBe("2027-01-10")
    })
  })

  describe("invalid input", () => {
    const invalid = (result: Either.Either<unknown, BusinessCalendar.CalendarError>, argument: string) => {
      const error = left(result)
      expect(error._tag).toBe("InvalidArgument")
      expect(error).toMatchObject({ argument })
    }
    const bad = "2026-02-30" as LocalDate.LocalDate
    const abc = "abc" as LocalDate.LocalDate

    it("refuses a date that does not exist, or is not a date, with InvalidArgument naming the argument", () => {
      for (const date of [bad, abc]) {
        invalid(BusinessCalendar.isWorkingDay(cn, date), "date")
        invalid(BusinessCalendar.isWorkingDay(cn, date, P), "date")
        invalid(BusinessCalendar.addWorkingDays(cn, date, 1), "date")
        invalid(BusinessCalendar.workingDaysBetween(cn, date, d("2026-02-24")), "from")
        invalid(BusinessCalendar.workingDaysBetween(cn, d("2026-02-24"), date), "to")
        invalid(BusinessCalendar.nextWorkingDay(cn, date), "date")
        invalid(BusinessCalendar.roll(cn, date, "following"), "date")
        invalid(BusinessCalendar.dayInfo(cn, date), "date")
        invalid(BusinessCalendar.notableDaysBetween(cn, date, d("2026-02-24")), "from")
        invalid(BusinessCalendar.workingIntervals(cn, date), "date")
        invalid(BusinessCalendar.endOfWorkingDay(cn, date), "date")
        invalid(BusinessCalendar.instantAt(cn, date, "09:00"), "date")
      }
      expect(left(BusinessCalendar.isWorkingDay(cn, bad)).message).toContain('"2026-02-30"')
    })

    it("refuses a fractional, infinite or absurd number of working days", () => {
      for (const n of [1.5, -0.5, Number.NaN, Number.POSITIVE_INFINITY, 1e9]) {
        invalid(BusinessCalendar.addWorkingDays(cn, d("2026-02-24"), n), "n")
        invalid(BusinessCalendar.addWorkingDays(cn, d("2026-02-24"), n, P), "n")
      }
    })

    it("refuses a count whose answer could not be written YYYY-MM-DD", () => {
      // Friday to Sunday off: 9999-12-31 is a Friday
      const longWeekends = right(
        BusinessCalendar.weekendsOnly({
          timeZone: "UTC",
          from: d("2026-01-01"),
          to: d("2026-12-31"),
          weekendDays: [5, 6, 7]
        })
      )
      invalid(BusinessCalendar.addWorkingDays(cn, d("0001-01-03"), -5, P), "n")
      invalid(BusinessCalendar.addWorkingDays(cn, d("9999-12-29"), 5, P), "n")
      invalid(BusinessCalendar.addWorkingDays(cn, d("2026-02-24"), -999_999, P), "n")
      invalid(BusinessCalendar.addWorkingDays(cn, d("0001-01-03"), -5), "n")
      invalid(BusinessCalendar.nextWorkingDay(longWeekends, d("9999-12-30"), P), "n")
      invalid(BusinessCalendar.roll(longWeekends, d("9999-12-31"), "following", P), "date")
      expect(right(BusinessCalendar.roll(longWeekends, d("9999-12-31"), "preceding", P)).value).toBe("9999-12-30")
      expect(right(BusinessCalendar.addWorkingDays(cn, d("0001-01-08"), -5, P)).value).toBe("0001-01-01")
    })

    it("refuses a bad time of day or duration", () => {
      invalid(BusinessCalendar.instantAt(cn, d("2026-02-24"), "25:00"), "time")
      invalid(BusinessCalendar.instantAt(cn, d("2026-02-24"), "9:00"), "time")
      invalid(BusinessCalendar.addWorkingTime(cn, at(cn, "2026-02-24", "09:00"), Number.NaN), "duration")
      invalid(BusinessCalendar.addWorkingTime(cn, at(cn, "2026-02-24", "09:00"), 1e15), "duration")
    })
  })

  describe("calendar data", () => {
    const issues = (input: unknown) => left(BusinessCalendar.decode(input)).issues.map((i) => `${i.path}: ${i.message}`)
    const valid = {
      id: "test",
      name: "Test",
      timeZone: "Asia/Shanghai",
      weekendDays: [6, 7],
      holidays: [],
      makeUpWorkingDays: [],
      coverage: { from: "2026-01-01", to: "2026-12-31" },
      version: "1",
      source: "test"
    }

    it("reports every problem with its path", () => {
      const found = issues({
        ...valid,
        timeZone: "Asia/Beijing",
        weekendDays: [6, 8],
        holidays: [{ date: "2026-02-30", name: "X" }],
        workingHours: [{ start: "18:00", end: "09:00" }]
      })
      expect(found.map((i) => i.split(":")[0])).toEqual([
        "timeZone",
        "weekendDays[1]",
        "holidays[0].date",
        "workingHours[0]"
      ])
      expect(found[0]).toContain('"Asia/Beijing"')
      expect(found[1]).toBe("weekendDays[1]: expected an ISO weekday, 1 (Monday) to 7 (Sunday)")
    })

    it("reports a bad optional field once, not also as 'Expected undefined'", () => {
      expect(issues({ ...valid, workingHours: "09:00-18:00" })).toEqual([
        expect.stringMatching(/^workingHours: Expected ReadonlyArray/)
      ])
    })

    it("refuses holidays outside the coverage, dates listed twice, overlapping hours and a week of weekends", () => {
      expect(
        issues({
          ...valid,
          weekendDays: [1, 2, 3, 4, 5, 6, 7],
          holidays: [
            { date: "2026-05-01", name: "Labour Day" },
            { date: "2027-01-01", name: "New Year's Day" },
            { date: "2026-05-01", name: "Labour Day" }
          ],
          makeUpWorkingDays: [{ date: "2025-12-27", compensates: "New Year's Day" }],
          workingHours: [
            { start: "09:00", end: "12:00" },
            { start: "11:00", end: "14:00" }
          ]
        })
      ).toEqual([
        "weekendDays: every day of the week is a weekend day",
        "holidays[1].date: 2027-01-01 is outside the coverage 2026-01-01–2026-12-31",
        "holidays[2].date: 2026-05-01 is listed twice",
        "makeUpWorkingDays[0].date: 2025-12-27 is outside the coverage 2026-01-01–2026-12-31",
        "workingHours: working intervals overlap"
      ])
    })

    it("refuses text that is not JSON, and unknown fields", () => {
      expect(left(BusinessCalendar.fromJson("{")).issues[0]?.message).toMatch(/^not JSON/)
      expect(issues({ ...valid, weekends: [6, 7] })).toEqual([expect.stringMatching(/^weekends: is unexpected/)])
    })

    // Found by the fuzz suite: the problems of `[[[[…]]]]` 5,000 levels deep threw a RangeError.
    it("refuses calendar data nested thousands of levels deep with one problem, never a RangeError", () => {
      const deep = "[".repeat(5_000) + "]".repeat(5_000)
      expect(left(BusinessCalendar.fromJson(deep)).issues).toEqual([
        { path: "", message: expect.stringContaining("nested too deeply") }
      ])
      expect(left(BusinessCalendar.loadNotice(cn, JSON.parse(deep))).issues[0]?.message).toContain("nested too deeply")
    })

    it("a make-up working day outranks a holiday on the same date", () => {
      const cal = calendarOf({
        holidays: [{ date: d("2026-02-14"), name: "Spring Festival" }],
        makeUpWorkingDays: [{ date: d("2026-02-14"), compensates: "Spring Festival" }]
      })
      expect(working(cal, "2026-02-14")).toBe(true)
      expect(right(BusinessCalendar.dayInfo(cal, d("2026-02-14"))).kind).toBe("makeUpWorkingDay")
    })

    it("the China calendar survives toJson → JSON text → fromJson, answers included", () => {
      const back = right(BusinessCalendar.fromJson(JSON.stringify(BusinessCalendar.toJson(cn))))
      expect(back.data).toEqual(cn.data)
      expect(right(BusinessCalendar.addWorkingDays(back, d("2026-02-24"), -5))).toBe("2026-02-10")
    })
  })

  describe("laws", () => {
    const RUNS = { numRuns: 300 } as const

    /** A naive day-by-day calendar, written from the raw data with the host's Date. */
    const reference = (data: BusinessCalendar.CalendarData) => {
      const epochDay = (text: string) => Date.parse(`${text}T00:00:00Z`) / DAY_MS
      const start = epochDay(data.coverage.from)
      const end = epochDay(data.coverage.to)
      const weekend = new Set<number>(data.weekendDays)
      const holidays = new Set(data.holidays.filter((h) => h.halfDay === undefined).map((h) => epochDay(h.date)))
      const makeUp = new Set(data.makeUpWorkingDays.map((m) => epochDay(m.date)))
      const isWorking = (day: number): boolean => {
        const inside = day >= start && day <= end
        if (inside && makeUp.has(day)) return true
        if (inside && holidays.has(day)) return false
        const jsDay = new Date(day * DAY_MS).getUTCDay()
        return !weekend.has(jsDay === 0 ? 7 : jsDay)
      }
      const add = (day: number, n: number): number => {
        let at = day
        for (let left = Math.abs(n); left > 0; ) {
          at += Math.sign(n)
          if (isWorking(at)) left--
        }
        return at
      }
      const between = (a: number, b: number): number => {
        let count = 0
        if (b >= a) for (let x = a + 1; x <= b; x++) count += isWorking(x) ? 1 : 0
        else for (let x = b; x < a; x++) count -= isWorking(x) ? 1 : 0
        return count
      }
      const text = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10)
      const beyond = (a: number, b: number) => Math.min(a, b) < start || Math.max(a, b) > end
      return { epochDay, isWorking, add, between, text, beyond }
    }

    /** A random calendar and a date near its coverage (up to 400 days either side). */
    const calendarAndDate = (options: Arb.CalendarDataOptions = {}) =>
      Arb.calendar(options).chain((cal) =>
        fc.tuple(
          fc.constant(cal),
          Arb.localDate({
            min: LocalDate.unsafeAddDays(cal.data.coverage.from, -400),
            max: LocalDate.unsafeAddDays(cal.data.coverage.to, 400)
          })
        )
      )

    const cnDate = Arb.localDate({ min: d("2003-01-01"), max: d("2027-12-31") })
    const chinaAndDate = cnDate.map((date) => [cn, date] as const)
    /** The China calendar and random calendars, with dates in and beyond their coverage. */
    const anyCalendarAndDate = fc.oneof(chinaAndDate, calendarAndDate())

    it("adding n ≠ 0 working days lands on a working day", () => {
      fc.assert(
        fc.property(anyCalendarAndDate, Arb.workingDayOffset(), ([cal, date], n) => {
          fc.pre(n !== 0)
          const landed = right(BusinessCalendar.addWorkingDays(cal, date, n, P)).value
          expect(right(BusinessCalendar.isWorkingDay(cal, landed, P)).value).toBe(true)
        }),
        RUNS
      )
    })

    it("counting the working days from d to d + n working days gives n, for every d", () => {
      fc.assert(
        fc.property(anyCalendarAndDate, Arb.workingDayOffset(), ([cal, date], n) => {
          const landed = right(BusinessCalendar.addWorkingDays(cal, date, n, P)).value
          expect(right(BusinessCalendar.workingDaysBetween(cal, date, landed, P)).value).toBe(n)
        }),
        RUNS
      )
    })

    it("is strictly monotone in n", () => {
      fc.assert(
        fc.property(anyCalendarAndDate, Arb.workingDayOffset(), Arb.workingDayOffset(), ([cal, date], a, b) => {
          fc.pre(a !== b)
          const [lo, hi] = a < b ? [a, b] : [b, a]
          const x = right(BusinessCalendar.addWorkingDays(cal, date, lo, P)).value
          const y = right(BusinessCalendar.addWorkingDays(cal, date, hi, P)).value
          expect(x < y).toBe(true)
        }),
        RUNS
      )
    })

    it("adding a then b working days equals adding a + b, from a working day", () => {
      fc.assert(
        fc.property(anyCalendarAndDate, Arb.workingDayOffset(), Arb.workingDayOffset(), ([cal, date], a, b) => {
          const start = right(BusinessCalendar.roll(cal, date, "following", P)).value
          const once = right(BusinessCalendar.addWorkingDays(cal, start, a + b, P)).value
          const mid = right(BusinessCalendar.addWorkingDays(cal, start, a, P)).value
          expect(right(BusinessCalendar.addWorkingDays(cal, mid, b, P)).value).toBe(once)
        }),
        RUNS
      )
    })

    it("counts are additive: between(a, c) = between(a, b) + between(b, c) for a ≤ b ≤ c", () => {
      fc.assert(
        fc.property(anyCalendarAndDate, fc.nat({ max: 500 }), fc.nat({ max: 500 }), ([cal, a], x, y) => {
          const b = LocalDate.unsafeAddDays(a, x)
          const c = LocalDate.unsafeAddDays(b, y)
          const between = (from: LocalDate.LocalDate, to: LocalDate.LocalDate) =>
            right(BusinessCalendar.workingDaysBetween(cal, from, to, P)).value
          expect(between(a, c)).toBe(between(a, b) + between(b, c))
        }),
        RUNS
      )
    })

    it("rolls onto a working day; strict and every other convention leave a working day where it is", () => {
      fc.assert(
        fc.property(anyCalendarAndDate, fc.constantFrom(...RollConventions), ([cal, date], convention) => {
          const isWorking = right(BusinessCalendar.isWorkingDay(cal, date, P)).value
          const rolled = BusinessCalendar.roll(cal, date, convention, P)
          if (isWorking) {
            expect(right(rolled).value).toBe(date)
            return
          }
          if (convention === "strict") {
            expect(left(rolled)._tag).toBe("NotAWorkingDay")
            return
          }
          const to = right(rolled).value
          expect(right(BusinessCalendar.isWorkingDay(cal, to, P)).value).toBe(true)
          const next = right(BusinessCalendar.nextWorkingDay(cal, date, P)).value
          const previous = right(BusinessCalendar.previousWorkingDay(cal, date, P)).value
          const month = (x: string) => x.slice(0, 7)
          const expected =
            convention === "following"
              ? next
              : convention === "preceding"
                ? previous
                : convention === "modifiedFollowing"
                  ? month(next) === month(date)
                    ? next
                    : previous
                  : month(previous) === month(date)
                    ? previous
                    : next
          expect(to).toBe(expected)
        }),
        RUNS
      )
    })

    it("agrees with a naive day-by-day reference across every covered year of the China calendar", () => {
      const ref = reference(cn.data)
      fc.assert(
        fc.property(cnDate, Arb.workingDayOffset(), cnDate, (date, n, other) => {
          const day = ref.epochDay(date)
          expect(right(BusinessCalendar.isWorkingDay(cn, date, P)).value).toBe(ref.isWorking(day))
          const target = ref.add(day, n)
          const added = BusinessCalendar.addWorkingDays(cn, date, n)
          if (ref.beyond(day, target)) expect(left(added)._tag).toBe("OutsideCoverage")
          else expect(right(added)).toBe(ref.text(target))
          const provisional = right(BusinessCalendar.addWorkingDays(cn, date, n, P))
          expect(provisional.value).toBe(ref.text(target))
          expect(provisional.provisional).toBe(ref.beyond(day, target))
          const to = ref.epochDay(other)
          const between = right(BusinessCalendar.workingDaysBetween(cn, date, other, P))
          expect(between.value).toBe(ref.between(day, to))
          expect(between.provisional).toBe(ref.beyond(day, to))
        }),
        { numRuns: 1000 }
      )
    })

    it("agrees with a naive day-by-day reference on random calendars, in and beyond their coverage", () => {
      fc.assert(
        fc.property(
          calendarAndDate(),
          Arb.workingDayOffset(),
          fc.integer({ min: -800, max: 800 }),
          ([cal, date], n, span) => {
            const ref = reference(cal.data)
            const day = ref.epochDay(date)
            expect(right(BusinessCalendar.isWorkingDay(cal, date, P)).value).toBe(ref.isWorking(day))
            const target = ref.add(day, n)
            const added = BusinessCalendar.addWorkingDays(cal, date, n)
            if (ref.beyond(day, target)) expect(left(added)._tag).toBe("OutsideCoverage")
            else expect(right(added)).toBe(ref.text(target))
            const provisional = right(BusinessCalendar.addWorkingDays(cal, date, n, P))
            expect(provisional.value).toBe(ref.text(target))
            expect(provisional.provisional).toBe(ref.beyond(day, target))
            expect(provisional.assumptions.length > 0).toBe(provisional.provisional)
            const other = LocalDate.unsafeAddDays(date, span)
            expect(right(BusinessCalendar.workingDaysBetween(cal, date, other, P)).value).toBe(
              ref.between(day, day + span)
            )
          }
        ),
        { numRuns: 500 }
      )
    })

    it("every calendar survives toJson → JSON text → fromJson unchanged", () => {
      fc.assert(
        fc.property(Arb.calendar(), (cal) => {
          const back = right(BusinessCalendar.fromJson(JSON.stringify(BusinessCalendar.toJson(cal))))
          expect(back.data).toEqual(cal.data)
          expect(back.id).toBe(cal.id)
        }),
        RUNS
      )
      for (const shipped of [cn, right(OfficialCalendars.byId("weekends-only"))]) {
        expect(right(BusinessCalendar.fromJson(JSON.stringify(BusinessCalendar.toJson(shipped)))).data).toEqual(
          shipped.data
        )
      }
    })

    it("adding working time then measuring it gives back the amount", () => {
      const timed = Arb.calendar({ workingHours: "always" }).chain((cal) =>
        fc.tuple(fc.constant(cal), Arb.localDate({ min: cal.data.coverage.from, max: cal.data.coverage.to }))
      )
      fc.assert(
        fc.property(
          timed,
          fc.integer({ min: 0, max: 24 * 60 - 1 }),
          fc.integer({ min: -3 * DAY_MS, max: 3 * DAY_MS }),
          ([cal, date], minute, amount) => {
            const start = DateTime.addDuration(at(cal, date, "00:00"), `${minute} minutes`)
            const added = BusinessCalendar.addWorkingTime(cal, start, amount, P)
            fc.pre(Either.isRight(added) && !added.right.provisional)
            const due = right(added).value
            expect(right(BusinessCalendar.workingTimeBetween(cal, start, due))).toBe(amount)
            if (amount > 0) expect(DateTime.toEpochMillis(due) > DateTime.toEpochMillis(start)).toBe(true)
          }
        ),
        { numRuns: 200 }
      )
    })

    it("working time is additive over consecutive spans and never negative forward", () => {
      const timed = Arb.calendar({ workingHours: "always", maxCoverageDays: 120 }).chain((cal) => {
        const from = LocalDate.toEpochDay(cal.data.coverage.from)
        const to = LocalDate.toEpochDay(cal.data.coverage.to) + 1
        const instant = fc.integer({ min: 0, max: (to - from) * 1440 - 1 })
        return fc.tuple(fc.constant(cal), instant, instant, instant)
      })
      fc.assert(
        fc.property(timed, ([cal, x, y, z]) => {
          const [a, b, c] = [x, y, z]
            .sort((p, q) => p - q)
            .map((m) => DateTime.addDuration(at(cal, cal.data.coverage.from, "00:00"), `${m} minutes`))
          const between = (p: DateTime.Zoned, q: DateTime.Zoned) =>
            right(BusinessCalendar.workingTimeBetween(cal, p, q))
          fc.pre(BusinessCalendar.localDateOf(cal, c!) <= cal.data.coverage.to)
          expect(between(a!, b!)).toBeGreaterThanOrEqual(0)
          expect(between(a!, c!)).toBe(between(a!, b!) + between(b!, c!))
          expect(between(c!, a!)).toBe(-between(a!, c!))
        }),
        { numRuns: 200 }
      )
    })

    it("testing.calendarData only makes data that make() accepts", () => {
      fc.assert(
        fc.property(Arb.calendarData(), (data) => {
          const cal = right(BusinessCalendar.make(data))
          expect(cal.data).toBe(data)
          expect(data.coverage.from <= data.coverage.to).toBe(true)
        }),
        RUNS
      )
    })
  })
})
