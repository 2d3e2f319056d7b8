import { describe, expect, it } from "@effect/vitest"
import * as DateTime from "effect/DateTime"
import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import fc from "fast-check"
import { ApprovalRouting, Engagement, Ledger, LocalDate, Money, Outbox } from "../src/index.js"
import { anyCommand, initial, LAW_START, pool, resolve, step } from "./engagementArbitraries.js"
import {
  accept,
  actor,
  application,
  applicationInput,
  applicationWith,
  type CreateCommand,
  created,
  createVisit,
  policies,
  refuse,
  shanghai,
  VISIT_ID
} from "./engagementFixtures.js"

const T0 = shanghai("2026-02-09T10:00:00+08:00")
const later = (base: DateTime.Zoned, minutes: number) => DateTime.add(base, { minutes })

const li = actor("li.na") // requester
const zhou = actor("zhou.qiang") // department head
const wang = actor("wang.fang") // admin department, owner of the visit
const zhao = actor("zhao.lei") // admin clerk
const chen = actor("chen.gang") // general manager
const sun = actor("sun.li") // finance
const qian = actor("qian.yu") // driver: no grants
const gu = actor("gu.yan") // driver with confidential clearance

const lunch = (yuan: number, invoice?: string) => ({
  category: "meals" as const,
  meal: "lunch" as const,
  date: LocalDate.unsafeMake("2026-02-24"),
  amount: Money.yuan(yuan),
  ...(invoice !== undefined ? { invoice } : {})
})

/** The visit up to a status on the normal path, with every decision made on the way. */
const visitUpTo = (
  status: "draft" | "submitted" | "approved" | "planned" | "inProgress" | "held" | "settled" | "closed",
  command = createVisit()
) => {
  const steps: Array<Engagement.Decision> = [created(command, li, T0)]
  const last = () => steps[steps.length - 1]!.engagement
  const go = (by: Engagement.Actor, c: Engagement.Command, at: DateTime.Zoned) => steps.push(accept(last(), by, c, at))
  const order = ["draft", "submitted", "approved", "planned", "inProgress", "held", "settled", "closed"] as const
  const upTo = order.indexOf(status)
  if (upTo >= 1) go(li, { _tag: "Submit" }, later(T0, 5))
  if (upTo >= 2) {
    for (const step of last().route!.steps) {
      const by = step.role === "general-manager" ? chen : zhou
      go(by, { _tag: "Decide", outcome: "approved" }, later(T0, 120))
    }
  }
  if (upTo >= 3) go(wang, { _tag: "Plan" }, later(T0, 180))
  if (upTo >= 4) go(wang, { _tag: "Start" }, shanghai("2026-02-24T09:00:00+08:00"))
  if (upTo >= 5) go(wang, { _tag: "Hold" }, shanghai("2026-02-24T17:00:00+08:00"))
  if (upTo >= 6)
    go(sun, { _tag: "Settle", expenses: [lunch(538, "044031900111-07731208")] }, shanghai("2026-02-27T16:00:00+08:00"))
  if (upTo >= 7) go(wang, { _tag: "Close" }, shanghai("2026-02-27T17:00:00+08:00"))
  return { steps, engagement: last() }
}

const statuses: ReadonlyArray<Engagement.Status> = Engagement.Status.literals

