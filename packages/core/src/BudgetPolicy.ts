/**
 * Budget policy (接待经费标准): rule sets, an engagement's facts, allowances and graded verdicts.
 *
 * A rule set is versioned data in one currency. From an engagement's facts (guests, accompanying
 * hosts, days, meals, nights, rooms, outings, level, tier, reception type, documents, past receptions)
 * {@link allowance} computes what may be spent per category and in total; {@link check} checks a
 * proposed budget or the actual expenses against it and returns one verdict per check: ok, warning or
 * block, with a code, the category, the measured amount, the limit, how the limit was derived
 * ("400 + 3 × 50 for the guests beyond 2 = 550 CNY"), the rule id and the rule-set version.
 *
 * Rule kinds: per-head cap; per-meal cap with a base headcount and an increment per extra guest;
 * per-visit cap (the same, once per visit); per-night range with who pays; count per visit (one working
 * meal); accompanying hosts to guests as a step function; a share sub-cap (drinks ≤ ⅓ of the meal
 * standard); forbidden items, venues and categories; the same guest again within N days; required
 * documents; the visit list against the sending unit's letter (公函); the documents a reimbursement
 * needs (invoices, letter, reception list); one meal, one bill. Ready-made sets: {@link seedRuleSet} (seeds 001 and 003) and {@link official} (the Chinese
 * official-reception rules, 公务接待).
 *
 * @since 0.1.0
 */
import * as Arbitrary from "effect/Arbitrary"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import * as ClientTier from "./ClientTier.js"
import * as DecodeProblem from "./DecodeProblem.js"
import * as Expense from "./Expense.js"
import { cachedPlan, evaluate, evaluateAllowance, type Plans, planOf } from "./internal/budgetEngine.js"
import * as Label from "./Label.js"
import * as LocalDate from "./LocalDate.js"
import * as Money from "./Money.js"
import * as OfficialLetter from "./OfficialLetter.js"
import { personal } from "./PersonalData.js"
import * as ReceptionApplication from "./ReceptionApplication.js"
import * as ReceptionGrade from "./ReceptionGrade.js"

const Text = Schema.NonEmptyTrimmedString.pipe(Schema.maxLength(200))
const Count = Schema.Int.pipe(Schema.between(0, 100_000))
const PositiveCount = Schema.Int.pipe(Schema.between(1, 100_000))
const optional = <A, I, R>(schema: Schema.Schema<A, I, R>) => Schema.optionalWith(schema, { exact: true })

// ---------------------------------------------------------------------------------------------------
// verdicts
// ---------------------------------------------------------------------------------------------------

/**
 * The grade of a verdict: `ok`, `warning` (may proceed, with a reason on record) or `block` (may not
 * proceed without changing the plan or an exception).
 *
 * @since 0.1.0
 * @category models
 */
export type Severity = "ok" | "warning" | "block"

/**
 * The Schema of a {@link Severity}.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Severity: Schema.Schema<Severity> = Schema.Literal("ok", "warning", "block")

/**
 * The grade a rule gives when it is breached.
 *
 * @since 0.1.0
 * @category schemas
 */
export const BreachSeverity = Schema.Literal("warning", "block")

/**
 * What a verdict found:
 * - `within-limit`, `within-allowance`, `clear`: the check passed;
 * - `over-limit`, `over-allowance`, `below-minimum`, `not-covered` (a cost the company does not pay at this
 *   level), `count-exceeded`, `ratio-exceeded`, `share-exceeded`, `forbidden`, `repeat-visit`,
 *   `document-missing`, `not-in-letter` (a guest the sending unit's letter does not name),
 *   `invoice-missing`, `shared-invoice` (two meals on one invoice), `split-bill` (one meal on several
 *   invoices): the check failed;
 * - `fact-missing`, `fact-unknown`, `not-measurable`: the check could not be made as asked;
 * - `over-approved`: a settlement spent more than the frozen, approved budget.
 *
 * @since 0.1.0
 * @category models
 */
export type VerdictCode =
  | "within-limit"
  | "within-allowance"
  | "clear"
  | "over-limit"
  | "over-allowance"
  | "below-minimum"
  | "not-covered"
  | "count-exceeded"
  | "ratio-exceeded"
  | "share-exceeded"
  | "forbidden"
  | "repeat-visit"
  | "document-missing"
  | "not-in-letter"
  | "invoice-missing"
  | "shared-invoice"
  | "split-bill"
  | "fact-missing"
  | "fact-unknown"
  | "not-measurable"
  | "over-approved"

/**
 * The Schema of a {@link VerdictCode}.
 *
 * @since 0.1.0
 * @category schemas
 */
export const VerdictCode: Schema.Schema<VerdictCode> = Schema.Literal(
  "within-limit",
  "within-allowance",
  "clear",
  "over-limit",
  "over-allowance",
  "below-minimum",
  "not-covered",
  "count-exceeded",
  "ratio-exceeded",
  "share-exceeded",
  "forbidden",
  "repeat-visit",
  "document-missing",
  "not-in-letter",
  "invoice-missing",
  "shared-invoice",
  "split-bill",
  "fact-missing",
  "fact-unknown",
  "not-measurable",
  "over-approved"
)

/**
 * A measured value or a limit: an amount of money, or a count of something (hosts, meals, days).
 *
 * @since 0.1.0
 * @category models
 */
export type Quantity =
  | { readonly _tag: "Amount"; readonly money: Money.Money }
  | { readonly _tag: "Count"; readonly value: number; readonly unit: string }

/**
 * The Schema of a {@link Quantity}.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Quantity = Schema.Union(
  Schema.TaggedStruct("Amount", { money: Money.Money }),
  Schema.TaggedStruct("Count", { value: Schema.Int, unit: Schema.String })
).annotations({ identifier: "Quantity" })

/**
 * One graded finding of a check. `ruleId` names the rule (or `allowance:<category>` for a category's
 * allowance, `facts:<fact>` for a missing fact); `subject` names what was measured (a meal occasion, a
 * lodging line, a guest, a category).
 *
 * @since 0.1.0
 * @category models
 */
