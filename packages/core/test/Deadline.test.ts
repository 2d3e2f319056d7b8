import { describe, expect, it } from "@effect/vitest"
import * as DateTime from "effect/DateTime"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import fc from "fast-check"
import { BusinessCalendar, Deadline, LocalDate, OfficialCalendars } from "../src/index.js"
import * as Arb from "../src/testing.js"

const cn = OfficialCalendars.cnMainland
const d = LocalDate.unsafeMake
const VERSION = cn.data.version

const ok = <A, E>(result: Either.Either<A, E>): A =>
  Either.getOrThrowWith(result, (e) => new Error(`expected a value, got ${JSON.stringify(e)}`))

const err = <A, E>(result: Either.Either<A, E>): E =>
  Either.getOrThrowWith(Either.flip(result), (a) => new Error(`expected an error, got ${JSON.stringify(a)}`))

const iso = (instant: DateTime.DateTime) => DateTime.formatIsoOffset(instant)

/** A notice of the 2027 holidays, shaped like the State Council's; a test fixture, not the official 2027 dates. */
const notice2027 = {
  year: 2027,
  holidays: [
    { date: "2027-01-01", name: "New Year's Day", nameZh: "元旦" },
    ...[6, 7, 8, 9, 10, 11, 12, 13, 14].map((day) => ({
      date: `2027-02-${String(day).padStart(2, "0")}`,
      name: "Spring Festival",
      nameZh: "春节"
    }))
  ],
  makeUpWorkingDays: [{ date: "2027-02-20", compensates: "Spring Festival", compensatesZh: "春节" }],
  version: "cn-mainland-2027-fixture",
  source: "liaison test fixture shaped like a State Council notice (not the official 2027 arrangement)"
}

// Seed 001, the client-reception standard: phases counted in working days before the visit (T).
const definition = Deadline.point(Deadline.eventStart, Deadline.before(5, "workingDays"), {
  id: "definition",
  label: { en: "Reception application", "zh-CN": "接待申请" }
})
const assignment = Deadline.point(Deadline.eventStart, Deadline.before(4, "workingDays"), { id: "assignment" })
const preparation = Deadline.point(Deadline.eventStart, Deadline.before(2, "workingDays"), { id: "preparation" })
const onSite = Deadline.point(Deadline.eventStart, Deadline.before(0, "workingDays"), { id: "on-site" })
const summary = Deadline.point(Deadline.eventEnd, Deadline.after(1, "workingDays"), { id: "summary" })

const visit = { calendar: cn, eventStart: "2026-02-24" } as const

const springFestivalWindow = Deadline.window(
  Deadline.holiday("Spring Festival"),
  Deadline.before(15, "calendarDays"),
  Deadline.before(10, "calendarDays"),
  { id: "holiday-visit" }
)

const cutoff: Deadline.Rule = {
  _tag: "Cutoff",
  id: "reply",
  anchor: Deadline.noticeReceived,
  cutoff: "10:00",
  ifBefore: { workingDays: 0, by: "16:00" },
  ifAfter: { workingDays: 1, by: "16:00" }
}

const quarterEnd: Deadline.Anchor = { _tag: "PeriodBoundary", period: "quarter", edge: "end" }