describe("Engagement", () => {
  describe("the normal path", () => {
    it("takes a visit from draft to closed, each command leaving one ledger entry with its actor, time and reason", () => {
      const { steps, engagement } = visitUpTo("closed")
      expect(steps.map((s) => s.engagement.status)).toEqual([
        "draft",
        "submitted",
        "approved",
        "planned",
        "inProgress",
        "held",
        "settled",
        "closed"
      ])
      expect(engagement.version).toBe(7)
      const transitions = steps.map((s) => s.ledger.filter((e) => e.kind === "transition"))
      for (const entries of transitions) expect(entries).toHaveLength(1)
      const entries = transitions.map((e) => e[0]!)
      expect(entries.map((e) => [e.command, e.from, e.to, e.actor.personId])).toEqual([
        ["Create", undefined, "draft", "li.na"],
        ["Submit", "draft", "submitted", "li.na"],
        ["Decide", "submitted", "approved", "zhou.qiang"],
        ["Plan", "approved", "planned", "wang.fang"],
        ["Start", "planned", "inProgress", "wang.fang"],
        ["Hold", "inProgress", "held", "wang.fang"],
        ["Settle", "held", "settled", "sun.li"],
        ["Close", "settled", "closed", "wang.fang"]
      ])
      expect(entries.map((e) => DateTime.formatIsoOffset(e.at))).toEqual([
        "2026-02-09T10:00:00.000+08:00",
        "2026-02-09T10:05:00.000+08:00",
        "2026-02-09T12:00:00.000+08:00",
        "2026-02-09T13:00:00.000+08:00",
        "2026-02-24T09:00:00.000+08:00",
        "2026-02-24T17:00:00.000+08:00",
        "2026-02-27T16:00:00.000+08:00",
        "2026-02-27T17:00:00.000+08:00"
      ])
      expect(entries.map((e) => e.reason)).toEqual([
        "created: Lakeside Furniture visit 湖畔家具来访",
        "submitted for approval by department-head",
        "approved by Zhou Qiang 周强 as department-head",
        "planned 6 tasks with client-reception-standard",
        "started",
        "held",
        "settled: 538 CNY (warning)",
        "closed"
      ])
      expect(entries.map((e) => e.id)).toEqual([0, 1, 2, 3, 4, 5, 6, 7].map((v) => `${VISIT_ID}#${v}`))
      for (const e of entries) {
        expect(e.engagementId).toBe(VISIT_ID)
        expect(e.counterpart).toBe(application.guestOrganisation)
        expect(e.ownerId).toBe("wang.fang")
        expect(e.tier).toBe("C")
        expect(e.confidential).toBe(false)
      }
      expect(DateTime.formatIsoOffset(engagement.createdAt)).toBe("2026-02-09T10:00:00.000+08:00")
      expect(DateTime.formatIsoOffset(engagement.updatedAt)).toBe("2026-02-27T17:00:00.000+08:00")
    })

    it("takes the requester as requester, the named owner as owner, and tier and level from the application", () => {
      const { engagement, ledger, outbox } = created(createVisit(), li, T0)
      expect(engagement).toMatchObject({
        id: VISIT_ID,
        version: 0,
        status: "draft",
        requesterId: "li.na",
        ownerId: "wang.fang",
        tier: "C",
        level: "senior",
        budget: Money.yuan(900),
        confidential: false,
        emergency: false,
        decisions: [],
        tasks: []
      })
      expect(ledger).toHaveLength(1)
      expect(outbox).toEqual([])
    })

    it("makes the requester the owner when no owner is named", () => {
      const { ownerId: _, ...withoutOwner } = createVisit()
      expect(created(withoutOwner, li, T0).engagement.ownerId).toBe("li.na")
    })

    it("takes the reception type from the application, so routing rules on reception types apply", () => {
      const { engagement } = created(createVisit(), li, T0)
      expect(engagement.receptionType).toBe("business")
      const premiumToGm: Engagement.Policies = {
        ...policies,
        routing: {
          ...ApprovalRouting.seed,
          rules: [
            ...ApprovalRouting.seed.rules,
            { id: "gm.business", when: { receptionTypes: ["business"] }, steps: [{ role: "general-manager" }] }
          ]
        }
      }
      const submitted = accept(engagement, li, { _tag: "Submit" }, T0, premiumToGm)
      expect(submitted.engagement.route!.steps.map((s) => s.role)).toEqual(["department-head", "general-manager"])
    })

    it("asks the first approver on submission, the next one after each approval, and tells requester and owner at the end", () => {
      const special = createVisit({ application: applicationWith({ visitorLevel: "special" }) })
      const submitted = accept(created(special, li, T0).engagement, li, { _tag: "Submit" }, T0)
      expect(submitted.engagement.route!.steps.map((s) => s.role)).toEqual(["department-head", "general-manager"])
      expect(submitted.outbox.map((m) => [m.template, m.recipients])).toEqual([
        ["approval-needed", { roles: ["department-head"], personIds: [] }]
      ])
      const first = accept(submitted.engagement, zhou, { _tag: "Decide", outcome: "approved" }, later(T0, 60))
      expect(first.engagement.status).toBe("submitted")
      expect(first.outbox.map((m) => [m.template, m.recipients])).toEqual([
        ["approval-needed", { roles: ["general-manager"], personIds: [] }]
      ])
      const second = accept(
        first.engagement,
        chen,
        { _tag: "Decide", outcome: "approved", note: "同意" },
        later(T0, 90)
      )
      expect(second.engagement.status).toBe("approved")
      expect(second.outbox.map((m) => [m.template, m.recipients])).toEqual([
        ["approved", { roles: [], personIds: ["li.na", "wang.fang"] }]
      ])
      expect(second.ledger[0]!.reason).toBe("approved by Chen Gang 陈刚 as general-manager: 同意")
      expect(second.engagement.decisions.map((d) => [d.role, d.by, d.outcome])).toEqual([
        ["department-head", "Zhou Qiang 周强", "approved"],
        ["general-manager", "Chen Gang 陈刚", "approved"]
      ])
    })

    it("gives every outbox message an id made of the engagement, the version and the template", () => {
      const { steps } = visitUpTo("planned")
      const ids = steps.flatMap((s) => s.outbox.map((m) => m.id))
      expect(new Set(ids).size).toBe(ids.length)
      expect(ids.slice(0, 2)).toEqual([`${VISIT_ID}#1/approval-needed`, `${VISIT_ID}#2/approved`])
      expect(ids.slice(2)).toEqual(steps[3]!.engagement.tasks.map((t) => `${VISIT_ID}#3/task-assigned/${t.id}`))
    })

    it("plans the procedure's tasks with their due dates and completes them once", () => {
      const { engagement } = visitUpTo("planned")
      expect(engagement.tasks.map((t) => [t.stepId, t.ownerRole, t.dueDate])).toEqual([
        ["definition", "requester", "2026-02-10"],
        ["assignment", "admin-department", "2026-02-11"],
        ["preparation", "admin-department", "2026-02-13"],
        ["on-site", "admin-department", "2026-02-24"],
        ["wrap-up", "admin-department", "2026-02-24"],
        ["summary", "admin-department", "2026-02-25"]
      ])
      const definition = engagement.tasks[0]!
      // The requester holds the task's role, so she completes it without the completeTask permission.
      const done = accept(
        engagement,
        li,
        { _tag: "CompleteTask", taskId: definition.id, note: "附件一已交" },
        later(T0, 600)
      )
      expect(done.engagement.status).toBe("planned")
      expect(done.engagement.tasks[0]!.done).toMatchObject({ by: "li.na", note: "附件一已交" })
      expect(done.ledger[0]).toMatchObject({ taskId: definition.id, reason: `task done: ${definition.id}` })
      const again = refuse(done.engagement, wang, { _tag: "CompleteTask", taskId: definition.id }, later(T0, 700))
      expect(again).toMatchObject({ _tag: "Rejected", reason: "TaskAlreadyDone" })
      const unknown = refuse(done.engagement, wang, { _tag: "CompleteTask", taskId: "no-such-task" }, later(T0, 700))
      expect(unknown).toMatchObject({ _tag: "Rejected", reason: "UnknownTask" })
    })

    it("keeps completed tasks when re-planning after a reschedule", () => {
      const { engagement } = visitUpTo("planned")
      const done = accept(engagement, li, { _tag: "CompleteTask", taskId: engagement.tasks[0]!.id }, later(T0, 600))
      const moved = accept(
        done.engagement,
        wang,
        { _tag: "Edit", eventStart: "2026-02-26", eventEnd: "2026-02-26" },
        later(T0, 700)
      )
      const replanned = accept(moved.engagement, wang, { _tag: "Plan" }, later(T0, 701))
      expect(replanned.engagement.status).toBe("planned")
      expect(replanned.engagement.tasks[0]!.done?.by).toBe("li.na")
      expect(replanned.engagement.tasks.find((t) => t.stepId === "on-site")?.dueDate).toBe("2026-02-26")
    })

    it("refuses a second Create on an existing engagement", () => {
      const { engagement } = visitUpTo("draft")
      expect(refuse(engagement, li, createVisit(), T0)).toMatchObject({ _tag: "Rejected", reason: "AlreadyExists" })
    })

    it("refuses to create an engagement of an unknown procedure", () => {
      const result = Engagement.create(policies, li, createVisit({ procedureId: "no-such-procedure" }), T0)
      expect(Either.isLeft(result) && result.left).toMatchObject({ _tag: "Rejected", reason: "UnknownProcedure" })
    })

    it("refuses a move the state machine does not allow, naming the states it is allowed from", () => {
      const { engagement } = visitUpTo("approved")
      const error = refuse(engagement, wang, { _tag: "Hold" }, later(T0, 200))
      expect(error).toMatchObject({
        _tag: "IllegalTransition",
        command: "Hold",
        status: "approved",
        allowedFrom: ["inProgress"]
      })
      expect(error.message).toBe(
        `Hold is not allowed on engagement ${VISIT_ID} in state approved (only from inProgress)`
      )
    })
  })

  describe("budgets", () => {
    it("refuses to submit a budget that breaks a blocking rule, with the blocking verdicts", () => {
      // An ordinary-level lunch is capped at 300 CNY for two guests, 50 more per extra guest: 400 for three.
      const blocked = createVisit({ application: applicationWith({ visitorLevel: "ordinary" }) })
      const error = refuse(created(blocked, li, T0).engagement, li, { _tag: "Submit" }, T0)
      expect(error).toMatchObject({ _tag: "Rejected", reason: "BudgetBlocked", command: "Submit" })
      const details = (error as Engagement.Rejected).details as ReadonlyArray<{ severity: string; ruleId: string }>
      expect(details.map((v) => [v.severity, v.ruleId])).toEqual([
        ["block", "allowance:meals"],
        ["block", "level.ordinary.lunch"]
      ])
      expect(error.message).toContain("liaison.seed seed-1")
    })

    it("refuses to submit without a budget or an application", () => {
      const { application: _, ...bare } = createVisit()
      const error = refuse(created(bare, li, T0).engagement, li, { _tag: "Submit" }, T0)
      expect(error).toMatchObject({ _tag: "Rejected", reason: "NoBudget" })
    })

    it("refuses to submit item budgets that add up to more than the budget asked for", () => {
      // Lunch 560 within a budget of 500: approvers could approve it, but the last approval could
      // never freeze it, so the engagement would stay submitted for ever.
      const over = createVisit({ application: applicationWith({ budget: { amount: "500.00", currency: "CNY" } }) })
      const error = refuse(created(over, li, T0).engagement, li, { _tag: "Submit" }, T0)
      expect(error).toMatchObject({ _tag: "Rejected", reason: "BudgetBlocked", command: "Submit" })
      expect(error.message).toContain("560 CNY")
      expect(error.message).toContain("500 CNY")
    })

    it("records the verdicts of a submission in the ledger, before its transition", () => {
      const { steps } = visitUpTo("submitted")
      const ledger = steps[1]!.ledger
      expect(ledger.map((e) => [e.kind, e.id])).toEqual([
        ["budgetVerdicts", `${VISIT_ID}#1/verdicts`],
        ["transition", `${VISIT_ID}#1`]
      ])
      expect(ledger[0]!.ruleSet).toEqual({ id: "liaison.seed", version: "seed-1" })
      expect(ledger[0]!.verdicts!.some((v) => v.severity === "warning")).toBe(true)
      expect(ledger[1]!.amount).toEqual(Money.yuan(900))
    })

    it("lets the requester replace the budget while the engagement is a draft or rejected, not after", () => {
      const { engagement } = visitUpTo("draft")
      const edited = accept(engagement, li, { _tag: "EditBudget", budget: Money.yuan(800) }, T0)
      expect(edited.engagement.budget).toEqual(Money.yuan(800))
      expect(edited.ledger[0]!.reason).toBe("budget set to 800 CNY")
      const submitted = accept(edited.engagement, li, { _tag: "Submit" }, T0)
      expect(refuse(submitted.engagement, li, { _tag: "EditBudget", budget: Money.yuan(1) }, T0)).toMatchObject({
        _tag: "IllegalTransition",
        allowedFrom: ["draft", "rejected"]
      })
    })

    it("freezes the budget at the final approval, not before", () => {
      const special = createVisit({ application: applicationWith({ visitorLevel: "special" }) })
      const submitted = accept(created(special, li, T0).engagement, li, { _tag: "Submit" }, T0)
      const first = accept(submitted.engagement, zhou, { _tag: "Decide", outcome: "approved" }, later(T0, 60))
      expect(first.engagement.approvedBudget).toBeUndefined()
      const second = accept(first.engagement, chen, { _tag: "Decide", outcome: "approved" }, later(T0, 90))
      const frozen = second.engagement.approvedBudget!
      expect(frozen.ruleSet).toEqual(policies.budget)
      expect(frozen.report.spent.total).toEqual(Money.yuan(560))
      expect(frozen.decisions.map((d) => d.role)).toEqual(["department-head", "general-manager"])
      expect(DateTime.toEpochMillis(frozen.approvedAt)).toBe(DateTime.toEpochMillis(later(T0, 90)))
      expect(frozen.emergency).toBe(false)
    })

    it("settles against the frozen budget: within it, no overrun; over its total, a block flagged in the ledger", () => {
      const { engagement } = visitUpTo("held")
      const within = accept(engagement, sun, { _tag: "Settle", expenses: [lunch(538)] }, T0)
      expect(within.engagement.settlement?.overruns).toEqual([])
      expect(within.ledger[0]).toMatchObject({ amount: Money.yuan(538), flagged: true })
      const over = accept(engagement, sun, { _tag: "Settle", expenses: [lunch(600), lunch(350, "INV-2")] }, T0)
      const overruns = over.engagement.settlement!.overruns
      expect(overruns.map((v) => [v.severity, v.subject])).toEqual([
        ["warning", "meals"],
        ["block", "total"]
      ])
      expect(over.engagement.settlement!.outcome).toBe("block")
      expect(over.ledger[0]).toMatchObject({ amount: Money.yuan(950), flagged: true, invoices: ["INV-2"] })
      expect(over.ledger[0]!.reason).toBe("settled: 950 CNY (block)")
    })

    it("settles without a frozen budget by recording the amount only", () => {
      const { application: _, ...bare } = createVisit({ budget: Money.yuan(300) })
      let e = created(bare, li, T0).engagement
      e = accept(e, li, { _tag: "Submit" }, T0).engagement
      e = accept(e, zhou, { _tag: "Decide", outcome: "approved" }, T0).engagement
      expect(e.approvedBudget).toBeUndefined()
      e = accept(e, wang, { _tag: "Plan" }, T0).engagement
      e = accept(e, wang, { _tag: "Start" }, T0).engagement
      e = accept(e, wang, { _tag: "Hold" }, T0).engagement
      const settled = accept(e, sun, { _tag: "Settle", expenses: [lunch(280)] }, T0)
      expect(settled.engagement.settlement).toBeUndefined()
      expect(settled.ledger[0]).toMatchObject({ amount: Money.yuan(280), flagged: false })
    })
  })

  describe("rejection and resubmission", () => {
    it("ends in rejected when an approver rejects, and tells the requester and the owner", () => {
      const { engagement } = visitUpTo("submitted")
      const rejected = accept(
        engagement,
        zhou,
        { _tag: "Decide", outcome: "rejected", note: "预算过高" },
        later(T0, 60)
      )
      expect(rejected.engagement.status).toBe("rejected")
      expect(rejected.engagement.approvedBudget).toBeUndefined()
      expect(rejected.outbox.map((m) => [m.template, m.recipients.personIds])).toEqual([
        ["rejected", ["li.na", "wang.fang"]]
      ])
      expect(rejected.ledger[0]).toMatchObject({
        from: "submitted",
        to: "rejected",
        reason: "rejected by Zhou Qiang 周强 as department-head: 预算过高"
      })
    })

    it("stops the route at a rejection by the first of two approvers", () => {
      const special = createVisit({ application: applicationWith({ visitorLevel: "special" }) })
      const submitted = accept(created(special, li, T0).engagement, li, { _tag: "Submit" }, T0)
      const rejected = accept(submitted.engagement, zhou, { _tag: "Decide", outcome: "rejected" }, T0)
      expect(rejected.engagement.status).toBe("rejected")
      expect(refuse(rejected.engagement, chen, { _tag: "Decide", outcome: "approved" }, T0)).toMatchObject({
        _tag: "IllegalTransition"
      })
    })

    it("lets the requester edit and resubmit a rejected engagement, which starts a fresh route", () => {
      const { engagement } = visitUpTo("submitted")
      const rejected = accept(engagement, zhou, { _tag: "Decide", outcome: "rejected" }, later(T0, 60)).engagement
      const cheaper = applicationWith({
        budget: { amount: "700.00", currency: "CNY" },
        lunch: { ...applicationInput.lunch, budget: { amount: "400.00", currency: "CNY" } }
      })
      const edited = accept(rejected, li, { _tag: "EditBudget", application: cheaper }, later(T0, 70))
      expect(edited.engagement.status).toBe("rejected")
      expect(edited.engagement.budget).toEqual(Money.yuan(700))
      const resubmitted = accept(edited.engagement, li, { _tag: "Submit" }, later(T0, 80))
      expect(resubmitted.engagement.status).toBe("submitted")
      expect(resubmitted.engagement.decisions).toEqual([])
      expect(resubmitted.engagement.route!.amount).toEqual(Money.yuan(700))
      const approved = accept(resubmitted.engagement, zhou, { _tag: "Decide", outcome: "approved" }, later(T0, 90))
      expect(approved.engagement.status).toBe("approved")
      expect(approved.engagement.approvedBudget!.report.spent.total).toEqual(Money.yuan(400))
    })
  })

  describe("cancellation", () => {
    const allowed = ["draft", "submitted", "approved", "planned", "inProgress"] as const
    const refused = ["held", "settled", "closed"] as const

    it.each(allowed)("cancels from %s with the reason, telling the owner and the requester", (status) => {
      const { engagement } = visitUpTo(status)
      const cancelled = accept(engagement, li, { _tag: "Cancel", reason: "客户行程取消" }, later(T0, 1))
      expect(cancelled.engagement.status).toBe("cancelled")
      expect(cancelled.engagement.cancellation).toMatchObject({ reason: "客户行程取消", by: "li.na" })
      expect(cancelled.ledger.map((e) => [e.from, e.to, e.reason])).toEqual([
        [status, "cancelled", "cancelled: 客户行程取消"]
      ])
      expect(cancelled.outbox.map((m) => [m.template, m.recipients.personIds, m.payload])).toEqual([
        ["cancelled", ["wang.fang", "li.na"], { reason: "客户行程取消" }]
      ])
    })

    it("cancels from rejected", () => {
      const { engagement } = visitUpTo("submitted")
      const rejected = accept(engagement, zhou, { _tag: "Decide", outcome: "rejected" }, T0).engagement
      expect(accept(rejected, chen, { _tag: "Cancel", reason: "不再接待" }, T0).engagement.status).toBe("cancelled")
    })

    it.each(refused)("refuses to cancel from %s, naming the states cancellation is allowed from", (status) => {
      const { engagement } = visitUpTo(status)
      expect(refuse(engagement, chen, { _tag: "Cancel", reason: "太晚了" }, T0)).toMatchObject({
        _tag: "IllegalTransition",
        command: "Cancel",
        status,
        allowedFrom: ["draft", "submitted", "approved", "rejected", "planned", "inProgress"]
      })
    })

    it("refuses every command on a cancelled engagement", () => {
      const { engagement } = visitUpTo("approved")
      const cancelled = accept(engagement, li, { _tag: "Cancel", reason: "取消" }, T0).engagement
      for (const command of everyCommand(cancelled)) {
        const error = refuse(cancelled, chen, command, T0)
        expect(error._tag === "IllegalTransition" || (command._tag === "Create" && error._tag === "Rejected")).toBe(
          true
        )
      }
    })
  })

  describe("the emergency path (P3 事后补办)", () => {
    const incident = (overrides: Partial<Omit<Engagement.Command & { _tag: "Create" }, "_tag">> = {}) =>
      created(
        {
          _tag: "Create",
          id: "incident-2026-03-02-fire" as Engagement.EngagementId,
          title: "Fire inspection at the showroom 展厅消防检查",
          procedureId: "incident-response",
          counterpart: "District fire brigade 区消防大队",
          eventStart: "2026-03-02T09:10:00+08:00",
          notice: "2026-03-02T09:00:00+08:00",
          emergency: true,
          ...overrides
        },
        wang,
        shanghai("2026-03-02T09:05:00+08:00")
      ).engagement

    const onSite = shanghai("2026-03-02T09:06:00+08:00")

    it("starts from draft, acting first, and escalates to the general manager at once", () => {
      const started = accept(incident(), wang, { _tag: "Start" }, onSite)
      expect(started.engagement.status).toBe("inProgress")
      expect(started.engagement.route).toMatchObject({
        timing: "afterwards",
        flagged: true,
        reportTo: ["general-manager"]
      })
      expect(started.ledger).toHaveLength(1)
      expect(started.ledger[0]).toMatchObject({
        from: "draft",
        to: "inProgress",
        flagged: true,
        reason: "emergency: acting first, approvals afterwards (事后补办)"
      })
      // …and asks the route's first approver for the approval afterwards.
      expect(started.outbox.map((m) => [m.template, m.recipients])).toEqual([
        ["escalated", { roles: ["general-manager"], personIds: [] }],
        ["approval-needed", { roles: [started.engagement.route!.steps[0]!.role], personIds: [] }]
      ])
      expect(started.engagement.route!.steps[0]!.role).toBe("department-head")
    })

    it("refuses to start an ordinary engagement from draft", () => {
      const { engagement } = visitUpTo("draft")
      expect(refuse(engagement, wang, { _tag: "Start" }, T0)).toMatchObject({
        _tag: "IllegalTransition",
        command: "Start"
      })
    })

    it("escalates to the policy's report-to roles even when the budget cannot be routed", () => {
      const dollars = incident({ budget: Money.make(10_000, "USD" as Money.Currency) })
      const started = accept(dollars, wang, { _tag: "Start" }, onSite)
      expect(started.outbox.map((m) => [m.template, m.recipients.roles])).toEqual([["escalated", ["general-manager"]]])
    })

    it("takes the approvals afterwards without changing the state, and closes only once they are in", () => {
      let e = accept(incident({ budget: Money.yuan(6_000) }), wang, { _tag: "Start" }, onSite).engagement
      expect(e.route!.steps.map((s) => s.role)).toEqual(["department-head", "general-manager"])
      e = accept(e, wang, { _tag: "Plan" }, onSite).engagement
      expect(e.status).toBe("inProgress")
      const first = accept(e, zhou, { _tag: "Decide", outcome: "approved" }, later(onSite, 60))
      expect(first.engagement.status).toBe("inProgress")
      expect(first.outbox.map((m) => [m.template, m.recipients.roles])).toEqual([
        ["approval-needed", ["general-manager"]]
      ])
      e = accept(first.engagement, wang, { _tag: "Hold" }, later(onSite, 120)).engagement
      e = accept(e, sun, { _tag: "Settle", expenses: [] }, later(onSite, 180)).engagement
      expect(e.status).toBe("settled")
      const early = refuse(e, wang, { _tag: "Close" }, later(onSite, 200))
      expect(early).toMatchObject({ _tag: "Rejected", reason: "ApprovalsPending" })
      expect(early.message).toBe("waiting for the approval of general-manager (事后补办)")
      const second = accept(e, chen, { _tag: "Decide", outcome: "approved" }, later(onSite, 240))
      expect(second.engagement.status).toBe("settled")
      const closed = accept(second.engagement, wang, { _tag: "Close" }, later(onSite, 300))
      expect(closed.engagement.status).toBe("closed")
    })

    it("freezes an emergency's application budget when the approvals afterwards are complete, marked as an emergency", () => {
      const e0 = incident({ application, procedureId: "incident-response" })
      const started = accept(e0, wang, { _tag: "Start" }, onSite).engagement
      const approved = accept(started, zhou, { _tag: "Decide", outcome: "approved" }, later(onSite, 60)).engagement
      expect(approved.approvedBudget?.emergency).toBe(true)
      expect(approved.approvedBudget?.route.timing).toBe("afterwards")
    })
  })

  describe("separation of duties", () => {
    it("refuses an approval by the requester, even holding the approving role", () => {
      const headAsRequester = { ...zhou }
      const command = createVisit({ ownerId: "wang.fang" })
      let e = created(command, headAsRequester, T0).engagement
      e = accept(e, headAsRequester, { _tag: "Submit" }, T0).engagement
      const error = refuse(e, headAsRequester, { _tag: "Decide", outcome: "approved" }, T0)
      expect(error).toMatchObject({ _tag: "NotAuthorised", reason: "an approver cannot approve their own request" })
    })

    it("refuses an approval out of turn: a later approver waits for the one before", () => {
      const special = createVisit({ application: applicationWith({ visitorLevel: "special" }) })
      const submitted = accept(created(special, li, T0).engagement, li, { _tag: "Submit" }, T0).engagement
      expect(refuse(submitted, chen, { _tag: "Decide", outcome: "approved" }, T0)).toMatchObject({
        _tag: "NotAuthorised",
        reason: "the next approver is department-head"
      })
    })

    it("refuses a second decision by the same step once the route is decided", () => {
      const { engagement } = visitUpTo("submitted")
      const approved = accept(engagement, zhou, { _tag: "Decide", outcome: "approved" }, T0).engagement
      expect(refuse(approved, zhou, { _tag: "Decide", outcome: "rejected" }, T0)._tag).toBe("IllegalTransition")
    })
  })

  describe("confidentiality (保密)", () => {
    const tierA = () => created(createVisit({ tier: "A" }), li, T0).engagement
    const marked = () => created(createVisit({ confidential: true }), li, T0).engagement

    it("treats tier A and engagements marked 保密 as confidential, and no other", () => {
      expect(Engagement.isConfidential(tierA())).toBe(true)
      expect(Engagement.isConfidential(marked())).toBe(true)
      expect(Engagement.isConfidential(created(createVisit(), li, T0).engagement)).toBe(false)
    })

    it.each([
      ["tier A", tierA],
      ["marked 保密", marked]
    ])("hides counterpart, title and application of a %s engagement from a viewer without clearance", (_, make) => {
      const e = make()
      const seen = Engagement.redactFor(policies.access, zhao, e)!
      expect(seen.counterpart).toBe("［保密 confidential］")
      expect(seen.title).toBe("［保密 confidential］")
      expect(seen.application).toBeUndefined()
      expect(seen.anchors).toBeUndefined()
      expect(seen.id).toBe(e.id)
      expect(seen.status).toBe(e.status)
      expect(JSON.stringify(seen)).not.toContain("Lakeside")
      expect(JSON.stringify(seen)).not.toContain("湖畔")
    })

    it("hides what approvers, cancellers and task owners wrote about a confidential engagement", () => {
      let e = created(createVisit({ tier: "A" }), li, T0).engagement
      e = accept(e, li, { _tag: "Submit" }, T0).engagement
      e = accept(e, zhou, { _tag: "Decide", outcome: "approved", note: "湖畔家具是老客户" }, T0).engagement
      e = accept(e, chen, { _tag: "Decide", outcome: "approved" }, T0).engagement
      e = accept(e, wang, { _tag: "Plan" }, T0).engagement
      e = accept(e, li, { _tag: "CompleteTask", taskId: e.tasks[0]!.id, note: "湖畔周总确认" }, T0).engagement
      e = accept(e, li, { _tag: "Cancel", reason: "湖畔家具周总行程变更" }, T0).engagement
      expect(JSON.stringify(e)).toContain("湖畔家具是老客户")
      const seen = Engagement.redactFor(policies.access, zhao, e)!
      expect(JSON.stringify(seen)).not.toContain("湖畔")
      expect(seen.decisions.map((d) => [d.role, d.outcome])).toEqual([
        ["department-head", "approved"],
        ["general-manager", "approved"]
      ])
      expect(seen.tasks[0]!.done?.by).toBe("li.na")
      expect(seen.cancellation?.by).toBe("li.na")
    })

    it("shows it whole to the cleared and to its parties", () => {
      const { engagement } = visitUpTo("submitted", createVisit({ tier: "A" }))
      const clearedClerk = { ...zhao, confidentialClearance: true }
      for (const who of [chen, actor("he.jing"), clearedClerk, li, wang, zhou]) {
        expect(Engagement.redactFor(policies.access, who, engagement)).toBe(engagement)
      }
    })

    it("does not let clearance alone show an engagement to someone who may not view engagements", () => {
      expect(Engagement.redactFor(policies.access, gu, tierA())).toBeUndefined()
    })

    it("counts an approver's role as a party only once the route names it", () => {
      const draft = tierA()
      expect(Engagement.redactFor(policies.access, zhou, draft)!.title).toBe("［保密 confidential］")
      const submitted = accept(draft, li, { _tag: "Submit" }, T0).engagement
      expect(Engagement.redactFor(policies.access, zhou, submitted)).toBe(submitted)
    })

    it("does not redact an ordinary engagement", () => {
      const e = created(createVisit(), li, T0).engagement
      expect(Engagement.redactFor(policies.access, zhao, e)).toBe(e)
    })

    it("shows nothing to someone who may not view engagements and is no party", () => {
      const e = created(createVisit(), li, T0).engagement
      expect(Engagement.redactFor(policies.access, qian, e)).toBeUndefined()
      expect(
        Engagement.redactFor(policies.access, { ...actor("li.na"), personId: "other.requester" }, e)
      ).toBeUndefined()
    })

    it("refuses commands on a confidential engagement to an actor without clearance, whatever their role", () => {
      const { engagement } = visitUpTo("held", createVisit({ tier: "A" }))
      const error = refuse(engagement, sun, { _tag: "Settle", expenses: [] }, T0)
      expect(error).toMatchObject({ _tag: "NotAuthorised" })
      expect(error.message).toContain("confidential")
      const cleared = { ...sun, confidentialClearance: true }
      expect(accept(engagement, cleared, { _tag: "Settle", expenses: [] }, T0).engagement.status).toBe("settled")
    })

    it("marks the ledger entries and messages of a confidential engagement as confidential", () => {
      const { steps } = visitUpTo("planned", createVisit({ tier: "A" }))
      for (const s of steps) {
        for (const e of s.ledger) expect(e.confidential).toBe(true)
        for (const m of s.outbox) expect(m.confidential).toBe(true)
        for (const m of s.outbox) expect(JSON.stringify(m)).not.toContain("湖畔")
      }
    })
  })

  authorisationMatrix()
  laws()
})