export interface Verdict {
  readonly severity: Severity
  readonly code: VerdictCode
  readonly ruleId: string
  readonly ruleKind: string
  readonly ruleSetId: string
  readonly ruleSetVersion: string
  readonly category?: Expense.ExpenseCategory
  readonly subject: string
  readonly measured: Quantity
  readonly limit: Quantity
  readonly derivation: string
  readonly message: string
}

/**
 * The Schema of a {@link Verdict}.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Verdict = Schema.Struct({
  severity: Severity,
  code: VerdictCode,
  ruleId: Schema.String,
  ruleKind: Schema.String,
  ruleSetId: Schema.String,
  ruleSetVersion: Schema.String,
  category: optional(Expense.ExpenseCategory),
  subject: Schema.String,
  measured: Quantity,
  limit: Quantity,
  derivation: Schema.String,
  message: Schema.String
}).annotations({ identifier: "Verdict" })

/**
 * The worst grade among verdicts (`ok` for none).
 *
 * @since 0.1.0
 * @category utils
 */
export const worst = (verdicts: ReadonlyArray<{ readonly severity: Severity }>): Severity => {
  let out: Severity = "ok"
  for (const v of verdicts) {
    if (v.severity === "block") return "block"
    if (v.severity === "warning") out = "warning"
  }
  return out
}

// ---------------------------------------------------------------------------------------------------
// rules
// ---------------------------------------------------------------------------------------------------

const RuleId = Schema.NonEmptyTrimmedString.pipe(Schema.maxLength(120)).annotations({
  arbitrary: () => (fc) => fc.stringMatching(/^[a-z]{1,8}(\.[a-z]{1,8}){0,2}$/)
})

/**
 * When a rule applies: to listed visitor levels, client tiers and reception types (all that are given
 * must match; a rule without `when` always applies).
 *
 * @since 0.1.0
 * @category schemas
 */
export const Selector = Schema.Struct({
  levels: optional(Schema.NonEmptyArray(ReceptionGrade.GradeId)),
  tiers: optional(Schema.NonEmptyArray(ClientTier.TierId)),
  receptionTypes: optional(Schema.NonEmptyArray(ReceptionGrade.GradeId))
}).annotations({ identifier: "Selector" })

/**
 * @since 0.1.0
 * @category models
 */
export interface Selector extends Schema.Schema.Type<typeof Selector> {}

const common = {
  id: RuleId,
  label: optional(Label.Label),
  when: optional(Selector),
  severity: BreachSeverity
}

/**
 * A cap per head: `amount × heads × units`, heads being the guests or everyone at the table (guests and
 * accompanying hosts), units the visit, its days or its meals. With `per: "meal"` each meal occasion is
 * also checked on its own against `amount × heads`.
 *
 * @since 0.1.0
 * @category rules
 */
export const PerHeadCap = Schema.Struct({
  kind: Schema.Literal("per-head-cap"),
  ...common,
  category: Expense.ExpenseCategory,
  subcategory: optional(Text),
  amount: Money.NonNegativeMoney,
  heads: Schema.Literal("guests", "everyone"),
  per: Schema.Literal("visit", "day", "meal")
}).annotations({ identifier: "PerHeadCap" })

/**
 * A cap on each meal of a kind: `base` for up to `baseHeadcount` guests plus `increment` per guest beyond.
 *
 * @since 0.1.0
 * @category rules
 */
export const PerMealCap = Schema.Struct({
  kind: Schema.Literal("per-meal-cap"),
  ...common,
  meal: Expense.MealKind,
  base: Money.NonNegativeMoney,
  baseHeadcount: Count,
  increment: Money.NonNegativeMoney
}).annotations({ identifier: "PerMealCap" })

/**
 * A cap on a category for the whole visit: `base` for up to `baseHeadcount` guests plus `increment` per
 * guest beyond (sightseeing and entertainment in seed 003).
 *
 * @since 0.1.0
 * @category rules
 */
export const PerVisitCap = Schema.Struct({
  kind: Schema.Literal("per-visit-cap"),
  ...common,
  category: Expense.ExpenseCategory,
  base: Money.NonNegativeMoney,
  baseHeadcount: Count,
  increment: Money.NonNegativeMoney
}).annotations({ identifier: "PerVisitCap" })

/**
 * Lodging per room-night: who pays (a guest-paid level allows no company lodging at all), and the
 * accepted range per room and night. Above `max` is graded `severity`, below `min` `belowSeverity`.
 *
 * @since 0.1.0
 * @category rules
 */
export const PerNightRange = Schema.Struct({
  kind: Schema.Literal("per-night-range"),
  ...common,
  payer: Schema.Literal("company", "guest"),
  min: optional(Money.NonNegativeMoney),
  max: optional(Money.NonNegativeMoney),
  belowSeverity: Schema.optionalWith(BreachSeverity, { default: () => "warning" as const, exact: true })
}).annotations({ identifier: "PerNightRange" })

/**
 * At most `max` occasions of a category (or of one meal) per visit: "one working meal per visit".
 * Measured as the larger of the planned count and the distinct occasions billed.
 *
 * @since 0.1.0
 * @category rules
 */
export const CountPerVisit = Schema.Struct({
  kind: Schema.Literal("count-per-visit"),
  ...common,
  category: Expense.ExpenseCategory,
  meal: optional(Expense.MealKind),
  max: Count
}).annotations({ identifier: "CountPerVisit" })

