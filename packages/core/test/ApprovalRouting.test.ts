import { describe, expect, it } from "@effect/vitest"
import * as DateTime from "effect/DateTime"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as ApprovalRouting from "../src/ApprovalRouting.js"
import * as Deadline from "../src/Deadline.js"
import * as Money from "../src/Money.js"
import * as OfficialCalendars from "../src/OfficialCalendars.js"
import * as ZonedDateTime from "../src/ZonedDateTime.js"

const policy = ApprovalRouting.seed
const at = (text: string) => Option.getOrThrow(ZonedDateTime.make(text))
const roles = (request: ApprovalRouting.ApprovalRequest) =>
  Either.getOrThrow(ApprovalRouting.route(policy, request)).steps.map((s) => s.role)

describe("ApprovalRouting", () => {
  it("sends tiers C and D below the threshold to the department head alone", () => {
    expect(roles({ tier: "C", amount: Money.yuan(4999) })).toEqual(["department-head"])
    expect(roles({ tier: "D", amount: Money.yuan(800) })).toEqual(["department-head"])
  })

  it("adds the general manager at the threshold and above, whatever the tier", () => {
    expect(roles({ tier: "C", amount: Money.yuan(5000) })).toEqual(["department-head", "general-manager"])
    expect(roles({ tier: "D", amount: Money.yuan(12000) })).toEqual(["department-head", "general-manager"])
  })

  it("adds the general manager for tier A and for the special level at any amount", () => {
    expect(roles({ tier: "A", amount: Money.yuan(100) })).toEqual(["department-head", "general-manager"])
    expect(roles({ tier: "B", level: "special", amount: Money.yuan(100) })).toEqual([
      "department-head",
      "general-manager"
    ])
    expect(roles({ tier: "B", level: "senior", amount: Money.yuan(100) })).toEqual(["department-head"])
  })

  it("names each role once, with every rule that asked for it", () => {
    const route = Either.getOrThrow(
      ApprovalRouting.route(policy, { tier: "A", level: "special", amount: Money.yuan(8000) })
    )
    expect(route.steps).toEqual([
      {
        role: "department-head",
        ruleIds: ["department-head"],
        escalation: { afterWorkingDays: 1, escalateTo: "general-manager" }
      },
      {
        role: "general-manager",
        ruleIds: ["general-manager.tier-a", "general-manager.special", "general-manager.amount"]
      }
    ])
    expect(route).toMatchObject({
      policyId: "liaison.routing",
      policyVersion: "seed-1",
      timing: "before",
      flagged: false
    })
  })

  it("takes a configured threshold", () => {
    const strict = ApprovalRouting.withThreshold(policy, "strict-1", "general-manager.amount", Money.yuan(2000))
    const route = Either.getOrThrow(ApprovalRouting.route(strict, { tier: "C", amount: Money.yuan(2000) }))
    expect(route.steps.map((s) => s.role)).toEqual(["department-head", "general-manager"])
    expect(route.policyVersion).toBe("strict-1")
    expect(roles({ tier: "C", amount: Money.yuan(2000) })).toEqual(["department-head"])
  })

  it("routes an emergency the same way, to be approved afterwards, flagged, and reported to the GM at once", () => {
    const route = Either.getOrThrow(
      ApprovalRouting.route(policy, { tier: "C", amount: Money.yuan(300), emergency: true })
    )
    expect(route).toMatchObject({
      timing: "afterwards",
      flagged: true,
      reportTo: ["general-manager"],
      approveWithinWorkingDays: 5
    })
    expect(route.steps.map((s) => s.role)).toEqual(["department-head"])
  })

  it("falls back to the policy's fallback steps when no rule matches", () => {
    const bare: ApprovalRouting.RoutingPolicy = { ...policy, rules: policy.rules.slice(1) }
    const route = Either.getOrThrow(ApprovalRouting.route(bare, { tier: "D", amount: Money.yuan(10) }))
    expect(route.steps).toEqual([{ role: "general-manager", ruleIds: ["fallback"] }])
  })

  it("refuses to route an amount in another currency than the policy's", () => {
    const result = ApprovalRouting.route(policy, { tier: "C", amount: Money.make(10000, "USD" as Money.Currency) })
    expect(Either.isLeft(result) && result.left._tag === "CurrencyMismatch").toBe(true)
  })

  it("follows the decisions step by step: pending, approved, or rejected", () => {
    const route = Either.getOrThrow(ApprovalRouting.route(policy, { tier: "A", amount: Money.yuan(3000) }))
    const head: ApprovalRouting.Decision = {
      role: "department-head",
      by: "李主任",
      at: at("2026-03-03T10:00+08:00[Asia/Shanghai]"),
      outcome: "approved"
    }
    const gm: ApprovalRouting.Decision = {
      role: "general-manager",
      by: "王总",
      at: at("2026-03-04T09:00+08:00[Asia/Shanghai]"),
      outcome: "approved"
    }
    expect(ApprovalRouting.progress(route, [])).toMatchObject({ _tag: "Pending", next: { role: "department-head" } })
    // the general manager answering first does not skip the department head
    expect(ApprovalRouting.progress(route, [gm])).toMatchObject({ _tag: "Pending", next: { role: "department-head" } })
    expect(ApprovalRouting.progress(route, [head])).toMatchObject({
      _tag: "Pending",
      next: { role: "general-manager" }
    })
    expect(ApprovalRouting.progress(route, [gm, head])).toEqual({ _tag: "Approved", decisions: [head, gm] })
    const no = { ...gm, outcome: "rejected" as const, note: "预算过高" }
    expect(ApprovalRouting.progress(route, [head, no])).toEqual({ _tag: "Rejected", decision: no })
  })

  it("rejects a policy whose threshold is in another currency, at its path", () => {
    const encoded = Schema.encodeSync(ApprovalRouting.RoutingPolicy)(policy)
    const rules = encoded.rules.map((r) =>
      r.id === "general-manager.amount" ? { ...r, when: { amountAtLeast: { amount: "700", currency: "USD" } } } : r
    )
    const result = Schema.decodeUnknownEither(ApprovalRouting.RoutingPolicy, { errors: "all" })({ ...encoded, rules })
    expect(Either.isLeft(result)).toBe(true)
    if (Either.isLeft(result)) expect(result.left.message).toContain("never converted implicitly")
  })
})

