/**
 * The approved budget (批准预算), frozen with the rule set it was checked against, and its settlement
 * (结算).
 *
 * Once every approver has approved, the budget is frozen: its lines, the engagement's facts, the whole
 * rule set (not just its version) and the check's report are kept together. Settlement checks the actual
 * expenses against that snapshot, so a later change of policy never turns a settled reception into a
 * violation, and any decision can be replayed from the record alone.
 *
 * @since 0.1.0
 */
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import * as ApprovalRouting from "./ApprovalRouting.js"
import * as BudgetPolicy from "./BudgetPolicy.js"
import * as Expense from "./Expense.js"
import * as Money from "./Money.js"
import { ZonedDateTime } from "./ZonedDateTime.js"

/**
 * A frozen, approved budget: the rule set (in full), the facts, the approved lines, the report of the
 * check at approval, the route with its decisions and the moment of the last approval. `emergency`
 * records a budget approved afterwards (事后补办).
 *
 * @since 0.1.0
 * @category schemas
 */
export const ApprovedBudget = Schema.Struct({
  ruleSet: BudgetPolicy.RuleSet,
  facts: BudgetPolicy.EngagementFacts,
  lines: Expense.ExpenseLines,
  report: BudgetPolicy.Report,
  route: ApprovalRouting.Route,
  decisions: Schema.Array(ApprovalRouting.Decision),
  approvedAt: ZonedDateTime,
  emergency: Schema.Boolean
}).annotations({ identifier: "ApprovedBudget" })

/**
 * @since 0.1.0
 * @category models
 */
export interface ApprovedBudget extends Schema.Schema.Type<typeof ApprovedBudget> {}

/**
 * Why a budget cannot be frozen: its route is not fully approved (`pending`, with the next role) or was
 * rejected (`rejected`, with the role), its check has blocks (`blocked`, with those verdicts), or its lines
 * add up to more than the amount that was routed for approval (`over-routed-amount`).
 *
 * @since 0.1.0
 * @category errors
 */
export class CannotFreeze extends Schema.TaggedError<CannotFreeze>()("CannotFreeze", {
  reason: Schema.Literal("pending", "rejected", "blocked", "over-routed-amount"),
  role: Schema.optionalWith(Schema.String, { exact: true }),
  blocks: Schema.optionalWith(Schema.Array(BudgetPolicy.Verdict), { exact: true }),
  detail: Schema.String
}) {
  override get message(): string {
    return this.detail
  }
}

/**
 * Freezes a budget: checks the lines against the rule set, requires the route approved by every step,
 * no block among the verdicts, and the lines within the routed amount.
 *
 * @since 0.1.0
 * @category constructors
 */
export const freeze = (
  ruleSet: BudgetPolicy.RuleSet,
  facts: BudgetPolicy.EngagementFacts,
  lines: ReadonlyArray<Expense.ExpenseLine>,
  approval: {
    readonly route: ApprovalRouting.Route
    readonly decisions: ReadonlyArray<ApprovalRouting.Decision>
  }
): Either.Either<ApprovedBudget, CannotFreeze | Money.CurrencyMismatch> =>
  Either.gen(function* () {
    const state = ApprovalRouting.progress(approval.route, approval.decisions)
    if (state._tag === "Pending") {
      return yield* Either.left(
        new CannotFreeze({
          reason: "pending",
          role: state.next.role,
          detail: `waiting for the approval of ${state.next.role}`
        })
      )
    }
    if (state._tag === "Rejected") {
      return yield* Either.left(
        new CannotFreeze({
          reason: "rejected",
          role: state.decision.role,
          detail: `rejected by ${state.decision.by} (${state.decision.role})`
        })
      )
    }
    if (approval.route.amount.currency !== ruleSet.currency) {
      return yield* Either.left(
        new Money.CurrencyMismatch({
          expected: ruleSet.currency,
          found: approval.route.amount.currency,
          where: "route.amount"
        })
      )
    }
    const report = yield* BudgetPolicy.check(ruleSet, facts, lines)
    const blocks = report.verdicts.filter((v) => v.severity === "block")
    if (blocks.length > 0) {
      return yield* Either.left(
        new CannotFreeze({
          reason: "blocked",
          blocks,
          detail: `the budget has ${blocks.length} blocking verdict(s): ${blocks.map((v) => v.message).join("; ")}`
        })
      )
    }
    if (report.spent.total.minor > approval.route.amount.minor) {
      return yield* Either.left(
        new CannotFreeze({
          reason: "over-routed-amount",
          detail: `the lines add up to ${Money.format(report.spent.total)}, more than the ${Money.format(approval.route.amount)} routed for approval`
        })
      )
    }
    const decisions = state.decisions
    let approvedAt = decisions[0]!.at
    for (const d of decisions) if (d.at.epochMillis > approvedAt.epochMillis) approvedAt = d.at
    return {
      ruleSet,
      facts,
      lines,
      report,
      route: approval.route,
      decisions: approval.decisions,
      approvedAt,
      emergency: approval.route.flagged
    }
  })