/**
 * Accompanying hosts (陪同 / 陪餐) to guests as a step function: the first step whose `guestsUpTo` covers
 * the guests gives the maximum; beyond every step, `numerator / denominator` of the guests (rounded down).
 * The official rule: at most 3 when guests ≤ 10, otherwise at most ⅓ of the guests.
 *
 * @since 0.1.0
 * @category rules
 */
export const HostRatio = Schema.Struct({
  kind: Schema.Literal("host-ratio"),
  ...common,
  steps: Schema.Array(Schema.Struct({ guestsUpTo: Count, maxHosts: Count })),
  beyond: Schema.Struct({ numerator: Count, denominator: PositiveCount })
}).annotations({ identifier: "HostRatio" })

/**
 * A share sub-cap: spending on `subcategory` within `category` is at most `numerator / denominator` of the
 * category's allowance (`basis: "allowance"`, the meal standard) or of what the category actually spent.
 *
 * @since 0.1.0
 * @category rules
 */
export const ShareCap = Schema.Struct({
  kind: Schema.Literal("share-cap"),
  ...common,
  category: Expense.ExpenseCategory,
  subcategory: Text,
  numerator: Count,
  denominator: PositiveCount,
  basis: Schema.Literal("allowance", "spent")
}).annotations({ identifier: "ShareCap" })

/**
 * Forbidden items and venues (matched, case-insensitively, inside a line's item, venue and subcategory
 * and in the planned items) and forbidden categories (any spending in them; their allowance is zero).
 *
 * @since 0.1.0
 * @category rules
 */
export const Forbidden = Schema.Struct({
  kind: Schema.Literal("forbidden"),
  ...common,
  terms: Schema.Array(Text),
  categories: Schema.Array(Expense.ExpenseCategory)
}).annotations({ identifier: "Forbidden" })

/**
 * The same guest (same name and organisation) received again within `withinDays` days of a past reception.
 *
 * @since 0.1.0
 * @category rules
 */
export const RepeatVisit = Schema.Struct({
  kind: Schema.Literal("repeat-visit"),
  ...common,
  withinDays: PositiveCount
}).annotations({ identifier: "RepeatVisit" })

/**
 * Documents a reception needs, such as the sending unit's official letter (公函) and the reception list
 * (接待清单).
 *
 * @since 0.1.0
 * @category rules
 */
export const RequiredDocuments = Schema.Struct({
  kind: Schema.Literal("required-documents"),
  ...common,
  documents: Schema.NonEmptyArray(Text)
}).annotations({ identifier: "RequiredDocuments" })

/**
 * The visit list against the sending unit's official letter (公函, the facts' `letter`): no reception
 * without the letter (graded `severity`), and each named guest the letter does not name, or more guests
 * than it names, graded `unlistedSeverity`. A letter only listed among the documents (`official-letter`),
 * without its guests, cannot be matched: a warning, `not-measurable`.
 *
 * @since 0.1.0
 * @category rules
 */
export const LetterMatch = Schema.Struct({
  kind: Schema.Literal("letter-match"),
  ...common,
  unlistedSeverity: Schema.optionalWith(BreachSeverity, { default: () => "block" as const, exact: true })
}).annotations({ identifier: "LetterMatch" })

/**
 * What a reimbursement (报销) needs: an invoice (发票) on every expense line (`invoices`), the sending
 * unit's letter (`letter`: the facts' `letter`, or `official-letter` among the documents), and the listed
 * documents (the reception list 接待清单). Checked on expenses only: a proposal has no invoices yet.
 *
 * @since 0.1.0
 * @category rules
 */
export const ReimbursementDocuments = Schema.Struct({
  kind: Schema.Literal("reimbursement-documents"),
  ...common,
  invoices: Schema.Boolean,
  letter: Schema.Boolean,
  documents: Schema.Array(Text)
}).annotations({ identifier: "ReimbursementDocuments" })

/**
 * One meal, one bill: each meal (its `meal` and `date`) billed on its own invoice. An invoice
 * that covers two meals (`shared-invoice`) or a meal billed on several invoices (`split-bill`) is graded
 * `severity`; a meals line with an invoice but no `meal` cannot be matched (a warning). Lines without an
 * invoice are the `reimbursement-documents` rule's concern. Checked on expenses only.
 *
 * @since 0.1.0
 * @category rules
 */
export const OneBillPerMeal = Schema.Struct({
  kind: Schema.Literal("one-bill-per-meal"),
  ...common
}).annotations({ identifier: "OneBillPerMeal" })

/**
 * The Schema of a rule: one of the rule kinds, told apart by `kind`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Rule = Schema.Union(
  PerHeadCap,
  PerMealCap,
  PerVisitCap,
  PerNightRange,
  CountPerVisit,
  HostRatio,
  ShareCap,
  Forbidden,
  RepeatVisit,
  RequiredDocuments,
  LetterMatch,
  ReimbursementDocuments,
  OneBillPerMeal
).annotations({ identifier: "Rule" })

/**
 * A rule of a rule set.
 *
 * @since 0.1.0
 * @category models
 */
export type Rule = Schema.Schema.Type<typeof Rule>

/**
 * A rule as JSON writes it.
 *
 * @since 0.1.0
 * @category models
 */
export type RuleEncoded = Schema.Schema.Encoded<typeof Rule>

const RuleSetFields = Schema.Struct({
  id: Text,
  version: Text,
  currency: Money.Currency,
  label: Label.Label,
  source: optional(Schema.NonEmptyTrimmedString),
  rules: Schema.Array(Rule)
})

type Issue = { readonly path: ReadonlyArray<PropertyKey>; readonly message: string }

