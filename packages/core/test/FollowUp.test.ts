import { describe, expect, it } from "@effect/vitest"
import * as DateTime from "effect/DateTime"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import fc from "fast-check"
import {
  ApprovalRouting,
  ApprovedBudget,
  BudgetPolicy,
  Deadline,
  Directory,
  type Expense,
  FollowUp,
  LocalDate,
  Money,
  OfficialCalendars,
  Plan,
  ProcedureCatalog,
  ZonedDateTime
} from "../src/index.js"

const cn = OfficialCalendars.cnMainland

const ok = <A, E>(result: Either.Either<A, E>): A =>
  Either.getOrThrowWith(result, (e) => new Error(`expected a value, got ${JSON.stringify(e)}`))

const err = <A, E>(result: Either.Either<A, E>): E =>
  Either.getOrThrowWith(Either.flip(result), (a) => new Error(`expected an error, got ${JSON.stringify(a)}`))

const zoned = (text: string) => Option.getOrThrow(ZonedDateTime.make(`${text}+08:00[Asia/Shanghai]`))

const dues = (tasks: ReadonlyArray<FollowUp.Task>) =>
  tasks.map((t) => [t.id, t.deadline ? Deadline.toJson(t.deadline).due : "unscheduled"])

/** A visit on Tuesday 2026-02-24, the first working day after the Spring Festival break. */
const visit: FollowUp.FollowUpInput = { engagementId: "acme-0224", eventStart: "2026-02-24" }