/** One well-formed command of each kind, for an engagement. */
const everyCommand = (e: Engagement.Engagement): ReadonlyArray<Engagement.Command> => [
  createVisit({ id: e.id }),
  { _tag: "Edit", title: "新标题" },
  { _tag: "EditBudget", budget: Money.yuan(100) },
  { _tag: "Submit" },
  { _tag: "Decide", outcome: "approved" },
  { _tag: "Plan" },
  { _tag: "Start" },
  { _tag: "CompleteTask", taskId: e.tasks[0]?.id ?? "t" },
  { _tag: "Hold" },
  { _tag: "Settle", expenses: [] },
  { _tag: "Close" },
  { _tag: "Cancel", reason: "取消" }
]

// ---------------------------------------------------------------------------------------------
// The authorisation matrix
// ---------------------------------------------------------------------------------------------

function authorisationMatrix() {
  describe("the authorisation matrix", () => {
    // Approvals here go first-approver → second-approver: roles that no grant of `defaultAccess`
    // names, so that the right to approve is seen apart from every permission.
    const matrixPolicies: Engagement.Policies = {
      ...policies,
      routing: {
        ...ApprovalRouting.seed,
        id: "matrix",
        rules: [{ id: "two-steps", when: {}, steps: [{ role: "first-approver" }, { role: "second-approver" }] }]
      }
    }
    const person = (personId: string, roles: ReadonlyArray<string>, cleared?: boolean): Engagement.Actor => ({
      personId,
      name: personId,
      roles,
      ...(cleared !== undefined ? { confidentialClearance: cleared } : {})
    })
    const requester = person("req", ["requester"])
    const owner = person("own", ["counterpart-department"])
    const next = person("next", ["first-approver"])
    const later = person("later", ["second-approver"])
    const gm = person("gm", ["general-manager"])
    const rows: ReadonlyArray<readonly [string, Engagement.Actor]> = [
      ["general-manager", gm],
      ["general-manager-assistant", person("gma", ["general-manager-assistant"])],
      ["admin-department", person("ad", ["admin-department"])],
      ["admin-group", person("ag", ["admin-group"])],
      ["admin-clerk", person("ac", ["admin-clerk"])],
      ["department-head", person("dh", ["department-head"])],
      ["on-duty-manager", person("odm", ["on-duty-manager"])],
      ["finance", person("fin", ["finance"])],
      ["finance, cleared", person("fin2", ["finance"], true)],
      ["requester (the role)", person("someone", ["requester"])],
      ["no grants (driver)", person("driver", ["driver"])],
      ["the requester", requester],
      ["the owner", owner],
      ["the next approver", next],
      ["a later approver", later]
    ]
    const commands = [
      "Create",
      "Edit",
      "EditBudget",
      "Submit",
      "Decide",
      "Plan",
      "Start",
      "CompleteTask",
      "Hold",
      "Settle",
      "Close",
      "Cancel"
    ] as const

    /** Each command in a state where it is legal, on an engagement requested by `req` and owned by `own`. */
    const cases = (confidential: boolean) => {
      const T = shanghai("2026-03-01T10:00:00+08:00")
      const draft = created(
        {
          _tag: "Create",
          id: "matrix-1" as Engagement.EngagementId,
          title: "Visit 来访",
          procedureId: "client-reception-standard",
          counterpart: "Guest unit 来宾单位",
          eventStart: "2026-03-10",
          notice: "2026-03-01T10:00:00+08:00",
          ownerId: "own",
          budget: Money.yuan(800),
          confidential
        },
        requester,
        T,
        matrixPolicies
      ).engagement
      const go = (e: Engagement.Engagement, by: Engagement.Actor, c: Engagement.Command) =>
        accept(e, by, c, T, matrixPolicies).engagement
      const submitted = go(draft, requester, { _tag: "Submit" })
      const approved = go(go(submitted, next, { _tag: "Decide", outcome: "approved" }), later, {
        _tag: "Decide",
        outcome: "approved"
      })
      const planned = go(approved, owner, { _tag: "Plan" })
      const inProgress = go(planned, owner, { _tag: "Start" })
      const held = go(inProgress, owner, { _tag: "Hold" })
      const settled = go(held, gm, { _tag: "Settle", expenses: [] })
      // The definition task belongs to the requester (P9: the requester files the application).
      const definition = planned.tasks.find((t) => t.stepId === "definition")!
      const on: {
        readonly [K in (typeof commands)[number]]: readonly [Engagement.Engagement | undefined, Engagement.Command]
      } = {
        Create: [undefined, { ...createVisit({ id: "matrix-2" as Engagement.EngagementId }), confidential }],
        Edit: [draft, { _tag: "Edit", title: "Visit, moved 来访（改期）" }],
        EditBudget: [draft, { _tag: "EditBudget", budget: Money.yuan(700) }],
        Submit: [draft, { _tag: "Submit" }],
        Decide: [submitted, { _tag: "Decide", outcome: "approved" }],
        Plan: [approved, { _tag: "Plan" }],
        Start: [planned, { _tag: "Start" }],
        CompleteTask: [planned, { _tag: "CompleteTask", taskId: definition.id }],
        Hold: [inProgress, { _tag: "Hold" }],
        Settle: [held, { _tag: "Settle", expenses: [] }],
        Close: [settled, { _tag: "Close" }],
        Cancel: [approved, { _tag: "Cancel", reason: "取消" }]
      }
      return on
    }

    /** ✓ allowed, · NotAuthorised; anything else is shown by its tag and fails the row. */
    const rowOf = (who: Engagement.Actor, confidential: boolean): string => {
      const on = cases(confidential)
      return commands
        .map((c) => {
          const [e, command] = on[c]
          const result =
            e === undefined
              ? Engagement.create(matrixPolicies, who, command as CreateCommand, T0)
              : Engagement.decide(matrixPolicies, e, who, command, T0)
          if (Either.isRight(result)) return "✓"
          return result.left._tag === "NotAuthorised" ? "·" : result.left._tag
        })
        .join(" ")
    }

    // The table is the spec, read from the doc comments of `defaultAccess`, `Permission` and
    // `authorise`: roles grant permissions; the requester may edit, edit the budget, submit and
    // cancel what they requested; the owner may edit, plan, run (start, hold), complete tasks and
    // close; department heads see (they approve through the route, not by editing);
    // approving belongs to the next step's role and never to the requester; a task's role may
    // complete it — and a task of the role "requester" belongs to this engagement's requester, not
    // to everyone who may file requests.
    //                                 Cre Edi EdB Sub Dec Pla Sta Tsk Hol Set Clo Can
    const open: Record<string, string> = {
      "general-manager": "             ✓   ✓   ✓   ✓   ·   ✓   ✓   ✓   ✓   ✓   ✓   ✓",
      "general-manager-assistant": "   ✓   ✓   ·   ✓   ·   ✓   ✓   ✓   ✓   ·   ·   ·",
      "admin-department": "            ✓   ✓   ·   ·   ·   ✓   ✓   ✓   ✓   ·   ✓   ·",
      "admin-group": "                 ✓   ✓   ·   ·   ·   ✓   ✓   ✓   ✓   ·   ✓   ·",
      "admin-clerk": "                 ·   ·   ·   ·   ·   ·   ·   ✓   ·   ·   ·   ·",
      "department-head": "             ✓   ·   ·   ·   ·   ·   ·   ·   ·   ·   ·   ·",
      "on-duty-manager": "             ✓   ·   ·   ·   ·   ·   ·   ✓   ·   ·   ·   ·",
      finance: "                       ·   ·   ·   ·   ·   ·   ·   ✓   ·   ✓   ·   ·",
      "finance, cleared": "            ·   ·   ·   ·   ·   ·   ·   ✓   ·   ✓   ·   ·",
      "requester (the role)": "        ✓   ·   ·   ·   ·   ·   ·   ·   ·   ·   ·   ·",
      "no grants (driver)": "          ·   ·   ·   ·   ·   ·   ·   ·   ·   ·   ·   ·",
      "the requester": "               ✓   ✓   ✓   ✓   ·   ·   ·   ✓   ·   ·   ·   ✓",
      "the owner": "                   ·   ✓   ·   ·   ·   ✓   ✓   ✓   ✓   ·   ✓   ·",
      "the next approver": "           ·   ·   ·   ·   ✓   ·   ·   ·   ·   ·   ·   ·",
      "a later approver": "            ·   ·   ·   ·   ·   ·   ·   ·   ·   ·   ·   ·"
    }
    // A confidential engagement (保密, or tier A): the same, less everything but Create for whoever
    // has neither clearance (viewConfidential, or personal) nor a part in it (requester, owner, a
    // role on its route).
    //                                 Cre Edi EdB Sub Dec Pla Sta Tsk Hol Set Clo Can
    const confidential: Record<string, string> = {
      "general-manager": "             ✓   ✓   ✓   ✓   ·   ✓   ✓   ✓   ✓   ✓   ✓   ✓",
      "general-manager-assistant": "   ✓   ✓   ·   ✓   ·   ✓   ✓   ✓   ✓   ·   ·   ·",
      "admin-department": "            ✓   ·   ·   ·   ·   ·   ·   ·   ·   ·   ·   ·",
      "admin-group": "                 ✓   ·   ·   ·   ·   ·   ·   ·   ·   ·   ·   ·",
      "admin-clerk": "                 ·   ·   ·   ·   ·   ·   ·   ·   ·   ·   ·   ·",
      "department-head": "             ✓   ·   ·   ·   ·   ·   ·   ·   ·   ·   ·   ·",
      "on-duty-manager": "             ✓   ·   ·   ·   ·   ·   ·   ·   ·   ·   ·   ·",
      finance: "                       ·   ·   ·   ·   ·   ·   ·   ·   ·   ·   ·   ·",
      "finance, cleared": "            ·   ·   ·   ·   ·   ·   ·   ✓   ·   ✓   ·   ·",
      "requester (the role)": "        ✓   ·   ·   ·   ·   ·   ·   ·   ·   ·   ·   ·",
      "no grants (driver)": "          ·   ·   ·   ·   ·   ·   ·   ·   ·   ·   ·   ·",
      "the requester": "               ✓   ✓   ✓   ✓   ·   ·   ·   ✓   ·   ·   ·   ✓",
      "the owner": "                   ·   ✓   ·   ·   ·   ✓   ✓   ✓   ✓   ·   ✓   ·",
      "the next approver": "           ·   ·   ·   ·   ✓   ·   ·   ·   ·   ·   ·   ·",
      "a later approver": "            ·   ·   ·   ·   ·   ·   ·   ·   ·   ·   ·   ·"
    }
    const cells = (row: string | undefined) => (row ?? "").trim().split(/\s+/).join(" ")

    describe("on an ordinary engagement", () => {
      it.each(rows)("%s", (name, who) => {
        expect(`${name}: ${rowOf(who, false)}`).toBe(`${name}: ${cells(open[name])}`)
      })
    })

    describe("on a confidential engagement", () => {
      it.each(rows)("%s", (name, who) => {
        expect(`${name}: ${rowOf(who, true)}`).toBe(`${name}: ${cells(confidential[name])}`)
      })
    })

    it("has a row for every role of the default access policy", () => {
      for (const role of Object.keys(Engagement.defaultAccess.grants)) {
        expect(rows.some(([, who]) => who.roles.length === 1 && who.roles[0] === role)).toBe(true)
      }
    })
  })
}