const amountsOf = (rule: Rule): ReadonlyArray<readonly [string, Money.Money]> => {
  switch (rule.kind) {
    case "per-head-cap":
      return [["amount", rule.amount]]
    case "per-meal-cap":
    case "per-visit-cap":
      return [
        ["base", rule.base],
        ["increment", rule.increment]
      ]
    case "per-night-range":
      return [
        ...(rule.min === undefined ? [] : [["min", rule.min] as const]),
        ...(rule.max === undefined ? [] : [["max", rule.max] as const])
      ]
    default:
      return []
  }
}

const ruleSetIssues = (set: Schema.Schema.Type<typeof RuleSetFields>): ReadonlyArray<Issue> => {
  const issues: Array<Issue> = []
  const seen = new Set<string>()
  set.rules.forEach((rule, i) => {
    if (seen.has(rule.id))
      issues.push({ path: ["rules", i, "id"], message: `rule id ${JSON.stringify(rule.id)} is used twice` })
    seen.add(rule.id)
    for (const [field, money] of amountsOf(rule)) {
      if (money.currency !== set.currency) {
        issues.push({
          path: ["rules", i, field, "currency"],
          message: `the rule set is in ${set.currency}; a rule amount in ${money.currency} is never converted implicitly`
        })
      }
    }
    if (
      rule.kind === "per-night-range" &&
      rule.min !== undefined &&
      rule.max !== undefined &&
      rule.min.minor > rule.max.minor
    ) {
      issues.push({ path: ["rules", i, "min"], message: "the minimum room rate is above the maximum" })
    }
  })
  return issues
}

const repairedRuleSet = (set: Schema.Schema.Type<typeof RuleSetFields>): Schema.Schema.Type<typeof RuleSetFields> => ({
  ...set,
  rules: set.rules.map((rule, i): Rule => {
    const id = `${rule.id}#${i}`
    if (
      rule.kind === "per-night-range" &&
      rule.min !== undefined &&
      rule.max !== undefined &&
      rule.min.minor > rule.max.minor
    ) {
      return { ...rule, id, min: rule.max, max: rule.min }
    }
    return { ...rule, id }
  })
})

/**
 * The Schema of a rule set: id, version, currency, label, source, and rules whose ids are unique and whose
 * amounts are all in the set's currency.
 *
 * @since 0.1.0
 * @category schemas
 */
export const RuleSet = RuleSetFields.pipe(
  Schema.filter(
    (set) => {
      const issues = ruleSetIssues(set)
      return issues.length === 0 ? true : issues
    },
    {
      arbitrary: () => () =>
        Arbitrary.make(RuleSetFields)
          .map(repairedRuleSet)
          .filter((s) => ruleSetIssues(s).length === 0)
    }
  )
).annotations({ identifier: "RuleSet" })

/**
 * A versioned rule set in one currency (经费标准).
 *
 * @since 0.1.0
 * @category models
 */
export interface RuleSet extends Schema.Schema.Type<typeof RuleSet> {}

/**
 * A rule set as JSON writes it.
 *
 * @since 0.1.0
 * @category models
 */
export type RuleSetEncoded = Schema.Schema.Encoded<typeof RuleSet>

/**
 * Decodes a rule set (for a host app's own policy file), reporting every problem with its path.
 *
 * @since 0.1.0
 * @category decoding
 */
export const decodeRuleSet: (input: unknown) => Either.Either<RuleSet, DecodeProblem.InvalidInput> =
  DecodeProblem.decoder("rule set", RuleSet)

/**
 * Checks a rule set built in code (ids unique, one currency) before use.
 *
 * @since 0.1.0
 * @category constructors
 */
export const makeRuleSet = (set: RuleSet): Either.Either<RuleSet, DecodeProblem.InvalidInput> => {
  const result = Schema.validateEither(RuleSet, { errors: "all" })(set)
  return Either.mapLeft(result, (error) => DecodeProblem.fromParseError("rule set", RuleSet, error))
}

// ---------------------------------------------------------------------------------------------------
// facts
// ---------------------------------------------------------------------------------------------------

/**
 * A named guest, to recognise the same guest again (同一客人).
 *
 * @since 0.1.0
 * @category schemas
 */
export const Visitor = Schema.Struct({ organisation: Text, name: personal(Text, "name") }).annotations({
  identifier: "Visitor"
})

/**
 * @since 0.1.0
 * @category models
 */
export interface Visitor extends Schema.Schema.Type<typeof Visitor> {}

/**
 * A past reception of a guest (from the reception ledger 台帐).
 *
 * @since 0.1.0
 * @category schemas
 */
export const PastReception = Schema.Struct({
  organisation: Text,
  name: personal(Text, "name"),
  date: LocalDate.LocalDate
}).annotations({
  identifier: "PastReception"
})

/**
 * @since 0.1.0
 * @category models
 */
export interface PastReception extends Schema.Schema.Type<typeof PastReception> {}

/**
 * An engagement's facts, as the policy sees them: guests and accompanying hosts, days, planned meals,
 * nights and rooms, outings; the level, tier and reception type; the visit date, named visitors and
 * their past receptions; documents at hand, and the sending unit's letter (公函) with the guests it
 * names; planned items (such as cigarettes). Counts default to 0, days to 1.
 *
 * @since 0.1.0
 * @category schemas
 */
export const EngagementFacts = Schema.Struct({
  guests: Count,
  hosts: Schema.optionalWith(Count, { default: () => 0, exact: true }),
  days: Schema.optionalWith(PositiveCount, { default: () => 1, exact: true }),
  breakfasts: Schema.optionalWith(Count, { default: () => 0, exact: true }),
  lunches: Schema.optionalWith(Count, { default: () => 0, exact: true }),
  dinners: Schema.optionalWith(Count, { default: () => 0, exact: true }),
  nights: Schema.optionalWith(Count, { default: () => 0, exact: true }),
  rooms: Schema.optionalWith(Count, { default: () => 0, exact: true }),
  entertainments: Schema.optionalWith(Count, { default: () => 0, exact: true }),
  level: optional(ReceptionGrade.GradeId),
  tier: optional(ClientTier.TierId),
  receptionType: optional(ReceptionGrade.GradeId),
  visitDate: optional(LocalDate.LocalDate),
  visitors: Schema.optionalWith(Schema.Array(Visitor), { default: () => [], exact: true }),
  history: Schema.optionalWith(Schema.Array(PastReception), { default: () => [], exact: true }),
  documents: Schema.optionalWith(Schema.Array(Text), { default: () => [], exact: true }),
  letter: optional(OfficialLetter.OfficialLetter),
  plannedItems: Schema.optionalWith(Schema.Array(Text), { default: () => [], exact: true })
}).annotations({ identifier: "EngagementFacts" })