describe("ApprovalRouting.escalation", () => {
  const calendar = OfficialCalendars.cnMainland
  const submittedAt = at("2026-02-13T10:00+08:00[Asia/Shanghai]") // Friday before Spring Festival 2026
  // department head (escalates to the GM after 1 working day), then the GM (escalates to the chair after 2)
  const base = Either.getOrThrow(ApprovalRouting.route(policy, { tier: "C", amount: Money.yuan(6200) }))
  const route: ApprovalRouting.Route = {
    ...base,
    steps: [base.steps[0], { ...base.steps[1]!, escalation: { afterWorkingDays: 2, escalateTo: "chair" } }]
  }
  const head: ApprovalRouting.Decision = {
    role: "department-head",
    by: "李主任",
    at: at("2026-02-14T16:00+08:00[Asia/Shanghai]"),
    outcome: "approved"
  }
  const escalation = (decisions: ReadonlyArray<ApprovalRouting.Decision>, now: string) =>
    Either.getOrThrow(ApprovalRouting.escalation(route, decisions, { submittedAt, calendar, now: at(now) }))
  const timing = (state: ApprovalRouting.EscalationState) => {
    if (state._tag !== "Waiting" && state._tag !== "Escalated") throw new Error(`expected a timing, got ${state._tag}`)
    return state
  }

  it("escalates a step submitted on the Friday before Spring Festival at the end of Saturday 14 Feb, a make-up working day", () => {
    const before = timing(escalation([], "2026-02-14T17:59+08:00[Asia/Shanghai]"))
    expect(before._tag).toBe("Waiting")
    expect(before.deadline.dueDate).toBe("2026-02-14")
    expect(DateTime.formatIsoOffset(before.deadline.due)).toBe("2026-02-14T18:00:00.000+08:00")
    expect(before.step.role).toBe("department-head")
    expect(before.escalateTo).toBe("general-manager")
    expect(before.standing).toMatchObject({ status: "open", workingDaysLeft: 0 })
    expect(before.deadline.explanation.days).toEqual([
      expect.objectContaining({ date: "2026-02-14", kind: "makeUpWorkingDay" })
    ])
    expect(before.deadline.explanation.sentence.en).toContain("1 working day after notice received (2026-02-13)")
    expect(before.deadline.explanation.sentence.en).toContain("2026-02-14, a make-up working day for Spring Festival")

    const after = timing(escalation([], "2026-02-14T18:01+08:00[Asia/Shanghai]"))
    expect(after._tag).toBe("Escalated")
    expect(after.escalateTo).toBe("general-manager")
    expect(after.standing.status).toBe("missed")
  })

  it("is still escalated during the holiday, late by no working day until the holiday ends", () => {
    const state = timing(escalation([], "2026-02-20T10:00+08:00[Asia/Shanghai]"))
    expect(state._tag).toBe("Escalated")
    expect(state.standing.lateByWorkingDays).toBe(0)
    expect(timing(escalation([], "2026-02-24T10:00+08:00[Asia/Shanghai]")).standing.lateByWorkingDays).toBe(1)
  })

  it("times a later step from the approval before it, across the holiday", () => {
    const state = timing(escalation([head], "2026-02-24T12:00+08:00[Asia/Shanghai]"))
    expect(state).toMatchObject({ _tag: "Waiting", escalateTo: "chair", afterWorkingDays: 2 })
    expect(state.step.role).toBe("general-manager")
    expect(state.pendingSince).toBe(head.at)
    // 2 working days after Saturday 14 Feb: the holiday (15–23 Feb) is skipped, so Tue 24 and Wed 25
    expect(state.deadline.dueDate).toBe("2026-02-25")
    expect(timing(escalation([head], "2026-02-25T18:30+08:00[Asia/Shanghai]"))._tag).toBe("Escalated")
  })

  it("counts from the next working day when the step became pending on a day off", () => {
    const sunday = Either.getOrThrow(
      ApprovalRouting.escalation(route, [], {
        submittedAt: at("2026-03-01T20:00+08:00[Asia/Shanghai]"),
        calendar,
        now: at("2026-03-02T12:00+08:00[Asia/Shanghai]")
      })
    )
    expect(timing(sunday).deadline.dueDate).toBe("2026-03-02")
  })

  it("says so when the pending step has no escalation, and when the route is settled", () => {
    const noEscalation = Either.getOrThrow(
      ApprovalRouting.escalation(base, [head], { submittedAt, calendar, now: at("2026-03-30T10:00+08:00") })
    )
    expect(noEscalation).toMatchObject({ _tag: "NoEscalation", step: { role: "general-manager" } })
    const gm = { ...head, role: "general-manager", by: "王总" }
    expect(escalation([head, gm], "2026-03-30T10:00+08:00")).toMatchObject({
      _tag: "Settled",
      progress: { _tag: "Approved" }
    })
    const no = { ...head, outcome: "rejected" as const }
    expect(escalation([no], "2026-03-30T10:00+08:00")).toMatchObject({
      _tag: "Settled",
      progress: { _tag: "Rejected" }
    })
  })

  it("refuses to time beyond the calendar's data unless asked for a provisional answer", () => {
    const late = at("2026-12-31T10:00+08:00[Asia/Shanghai]")
    const options = { submittedAt: late, calendar, now: late }
    const strict = ApprovalRouting.escalation(route, [], options)
    expect(Either.isLeft(strict) && strict.left._tag).toBe("OutsideCoverage")
    const provisional = timing(
      Either.getOrThrow(ApprovalRouting.escalation(route, [], { ...options, beyondCoverage: "provisional" }))
    )
    expect(provisional.deadline).toMatchObject({ dueDate: "2027-01-01", provisional: true })
  })

  it("exposes the escalation as a deadline rule, as data", () => {
    const rule = ApprovalRouting.escalationRule("department-head", {
      afterWorkingDays: 1,
      escalateTo: "general-manager"
    })
    expect(Schema.decodeUnknownSync(Deadline.Rule)(Schema.encodeSync(Deadline.Rule)(rule))).toEqual(rule)
    expect(rule).toMatchObject({
      _tag: "Point",
      id: "escalation.department-head",
      anchor: { _tag: "NoticeReceived" },
      offset: { amount: 1, unit: "workingDays", direction: "after" },
      at: "endOfWorkingDay"
    })
  })
})

