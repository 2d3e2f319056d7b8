import { describe, expect, it } from "@effect/vitest"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as ApprovalRouting from "../src/ApprovalRouting.js"
import * as ApprovedBudget from "../src/ApprovedBudget.js"
import * as BudgetPolicy from "../src/BudgetPolicy.js"
import type * as Expense from "../src/Expense.js"
import * as LocalDate from "../src/LocalDate.js"
import * as Money from "../src/Money.js"
import * as ZonedDateTime from "../src/ZonedDateTime.js"

const at = (text: string) => Option.getOrThrow(ZonedDateTime.make(text))
const d = LocalDate.unsafeMake
const seed = BudgetPolicy.seedRuleSet
const facts = BudgetPolicy.facts({
  guests: 4,
  hosts: 1,
  lunches: 1,
  dinners: 1,
  level: "senior",
  receptionType: "premium",
  visitDate: d("2026-03-10")
})
const proposal: ReadonlyArray<Expense.ExpenseLine> = [
  { category: "meals", meal: "lunch", date: d("2026-03-10"), amount: Money.yuan(600) },
  { category: "meals", meal: "dinner", date: d("2026-03-10"), amount: Money.yuan(700) },
  { category: "transport", amount: Money.yuan(300) }
]
const route = Either.getOrThrow(
  ApprovalRouting.route(ApprovalRouting.seed, { tier: "C", level: "senior", amount: Money.yuan(1600) })
)
const approvedByHead: ApprovalRouting.Decision = {
  role: "department-head",
  by: "李主任",
  at: at("2026-03-04T16:20+08:00[Asia/Shanghai]"),
  outcome: "approved"
}
const frozen = Either.getOrThrow(ApprovedBudget.freeze(seed, facts, proposal, { route, decisions: [approvedByHead] }))

/** The same policy a year later, with every meal cap halved. */
const stricter: BudgetPolicy.RuleSet = {
  ...seed,
  version: "seed-2",
  rules: seed.rules.map((r) =>
    r.kind === "per-meal-cap"
      ? { ...r, base: Money.fen(r.base.minor / 2), increment: Money.fen(r.increment.minor / 2) }
      : r
  )
}

describe("ApprovedBudget", () => {
  it("freezes an approved budget with its rule set, facts, lines and the moment of approval", () => {
    expect(frozen.ruleSet).toBe(seed)
    expect(frozen.report.ruleSetVersion).toBe("seed-1")
    expect(frozen.report.spent.total).toEqual(Money.yuan(1600))
    expect(frozen.approvedAt).toBe(approvedByHead.at)
    expect(frozen.emergency).toBe(false)
  })

  it("refuses to freeze before every approver has approved, or after a rejection", () => {
    const big = Either.getOrThrow(ApprovalRouting.route(ApprovalRouting.seed, { tier: "A", amount: Money.yuan(1600) }))
    const pending = ApprovedBudget.freeze(seed, facts, proposal, { route: big, decisions: [approvedByHead] })
    expect(Either.isLeft(pending) && pending.left).toMatchObject({
      _tag: "CannotFreeze",
      reason: "pending",
      role: "general-manager"
    })
    const rejected = ApprovedBudget.freeze(seed, facts, proposal, {
      route,
      decisions: [{ ...approvedByHead, outcome: "rejected" }]
    })
    expect(Either.isLeft(rejected) && rejected.left).toMatchObject({ reason: "rejected", role: "department-head" })
  })

  it("refuses to freeze a budget with blocks, or one larger than the amount routed", () => {
    const tooRich = [
      ...proposal,
      { category: "meals" as const, meal: "dinner" as const, date: d("2026-03-10"), amount: Money.yuan(100) }
    ]
    const blocked = ApprovedBudget.freeze(seed, facts, tooRich, { route, decisions: [approvedByHead] })
    expect(Either.isLeft(blocked) && blocked.left).toMatchObject({ reason: "blocked" })
    if (Either.isLeft(blocked) && blocked.left._tag === "CannotFreeze") {
      expect(blocked.left.blocks?.map((v) => v.ruleId)).toEqual(["level.senior.dinner"])
    }
    const more = [...proposal, { category: "work" as const, amount: Money.yuan(1) }]
    const over = ApprovedBudget.freeze(seed, facts, more, { route, decisions: [approvedByHead] })
    expect(Either.isLeft(over) && over.left).toMatchObject({ reason: "over-routed-amount" })
  })

  it("settles against the frozen rule set, so a later, stricter policy does not turn it into a violation", () => {
    const expenses: ReadonlyArray<Expense.ExpenseLine> = [
      { category: "meals", meal: "lunch", date: d("2026-03-10"), amount: Money.yuan(580), invoice: "04400211" },
      { category: "meals", meal: "dinner", date: d("2026-03-10"), amount: Money.yuan(690), invoice: "04400212" },
      { category: "transport", amount: Money.yuan(260) }
    ]
    const settlement = Either.getOrThrow(ApprovedBudget.settle(frozen, expenses))
    expect(settlement).toMatchObject({ ruleSetVersion: "seed-1", outcome: "ok", overruns: [] })
    // the same expenses checked against today's policy would block
    expect(Either.getOrThrow(BudgetPolicy.check(stricter, facts, expenses)).outcome).toBe("block")
  })

  it("warns on a category over its approved amount, and blocks a total over the approved total", () => {
    const expenses: ReadonlyArray<Expense.ExpenseLine> = [
      { category: "meals", meal: "lunch", date: d("2026-03-10"), amount: Money.yuan(600) },
      { category: "meals", meal: "dinner", date: d("2026-03-10"), amount: Money.yuan(700) },
      { category: "transport", amount: Money.yuan(280) },
      { category: "work", amount: Money.yuan(15) }
    ]
    const within = Either.getOrThrow(ApprovedBudget.settle(frozen, expenses))
    expect(within.overruns.map((v) => [v.subject, v.severity, v.code])).toEqual([["work", "warning", "over-approved"]])
    expect(within.outcome).toBe("warning")
    const over = Either.getOrThrow(
      ApprovedBudget.settle(frozen, [...expenses, { category: "transport", amount: Money.yuan(30) }])
    )
    expect(over.overruns.map((v) => [v.subject, v.severity])).toEqual([
      ["work", "warning"],
      ["transport", "warning"],
      ["total", "block"]
    ])
    expect(over.outcome).toBe("block")
  })

  it("refuses to settle expenses in another currency: a verdict in CNY is never re-evaluated in USD", () => {
    const result = ApprovedBudget.settle(frozen, [
      { category: "transport", amount: Money.make(3000, "USD" as Money.Currency) }
    ])
    expect(Either.isLeft(result) && result.left).toMatchObject({
      _tag: "CurrencyMismatch",
      expected: "CNY",
      found: "USD"
    })
  })

  it("keeps the emergency flag of a budget approved afterwards", () => {
    const emergency = Either.getOrThrow(
      ApprovalRouting.route(ApprovalRouting.seed, {
        tier: "C",
        level: "senior",
        amount: Money.yuan(1600),
        emergency: true
      })
    )
    const budget = Either.getOrThrow(
      ApprovedBudget.freeze(seed, facts, proposal, { route: emergency, decisions: [approvedByHead] })
    )
    expect(budget.emergency).toBe(true)
    expect(Either.getOrThrow(ApprovedBudget.settle(budget, proposal)).emergency).toBe(true)
  })
})