/**
 * @since 0.1.0
 * @category models
 */
export interface EngagementFacts extends Schema.Schema.Type<typeof EngagementFacts> {}

/**
 * Facts from the fields that matter, with the defaults for the rest: `facts({ guests: 5, dinners: 1, level: "ordinary" })`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const facts = (input: Schema.Struct.Constructor<typeof EngagementFacts.fields>): EngagementFacts =>
  EngagementFacts.make(input)

// ---------------------------------------------------------------------------------------------------
// allowance and report
// ---------------------------------------------------------------------------------------------------

/**
 * What a category may spend: the limit (the least of every cap on it), the hard limit (the least of the
 * blocking caps, when it differs), how it was derived, and the rules it came from.
 *
 * @since 0.1.0
 * @category schemas
 */
export const AllowanceLine = Schema.Struct({
  category: Expense.ExpenseCategory,
  limit: Money.Money,
  hardLimit: optional(Money.Money),
  derivation: Schema.String,
  ruleIds: Schema.Array(Schema.String)
}).annotations({ identifier: "AllowanceLine" })

/**
 * @since 0.1.0
 * @category models
 */
export interface AllowanceLine extends Schema.Schema.Type<typeof AllowanceLine> {}

/**
 * The allowance of an engagement: per capped category, the total of those, and the categories no rule caps.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Allowance = Schema.Struct({
  currency: Money.Currency,
  byCategory: Schema.Array(AllowanceLine),
  total: Money.Money,
  uncapped: Schema.Array(Expense.ExpenseCategory)
}).annotations({ identifier: "Allowance" })

/**
 * @since 0.1.0
 * @category models
 */
export interface Allowance extends Schema.Schema.Type<typeof Allowance> {}

/**
 * The result of a check: the rule set it used, the allowance, what was spent (or proposed), every
 * verdict in a fixed order, and the worst grade.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Report = Schema.Struct({
  ruleSetId: Schema.String,
  ruleSetVersion: Schema.String,
  currency: Money.Currency,
  allowance: Allowance,
  spent: Expense.Totals,
  verdicts: Schema.Array(Verdict),
  outcome: Severity
}).annotations({ identifier: "Report" })

/**
 * @since 0.1.0
 * @category models
 */
export interface Report extends Schema.Schema.Type<typeof Report> {}

const PreparedTypeId: unique symbol = Symbol.for("@liaison/core/BudgetPolicy/Prepared")

/**
 * A rule set prepared for many checks: what depends only on the rule set and an engagement's level,
 * tier and reception type (the rules that apply, the rules capping each category, the verdicts about
 * those facts) is worked out once per combination met, and reused. Pass it wherever a rule set goes
 * in {@link check}, {@link allowance} and {@link checkApplication}; the results are the same.
 *
 * @since 0.1.0
 * @category models
 */
export interface Prepared {
  /** @internal marks a prepared value */
  readonly [PreparedTypeId]: typeof PreparedTypeId
  readonly ruleSet: RuleSet
  /** @internal */
  readonly plans: Plans
}

/**
 * Prepares a rule set for many checks (a batch re-check, a service checking every engagement against
 * the policy in force). The rule set is taken as it is: validate one built in code with
 * {@link makeRuleSet} first.
 *
 * @since 0.1.0
 * @category checks
 */
export const prepare = (ruleSet: RuleSet): Prepared => ({
  [PreparedTypeId]: PreparedTypeId,
  ruleSet,
  plans: { ruleSet, cache: new Map() }
})

const isPrepared = (u: RuleSet | Prepared): u is Prepared => PreparedTypeId in u

/**
 * The rule set of a rule set or of a prepared one.
 *
 * @since 0.1.0
 * @category checks
 */
export const ruleSetOf = (ruleSet: RuleSet | Prepared): RuleSet => (isPrepared(ruleSet) ? ruleSet.ruleSet : ruleSet)

/**
 * The allowance of an engagement under a rule set: per category, the least of the caps that apply
 * (per-meal caps of different meals add up), and the total. Never decreases as guests are added.
 *
 * @since 0.1.0
 * @category checks
 */
export const allowance = (ruleSet: RuleSet | Prepared, facts: EngagementFacts): Allowance =>
  isPrepared(ruleSet)
    ? evaluateAllowance(ruleSet.ruleSet, facts, cachedPlan(ruleSet.plans, facts)).allowance
    : evaluateAllowance(ruleSet, facts, planOf(ruleSet, facts, false)).allowance

/**
 * What the lines of a check are: a proposed budget (`proposal`, the default) or the actual expenses
 * (`expenses`, at settlement and reimbursement). Rules about bills (`reimbursement-documents`,
 * `one-bill-per-meal`) are checked on expenses only: a proposal has no invoices yet.
 *
 * @since 0.1.0
 * @category models
 */
export type Stage = "proposal" | "expenses"

/**
 * Checks lines (a proposed budget or, with `stage: "expenses"`, the actual expenses) against a rule set
 * (or a {@link prepare}d one) for an engagement. Lines in another currency than the rule set's are a
 * {@link Money.CurrencyMismatch}, never converted. The verdicts do not depend on the order of the lines.
 *
 * @since 0.1.0
 * @category checks
 */