describe("laws", () => {
  it.prop("decode(encode(x)) = x for every routing policy", [ApprovalRouting.RoutingPolicy], ([p]) => {
    expect(
      Schema.decodeUnknownEither(ApprovalRouting.RoutingPolicy)(Schema.encodeSync(ApprovalRouting.RoutingPolicy)(p))
    ).toEqual(Either.right(p))
  })

  it("the seed policy survives encoding", () => {
    expect(
      Schema.decodeUnknownEither(ApprovalRouting.RoutingPolicy)(
        Schema.encodeSync(ApprovalRouting.RoutingPolicy)(policy)
      )
    ).toEqual(Either.right(policy))
  })

  it.prop(
    "raising the amount only adds approvers, where thresholds are minimums and a rule matched",
    [
      ApprovalRouting.RoutingPolicy,
      Schema.Int.pipe(Schema.between(0, 10_000_000)),
      Schema.Int.pipe(Schema.between(0, 10_000_000))
    ],
    ([p, a, b]) => {
      const [low, high] = a <= b ? [a, b] : [b, a]
      const stepsOf = (minor: number) =>
        Either.getOrThrow(
          ApprovalRouting.route(p, { tier: "A", level: "special", amount: Money.make(minor, p.currency) })
        ).steps
      const atLow = stepsOf(low).map((s) => s.role)
      const atHigh = stepsOf(high).map((s) => s.role)
      const onlyThresholdsFromBelow = p.rules.every((r) => r.when.amountBelow === undefined)
      if (onlyThresholdsFromBelow && atLow[0] !== undefined && !stepsOf(low)[0]!.ruleIds.includes("fallback")) {
        for (const role of atLow) expect(atHigh).toContain(role)
      }
    }
  )
})
