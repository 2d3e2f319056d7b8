/**
 * How a host app property-tests its own deadline rule with `@liaison/core/testing`.
 *
 * The app below stores one rule of its own: "file the visit application 3 working days before
 * the visit" (提前3个工作日提交来访申请). Example tests check it on a few dates; these properties
 * check it on every date and on every calendar the app might be given: the official China
 * calendar, a year's notice it loads later, or a tenant's own calendar (a branch office abroad, a
 * trading desk that does not work make-up Saturdays).
 *
 * The recipe:
 * 1. draw calendars with `Arb.calendar()` and dates with `Arb.localDate()` (or your own dates);
 * 2. evaluate your rule with `beyondCoverage: "provisional"`, so random dates past a calendar's
 *    data still get an answer (marked provisional) instead of `OutsideCoverage`;
 * 3. state what must always hold, in the words of your procedure;
 * 4. when the rule is configurable, draw its variants with `Arb.rule(...)` restricted to what
 *    your configuration screen allows, and test the stored JSON form, as it will be read back.
 *
 * fast-check (4.x) is an optional peer dependency of `@liaison/core`: a host app adds it to its
 * own devDependencies to use `@liaison/core/testing`.
 */
import { describe, expect, it } from "@effect/vitest"
import { BusinessCalendar, Deadline, LocalDate, OfficialCalendars } from "@liaison/core"
import * as Arb from "@liaison/core/testing"
import * as Either from "effect/Either"
import fc from "fast-check"

/** The host app's rule, exactly as it stores it. */
const visitApplication: Deadline.Rule = Deadline.point(Deadline.eventStart, Deadline.before(3, "workingDays"), {
  id: "visit-application",
  label: { en: "Visit application", "zh-CN": "来访申请" }
})

const provisional = { beyondCoverage: "provisional" } as const

/** Due date of a rule for a visit, on any calendar; a typed failure is a test failure here. */
const dueFor = (rule: Deadline.Rule, calendar: BusinessCalendar.BusinessCalendar, visit: LocalDate.LocalDate) =>
  Either.getOrThrowWith(
    Deadline.evaluate(rule, { calendar, eventStart: visit, ...provisional }),
    (e) => new Error(`${rule.id ?? "rule"} failed for a visit on ${visit}: ${e.message}`)
  )

const isWorkingDay = (calendar: BusinessCalendar.BusinessCalendar, date: LocalDate.LocalDate) =>
  Either.getOrThrow(BusinessCalendar.isWorkingDay(calendar, date, provisional)).value

describe("our visit application rule (3 working days before the visit)", () => {
  // An example first: the 2026 Spring Festival break is where hand-written date code goes wrong.
  it("is due Thursday 2026-02-12 for a visit on 2026-02-24, counting the make-up Saturday before the 9-day break", () => {
    const due = dueFor(visitApplication, OfficialCalendars.cnMainland, LocalDate.unsafeMake("2026-02-24"))
    expect(due.dueDate).toBe("2026-02-12")
  })

  it("is never due on a non-working day, and always before the visit, on any calendar", () => {
    fc.assert(
      fc.property(Arb.calendar(), Arb.localDate(), (calendar, visit) => {
        const { dueDate } = dueFor(visitApplication, calendar, visit)
        expect(isWorkingDay(calendar, dueDate)).toBe(true)
        expect(dueDate < visit).toBe(true)
        // …leaving two full working days between filing and the visit (whether or not the visit
        // day itself is a working day: a tenant's calendar may put it on a day off).
        const eve = LocalDate.unsafeAddDays(visit, -1)
        expect(Either.getOrThrow(BusinessCalendar.workingDaysBetween(calendar, dueDate, eve, provisional)).value).toBe(
          2
        )
      }),
      { numRuns: 300 }
    )
  })

  it("is not yet missed when the visit is announced 3 or more working days ahead", () => {
    const calendar = OfficialCalendars.cnMainland
    const covered = { min: calendar.data.coverage.from, max: calendar.data.coverage.to }
    fc.assert(
      fc.property(Arb.localDate(covered), fc.integer({ min: 3, max: 30 }), (visit, ahead) => {
        const announced = Either.getOrThrow(BusinessCalendar.addWorkingDays(calendar, visit, -ahead, provisional)).value
        // Announced in the morning of a working day `ahead` working days before the visit.
        const now = `${announced}T09:00:00+08:00`
        const due = dueFor(visitApplication, calendar, visit)
        const standing = Either.getOrThrow(Deadline.feasibility(calendar, due, now))
        expect(standing.status).toBe("open")
        expect(standing.workingDaysLeft).toBe(ahead - 3)
      }),
      { numRuns: 300 }
    )
  })

  // The app lets an administrator change the lead time (1–20 working days) and the time of day
  // the application is due. Every such rule, once stored as JSON and read back, must keep the
  // promise, so the property draws the rules the configuration screen can produce.
  it("keeps its promise however an administrator configures it, after a JSON round trip", () => {
    const configurable = Arb.rule({
      kinds: ["Point"],
      anchor: { kinds: ["EventStart"] },
      offset: { units: ["workingDays"], directions: ["before"], maxAmount: 20 },
      rolls: [],
      meta: "always"
    }).filter((rule) => rule._tag === "Point" && rule.offset.amount >= 1)
    fc.assert(
      fc.property(configurable, Arb.calendar(), Arb.localDate(), (rule, calendar, visit) => {
        const stored = JSON.parse(JSON.stringify(rule))
        const readBack = Either.getOrThrow(Deadline.decodeRule(stored))
        const { dueDate } = dueFor(readBack, calendar, visit)
        expect(isWorkingDay(calendar, dueDate)).toBe(true)
        expect(dueDate < visit).toBe(true)
      }),
      { numRuns: 300 }
    )
  })
})