export const check = (
  ruleSet: RuleSet | Prepared,
  facts: EngagementFacts,
  lines: ReadonlyArray<Expense.ExpenseLine>,
  options?: { readonly stage?: Stage }
): Either.Either<Report, Money.CurrencyMismatch> =>
  isPrepared(ruleSet)
    ? evaluate(ruleSet.ruleSet, facts, lines, options?.stage ?? "proposal", ruleSet.plans)
    : evaluate(ruleSet, facts, lines, options?.stage ?? "proposal")

// ---------------------------------------------------------------------------------------------------
// applications
// ---------------------------------------------------------------------------------------------------

/**
 * An application's facts: its headcount, support staff as accompanying hosts, days from the visit to
 * the departure date, the booked lunch, dinner, hotel (rooms: the given count, else the room numbers,
 * else 1; nights: the given count, else the days less one, at least 1) and outing, its tier, level and
 * reception type, named guests, documents, the sending unit's letter, and past receptions from the ledger.
 *
 * @since 0.1.0
 * @category applications
 */
export const factsOfApplication = (
  application: ReceptionApplication.ReceptionApplication,
  history: ReadonlyArray<PastReception> = []
): EngagementFacts => {
  const days =
    application.departureDate === undefined
      ? 1
      : LocalDate.daysBetween(application.visitDate, application.departureDate) + 1
  const hotel = application.hotel
  return EngagementFacts.make({
    guests: ReceptionApplication.headcount(application),
    hosts: application.supportStaff.length,
    days,
    lunches: application.lunch === undefined ? 0 : 1,
    dinners: application.dinner === undefined ? 0 : 1,
    nights: hotel === undefined ? 0 : (hotel.nights ?? Math.max(1, days - 1)),
    rooms: hotel === undefined ? 0 : (hotel.rooms ?? Math.max(1, hotel.roomNumbers.length)),
    entertainments: application.entertainment === undefined ? 0 : 1,
    ...(application.visitorLevel === undefined ? {} : { level: application.visitorLevel }),
    ...(application.clientTier === undefined ? {} : { tier: application.clientTier }),
    receptionType: application.partTwo.receptionType,
    visitDate: application.visitDate,
    visitors: application.guests.map((g) => ({ organisation: application.guestOrganisation, name: g.name })),
    history,
    documents: application.documents,
    ...(application.letter === undefined ? {} : { letter: application.letter })
  })
}

/**
 * The budget lines an application proposes: the hotel (lodging), lunch and dinner (meals, on the visit
 * date) and the outing (entertainment), each with its item budget.
 *
 * @since 0.1.0
 * @category applications
 */
export const linesOfApplication = (
  application: ReceptionApplication.ReceptionApplication
): ReadonlyArray<Expense.ExpenseLine> => {
  const lines: Array<Expense.ExpenseLine> = []
  const date = application.visitDate
  const hotel = application.hotel
  if (hotel !== undefined) {
    lines.push({
      id: "hotel",
      category: "lodging",
      date,
      item: hotel.hotel,
      venue: hotel.hotel,
      amount: hotel.budget,
      ...(hotel.nights === undefined ? {} : { nights: hotel.nights }),
      ...(hotel.rooms === undefined ? {} : { rooms: hotel.rooms })
    })
  }
  if (application.lunch !== undefined) {
    lines.push({
      id: "lunch",
      category: "meals",
      meal: "lunch",
      date,
      venue: application.lunch.place,
      amount: application.lunch.budget
    })
  }
  if (application.dinner !== undefined) {
    lines.push({
      id: "dinner",
      category: "meals",
      meal: "dinner",
      date,
      venue: application.dinner.place,
      amount: application.dinner.budget
    })
  }
  if (application.entertainment !== undefined) {
    lines.push({
      id: "entertainment",
      category: "entertainment",
      date,
      venue: application.entertainment.place,
      amount: application.entertainment.budget
    })
  }
  return lines
}

/**
 * The check of an application: its facts, its proposed budget's report (with a warning when the
 * application's total budget is above the total allowance and every proposed category is capped), and,
 * when expenses are given, their report.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ApplicationCheck = Schema.Struct({
  facts: EngagementFacts,
  proposal: Report,
  expenses: optional(Report)
}).annotations({ identifier: "ApplicationCheck" })

/**
 * @since 0.1.0
 * @category models
 */
export interface ApplicationCheck extends Schema.Schema.Type<typeof ApplicationCheck> {}

/**
 * Checks an application against a rule set: the entry point of `liaison budget check`. The proposal is
 * the application's item budgets ({@link linesOfApplication}); `expenses` are checked as well when given,
 * as expenses (`stage: "expenses"`: invoices and bills count).
 *
 * @since 0.1.0
 * @category applications
 */