/**
 * The settlement of a reception: the report of the expenses under the frozen rule set, the overruns of the
 * approved budget (a category over its approved amount warns; the total over the approved total blocks),
 * and the worst grade.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Settlement = Schema.Struct({
  ruleSetId: Schema.String,
  ruleSetVersion: Schema.String,
  emergency: Schema.Boolean,
  report: BudgetPolicy.Report,
  overruns: Schema.Array(BudgetPolicy.Verdict),
  outcome: BudgetPolicy.Severity
}).annotations({ identifier: "Settlement" })

/**
 * @since 0.1.0
 * @category models
 */
export interface Settlement extends Schema.Schema.Type<typeof Settlement> {}

/**
 * Settles the actual expenses against a frozen budget: the same rule set, version and facts as at
 * approval, whatever the policy is today. The expenses are checked as expenses (`stage: "expenses"`), so
 * rules about bills (invoices, one meal one bill) apply at settlement. Expenses in another currency are a
 * {@link Money.CurrencyMismatch}: they are converted, with a dated rate, before settling.
 *
 * @since 0.1.0
 * @category settlement
 */
export const settle = (
  approved: ApprovedBudget,
  expenses: ReadonlyArray<Expense.ExpenseLine>
): Either.Either<Settlement, Money.CurrencyMismatch> =>
  Either.map(BudgetPolicy.check(approved.ruleSet, approved.facts, expenses, { stage: "expenses" }), (report) => {
    const ruleSet = approved.ruleSet
    const approvedBy = new Map<Expense.ExpenseCategory, number>()
    for (const c of approved.report.spent.byCategory) approvedBy.set(c.category, c.amount.minor)
    const overruns: Array<BudgetPolicy.Verdict> = []
    const base = {
      ruleId: "approved-budget",
      ruleKind: "approved-budget",
      ruleSetId: ruleSet.id,
      ruleSetVersion: ruleSet.version
    }
    const when = `approved ${approved.approvedAt.toString()}`
    for (const c of report.spent.byCategory) {
      const limit = approvedBy.get(c.category) ?? 0
      if (c.amount.minor <= limit) continue
      const limitMoney = Money.make(limit, ruleSet.currency)
      overruns.push({
        ...base,
        severity: "warning",
        code: "over-approved",
        category: c.category,
        subject: c.category,
        measured: { _tag: "Amount", money: c.amount },
        limit: { _tag: "Amount", money: limitMoney },
        derivation: `${when}: ${Money.format(limitMoney)} for ${c.category}`,
        message: `${c.category}: ${Money.format(c.amount)} spent, ${Money.format(limitMoney)} approved`
      })
    }
    const approvedTotal = approved.report.spent.total
    if (report.spent.total.minor > approvedTotal.minor) {
      overruns.push({
        ...base,
        severity: "block",
        code: "over-approved",
        subject: "total",
        measured: { _tag: "Amount", money: report.spent.total },
        limit: { _tag: "Amount", money: approvedTotal },
        derivation: `${when}: ${Money.format(approvedTotal)} in total`,
        message: `${Money.format(report.spent.total)} spent in total, ${Money.format(approvedTotal)} approved: the excess needs its own approval`
      })
    }
    return {
      ruleSetId: ruleSet.id,
      ruleSetVersion: ruleSet.version,
      emergency: approved.emergency,
      report,
      overruns,
      outcome: BudgetPolicy.worst([...report.verdicts, ...overruns])
    }
  })
