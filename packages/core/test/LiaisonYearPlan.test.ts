import { describe, expect, it } from "@effect/vitest"
import * as Either from "effect/Either"
import { BusinessCalendar, LiaisonYearPlan, LocalDate, OfficialCalendars } from "../src/index.js"

const cn = OfficialCalendars.cnMainland

const ok = <A, E>(result: Either.Either<A, E>): A =>
  Either.getOrThrowWith(result, (e) => new Error(`expected a value, got ${JSON.stringify(e)}`))

const err = <A, E>(result: Either.Either<A, E>): E =>
  Either.getOrThrowWith(Either.flip(result), (a) => new Error(`expected an error, got ${JSON.stringify(a)}`))

const units: ReadonlyArray<LiaisonYearPlan.LiaisonUnit> = [
  { id: "city-government", name: "某市人民政府", category: "cityGovernment" },
  { id: "district-psb", name: "某区公安分局", category: "publicSecurity" },
  { id: "consumer-association", name: "某市消费者协会", category: "consumerAssociation" }
]

const windows = (plan: LiaisonYearPlan.YearPlan) =>
  plan.quarters.map((q) => [q.quarter, q.kind, q.holiday?.name, q.opensDate, q.dueDate])

describe("LiaisonYearPlan", () => {
  describe("the 2026 plan (P1)", () => {
    const plan = ok(LiaisonYearPlan.make(2026, units, cn))

    it("puts the Q1 contact 10–15 days before Spring Festival: opens 2026-01-31, a Saturday, rolled to Monday 2026-02-02; due 2026-02-05", () => {
      const q1 = plan.quarters[0]!
      expect(q1.kind).toBe("holiday")
      expect(q1.holiday).toEqual({ name: "Spring Festival", nameZh: "春节", from: "2026-02-15", to: "2026-02-23" })
      expect([q1.opensDate, q1.dueDate]).toEqual(["2026-02-02", "2026-02-05"])
      expect(q1.window.explanation.rolls).toEqual([
        { end: "opens", convention: "following", from: "2026-01-31", to: "2026-02-02", reason: "weekend (Sat)" }
      ])
      expect(q1.window.explanation.sentence.en).toContain(
        "every quarter: from 15 days before to 10 days before Spring Festival (2026-02-15)"
      )
      expect(q1.window.explanation.sentence["zh-CN"]).toContain("每季度：春节前15天至前10天")
      expect(q1.reason["zh-CN"]).toBe("与春节（2026-02-15至2026-02-23）合并公关：节前10-15天联络")
    })

    it("gives Q2, with no holiday to merge with, the whole quarter as a plain During window", () => {
      const q2 = plan.quarters[1]!
      expect([q2.kind, q2.holiday, q2.opensDate, q2.dueDate]).toEqual([
        "quarter",
        undefined,
        "2026-04-01",
        "2026-06-30"
      ])
      expect(q2.window.ruleId).toBe("government-liaison/contact")
      expect(q2.window.explanation.rule.en).toBe("within the quarter")
      expect(q2.unknown).toEqual([])
    })

    it("merges Q3 with Mid-Autumn (2026-09-10 – 09-15) and names National Day, whose window 09-16 – 09-21 is in Q3 too", () => {
      const q3 = plan.quarters[2]!
      expect([q3.holiday?.name, q3.opensDate, q3.dueDate]).toEqual(["Mid-autumn Festival", "2026-09-10", "2026-09-15"])
      expect(q3.alsoInQuarter).toEqual([
        {
          name: "National Day",
          nameZh: "国庆节",
          from: "2026-10-01",
          to: "2026-10-07",
          opensDate: "2026-09-16",
          dueDate: "2026-09-21"
        }
      ])
    })

    it("gives Q4 the quarter from 2026-10-08, after the National Day break, and says New Year's Day 2027 is not yet known", () => {
      const q4 = plan.quarters[3]!
      expect([q4.kind, q4.opensDate, q4.dueDate]).toEqual(["quarter", "2026-10-08", "2026-12-31"])
      expect(q4.unknown).toHaveLength(1)
      expect(q4.unknown[0]!.en).toMatch(
        /^holidays starting 2027-01-01 – 2027-01-10 are not in calendar cn-mainland's data/
      )
      expect(q4.unknown[0]!.en).toContain("load the 2027 holiday notice and plan again")
      expect(q4.reason.en).toContain("see unknown")
      expect(plan.provisional).toBe(false)
    })

    it("contacts every unit once in every quarter, inside that quarter", () => {
      expect(plan.contacts).toHaveLength(units.length * 4)
      expect(plan.contacts.slice(0, 3).map((c) => c.id)).toEqual([
        "2026-Q1/city-government",
        "2026-Q1/district-psb",
        "2026-Q1/consumer-association"
      ])
      for (const contact of plan.contacts) {
        const month = LocalDate.parts(contact.window.opensDate).month
        expect(Math.ceil(month / 3)).toBe(contact.quarter)
        expect(Math.ceil(LocalDate.parts(contact.window.dueDate).month / 3)).toBe(contact.quarter)
      }
    })

    it("plans the 2026 P2 campaigns: Spring Festival (main), Mid-Autumn and Christmas, each contacted 1–2 weeks before", () => {
      expect(plan.campaigns.map((c) => [c.id, c.main, c.contact.opensDate, c.contact.dueDate])).toEqual([
        ["holiday-relations/spring-festival/2026-02-15", true, "2026-02-02", "2026-02-06"],
        ["holiday-relations/mid-autumn-festival/2026-09-25", false, "2026-09-11", "2026-09-18"],
        ["holiday-relations/christmas/2026-12-25", false, "2026-12-11", "2026-12-18"]
      ])
      const spring = plan.campaigns[0]!.plan
      expect(spring.procedure.id).toBe("holiday-relations")
      expect(spring.tasks.map((t) => [t.stepId, t.deadline?.dueDate])).toEqual([
        ["plan", "2026-01-16"],
        ["request-approval", "2026-01-23"],
        ["funds", "2026-01-30"],
        ["contact", "2026-02-06"],
        ["report", "2026-02-06"],
        ["ledger", "2026-02-06"],
        ["reimburse", "2026-02-24"]
      ])
      expect(plan.campaigns[2]!.holiday.fixedDate).toBe(true)
    })

    it("leaves the New Year's Day 2027 campaign out, and says so, since its break is not in the data", () => {
      expect(plan.campaigns.some((c) => c.holiday.name === "New Year's Day")).toBe(false)
      expect(plan.unknown.map((u) => u.en)).toContainEqual(
        expect.stringMatching(/^holidays starting 2027-01-01 – 2027-01-07 .* would have its P2 campaign in 2026/)
      )
    })
  })

  describe("the 2025 plan", () => {
    const plan = ok(LiaisonYearPlan.make(2025, units, cn))

    it("merges every quarter but Q2: Spring Festival, Mid-Autumn, and New Year's Day 2026 in December", () => {
      expect(windows(plan)).toEqual([
        [1, "holiday", "Spring Festival", "2025-01-13", "2025-01-17"],
        [2, "quarter", undefined, "2025-04-01", "2025-06-30"],
        [3, "holiday", "Mid-autumn Festival", "2025-09-22", "2025-09-26"],
        [4, "holiday", "New Year's Day", "2025-12-17", "2025-12-22"]
      ])
      expect(plan.unknown).toEqual([])
    })

    it("rolls the Q1 due date from Saturday 2025-01-18 back to Friday 2025-01-17", () => {
      expect(plan.quarters[0]!.window.explanation.rolls).toEqual([
        expect.objectContaining({ end: "due", from: "2025-01-18", to: "2025-01-17" })
      ])
    })

    it("plans the New Year's Day 2026 campaign in December 2025, the year its contacts are made", () => {
      expect(plan.campaigns.map((c) => [c.holiday.name, c.contact.dueDate])).toEqual([
        ["Spring Festival", "2025-01-21"],
        ["Mid-autumn Festival", "2025-09-29"],
        ["Christmas", "2025-12-18"],
        ["New Year's Day", "2025-12-25"]
      ])
    })
  })

  describe("years at the edge of the data", () => {
    it("puts the New Year's break that starts on 2022-12-31 in 2022 Q4", () => {
      const plan = ok(LiaisonYearPlan.make(2022, units, cn))
      expect(windows(plan)[3]).toEqual([4, "holiday", "New Year's Day", "2022-12-16", "2022-12-21"])
      expect(plan.quarters[3]!.holiday?.from).toBe("2022-12-31")
    })

    it("refuses 2027, beyond the calendar's coverage, with OutsideCoverage", () => {
      const e = err(LiaisonYearPlan.make(2027, units, cn))
      expect(e).toBeInstanceOf(BusinessCalendar.OutsideCoverage)
      expect(e).toMatchObject({ date: "2027-01-01", coverageTo: "2026-12-31" })
    })

    it("plans 2027 provisionally when asked: whole quarters on weekends only, no holiday guessed, every quarter saying why", () => {
      const plan = ok(LiaisonYearPlan.make(2027, units, cn, { beyondCoverage: "provisional" }))
      expect(plan.provisional).toBe(true)
      expect(windows(plan)).toEqual([
        [1, "quarter", undefined, "2027-01-01", "2027-03-31"],
        [2, "quarter", undefined, "2027-04-01", "2027-06-30"],
        [3, "quarter", undefined, "2027-07-01", "2027-09-30"],
        [4, "quarter", undefined, "2027-10-01", "2027-12-31"]
      ])
      expect(plan.quarters.every((q) => q.provisional && q.unknown.length === 1)).toBe(true)
      expect(plan.quarters[0]!.window.explanation.assumptions[0]).toContain("only weekends (Sat, Sun) are assumed off")
      // Christmas is a fixed date: planned, provisionally. Calendar holidays are not guessed.
      expect(plan.campaigns.map((c) => [c.id, c.plan.provisional])).toEqual([
        ["holiday-relations/christmas/2027-12-25", true]
      ])
    })

    it("merges with the holidays a loaded notice adds", () => {
      const notice = {
        year: 2027,
        holidays: [
          { date: "2027-01-01", name: "New Year's Day", nameZh: "元旦" },
          ...[6, 7, 8, 9, 10, 11, 12, 13, 14].map((day) => ({
            date: `2027-02-${String(day).padStart(2, "0")}`,
            name: "Spring Festival",
            nameZh: "春节"
          }))
        ],
        makeUpWorkingDays: [],
        version: "fixture-2027",
        source: "test fixture shaped like a State Council notice (not the official 2027 arrangement)"
      }
      const extended = ok(BusinessCalendar.loadNotice(cn, notice))
      const plan2026 = ok(LiaisonYearPlan.make(2026, units, extended))
      expect(windows(plan2026)[3]).toEqual([4, "holiday", "New Year's Day", "2026-12-17", "2026-12-22"])
      expect(plan2026.quarters[3]!.unknown).toEqual([])
      expect(plan2026.campaigns.map((c) => c.holiday.name)).toContain("New Year's Day")
    })
  })

  describe("inputs", () => {
    it("refuses a unit given twice", () => {
      const e = err(LiaisonYearPlan.make(2026, [units[0]!, units[0]!], cn))
      expect(e).toMatchObject({ _tag: "InvalidArgument", argument: "units" })
    })

    it("follows a host's own holiday preference", () => {
      const plan = ok(LiaisonYearPlan.make(2026, units, cn, { holidays: ["National Day", "Mid-autumn Festival"] }))
      expect(windows(plan)[2]).toEqual([3, "holiday", "National Day", "2026-09-16", "2026-09-21"])
      // Without Spring Festival, Q1 is the whole quarter, from Sunday 2026-01-04: a make-up working day (调休).
      expect(windows(plan)[0]).toEqual([1, "quarter", undefined, "2026-01-04", "2026-03-31"])
    })

    it("gives whole quarters on a calendar without holidays, and nothing unknown inside its coverage", () => {
      const weekends = ok(OfficialCalendars.byId("weekends-only"))
      const plan = ok(LiaisonYearPlan.make(2026, units, weekends, { campaigns: [] }))
      expect(plan.quarters.map((q) => q.kind)).toEqual(["quarter", "quarter", "quarter", "quarter"])
      expect(plan.unknown).toEqual([])
      expect(plan.campaigns).toEqual([])
    })

    it("writes JSON with dates, reasons and what is unknown", () => {
      const json = LiaisonYearPlan.toJson(ok(LiaisonYearPlan.make(2026, units.slice(0, 1), cn)))
      expect(json.quarters[0]).toMatchObject({
        quarter: 1,
        kind: "holiday",
        opensDate: "2026-02-02",
        dueDate: "2026-02-05"
      })
      expect(json.contacts[0]).toEqual({
        id: "2026-Q1/city-government",
        unit: "某市人民政府",
        quarter: 1,
        opensDate: "2026-02-02",
        dueDate: "2026-02-05"
      })
      expect(JSON.parse(JSON.stringify(json)).unknown).toHaveLength(2)
    })
  })
})