export const checkApplication = (
  rules: RuleSet | Prepared,
  application: ReceptionApplication.ReceptionApplication,
  options: {
    readonly expenses?: ReadonlyArray<Expense.ExpenseLine>
    readonly history?: ReadonlyArray<PastReception>
  } = {}
): Either.Either<ApplicationCheck, Money.CurrencyMismatch> => {
  const ruleSet = ruleSetOf(rules)
  if (application.budget.currency !== ruleSet.currency) {
    return Either.left(
      new Money.CurrencyMismatch({ expected: ruleSet.currency, found: application.budget.currency, where: "budget" })
    )
  }
  const engagement = factsOfApplication(application, options.history ?? [])
  return Either.gen(function* () {
    const proposal = yield* check(rules, engagement, linesOfApplication(application))
    const expenses =
      options.expenses === undefined
        ? undefined
        : yield* check(rules, engagement, options.expenses, { stage: "expenses" })
    const total = proposal.allowance.total
    const capped = new Set(proposal.allowance.byCategory.map((a) => a.category))
    const allCapped = proposal.spent.byCategory.every((c) => capped.has(c.category))
    const budgetVerdict: Verdict | undefined =
      allCapped && proposal.spent.byCategory.length > 0 && application.budget.minor > total.minor
        ? {
            severity: "warning",
            code: "over-allowance",
            ruleId: "allowance:total",
            ruleKind: "allowance",
            ruleSetId: ruleSet.id,
            ruleSetVersion: ruleSet.version,
            subject: "budget",
            measured: { _tag: "Amount", money: application.budget },
            limit: { _tag: "Amount", money: total },
            derivation: `the sum of the category allowances: ${proposal.allowance.byCategory.map((a) => `${a.category} ${Money.format(a.limit)}`).join(" + ")}`,
            message: `the requested budget of ${Money.format(application.budget)} is above the total allowance of ${Money.format(total)}`
          }
        : undefined
    const verdicts = budgetVerdict === undefined ? proposal.verdicts : [budgetVerdict, ...proposal.verdicts]
    const withBudget: Report = { ...proposal, verdicts, outcome: worst(verdicts) }
    return expenses === undefined
      ? { facts: engagement, proposal: withBudget }
      : { facts: engagement, proposal: withBudget, expenses }
  })
}

// ---------------------------------------------------------------------------------------------------
// ready-made rule sets
// ---------------------------------------------------------------------------------------------------

/**
 * Derives rules from a grade table: per reception type, a per-head meal cap (a recommendation, graded
 * warning); per visitor level, its per-meal and per-visit caps (block), its lodging rule (who pays, the
 * room-rate range; below the range is a warning) and what it does not offer (warning).
 *
 * @since 0.1.0
 * @category rule sets
 */
export const rulesOfGrades = (grades: ReceptionGrade.Grades): ReadonlyArray<Rule> => {
  const rules: Array<Rule> = []
  for (const type of grades.receptionTypes) {
    rules.push({
      kind: "per-head-cap",
      id: `type.${type.id}.meals`,
      label: Label.make(
        `${type.label["zh-CN"]}：荐${Money.formatAmount(type.perHead)}/人`,
        `${type.label.en}: ${Money.format(type.perHead)} recommended per head`
      ),
      when: { receptionTypes: [type.id] },
      severity: "warning",
      category: "meals",
      amount: type.perHead,
      heads: "everyone",
      per: "meal"
    })
  }
  for (const level of grades.levels) {
    const when = { levels: [level.id] as const }
    for (const cap of level.caps) {
      if (cap.meal !== undefined && cap.category === "meals") {
        rules.push({
          kind: "per-meal-cap",
          id: `level.${level.id}.${cap.meal}`,
          label: Label.make(
            `${level.label["zh-CN"]}${cap.meal === "lunch" ? "午餐" : cap.meal === "dinner" ? "晚餐" : "早餐"}`,
            `${level.label.en} ${cap.meal}`
          ),
          when,
          severity: "block",
          meal: cap.meal,
          base: cap.base,
          baseHeadcount: level.baseHeadcount,
          increment: cap.increment
        })
      } else {
        rules.push({
          kind: "per-visit-cap",
          id: `level.${level.id}.${cap.category}`,
          label: Label.make(
            `${level.label["zh-CN"]}${Expense.categoryLabels[cap.category]["zh-CN"]}`,
            `${level.label.en} ${Expense.categoryLabels[cap.category].en.toLowerCase()}`
          ),
          when,
          severity: "block",
          category: cap.category,
          base: cap.base,
          baseHeadcount: level.baseHeadcount,
          increment: cap.increment
        })
      }
    }
    const range = level.lodging.ratePerRoomNight
    rules.push({
      kind: "per-night-range",
      id: `level.${level.id}.lodging`,
      label:
        level.lodging.payer === "guest"
          ? Label.make(`${level.label["zh-CN"]}：公司不负担住宿费用`, `${level.label.en}: the guests pay their lodging`)
          : Label.make(`${level.label["zh-CN"]}：公司负担住宿`, `${level.label.en}: the company pays lodging`),
      when,
      severity: "block",
      payer: level.lodging.payer,
      ...(range === undefined ? {} : { min: range.min, max: range.max }),
      belowSeverity: "warning"
    })
    if (level.notOffered.length > 0) {
      rules.push({
        kind: "forbidden",
        id: `level.${level.id}.not-offered`,
        label: Label.make(
          `${level.label["zh-CN"]}不安排的项目`,
          `not offered at the ${level.label.en.toLowerCase()} level`
        ),
        when,
        severity: "warning",
        terms: [],
        categories: level.notOffered
      })
    }
  }
  return rules
}

/**
 * The seeds' rule set: the per-head reception types of seed 001 (simple 50, business 80, premium 150 CNY a
 * head per meal, recommended: a warning) and the visitor levels of seed 003 (caps per meal and per visit
 * for 2 guests plus increments, lodging, what is not offered: blocks, except below-range room rates and
 * items not offered, which warn). A cap written "控制在300元以下" allows 300 itself (以下 includes the number).
 *
 * @since 0.1.0
 * @category rule sets
 */
export const seedRuleSet: RuleSet = {
  id: "liaison.seed",
  version: "seed-1",
  currency: Money.CNY,
  label: Label.make("客户接待标准（种子文件 001、003）", "Client reception standards (seeds 001 and 003)"),
  source: "seed 001 客户接待流程及标准 (2016), 附件一 接待申请单（二）; seed 003 客户接待流程及注意事项3, 确定接待级别",
  rules: rulesOfGrades(ReceptionGrade.seed)
}

/**
 * A rank of official guests and its working-meal standard per head per meal (工作餐标准).
 *
 * @since 0.1.0
 * @category rule sets
 */