describe("ApprovedBudget: official receptions", () => {
  it("freezes a proposal without invoices, and settles the expenses with the official bill rules", () => {
    const official = BudgetPolicy.officialExample
    const visit = BudgetPolicy.facts({
      guests: 2,
      hosts: 1,
      lunches: 1,
      level: "official.other",
      visitDate: d("2026-04-20"),
      visitors: [{ organisation: "省商务厅", name: "周敏" }],
      documents: ["reception-list"],
      letter: {
        from: "省商务厅",
        guests: [
          { name: "周敏", unit: "省商务厅" },
          { name: "王磊", unit: "省商务厅" }
        ]
      }
    })
    const lunch: Expense.ExpenseLine = {
      category: "meals",
      meal: "lunch",
      date: d("2026-04-20"),
      amount: Money.yuan(280)
    }
    const small = Either.getOrThrow(ApprovalRouting.route(ApprovalRouting.seed, { tier: "D", amount: Money.yuan(300) }))
    const approved = Either.getOrThrow(
      ApprovedBudget.freeze(official, visit, [lunch], { route: small, decisions: [approvedByHead] })
    )
    const billed = Either.getOrThrow(ApprovedBudget.settle(approved, [{ ...lunch, invoice: "04412345" }]))
    expect(billed.outcome).toBe("ok")
    const unbilled = Either.getOrThrow(ApprovedBudget.settle(approved, [lunch]))
    expect(unbilled.outcome).toBe("block")
    expect(unbilled.report.verdicts.filter((v) => v.severity === "block").map((v) => v.code)).toEqual([
      "invoice-missing"
    ])
  })
})

describe("laws", () => {
  it("decode(encode(x)) = x for a frozen budget, and settling the decoded copy gives the same verdicts", () => {
    const json = JSON.parse(JSON.stringify(Schema.encodeSync(ApprovedBudget.ApprovedBudget)(frozen)))
    const back = Either.getOrThrow(Schema.decodeUnknownEither(ApprovedBudget.ApprovedBudget)(json))
    expect(Schema.encodeSync(ApprovedBudget.ApprovedBudget)(back)).toEqual(json)
    const encodeSettlement = Schema.encodeSync(ApprovedBudget.Settlement)
    expect(encodeSettlement(Either.getOrThrow(ApprovedBudget.settle(back, proposal)))).toEqual(
      encodeSettlement(Either.getOrThrow(ApprovedBudget.settle(frozen, proposal)))
    )
  })
})