describe("Deadline", () => {
  describe("the client-reception standard (seed 001) for a visit on 2026-02-24", () => {
    it("is due 5 working days before on 2026-02-10, across the 9-day Spring Festival break", () => {
      const ev = ok(Deadline.evaluate(definition, visit))
      expect(ev.dueDate).toBe("2026-02-10")
      expect(iso(ev.due)).toBe("2026-02-10T18:00:00.000+08:00")
      expect(ev.ruleId).toBe("definition")
      expect(ev.provisional).toBe(false)
    })

    it("puts assignment 4 working days before on 2026-02-11 and preparation 2 before on 2026-02-13", () => {
      expect(ok(Deadline.evaluate(assignment, visit)).dueDate).toBe("2026-02-11")
      expect(ok(Deadline.evaluate(preparation, visit)).dueDate).toBe("2026-02-13")
    })

    it("falls due on the day itself at the end of its working day (18:00)", () => {
      const ev = ok(Deadline.evaluate(onSite, visit))
      expect(ev.dueDate).toBe("2026-02-24")
      expect(iso(ev.due)).toBe("2026-02-24T18:00:00.000+08:00")
      expect(ev.explanation.days).toEqual([])
    })

    it("puts the summary on the working day after the visit, 2026-02-25", () => {
      const ev = ok(Deadline.evaluate(summary, visit))
      expect(ev.dueDate).toBe("2026-02-25")
      expect(ev.explanation.anchor.kind).toBe("EventEnd")
    })

    it("lists Spring Festival 15–23 February as skipped and Saturday 14 February as a make-up day counted", () => {
      for (const rule of [definition, assignment, preparation]) {
        const { days } = ok(Deadline.evaluate(rule, visit)).explanation
        expect(days[0]).toEqual({
          date: "2026-02-14",
          kind: "makeUpWorkingDay",
          reason: "make-up working day (Sat) for Spring Festival",
          holiday: { name: "Spring Festival", nameZh: "春节" }
        })
        const holidays = days.filter((day) => day.kind === "holiday")
        expect(holidays.map((day) => day.date)).toEqual([
          "2026-02-15",
          "2026-02-16",
          "2026-02-17",
          "2026-02-18",
          "2026-02-19",
          "2026-02-20",
          "2026-02-21",
          "2026-02-22",
          "2026-02-23"
        ])
        expect(new Set(holidays.map((day) => day.holiday?.nameZh))).toEqual(new Set(["春节"]))
        expect(days).toHaveLength(10)
      }
    })

    it("explains the deadline in English and Chinese, with the calendar's id and data version", () => {
      const { explanation } = ok(Deadline.evaluate(definition, visit))
      expect(explanation.sentence.en).toBe(
        "Due 2026-02-10 18:00 (Asia/Shanghai): 5 working days before the event start (2026-02-24). " +
          "Skipped: 2026-02-15 to 2026-02-23 Spring Festival holiday. " +
          "Counted: 2026-02-14, a make-up working day for Spring Festival. " +
          `Calendar cn-mainland, data ${VERSION}.`
      )
      expect(explanation.sentence["zh-CN"]).toBe(
        "截止 2026-02-10 18:00（Asia/Shanghai）：活动开始前5个工作日（2026-02-24）。" +
          "跳过：2026-02-15至2026-02-23春节假期。" +
          "计入：2026-02-14（周六，春节调休上班）。" +
          `日历 cn-mainland，数据版本 ${VERSION}。`
      )
    })

    it("carries the anchor's value, the rule in both languages and the calendar's source as data", () => {
      const { explanation } = ok(Deadline.evaluate(definition, visit))
      expect(explanation.anchor).toEqual({
        kind: "EventStart",
        label: { en: "the event start", "zh-CN": "活动开始" },
        value: "2026-02-24T00:00:00.000+08:00",
        date: "2026-02-24"
      })
      expect(explanation.rule).toEqual({ en: "5 working days before the event start", "zh-CN": "活动开始前5个工作日" })
      expect(explanation.calendar).toEqual({ id: "cn-mainland", version: VERSION, source: cn.data.source })
      expect(explanation.rolls).toEqual([])
      expect(explanation.assumptions).toEqual([])
    })

    it("writes the evaluation as JSON with ISO-8601 instants", () => {
      const json = Deadline.toJson(ok(Deadline.evaluate(definition, visit)))
      expect(JSON.parse(JSON.stringify(json))).toMatchObject({
        ruleId: "definition",
        due: "2026-02-10T18:00:00.000+08:00",
        dueDate: "2026-02-10",
        provisional: false,
        explanation: { calendar: { version: VERSION } }
      })
    })
  })

  describe("feasibility at notice time", () => {
    const due = ok(Deadline.evaluate(definition, visit))

    it("finds the application late by 2 working days when the visit is announced 3 working days ahead", () => {
      // 3 working days before 2026-02-24 is 2026-02-12 (the 14th is a make-up Saturday).
      expect(ok(BusinessCalendar.addWorkingDays(cn, d("2026-02-24"), -3))).toBe("2026-02-12")
      const f = ok(Deadline.feasibility(cn, due, "2026-02-12T10:00:00+08:00"))
      expect(f.status).toBe("missed")
      expect(f.lateByWorkingDays).toBe(2)
      expect(f.sentence).toEqual({
        en: "missed: due 2026-02-10, late by 2 working days",
        "zh-CN": "已逾期：截止 2026-02-10，已晚 2 个工作日"
      })
    })

    it("leaves the application open with 3 working days left when announced on 2026-02-05", () => {
      const f = ok(Deadline.feasibility(cn, due, "2026-02-05T09:00:00+08:00"))
      expect(f).toMatchObject({ status: "open", workingDaysLeft: 3, lateByWorkingDays: 0, lateByMillis: 0 })
    })

    it("counts a deadline missed the same evening in hours, not working days", () => {
      const f = ok(Deadline.feasibility(cn, due, "2026-02-10T19:00:00+08:00"))
      expect(f).toMatchObject({ status: "missed", lateByWorkingDays: 0, lateByMillis: 3_600_000 })
      expect(f.sentence.en).toBe("missed: due 2026-02-10, late by 1 h")
    })

    it("is still open at 18:00 exactly, the end of the due day's working hours", () => {
      expect(ok(Deadline.feasibility(cn, due, "2026-02-10T18:00:00+08:00")).status).toBe("open")
    })

    it("says a window is not yet open, and when it opens", () => {
      const window = ok(Deadline.evaluate(springFestivalWindow, visit))
      const f = ok(Deadline.feasibility(cn, window, "2026-01-20"))
      expect(f.status).toBe("notYetOpen")
      expect(f.sentence.en).toBe("not yet open: opens 2026-02-02, due 2026-02-05")
      expect(ok(Deadline.feasibility(cn, window, "2026-02-03T12:00:00+08:00")).status).toBe("open")
    })

    it("refuses a 'now' that is not a date or an instant with offset", () => {
      const e = err(Deadline.feasibility(cn, due, "10 Feb 2026"))
      expect(e).toBeInstanceOf(BusinessCalendar.InvalidArgument)
      expect(e).toMatchObject({ argument: "now" })
    })
  })

  describe("windows, each end rolled inward onto working days", () => {
    it("puts 10–15 days before Spring Festival 2026 from Monday 2 February (rolled from Saturday 31 January) to 5 February", () => {
      const ev = ok(Deadline.evaluate(springFestivalWindow, visit))
      expect(ev.opensDate).toBe("2026-02-02")
      expect(ev.dueDate).toBe("2026-02-05")
      expect(ev.opens && iso(ev.opens)).toBe("2026-02-02T09:00:00.000+08:00")
      expect(iso(ev.due)).toBe("2026-02-05T18:00:00.000+08:00")
      expect(ev.explanation.anchor.date).toBe("2026-02-15")
      expect(ev.explanation.rolls).toEqual([
        { end: "opens", convention: "following", from: "2026-01-31", to: "2026-02-02", reason: "weekend (Sat)" }
      ])
      expect(ev.explanation.sentence.en).toContain(
        "opens moved from 2026-01-31 (weekend (Sat)) to 2026-02-02 (following)"
      )
      expect(ev.explanation.sentence["zh-CN"]).toContain("春节前15天至前10天（2026-02-15）")
      expect(ev.explanation.sentence["zh-CN"]).toContain("开始日由2026-01-31顺延至2026-02-02（following）")
    })

    it("rolls the due end back, not forward: in 2025 from Saturday 18 January to Friday 17 January", () => {
      const ev = ok(Deadline.evaluate(springFestivalWindow, { calendar: cn, eventStart: "2025-01-29" }))
      expect([ev.opensDate, ev.dueDate]).toEqual(["2025-01-13", "2025-01-17"])
      expect(ev.explanation.rolls).toEqual([
        { end: "due", convention: "preceding", from: "2025-01-18", to: "2025-01-17", reason: "weekend (Sat)" }
      ])
      // Brought forward (提前), not put off (顺延).
      expect(ev.explanation.sentence["zh-CN"]).toContain("截止日由2025-01-18提前至2025-01-17（preceding）")
    })

    it("finds the same break whether the rule names it in English or Chinese, and names it in each language", () => {
      const zh = Deadline.window(
        Deadline.holiday("春节"),
        Deadline.before(15, "calendarDays"),
        Deadline.before(10, "calendarDays")
      )
      const ev = ok(Deadline.evaluate(zh, visit))
      expect([ev.opensDate, ev.dueDate]).toEqual(["2026-02-02", "2026-02-05"])
      expect(ev.explanation.rule).toEqual({
        en: "from 15 days before to 10 days before Spring Festival",
        "zh-CN": "春节前15天至前10天"
      })
    })

    it("takes the last day of the break with edge 'end'", () => {
      const after = Deadline.point(
        Deadline.holiday("Spring Festival", { edge: "end" }),
        Deadline.after(1, "workingDays")
      )
      const ev = ok(Deadline.evaluate(after, visit))
      expect(ev.explanation.anchor.date).toBe("2026-02-23")
      expect(ev.dueDate).toBe("2026-02-24")
    })

    const twoToThree = Deadline.window(
      Deadline.eventStart,
      Deadline.before(3, "calendarDays"),
      Deadline.before(2, "calendarDays")
    )

    it("puts 2–3 days before a Thursday visit on Monday to Tuesday", () => {
      const ev = ok(Deadline.evaluate(twoToThree, { calendar: cn, eventStart: "2026-03-12" }))
      expect([ev.opensDate, ev.dueDate]).toEqual(["2026-03-09", "2026-03-10"])
      expect(ev.explanation.rolls).toEqual([])
    })

    it("shrinks 2–3 days before a Monday visit to the Friday: the Saturday end rolls back", () => {
      const ev = ok(Deadline.evaluate(twoToThree, { calendar: cn, eventStart: "2026-03-16" }))
      expect([ev.opensDate, ev.dueDate]).toEqual(["2026-03-13", "2026-03-13"])
      expect(ev.explanation.rolls).toEqual([
        { end: "due", convention: "preceding", from: "2026-03-14", to: "2026-03-13", reason: "weekend (Sat)" }
      ])
    })

    it("keeps Saturday 28 February 2026 inside 2–3 days before 2 March: it is a make-up working day", () => {
      const ev = ok(Deadline.evaluate(twoToThree, { calendar: cn, eventStart: "2026-03-02" }))
      expect([ev.opensDate, ev.dueDate]).toEqual(["2026-02-27", "2026-02-28"])
      expect(ev.explanation.sentence.en).toContain("Counted: 2026-02-28, a make-up working day for Spring Festival.")
    })

    it("moves 2–3 days before the visit on 2026-02-24, both in the break, to the make-up Saturday before it", () => {
      const ev = ok(Deadline.evaluate(twoToThree, visit))
      expect([ev.opensDate, ev.dueDate]).toEqual(["2026-02-14", "2026-02-14"])
      expect(ev.explanation.rolls).toEqual([
        {
          end: "opens",
          convention: "preceding",
          from: "2026-02-21",
          to: "2026-02-14",
          reason: "holiday: Spring Festival"
        },
        {
          end: "due",
          convention: "preceding",
          from: "2026-02-22",
          to: "2026-02-14",
          reason: "holiday: Spring Festival"
        }
      ])
      expect(ev.explanation.sentence["zh-CN"]).toContain("截止日由2026-02-22提前至2026-02-14（preceding）")
    })

    it("counts 2–3 working days before the visit on 2026-02-24 as 12–13 February", () => {
      const rule = Deadline.window(
        Deadline.eventStart,
        Deadline.before(3, "workingDays"),
        Deadline.before(2, "workingDays")
      )
      const ev = ok(Deadline.evaluate(rule, visit))
      expect([ev.opensDate, ev.dueDate]).toEqual(["2026-02-12", "2026-02-13"])
    })

    it("refuses a window written to open after it is due", () => {
      const inverted = Deadline.window(
        Deadline.eventStart,
        Deadline.before(2, "calendarDays"),
        Deadline.before(3, "calendarDays"),
        {
          id: "inverted"
        }
      )
      const e = err(Deadline.evaluate(inverted, visit))
      expect(e).toBeInstanceOf(Deadline.DeadlineError)
      expect(e).toMatchObject({ reason: "InvalidRule", ruleId: "inverted" })
    })

    it("refuses a window mixing days and hours that would open (09:00) after it is due (08:00)", () => {
      // Regression: this evaluated to opens 2026-03-11 09:00, due 2026-03-11 08:00.
      const rule = Deadline.window(
        Deadline.eventStart,
        Deadline.before(1, "calendarDays"),
        Deadline.before(16, "hours")
      )
      expect(err(Deadline.evaluate(rule, { calendar: cn, eventStart: "2026-03-12" }))).toMatchObject({
        _tag: "DeadlineError",
        reason: "EmptyWindow"
      })
    })
  })

  describe("within hours of notice, and the same day", () => {
    const within = (amount: number, unit: Deadline.Unit) =>
      Deadline.point(Deadline.noticeReceived, Deadline.after(amount, unit))

    it("puts 'within 2 hours' of a notice received at 09:30 at 11:30 the same day", () => {
      const ev = ok(Deadline.evaluate(within(2, "hours"), { calendar: cn, notice: "2026-03-10T09:30:00+08:00" }))
      expect(iso(ev.due)).toBe("2026-03-10T11:30:00.000+08:00")
      expect(ev.explanation.sentence["zh-CN"]).toContain("接到通知后2小时")
    })

    it("reads 'within 1 hour' in Asia/Shanghai whatever offset the notice was written in", () => {
      const ev = ok(Deadline.evaluate(within(1, "hours"), { calendar: cn, notice: "2026-03-10T01:30:00Z" }))
      expect(iso(ev.due)).toBe("2026-03-10T10:30:00.000+08:00")
      expect(ev.explanation.anchor.value).toBe("2026-03-10T09:30:00.000+08:00")
    })

    it("lets wall-clock hours run through the night: 1 hour after 23:30 is 00:30 the next day", () => {
      const ev = ok(Deadline.evaluate(within(1, "hours"), { calendar: cn, notice: "2026-03-13T23:30:00+08:00" }))
      expect(iso(ev.due)).toBe("2026-03-14T00:30:00.000+08:00")
      expect(ev.dueDate).toBe("2026-03-14")
    })

    it("counts working hours only in office hours: 2 working hours from 17:30 end at 10:30 the next morning", () => {
      const ev = ok(Deadline.evaluate(within(2, "workingHours"), { calendar: cn, notice: "2026-03-10T17:30:00+08:00" }))
      expect(iso(ev.due)).toBe("2026-03-11T10:30:00.000+08:00")
    })

    it("puts 'same day' at the end of the notice day's working hours", () => {
      const ev = ok(Deadline.evaluate(within(0, "workingDays"), { calendar: cn, notice: "2026-03-10T09:30:00+08:00" }))
      expect(iso(ev.due)).toBe("2026-03-10T18:00:00.000+08:00")
      expect(ev.explanation.rule.en).toBe("on the day of notice received")
    })

    it("keeps 'same day' on a Saturday (midnight), and moves it to Monday only with roll 'following'", () => {
      const context = { calendar: cn, notice: "2026-03-14T09:30:00+08:00" }
      expect(iso(ok(Deadline.evaluate(within(0, "workingDays"), context)).due)).toBe("2026-03-15T00:00:00.000+08:00")
      const nextWorking = Deadline.point(Deadline.noticeReceived, Deadline.after(0, "workingDays"), {
        roll: "following"
      })
      const ev = ok(Deadline.evaluate(nextWorking, context))
      expect(iso(ev.due)).toBe("2026-03-16T18:00:00.000+08:00")
      expect(ev.explanation.rolls).toMatchObject([{ from: "2026-03-14", to: "2026-03-16", reason: "weekend (Sat)" }])
    })

    it("falls due at a set time of day with 'at'", () => {
      const rule = Deadline.point(Deadline.eventStart, Deadline.before(1, "workingDays"), { at: "16:00" })
      const ev = ok(Deadline.evaluate(rule, { calendar: cn, eventStart: "2026-03-16" }))
      expect(iso(ev.due)).toBe("2026-03-13T16:00:00.000+08:00")
    })
  })

  describe("cut-off: the next working day by 16:00 when received after 10:00", () => {
    const at = (notice: string) => ok(Deadline.evaluate(cutoff, { calendar: cn, notice }))

    it("is due the same day by 16:00 when received before 10:00", () => {
      expect(iso(at("2026-03-10T09:59:00+08:00").due)).toBe("2026-03-10T16:00:00.000+08:00")
    })

    it("is due the next working day by 16:00 when received at 10:00 or after", () => {
      expect(iso(at("2026-03-10T10:00:00+08:00").due)).toBe("2026-03-11T16:00:00.000+08:00")
      expect(iso(at("2026-03-10T15:00:00+08:00").due)).toBe("2026-03-11T16:00:00.000+08:00")
    })

    it("carries a Friday afternoon receipt over the weekend to Monday", () => {
      const ev = at("2026-03-13T15:00:00+08:00")
      expect(iso(ev.due)).toBe("2026-03-16T16:00:00.000+08:00")
      expect(ev.explanation.days.map((day) => day.kind)).toEqual(["weekend", "weekend"])
    })

    it("counts a Saturday receipt as received at the start of Monday, so it is due Monday by 16:00", () => {
      const ev = at("2026-03-14T15:00:00+08:00")
      expect(iso(ev.due)).toBe("2026-03-16T16:00:00.000+08:00")
      expect(ev.explanation.rolls).toEqual([
        { end: "due", convention: "following", from: "2026-03-14", to: "2026-03-16", reason: "weekend (Sat)" }
      ])
    })

    it("counts a receipt on National Day as received on the first working day after the break", () => {
      const ev = at("2026-10-01T11:00:00+08:00")
      expect(iso(ev.due)).toBe("2026-10-08T16:00:00.000+08:00")
      expect(ev.explanation.rolls[0]?.reason).toBe("holiday: National Day")
      expect(ev.explanation.sentence["zh-CN"]).toContain("国庆节假期")
    })

    it("counts a make-up Saturday as the next working day: received Friday 13 February 2026 at 11:00, due Saturday 14th", () => {
      expect(iso(at("2026-02-13T11:00:00+08:00").due)).toBe("2026-02-14T16:00:00.000+08:00")
    })

    it("describes itself in both languages", () => {
      expect(Deadline.describe(cutoff)).toEqual({
        en: "the same working day by 16:00 when notice received before 10:00, else the next working day by 16:00",
        "zh-CN": "接到通知在10:00前的，当个工作日16:00前；否则下一个工作日16:00前"
      })
    })
  })

  describe("periods and recurrences", () => {
    const quarterly: Deadline.Rule = {
      _tag: "Recurring",
      every: "quarter",
      rule: { _tag: "During", period: "quarter" }
    }
    const juneAndDecember: Deadline.Rule = {
      _tag: "Recurring",
      id: "roster-review",
      every: "month",
      months: [6, 12],
      rule: { _tag: "During", period: "month" }
    }
    const yearly: Deadline.Rule = { _tag: "Recurring", every: "year", rule: springFestivalWindow }
    const windows = (evs: ReadonlyArray<Deadline.Evaluation>) => evs.map((ev) => [ev.opensDate, ev.dueDate])

    it("opens the first quarter of 2026 on Sunday 4 January, a make-up working day after New Year", () => {
      const ev = ok(Deadline.evaluate({ _tag: "During", period: "quarter" }, visit))
      expect([ev.opensDate, ev.dueDate]).toEqual(["2026-01-04", "2026-03-31"])
      expect(ev.explanation.rolls).toMatchObject([
        { end: "opens", from: "2026-01-01", reason: "holiday: New Year's Day" }
      ])
    })

    it("gives one window per quarter of 2026, the fourth opening after National Day", () => {
      const evs = ok(Deadline.occurrences(quarterly, { calendar: cn }, { from: d("2026-01-01"), to: d("2026-12-31") }))
      expect(windows(evs)).toEqual([
        ["2026-01-04", "2026-03-31"],
        ["2026-04-01", "2026-06-30"],
        ["2026-07-01", "2026-09-30"],
        ["2026-10-08", "2026-12-31"]
      ])
    })

    it("reviews the roster every June and December: four months in 2025–2026", () => {
      const evs = ok(
        Deadline.occurrences(juneAndDecember, { calendar: cn }, { from: d("2025-01-01"), to: d("2026-12-31") })
      )
      expect(windows(evs)).toEqual([
        ["2025-06-03", "2025-06-30"],
        ["2025-12-01", "2025-12-31"],
        ["2026-06-01", "2026-06-30"],
        ["2026-12-01", "2026-12-31"]
      ])
      expect(evs.every((ev) => ev.ruleId === "roster-review")).toBe(true)
      expect(evs[0]?.explanation.sentence["zh-CN"]).toContain("每月（6、12月）：本月内")
    })

    it("evaluates 'every June and December' for an event in March as the June review", () => {
      // Regression: the months were ignored and this was due 2026-03-31.
      const ev = ok(Deadline.evaluate(juneAndDecember, { calendar: cn, eventStart: "2026-03-10" }))
      expect([ev.opensDate, ev.dueDate]).toEqual(["2026-06-01", "2026-06-30"])
    })

    it("refuses months in which no period of the rule starts (half-years start in January and July)", () => {
      const halfYear = {
        _tag: "Recurring",
        every: "half-year",
        months: [6, 12],
        rule: { _tag: "During", period: "half-year" }
      }
      expect(err(Deadline.decodeRule(halfYear)).issues).toEqual([
        {
          path: "months",
          message:
            'no half-year starts in month 6, 12 (a half-year starts in month 1, 7); for "every June and December" write every: "month", months: [6, 12]'
        }
      ])
      const built = halfYear as Deadline.Rule
      expect(err(Deadline.evaluate(built, visit))).toMatchObject({ _tag: "DeadlineError", reason: "InvalidRule" })
      expect(
        err(Deadline.occurrences(built, { calendar: cn }, { from: d("2026-01-01"), to: d("2026-12-31") }))
      ).toMatchObject({
        _tag: "DeadlineError",
        reason: "InvalidRule"
      })
    })

    it("visits yearly 10–15 days before Spring Festival: the real windows of 2024, 2025 and 2026", () => {
      const evs = ok(Deadline.occurrences(yearly, { calendar: cn }, { from: d("2024-01-01"), to: d("2026-12-31") }))
      expect(windows(evs)).toEqual([
        ["2024-01-26", "2024-01-31"],
        ["2025-01-13", "2025-01-17"],
        ["2026-02-02", "2026-02-05"]
      ])
      expect(evs.map((ev) => ev.explanation.anchor.date)).toEqual(["2024-02-10", "2025-01-28", "2026-02-15"])
    })

    it("rolls the end of a quarter that falls on a Sunday back to the Friday with roll 'preceding'", () => {
      const rule = Deadline.point(quarterEnd, Deadline.before(0, "workingDays"), { roll: "preceding" })
      const ev = ok(Deadline.evaluate(rule, { calendar: cn, eventStart: "2024-02-24" }))
      expect(ev.dueDate).toBe("2024-03-29")
      expect(ev.explanation.rolls).toMatchObject([{ from: "2024-03-31", to: "2024-03-29", reason: "weekend (Sun)" }])
    })

    it("lists only the occurrences due inside the range", () => {
      const evs = ok(Deadline.occurrences(quarterly, { calendar: cn }, { from: d("2026-05-01"), to: d("2026-08-15") }))
      expect(evs.map((ev) => ev.dueDate)).toEqual(["2026-06-30"])
    })

    it("refuses a range that ends before it starts", () => {
      const e = err(Deadline.occurrences(quarterly, { calendar: cn }, { from: d("2026-12-31"), to: d("2026-01-01") }))
      expect(e).toBeInstanceOf(BusinessCalendar.InvalidArgument)
    })
  })

  describe("named and shifted anchors", () => {
    const arrival = Deadline.named("trainArrival")

    it("times the callback 2 hours after the guest's train arrives", () => {
      const rule = Deadline.point(arrival, Deadline.after(2, "hours"), { id: "callback" })
      const ev = ok(Deadline.evaluate(rule, { calendar: cn, anchors: { trainArrival: "2026-03-12T16:40:00+08:00" } }))
      expect(iso(ev.due)).toBe("2026-03-12T18:40:00.000+08:00")
      expect(ev.explanation.anchor).toMatchObject({ kind: "Named", value: "2026-03-12T16:40:00.000+08:00" })
      expect(ev.explanation.rule.en).toBe("2 hours after trainArrival")
    })

    it("computes the arrival as departure + 5 hours' travel, and the pick-up 30 minutes before it", () => {
      const arrivalByTravel: Deadline.Anchor = {
        _tag: "Shifted",
        base: Deadline.named("departure"),
        offset: Deadline.after(5, "hours")
      }
      const pickUp = Deadline.point(arrivalByTravel, Deadline.before(30, "minutes"))
      const ev = ok(Deadline.evaluate(pickUp, { calendar: cn, anchors: { departure: "2026-03-12T08:15:00+08:00" } }))
      expect(ev.explanation.anchor.value).toBe("2026-03-12T13:15:00.000+08:00")
      expect(iso(ev.due)).toBe("2026-03-12T12:45:00.000+08:00")
      expect(ev.explanation.rule).toEqual({
        en: "30 minutes before 5 hours after departure",
        "zh-CN": "departure后5小时前30分钟"
      })
    })

    it("counts working days from a shifted anchor's own day: an overnight train arriving on Saturday", () => {
      const arrivalByTravel: Deadline.Anchor = {
        _tag: "Shifted",
        base: Deadline.named("departure"),
        offset: Deadline.after(5, "hours")
      }
      const rule = Deadline.point(arrivalByTravel, Deadline.after(1, "workingDays"))
      const ev = ok(Deadline.evaluate(rule, { calendar: cn, anchors: { departure: "2026-03-13T20:15:00+08:00" } }))
      expect(ev.explanation.anchor.date).toBe("2026-03-14")
      expect(ev.dueDate).toBe("2026-03-16")
    })

    it("fails with MissingAnchor when the context has no value for a named anchor", () => {
      const e = err(
        Deadline.evaluate(Deadline.point(arrival, Deadline.after(2, "hours"), { id: "callback" }), { calendar: cn })
      )
      expect(e).toBeInstanceOf(Deadline.DeadlineError)
      expect(e).toMatchObject({ reason: "MissingAnchor", ruleId: "callback" })
      expect(e.message).toContain("anchors.trainArrival")
    })
  })

  describe("beyond the calendar's coverage (cn-mainland data ends 2026-12-31)", () => {
    const visit2027 = { calendar: cn, eventStart: "2027-02-17" } as const

    it("refuses with OutsideCoverage by default", () => {
      const e = err(Deadline.evaluate(definition, visit2027))
      expect(e).toBeInstanceOf(BusinessCalendar.OutsideCoverage)
      expect(e).toMatchObject({ calendarId: "cn-mainland", coverageTo: "2026-12-31", version: VERSION })
    })

    it("answers provisionally when asked, from weekends only, and says what it assumed", () => {
      const ev = ok(Deadline.evaluate(definition, { ...visit2027, beyondCoverage: "provisional" }))
      expect(ev.provisional).toBe(true)
      expect(ev.dueDate).toBe("2027-02-10")
      expect(ev.explanation.assumptions).toEqual([BusinessCalendar.assumptionBeyondCoverage(cn)])
      expect(ev.explanation.assumptions[0]).toContain("only weekends (Sat, Sun) are assumed off")
      expect(ev.explanation.sentence.en).toContain("Provisional: beyond 2004-01-01–2026-12-31")
      expect(ev.explanation.sentence["zh-CN"]).toContain("暂定：超出日历数据范围，仅按周末计算休息日。")
    })

    it("reports 'moved from 2027-02-10 to 2027-02-03' once the 2027 notice is loaded", () => {
      const before = ok(Deadline.evaluate(definition, { ...visit2027, beyondCoverage: "provisional" }))
      const with2027 = ok(BusinessCalendar.loadNotice(cn, notice2027))
      const after = ok(Deadline.evaluate(definition, { calendar: with2027, eventStart: "2027-02-17" }))
      expect(after.provisional).toBe(false)
      expect(after.explanation.calendar.version).toBe("cn-mainland-2027-fixture")
      const change = Deadline.compare(before, after)
      expect(change).toMatchObject({ moved: true, from: "2027-02-10", to: "2027-02-03" })
      expect(change.sentence.en).toBe("moved from 2027-02-10 to 2027-02-03 (now confirmed by the calendar data)")
      expect(change.sentence["zh-CN"]).toBe("由 2027-02-10 调整为 2027-02-03（已由日历数据确认）")
    })

    it("reports 'unchanged' when the notice does not move the deadline", () => {
      const a = ok(Deadline.evaluate(definition, visit))
      expect(Deadline.compare(a, a)).toMatchObject({ moved: false, sentence: { en: "unchanged: 2026-02-10" } })
    })

    it("refuses Spring Festival 2027 with UnknownHoliday rather than answer, even provisionally", () => {
      const next = Deadline.window(
        Deadline.holiday("Spring Festival", { which: "next" }),
        Deadline.before(15, "calendarDays"),
        Deadline.before(10, "calendarDays"),
        { id: "holiday-visit" }
      )
      for (const beyondCoverage of ["fail", "provisional"] as const) {
        const e = err(Deadline.evaluate(next, { calendar: cn, eventStart: "2026-12-01", beyondCoverage }))
        expect(e).toBeInstanceOf(Deadline.DeadlineError)
        expect(e).toMatchObject({ reason: "UnknownHoliday", ruleId: "holiday-visit" })
        expect(e.message).toContain("load the holiday notice")
      }
      const with2027 = ok(BusinessCalendar.loadNotice(cn, notice2027))
      const ev = ok(Deadline.evaluate(next, { calendar: with2027, eventStart: "2026-12-01" }))
      expect([ev.opensDate, ev.dueDate]).toEqual(["2027-01-22", "2027-01-27"])
    })

    it("refuses the nearest Spring Festival to a November 2026 visit: the nearer 2027 one is not in the data", () => {
      // Regression: this answered with the February 2026 break, 259 days back.
      const e = err(Deadline.evaluate(springFestivalWindow, { calendar: cn, eventStart: "2026-11-01" }))
      expect(e).toMatchObject({ _tag: "DeadlineError", reason: "UnknownHoliday" })
      expect(e.message).toContain("without data up to 2027-07-17")
      const provisional = err(
        Deadline.evaluate(springFestivalWindow, {
          calendar: cn,
          eventStart: "2027-01-20",
          beyondCoverage: "provisional"
        })
      )
      expect(provisional).toMatchObject({ reason: "UnknownHoliday" })
    })

    it("fails the yearly Spring Festival visits for a range reaching into 2027", () => {
      const yearly: Deadline.Rule = { _tag: "Recurring", every: "year", rule: springFestivalWindow }
      const e = err(Deadline.occurrences(yearly, { calendar: cn }, { from: d("2024-01-01"), to: d("2027-12-31") }))
      expect(e).toMatchObject({ _tag: "DeadlineError", reason: "UnknownHoliday" })
    })

    it("checks a recurring rule's coverage too: every quarter, for an event in 2027", () => {
      // Regression: evaluate() dropped the days the inner rule touched and answered provisional: false.
      const rule: Deadline.Rule = {
        _tag: "Recurring",
        every: "quarter",
        rule: Deadline.point(quarterEnd, Deadline.before(5, "workingDays"))
      }
      expect(err(Deadline.evaluate(rule, { calendar: cn, eventStart: "2027-06-01" }))).toBeInstanceOf(
        BusinessCalendar.OutsideCoverage
      )
      const ev = ok(Deadline.evaluate(rule, { calendar: cn, eventStart: "2027-06-01", beyondCoverage: "provisional" }))
      expect(ev).toMatchObject({ provisional: true, dueDate: "2027-06-23" })
    })

    it("refuses a deadline reaching back before 2004", () => {
      const e = err(Deadline.evaluate(definition, { calendar: cn, eventStart: "2004-01-05" }))
      expect(e).toMatchObject({ _tag: "OutsideCoverage", date: "2003-12-26" })
    })
  })

  describe("errors, each typed", () => {
    it("fails with MissingAnchor, naming the rule, when the event start is not given", () => {
      const e = err(Deadline.evaluate(definition, { calendar: cn }))
      expect(e).toBeInstanceOf(Deadline.DeadlineError)
      expect(e).toMatchObject({ reason: "MissingAnchor", ruleId: "definition" })
      expect(e.message).toBe("this rule is anchored on the event start, but the context gives no eventStart")
    })

    it("fails with MissingAnchor when a period rule has neither event start nor notice", () => {
      expect(err(Deadline.evaluate({ _tag: "During", period: "quarter" }, { calendar: cn }))).toMatchObject({
        reason: "MissingAnchor"
      })
    })

    it("refuses an event start that is not a real date or an instant with offset", () => {
      for (const eventStart of ["2026-02-30", "2026-02-24 09:00", "24/02/2026"]) {
        const e = err(Deadline.evaluate(definition, { calendar: cn, eventStart }))
        expect(e).toBeInstanceOf(BusinessCalendar.InvalidArgument)
        expect(e).toMatchObject({ argument: "eventStart" })
      }
    })

    it("fails with NotAWorkingDay when a strict rule lands on a weekend", () => {
      const strict = Deadline.point(Deadline.eventStart, Deadline.before(3, "calendarDays"), { roll: "strict" })
      const e = err(Deadline.evaluate(strict, { calendar: cn, eventStart: "2026-03-17" }))
      expect(e).toBeInstanceOf(BusinessCalendar.NotAWorkingDay)
      expect(e).toMatchObject({ date: "2026-03-14", reason: "weekend (Sat)" })
    })

    it("fails with NoWorkingHours when working hours are counted on a calendar without them", () => {
      const plain = ok(
        BusinessCalendar.weekendsOnly({ timeZone: "Asia/Shanghai", from: d("2026-01-01"), to: d("2026-12-31") })
      )
      const rule = Deadline.point(Deadline.noticeReceived, Deadline.after(2, "workingHours"))
      const e = err(Deadline.evaluate(rule, { calendar: plain, notice: "2026-03-10T09:00:00+08:00" }))
      expect(e).toBeInstanceOf(BusinessCalendar.NoWorkingHours)
    })

    // Found by the fuzz suite: Effect's union parser reads a tag with String(value), which threw a
    // TypeError out of decodeRule for JSON such as {"_tag": {"toString": 1}}.
    it("refuses a rule whose tag is an object that cannot be read as text, never throwing", () => {
      for (const input of [
        JSON.parse('{"_tag": {"toString": 1}}'),
        JSON.parse('{"_tag": "Point", "anchor": {"_tag": {"toString": 1}}}'),
        { _tag: Object.create(null) }
      ]) {
        expect(err(Deadline.decodeRule(input)).issues[0]?.message).toMatch(/cannot be read as text/)
      }
    })

    it("reports every problem of a stored rule with its path", () => {
      const issues = (input: unknown) => err(Deadline.decodeRule(input)).issues
      expect(
        issues({
          _tag: "Point",
          anchor: { _tag: "EventStart" },
          offset: { amount: -5, unit: "workingDays", direction: "before" }
        })
      ).toEqual([{ path: "offset.amount", message: "Expected a number between 0 and 100000, actual -5" }])
      expect(
        issues({
          _tag: "Window",
          anchor: { _tag: "Holiday", name: "" },
          opens: { amount: 15, unit: "calendarDays", direction: "before" }
        })
      ).toEqual([
        { path: "anchor.name", message: 'Expected a non empty string, actual ""' },
        { path: "due", message: "is missing" }
      ])
      expect(
        issues({
          _tag: "Cutoff",
          anchor: { _tag: "NoticeReceived" },
          cutoff: "25:00",
          ifBefore: { workingDays: 0, by: "16:00" },
          ifAfter: { workingDays: 1, by: "4pm" }
        })
      ).toEqual([
        { path: "cutoff", message: "expected HH:MM" },
        { path: "ifAfter.by", message: "expected HH:MM" }
      ])
      expect(
        issues({ _tag: "Recurring", every: "quarter", months: [13], rule: { _tag: "During", period: "quarter" } })
      ).toEqual([{ path: "months[0]", message: "Expected a number between 1 and 12, actual 13" }])
      expect(issues({ _tag: "During", period: "quarter", extra: true })[0]?.path).toBe("extra")
      expect(issues({ _tag: "Deadline" })[0]?.path).toBe("_tag")
    })

    it("reports a bad unit at its path, nested inside a recurring rule and a shifted anchor", () => {
      const input = {
        _tag: "Recurring",
        every: "month",
        rule: {
          _tag: "Point",
          anchor: {
            _tag: "Shifted",
            base: { _tag: "Named", name: "departure" },
            offset: { amount: 5, unit: "hour", direction: "after" }
          },
          offset: { amount: 1, unit: "workingDays", direction: "after" }
        }
      }
      const paths = new Set(err(Deadline.decodeRule(input)).issues.map((issue) => issue.path))
      expect(paths).toEqual(new Set(["rule.anchor.offset.unit"]))
    })
  })

  describe("laws", () => {
    const DAY_UNITS: ReadonlyArray<Deadline.Unit> = ["workingDays", "calendarDays", "weeks"]

    /** A random calendar, a rule, and a context whose dates sit in or just around its coverage. */
    const scenario = (rules: fc.Arbitrary<Deadline.Rule>, calendars = Arb.calendar()) =>
      calendars.chain((calendar) => {
        const around = Arb.localDate({
          min: LocalDate.unsafeAddDays(calendar.data.coverage.from, -30),
          max: LocalDate.unsafeAddDays(calendar.data.coverage.to, 30)
        })
        const instant = fc
          .tuple(around, fc.integer({ min: 0, max: 24 * 60 - 1 }))
          .map(([date, minute]) => new Date(Date.parse(`${date}T00:00:00Z`) + minute * 60_000).toISOString())
        const moment = fc.oneof(
          around.map((date): string => date),
          instant
        )
        return fc.record({
          calendar: fc.constant(calendar),
          rule: rules,
          context: fc.record({
            calendar: fc.constant(calendar),
            eventStart: moment,
            notice: moment,
            anchors: fc.record({ arrival: moment, departure: moment }),
            beyondCoverage: fc.constant("provisional" as const)
          })
        })
      })

    /** The typed failures a valid rule may meet in some context. */
    const expectTyped = (e: Deadline.EvaluationError) => {
      expect(
        e instanceof Deadline.DeadlineError ||
          e instanceof BusinessCalendar.NotAWorkingDay ||
          e instanceof BusinessCalendar.NoWorkingHours ||
          e instanceof BusinessCalendar.OutsideCoverage ||
          e instanceof BusinessCalendar.InvalidArgument
      ).toBe(true)
      if (e instanceof Deadline.DeadlineError) expect(e.reason).not.toBe("InvalidRule")
    }

    /** Runs a law over evaluated rules, and checks it was not vacuous: most rules must evaluate. */
    const forEvaluated = (
      rules: fc.Arbitrary<Deadline.Rule>,
      law: (ev: Deadline.Evaluation, rule: Deadline.Rule, calendar: BusinessCalendar.BusinessCalendar) => void,
      numRuns = 300,
      calendars = Arb.calendar()
    ) => {
      let evaluated = 0
      fc.assert(
        fc.property(scenario(rules, calendars), ({ calendar, context, rule }) => {
          const result = Deadline.evaluate(rule, context)
          if (Either.isLeft(result)) return expectTyped(result.left)
          evaluated++
          law(result.right, rule, calendar)
        }),
        { numRuns }
      )
      expect(evaluated).toBeGreaterThan(numRuns / 2)
    }

    it("never puts a 'before the event' deadline after the event", () => {
      const beforeEvent = Arb.rule({
        kinds: ["Point", "Window"],
        anchor: { kinds: ["EventStart"] },
        offset: { units: DAY_UNITS, directions: ["before"] },
        rolls: ["none", "preceding", "strict"]
      })
      forEvaluated(beforeEvent, (ev) => {
        expect(ev.explanation.anchor.kind).toBe("EventStart")
        expect(ev.dueDate <= ev.explanation.anchor.date).toBe(true)
        if (ev.opensDate !== undefined) expect(ev.opensDate <= ev.explanation.anchor.date).toBe(true)
      })
    })

    it("never puts a before-rule after its anchor's day, whatever the anchor", () => {
      const beforeAnything = Arb.rule({
        kinds: ["Point", "Window"],
        offset: { units: DAY_UNITS, directions: ["before"] },
        rolls: ["none", "preceding"]
      })
      forEvaluated(beforeAnything, (ev) => expect(ev.dueDate <= ev.explanation.anchor.date).toBe(true))
    })

    it("opens a window no later than it is due", () => {
      // Calendars with working hours: where a window's ends mix days and hours, those hours decide.
      const withHours = Arb.calendar({ workingHours: "always" })
      forEvaluated(
        Arb.rule({ kinds: ["Window", "Window", "During"] }),
        (ev) => {
          expect(ev.opens).toBeDefined()
          expect(ev.opensDate).toBeDefined()
          if (ev.opens === undefined || ev.opensDate === undefined) return
          expect(DateTime.toEpochMillis(ev.opens)).toBeLessThanOrEqual(DateTime.toEpochMillis(ev.due))
          expect(ev.opensDate <= ev.dueDate).toBe(true)
        },
        500,
        withHours
      )
    })

    it("never puts an after-rule before its anchor's day", () => {
      const afterRules = Arb.rule({
        kinds: ["Point", "Window", "Cutoff"],
        offset: { directions: ["after"] },
        rolls: ["none", "following"]
      })
      forEvaluated(afterRules, (ev) => {
        expect(ev.dueDate >= ev.explanation.anchor.date).toBe(true)
        if (ev.opensDate !== undefined) expect(ev.opensDate >= ev.explanation.anchor.date).toBe(true)
      })
    })

    it("evaluates deterministically, and explains with the calendar's own id and version", () => {
      fc.assert(
        fc.property(scenario(Arb.rule()), ({ calendar, context, rule }) => {
          const a = Deadline.evaluate(rule, context)
          const b = Deadline.evaluate(rule, context)
          expect(Either.map(b, Deadline.toJson)).toEqual(Either.map(a, Deadline.toJson))
          if (Either.isRight(a)) {
            expect(a.right.explanation.calendar).toEqual({
              id: calendar.id,
              version: calendar.data.version,
              source: calendar.data.source
            })
          }
        }),
        { numRuns: 200 }
      )
    })

    it("reads back every rule unchanged after JSON encode, stringify, parse and decodeRule", () => {
      fc.assert(
        fc.property(Arb.rule(), (rule) => {
          const text = JSON.stringify(Schema.encodeSync(Deadline.Rule)(rule))
          expect(ok(Deadline.decodeRule(JSON.parse(text)))).toEqual(rule)
        }),
        { numRuns: 500 }
      )
    })

    it("calls a deadline missed exactly when now is after it is due, late by the working days between", () => {
      let lateOnLaterDay = 0
      fc.assert(
        fc.property(
          scenario(Arb.rule({ kinds: ["Point", "Window", "Cutoff"] })),
          fc.integer({ min: -40 * 1440, max: 40 * 1440 }),
          ({ calendar, context, rule }, minutes) => {
            const result = Deadline.evaluate(rule, context)
            if (Either.isLeft(result)) return
            const ev = result.right
            const dueMillis = DateTime.toEpochMillis(ev.due)
            // Every 7th run is "now" exactly at the due instant, which is not yet missed.
            const nowMillis = minutes % 7 === 0 ? dueMillis : dueMillis + minutes * 60_000
            const now = DateTime.unsafeMake(nowMillis)
            const f = ok(Deadline.feasibility(calendar, ev, now))
            expect(f.status === "missed").toBe(nowMillis > dueMillis)
            const nowDate = BusinessCalendar.localDateOf(calendar, now)
            if (f.status === "missed" && nowDate > ev.dueDate) {
              lateOnLaterDay++
              const between = ok(
                BusinessCalendar.workingDaysBetween(calendar, ev.dueDate, nowDate, { beyondCoverage: "provisional" })
              )
              expect(f.lateByWorkingDays).toBe(between.value)
            }
            if (f.status !== "missed") expect(f.lateByWorkingDays).toBe(0)
          }
        ),
        { numRuns: 300 }
      )
      expect(lateOnLaterDay).toBeGreaterThan(30)
    })

    it("lists a recurring rule's occurrences in order, each due inside the range", () => {
      let listed = 0
      const range = fc
        .tuple(Arb.localDate({ min: d("2004-01-01"), max: d("2026-12-31") }), fc.integer({ min: 0, max: 800 }))
        .map(([from, days]) => ({ from, to: LocalDate.unsafeAddDays(from, days) }))
      // Recurring rules around period rules, and around any point, window or period rule.
      const recurring = fc.oneof(
        Arb.rule({ kinds: ["Recurring"] }),
        Arb.rule({ kinds: ["Recurring", "Point", "Window", "During"] }).filter((r) => r._tag === "Recurring")
      )
      const context = { calendar: cn, eventStart: "2015-06-15", beyondCoverage: "provisional" } as const
      fc.assert(
        fc.property(recurring, range, (rule, { from, to }) => {
          const result = Deadline.occurrences(rule, context, { from, to })
          if (Either.isLeft(result)) return expectTyped(result.left)
          listed += result.right.length
          const dues = result.right.map((ev) => DateTime.toEpochMillis(ev.due))
          expect(dues).toEqual([...dues].sort((a, b) => a - b))
          for (const ev of result.right) {
            expect(ev.dueDate >= from && ev.dueDate <= to).toBe(true)
          }
        }),
        { numRuns: 200 }
      )
      expect(listed).toBeGreaterThan(200)
    })
  })
})