export interface OfficialRank {
  readonly level: string
  readonly label: Label.Label
  readonly perHeadPerMeal: Money.Money
}

/**
 * The Chinese official-reception rules (党政机关国内公务接待) as a rule set, with the meal standards of the
 * host's locality: no reception without the sending unit's official letter (公函), and the visit list
 * matching it; a reception list (接待清单) for every reception; one working meal per visit; accompanying
 * hosts ≤ 3 when guests ≤ 10, otherwise ≤ ⅓ of the guests; a meal standard per head by the guest's rank;
 * drinks ≤ ⅓ of the meal standard; no cigarettes, premium liquor, shark fin, bird's nest, wild animals or
 * private clubs, and no sightseeing, entertainment or gifts; the same guest again within 15 days blocked,
 * within 30 days warned; reimbursement with an invoice for every line, the letter and the reception list;
 * one meal, one bill. Every breach blocks, except the repeat visit within 30 days.
 *
 * @since 0.1.0
 * @category rule sets
 */
export const official = (options: {
  readonly version: string
  readonly ranks: ReadonlyArray<OfficialRank>
}): RuleSet => ({
  id: "cn.official-reception",
  version: options.version,
  currency: Money.CNY,
  label: Label.make("国内公务接待规定", "Chinese official-reception rules"),
  source: "党政机关国内公务接待管理规定 and local implementing rules; see ANCHORS.md (Hospitality policy)",
  rules: [
    {
      kind: "letter-match",
      id: "official.letter",
      label: Label.make(
        "无公函不接待；接待对象与公函所列人员一致",
        "no reception without the sending unit's letter; the guests are those it names"
      ),
      severity: "block",
      unlistedSeverity: "block"
    },
    {
      kind: "required-documents",
      id: "official.documents",
      label: Label.make("每次接待填写接待清单", "a reception list for each reception"),
      severity: "block",
      documents: ["reception-list"]
    },
    {
      kind: "count-per-visit",
      id: "official.working-meal",
      label: Label.make("安排工作餐一次", "one working meal per visit"),
      severity: "block",
      category: "meals",
      max: 1
    },
    {
      kind: "host-ratio",
      id: "official.hosts",
      label: Label.make(
        "接待对象10人以内的陪餐人数不得超过3人；超过10人的，不得超过接待对象人数的三分之一",
        "hosts ≤ 3 for up to 10 guests, else ≤ ⅓ of the guests"
      ),
      severity: "block",
      steps: [{ guestsUpTo: 10, maxHosts: 3 }],
      beyond: { numerator: 1, denominator: 3 }
    },
    ...options.ranks.map(
      (rank): Rule => ({
        kind: "per-head-cap",
        id: `official.meal.${rank.level}`,
        label: Label.make(`${rank.label["zh-CN"]}工作餐标准`, `${rank.label.en}: working-meal standard`),
        when: { levels: [rank.level] },
        severity: "block",
        category: "meals",
        amount: rank.perHeadPerMeal,
        heads: "everyone",
        per: "meal"
      })
    ),
    {
      kind: "share-cap",
      id: "official.drinks",
      label: Label.make("酒水不超过用餐标准的三分之一", "drinks ≤ ⅓ of the meal standard"),
      severity: "block",
      category: "meals",
      subcategory: "drinks",
      numerator: 1,
      denominator: 3,
      basis: "allowance"
    },
    {
      kind: "forbidden",
      id: "official.forbidden",
      label: Label.make(
        "不得提供香烟、高档酒水及鱼翅燕窝等，不得安排娱乐、旅游、赠送礼品",
        "no cigarettes, premium liquor, delicacies; no entertainment, sightseeing or gifts"
      ),
      severity: "block",
      terms: [
        "香烟",
        "cigarette",
        "高档酒",
        "premium liquor",
        "鱼翅",
        "shark fin",
        "燕窝",
        "bird's nest",
        "野生动物",
        "wild animal",
        "私人会所",
        "private club"
      ],
      categories: ["entertainment", "gifts"]
    },
    {
      kind: "repeat-visit",
      id: "official.repeat.15",
      label: Label.make("同一接待对象15天内重复接待", "the same guest again within 15 days"),
      severity: "block",
      withinDays: 15
    },
    {
      kind: "repeat-visit",
      id: "official.repeat.30",
      label: Label.make("同一接待对象30天内重复接待", "the same guest again within 30 days"),
      severity: "warning",
      withinDays: 30
    },
    {
      kind: "reimbursement-documents",
      id: "official.reimbursement",
      label: Label.make(
        "接待费报销凭证包括财务票据、派出单位公函和接待清单",
        "reimbursement needs the invoices, the official letter and the reception list"
      ),
      severity: "block",
      invoices: true,
      letter: true,
      documents: ["reception-list"]
    },
    {
      kind: "one-bill-per-meal",
      id: "official.one-bill",
      label: Label.make("每餐单独结算、单独开具发票", "one meal, one bill"),
      severity: "block"
    }
  ]
})

/**
 * An example of {@link official} with illustrative meal standards (provincial / ministerial 150, bureau
 * 120, other 100 CNY a head per meal). The amounts are placeholders, not a regulation: each locality
 * sets its own, so a host app passes them to {@link official}.
 *
 * @since 0.1.0
 * @category rule sets
 */
export const officialExample: RuleSet = official({
  version: "example-2",
  ranks: [
    {
      level: "official.provincial",
      label: Label.make("省部级", "Provincial or ministerial"),
      perHeadPerMeal: Money.yuan(150)
    },
    { level: "official.bureau", label: Label.make("厅局级", "Bureau"), perHeadPerMeal: Money.yuan(120) },
    { level: "official.other", label: Label.make("处级及以下", "Division and below"), perHeadPerMeal: Money.yuan(100) }
  ]
})