// ---------------------------------------------------------------------------------------------
// Laws
// ---------------------------------------------------------------------------------------------

function laws() {
  describe("laws", () => {
    const terminal = (s: Engagement.Status) => s === "closed" || s === "cancelled"

    /** Where an accepted command may lead from a state (the table's `to`, and the outcomes it documents). */
    const targets = (tag: Engagement.Command["_tag"], from: Engagement.Status): ReadonlyArray<Engagement.Status> => {
      if (tag === "Decide") return from === "submitted" ? ["submitted", "approved", "rejected"] : [from]
      if (tag === "Plan" && from === "inProgress") return ["inProgress"]
      return [Engagement.transitions[tag].to ?? from]
    }

    /**
     * Storage's round trip: the value encodes, its JSON decodes again (exactly: no optional key
     * holding `undefined`), and encodes to the same JSON. Fails with the Schema's own account.
     */
    const expectStorable = <A, I>(schema: Schema.Schema<A, I>, value: A) => {
      const encoded = Schema.encodeEither(schema)(value)
      if (Either.isLeft(encoded)) return expect.fail(ParseResult.TreeFormatter.formatErrorSync(encoded.left))
      const json: unknown = JSON.parse(JSON.stringify(encoded.right))
      const decoded = Schema.decodeUnknownEither(schema, { exact: true, onExcessProperty: "error" })(json)
      if (Either.isLeft(decoded)) return expect.fail(ParseResult.TreeFormatter.formatErrorSync(decoded.left))
      expect(Schema.encodeSync(schema)(decoded.right)).toEqual(json)
    }

    it("random command sequences from random actors keep every law of the state machine, and reach every state", () => {
      const reached = new Set<Engagement.Status>()
      const refusedBy = new Set<string>()
      fc.assert(
        fc.property(initial, fc.array(step, { minLength: 10, maxLength: 40, size: "max" }), (init, steps) => {
          let at = LAW_START
          const start = Engagement.create(policies, init.by, init.command, at)
          if (Either.isLeft(start)) throw start.left
          let e = start.right.engagement
          const ids = new Set(start.right.ledger.map((x) => x.id))
          const ledger: Array<Ledger.Entry> = [...start.right.ledger]
          const outbox: Array<Outbox.Message> = []
          for (const { step: s, minutes } of steps) {
            reached.add(e.status)
            at = DateTime.add(at, { minutes })
            const [who, command] = resolve(s, e)
            const result = Engagement.decide(policies, e, who, command, at)
            const rule = Engagement.transitions[command._tag]
            if (Either.isLeft(result)) {
              refusedBy.add(result.left._tag)
              // Refusals are typed, and an illegal move is exactly one the table does not allow.
              if (command._tag === "Create")
                expect(result.left).toMatchObject({ _tag: "Rejected", reason: "AlreadyExists" })
              // (Someone who may not see a confidential engagement is refused before its state shows.)
              else if (Engagement.isConfidential(e) && !Engagement.canSeeConfidential(policies.access, who, e))
                expect(result.left._tag).toBe("NotAuthorised")
              else if (!rule.from.includes(e.status)) expect(result.left._tag).toBe("IllegalTransition")
              else expect(["NotAuthorised", "Rejected", "IllegalTransition"]).toContain(result.left._tag)
              continue
            }
            const next = result.right
            // Never from a terminal state, only along the table, into a known state.
            expect(terminal(e.status)).toBe(false)
            expect(rule.from).toContain(e.status)
            expect(targets(command._tag, e.status)).toContain(next.engagement.status)
            expect(statuses).toContain(next.engagement.status)
            // One version per accepted command.
            expect(next.engagement.version).toBe(e.version + 1)
            expect(next.engagement.id).toBe(e.id)
            // One ledger entry per accepted command, and the verdicts of a submission with an application.
            const verdicts = command._tag === "Submit" && e.application !== undefined ? 1 : 0
            expect(next.ledger.map((x) => x.kind).sort()).toEqual(
              verdicts === 1 ? ["budgetVerdicts", "transition"] : ["transition"]
            )
            const entry = next.ledger.find((x) => x.kind === "transition")!
            expect([entry.from, entry.to, entry.command, entry.actor.personId]).toEqual([
              e.status,
              next.engagement.status,
              command._tag,
              who.personId
            ])
            expect(DateTime.toEpochMillis(entry.at)).toBe(DateTime.toEpochMillis(at))
            for (const x of next.ledger) {
              expect(ids.has(x.id)).toBe(false)
              ids.add(x.id)
            }
            ledger.push(...next.ledger)
            outbox.push(...next.outbox)
            e = next.engagement
          }
          reached.add(e.status)
          // Whatever was accepted can be stored: the engagement, its entries and its messages.
          expectStorable(Engagement.Engagement, e)
          for (const x of ledger) expectStorable(Ledger.Entry, x)
          for (const m of outbox) expectStorable(Outbox.Message, m)
        }),
        { numRuns: 200 }
      )
      // The laws were not vacuous: every state was reached and every kind of refusal seen.
      expect([...reached].sort().join(" ")).toBe([...statuses].sort().join(" "))
      expect([...refusedBy].sort()).toEqual(["IllegalTransition", "NotAuthorised", "Rejected"])
    })

    it("never lets anyone move a closed or cancelled engagement", () => {
      const { engagement: closed } = visitUpTo("closed")
      const cancelled = accept(visitUpTo("planned").engagement, li, { _tag: "Cancel", reason: "取消" }, T0).engagement
      fc.assert(
        fc.property(fc.constantFrom(closed, cancelled), fc.constantFrom(...pool), anyCommand, (e, who, command) => {
          const result = Engagement.decide(policies, e, who, command, T0)
          expect(Either.isLeft(result)).toBe(true)
        }),
        { numRuns: 300 }
      )
    })
  })
}
