import { readFileSync } from "node:fs"
import { describe, expect, it } from "@effect/vitest"
import chineseDays from "chinese-days"
import * as Either from "effect/Either"
import { renderCnMainland } from "../../../scripts/cn-calendar-source.js"
import { BusinessCalendar, LocalDate, OfficialCalendars } from "../src/index.js"

const cn = OfficialCalendars.cnMainland
const d = LocalDate.unsafeMake

const right = <A, E>(result: Either.Either<A, E>): A => {
  if (Either.isLeft(result)) throw new Error(`expected a Right, got ${JSON.stringify(result.left)}`)
  return result.right
}

/** Every date from `from` to `to`, inclusive. */
const datesFrom = (from: string, to: string): ReadonlyArray<LocalDate.LocalDate> => {
  const out: Array<LocalDate.LocalDate> = []
  for (let day = LocalDate.toEpochDay(from); day <= LocalDate.toEpochDay(to); day++) {
    out.push(LocalDate.fromEpochDay(day))
  }
  return out
}

describe("OfficialCalendars", () => {
  describe("China mainland", () => {
    it("covers 2004-01-01 to 2026-12-31 in Asia/Shanghai, versioned with its source", () => {
      expect(cn.id).toBe("cn-mainland")
      expect(cn.data.timeZone).toBe("Asia/Shanghai")
      expect(cn.data.coverage).toEqual({ from: "2004-01-01", to: "2026-12-31" })
      expect(cn.data.version).toBe("cn-mainland-2026.1+chinese-days-1.5.7")
      expect(cn.data.source).toContain("国务院办公厅关于部分节假日安排的通知")
      expect(cn.data.workingHours).toEqual([
        { start: "09:00", end: "12:00" },
        { start: "13:30", end: "18:00" }
      ])
    })

    it("agrees with chinese-days on every day from 2004 to 2026", () => {
      const disagreements = datesFrom("2004-01-01", "2026-12-31").filter(
        (date) => right(BusinessCalendar.isWorkingDay(cn, date)) !== chineseDays.isWorkday(date)
      )
      expect(disagreements).toEqual([])
    })

    it("names each holiday and make-up working day as chinese-days does", () => {
      const nameOf = (date: string) => chineseDays.getDayDetail(date).name.split(",").slice(0, 2).join(",")
      for (const h of cn.data.holidays) expect(`${h.name},${h.nameZh}`, h.date).toBe(nameOf(h.date))
      for (const m of cn.data.makeUpWorkingDays) {
        expect(`${m.compensates},${m.compensatesZh}`, m.date).toBe(nameOf(m.date))
        expect(chineseDays.isInLieu(m.date) || chineseDays.isWorkday(m.date), m.date).toBe(true)
      }
    })

    it("lists every make-up working day on a weekend", () => {
      const weekdays = cn.data.makeUpWorkingDays.filter((m) => LocalDate.weekday(m.date) < 6).map((m) => m.date)
      expect(weekdays).toEqual([])
      expect(cn.data.makeUpWorkingDays.length).toBeGreaterThan(100)
    })

    it("refuses 2027-01-01, which chinese-days silently calls a working day", () => {
      expect(chineseDays.isWorkday("2027-01-01")).toBe(true)
      expect(right(Either.flip(BusinessCalendar.isWorkingDay(cn, d("2027-01-01"))))._tag).toBe("OutsideCoverage")
    })

    it("the committed data file is what the generator writes from the installed chinese-days", () => {
      const committed = readFileSync(new URL("../src/internal/data/cnMainland.ts", import.meta.url), "utf8")
      expect(committed).toBe(renderCnMainland())
    })
  })

  describe("half-day holidays", () => {
    it("gives the afternoon of 8 March off on each year it is a working day, and 4 May for youth", () => {
      const women = OfficialCalendars.cnHalfDayHolidays(cn, "womensDay")
      const youth = OfficialCalendars.cnHalfDayHolidays(cn, "youthDay")
      const working = (date: LocalDate.LocalDate) => right(BusinessCalendar.isWorkingDay(cn, date))
      const workingMarch8 = datesFrom("2004-01-01", "2026-12-31").filter((x) => x.endsWith("-03-08") && working(x))
      expect(women.map((h) => h.date)).toEqual(workingMarch8)
      expect(women.every((h) => h.halfDay === "afternoon" && h.name === "Women's Day")).toBe(true)
      // 4 May falls inside the Labour Day break in most years
      expect(youth.map((h) => h.date)).not.toContain("2025-05-04")
      expect(youth.every((h) => working(h.date) && h.nameZh === "青年节")).toBe(true)
    })
  })

  describe("byId", () => {
    it("finds the shipped calendars", () => {
      expect(right(OfficialCalendars.byId("cn-mainland"))).toBe(cn)
      const weekends = right(OfficialCalendars.byId("weekends-only"))
      expect(weekends.data.coverage).toEqual({ from: "2000-01-01", to: "2099-12-31" })
      expect(right(BusinessCalendar.isWorkingDay(weekends, d("2026-02-17")))).toBe(true)
      expect(right(BusinessCalendar.isWorkingDay(weekends, d("2026-02-14")))).toBe(false)
    })

    it("refuses an unknown id with InvalidArgument listing the shipped ones", () => {
      const error = right(Either.flip(OfficialCalendars.byId("cn-hongkong")))
      expect(error._tag).toBe("InvalidArgument")
      expect(error.message).toContain("cn-mainland, weekends-only")
    })
  })
})