describe("FollowUp", () => {
  it("dates thanks and settlement a week after the visit, the after-sales call 10 days after, with stable ids", () => {
    const tasks = ok(FollowUp.make(FollowUp.builtIn, visit, cn))
    expect(dues(tasks)).toEqual([
      ["acme-0224/followup/thanks", "2026-03-03T18:00:00.000+08:00"],
      ["acme-0224/followup/callback", "unscheduled"],
      ["acme-0224/followup/after-sales-call", "2026-03-06T18:00:00.000+08:00"],
      ["acme-0224/followup/settlement", "2026-03-03T18:00:00.000+08:00"]
    ])
    const thanks = tasks[0]!
    expect(thanks.stepId).toBe("followup/thanks")
    expect(thanks.channels).toEqual(["phone", "email", "sms"])
    expect(thanks.ownerRole).toBe("admin-department")
    expect(thanks.deadline?.explanation.sentence["zh-CN"]).toContain("活动结束后1周")
  })

  it("keeps the callback unscheduled until the guest's train home is known, saying why", () => {
    const callback = ok(FollowUp.make([FollowUp.callback], visit, cn))[0]!
    expect(callback.deadline).toBeUndefined()
    expect(callback.unscheduled).toBe(
      `this rule is anchored on "returnArrival", but the context gives no anchors.returnArrival`
    )
  })

  it("opens the callback when the guest's train arrives and makes it due two hours later", () => {
    // G7 from Shanghai Hongqiao arrives at Beijing South at 19:40 (the departing train of the visit).
    const tasks = ok(
      FollowUp.make(
        [FollowUp.callback],
        { ...visit, anchors: { [FollowUp.anchors.returnArrival]: "2026-02-24T19:40:00+08:00" } },
        cn
      )
    )
    const json = Deadline.toJson(tasks[0]!.deadline!)
    expect([json.opens, json.due]).toEqual(["2026-02-24T19:40:00.000+08:00", "2026-02-24T21:40:00.000+08:00"])
    expect(tasks[0]!.id).toBe("acme-0224/followup/callback")
  })

  it("reports a follow-up already missed when the tasks are made", () => {
    const tasks = ok(
      FollowUp.make(
        [FollowUp.callback, FollowUp.thanks],
        { ...visit, anchors: { returnArrival: "2026-02-24T19:40:00+08:00" }, now: "2026-02-25T09:00:00+08:00" },
        cn
      )
    )
    expect(tasks.map((t) => t.atPlanning?.status)).toEqual(["missed", "open"])
  })

  it("leaves out what the plan already does: P4 thanks and settles, so the callback and after-sales call remain", () => {
    const plan = ok(Plan.make(ProcedureCatalog.visitReception, { ...visit, notice: "2026-02-12T10:00:00+08:00" }, cn))
    expect(FollowUp.uncovered(plan).map((f) => f.kind)).toEqual(["callback", "after-sales-call"])
    const p9 = ok(Plan.make(ProcedureCatalog.clientReceptionStandard, visit, cn))
    expect(FollowUp.uncovered(p9).map((f) => f.kind)).toEqual(["thanks", "callback", "after-sales-call", "settlement"])
  })

  it("refuses the same kind twice, and moments beyond the calendar", () => {
    expect(err(FollowUp.make([FollowUp.thanks, FollowUp.thanks], visit, cn)).message).toBe(
      `acme-0224 follow-up thanks: the follow-up kind "thanks" is given twice`
    )
    const beyond = err(FollowUp.make([FollowUp.thanks], { ...visit, eventStart: "2026-12-28" }, cn))
    expect(beyond).toMatchObject({ _tag: "FollowUpError", kind: "thanks" })
  })

  it("decodes a host's follow-up from JSON", () => {
    const decoded = Schema.decodeUnknownSync(FollowUp.FollowUp)({
      kind: "holiday-greeting",
      name: { "zh-CN": "节日问候", en: "Holiday greeting" },
      ownerRole: "liaison-officer",
      rule: {
        _tag: "Point",
        anchor: { _tag: "EventEnd" },
        offset: { amount: 3, unit: "workingDays", direction: "after" }
      },
      channels: ["sms"]
    })
    expect(dues(ok(FollowUp.make([decoded], visit, cn)))).toEqual([
      ["acme-0224/followup/holiday-greeting", "2026-02-27T18:00:00.000+08:00"]
    ])
  })

  it.effect("assigns each follow-up to the holders of its role in the directory", () =>
    Effect.gen(function* () {
      const tasks = yield* FollowUp.plan([FollowUp.thanks, FollowUp.settlement], visit, cn)
      expect(tasks.map((t) => t.assignees.map((p) => p.name))).toEqual([["王芳"], ["孙丽"]])
    }).pipe(
      Effect.provide(
        Directory.layerMemory([
          { id: "wang-fang", name: "王芳", roles: ["admin-department"] },
          { id: "sun-li", name: "孙丽", roles: ["finance"] }
        ])
      )
    )
  )

  describe("settlement against the frozen budget", () => {
    const lines: ReadonlyArray<Expense.ExpenseLine> = [
      { category: "meals", meal: "lunch", amount: Money.yuan(260) },
      { category: "meals", meal: "dinner", amount: Money.yuan(380) },
      { category: "transport", amount: Money.yuan(120) }
    ]
    const facts = BudgetPolicy.facts({
      guests: 2,
      hosts: 1,
      lunches: 1,
      dinners: 1,
      level: "ordinary",
      visitDate: LocalDate.unsafeMake("2026-02-24")
    })
    const route = ok(ApprovalRouting.route(ApprovalRouting.seed, { level: "ordinary", amount: Money.yuan(760) }))
    const approved = ok(
      ApprovedBudget.freeze(BudgetPolicy.seedRuleSet, facts, lines, {
        route,
        decisions: [{ role: "department-head", by: "李总", at: zoned("2026-02-13T10:00"), outcome: "approved" }]
      })
    )
    const task = ok(FollowUp.make([FollowUp.settlement], visit, cn))[0]!

    it("is within budget and on time when the actuals stay under the approved lines", () => {
      const outcome = ok(
        FollowUp.settle(
          approved,
          [
            { category: "meals", meal: "lunch", amount: Money.yuan(250) },
            { category: "meals", meal: "dinner", amount: Money.yuan(380) },
            { category: "transport", amount: Money.yuan(110) }
          ],
          { task, at: zoned("2026-02-27T16:00") }
        )
      )
      expect(outcome).toMatchObject({
        taskId: "acme-0224/followup/settlement",
        withinBudget: true,
        excessNeedsApproval: false,
        late: false
      })
      expect(outcome.settlement.report.spent.total).toEqual(Money.yuan(740))
    })

    it("flags each category over its approved amount and the total over the approved total, and a late settlement", () => {
      const outcome = ok(
        FollowUp.settle(
          approved,
          [
            { category: "meals", meal: "lunch", amount: Money.yuan(250) },
            { category: "meals", meal: "dinner", amount: Money.yuan(395) },
            { category: "transport", amount: Money.yuan(150) }
          ],
          { task, at: zoned("2026-03-04T10:00") }
        )
      )
      expect(outcome.settlement.overruns.map((v) => [v.severity, v.message])).toEqual([
        ["warning", "meals: 645 CNY spent, 640 CNY approved"],
        ["warning", "transport: 150 CNY spent, 120 CNY approved"],
        ["block", "795 CNY spent in total, 760 CNY approved: the excess needs its own approval"]
      ])
      expect(outcome).toMatchObject({ withinBudget: false, excessNeedsApproval: true, late: true })
      expect(outcome.settlement.outcome).toBe("block")
    })

    it("refuses actuals in another currency", () => {
      const usd = Money.make(10_000, "USD" as Money.Currency)
      expect(err(FollowUp.settle(approved, [{ category: "other", amount: usd }]))._tag).toBe("CurrencyMismatch")
    })
  })

  describe("laws", () => {
    const arrival = fc
      .integer({ min: Date.parse("2025-01-01T00:00:00Z"), max: Date.parse("2026-12-30T00:00:00Z") })
      .map((ms) => ms - (ms % 60_000))

    it("opens the callback at the guest's arrival and makes it due two hours later, whatever the day", () => {
      fc.assert(
        fc.property(arrival, (ms) => {
          const anchor = DateTime.unsafeMakeZoned(ms, { timeZone: "Asia/Shanghai" })
          const task = ok(FollowUp.make([FollowUp.callback], { ...visit, anchors: { returnArrival: anchor } }, cn))[0]!
          expect(task.deadline?.opensMillis).toBe(ms)
          expect(task.deadline?.dueMillis).toBe(ms + 2 * 3_600_000)
        }),
        { numRuns: 300 }
      )
    })

    it("gives every follow-up of an engagement the id <engagement>/followup/<kind>, whatever the dates", () => {
      fc.assert(
        fc.property(
          fc.integer({ min: LocalDate.toEpochDay("2025-01-01"), max: LocalDate.toEpochDay("2026-12-01") }),
          fc.stringMatching(/^[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,2}$/),
          (day, engagementId) => {
            const tasks = ok(
              FollowUp.make(FollowUp.builtIn, { engagementId, eventStart: LocalDate.fromEpochDay(day) }, cn)
            )
            expect(tasks.map((t) => t.id)).toEqual(FollowUp.builtIn.map((f) => FollowUp.taskId(engagementId, f.kind)))
          }
        ),
        { numRuns: 200 }
      )
    })
  })
})
