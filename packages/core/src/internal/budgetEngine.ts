/**
 * The evaluation of a rule set: plain loops over plain data, no Effect, no closures made per call
 * except the explanations. Explanations (`derivation`, `message`) are written when read, so a check
 * that is only graded (a benchmark, a batch re-check) does not pay for prose it never shows.
 */
import * as Either from "effect/Either"
import type {
  Allowance,
  AllowanceLine,
  EngagementFacts,
  Quantity,
  Report,
  Rule,
  RuleSet,
  Selector,
  Severity,
  Stage,
  Verdict,
  VerdictCode
} from "../BudgetPolicy.js"
import * as Expense from "../Expense.js"
import * as LocalDate from "../LocalDate.js"
import * as Money from "../Money.js"
import * as OfficialLetter from "../OfficialLetter.js"
import { scaledCap } from "./scaledCap.js"

type Category = Expense.ExpenseCategory
type MealKind = Expense.MealKind
type Breach = "warning" | "block"

const CATEGORIES: ReadonlyArray<Category> = Expense.categories
const indexOf = (category: Category): number => {
  switch (category) {
    case "work":
      return 0
    case "lodging":
      return 1
    case "meals":
      return 2
    case "labour":
      return 3
    case "transport":
      return 4
    case "entertainment":
      return 5
    case "gifts":
      return 6
    case "publicity":
      return 7
    case "other":
      return 8
  }
}

// ---------------------------------------------------------------------------------------------------
// explained values
// ---------------------------------------------------------------------------------------------------

class ExplainedVerdict implements Verdict {
  readonly severity: Severity
  readonly code: VerdictCode
  readonly ruleId: string
  readonly ruleKind: string
  readonly ruleSetId: string
  readonly ruleSetVersion: string
  declare readonly category?: Category
  readonly subject: string
  readonly measured: Quantity
  readonly limit: Quantity
  readonly #derive: () => string
  readonly #describe: () => string
  constructor(
    ruleSet: RuleSet,
    rule: { readonly id: string; readonly kind: string },
    severity: Severity,
    code: VerdictCode,
    category: Category | undefined,
    subject: string,
    measured: Quantity,
    limit: Quantity,
    derive: () => string,
    describe: () => string
  ) {
    this.severity = severity
    this.code = code
    this.ruleId = rule.id
    this.ruleKind = rule.kind
    this.ruleSetId = ruleSet.id
    this.ruleSetVersion = ruleSet.version
    if (category !== undefined) (this as { category?: Category }).category = category
    this.subject = subject
    this.measured = measured
    this.limit = limit
    this.#derive = derive
    this.#describe = describe
  }
  get derivation(): string {
    return this.#derive()
  }
  get message(): string {
    return this.#describe()
  }
  toJSON(): Verdict {
    return {
      severity: this.severity,
      code: this.code,
      ruleId: this.ruleId,
      ruleKind: this.ruleKind,
      ruleSetId: this.ruleSetId,
      ruleSetVersion: this.ruleSetVersion,
      ...(this.category === undefined ? {} : { category: this.category }),
      subject: this.subject,
      measured: this.measured,
      limit: this.limit,
      derivation: this.derivation,
      message: this.message
    }
  }
}

class ExplainedAllowanceLine implements AllowanceLine {
  readonly category: Category
  readonly limit: Money.Money
  declare readonly hardLimit?: Money.Money
  readonly ruleIds: ReadonlyArray<string>
  readonly #derive: () => string
  constructor(
    category: Category,
    limit: Money.Money,
    hardLimit: Money.Money | undefined,
    ruleIds: ReadonlyArray<string>,
    derive: () => string
  ) {
    this.category = category
    this.limit = limit
    if (hardLimit !== undefined) (this as { hardLimit?: Money.Money }).hardLimit = hardLimit
    this.ruleIds = ruleIds
    this.#derive = derive
  }
  get derivation(): string {
    return this.#derive()
  }
  toJSON(): AllowanceLine {
    return {
      category: this.category,
      limit: this.limit,
      ...(this.hardLimit === undefined ? {} : { hardLimit: this.hardLimit }),
      derivation: this.derivation,
      ruleIds: this.ruleIds
    }
  }
}

// ---------------------------------------------------------------------------------------------------
// helpers
// ---------------------------------------------------------------------------------------------------

const matches = (when: Selector | undefined, f: EngagementFacts): boolean =>
  when === undefined ||
  ((when.levels === undefined || (f.level !== undefined && when.levels.includes(f.level))) &&
    (when.tiers === undefined || (f.tier !== undefined && when.tiers.includes(f.tier))) &&
    (when.receptionTypes === undefined ||
      (f.receptionType !== undefined && when.receptionTypes.includes(f.receptionType))))

const mealsOf = (f: EngagementFacts, meal: MealKind | undefined): number =>
  meal === undefined
    ? f.breakfasts + f.lunches + f.dinners
    : meal === "breakfast"
      ? f.breakfasts
      : meal === "lunch"
        ? f.lunches
        : f.dinners

const plural = (n: number, word: string): string => (n === 1 ? `1 ${word}` : `${n} ${word}s`)

const fraction = (numerator: number, denominator: number): string =>
  numerator === 1 && denominator === 3
    ? "⅓"
    : numerator === 1 && denominator === 2
      ? "½"
      : `${numerator}/${denominator}`

const fmt = (minor: number, currency: Money.Currency): string => Money.format(Money.make(minor, currency))

const money = (minor: number, currency: Money.Currency): Quantity => ({
  _tag: "Amount",
  money: Money.make(minor, currency)
})

const count = (value: number, unit: string): Quantity => ({ _tag: "Count", value, unit })

const headCount = (heads: "guests" | "everyone", f: EngagementFacts): number =>
  heads === "guests" ? f.guests : f.guests + f.hosts

const headText = (heads: "guests" | "everyone", f: EngagementFacts): string =>
  heads === "guests"
    ? plural(f.guests, "guest")
    : `${f.guests + f.hosts} heads (${plural(f.guests, "guest")} + ${plural(f.hosts, "host")})`

const unitCount = (per: "visit" | "day" | "meal", f: EngagementFacts): number =>
  per === "visit" ? 1 : per === "day" ? f.days : mealsOf(f, undefined)

const unitText = (per: "visit" | "day" | "meal", f: EngagementFacts): string =>
  per === "visit" ? "the visit" : per === "day" ? plural(f.days, "day") : plural(mealsOf(f, undefined), "meal")

const normalise = (s: string): string => s.trim().toLowerCase()

/**
 * Saturates a computed limit at the largest exact amount: products of caps, heads and nights can exceed
 * it only for absurd inputs, and an entered amount (at most \`MAX_MINOR\`, summed over at most 5,000 lines)
 * stays below it, so the verdict is unchanged.
 */
const sat = (minor: number): number => Math.min(minor, Money.MAX_TOTAL)

// ---------------------------------------------------------------------------------------------------
// allowance
// ---------------------------------------------------------------------------------------------------

interface Contribution {
  readonly category: Category
  readonly slot: MealKind | "all"
  readonly minor: number
  readonly rule: Rule & { readonly severity: Breach }
}

/**
 * The categories a rule caps, whatever the facts (a forbidden category once per listing): the allowance
 * of a category is the least of what these rules allow.
 */
const capsOf = (rule: Rule): ReadonlyArray<Category> => {
  switch (rule.kind) {
    case "per-head-cap":
      return rule.subcategory === undefined ? [rule.category] : []
    case "per-meal-cap":
      return MEALS_ONLY
    case "per-visit-cap":
      return [rule.category]
    case "per-night-range":
      return rule.payer === "guest" || rule.max !== undefined ? LODGING_ONLY : []
    case "forbidden":
      return rule.categories
    default:
      return []
  }
}
const MEALS_ONLY: ReadonlyArray<Category> = ["meals"]
const LODGING_ONLY: ReadonlyArray<Category> = ["lodging"]

/** What a rule that caps a category allows there, for the facts (see {@link capsOf}). */
const capMinor = (rule: Rule, f: EngagementFacts): number => {
  switch (rule.kind) {
    case "per-head-cap":
      return sat(rule.amount.minor * headCount(rule.heads, f) * unitCount(rule.per, f))
    case "per-meal-cap": {
      const extra = f.guests > rule.baseHeadcount ? f.guests - rule.baseHeadcount : 0
      return sat((rule.base.minor + extra * rule.increment.minor) * mealsOf(f, rule.meal))
    }
    case "per-visit-cap": {
      const extra = f.guests > rule.baseHeadcount ? f.guests - rule.baseHeadcount : 0
      return sat(rule.base.minor + extra * rule.increment.minor)
    }
    case "per-night-range":
      return rule.payer === "guest" || rule.max === undefined ? 0 : sat(rule.max.minor * f.rooms * f.nights)
    default:
      return 0
  }
}

/** The contributions of the rules capping one category, in order: what its explanation is written from. */
const contributionsIn = (
  category: Category,
  rules: ReadonlyArray<Rule>,
  f: EngagementFacts
): ReadonlyArray<Contribution> =>
  rules.map((rule) => ({
    category,
    slot: rule.kind === "per-meal-cap" ? rule.meal : "all",
    minor: capMinor(rule, f),
    rule: rule as Rule & { readonly severity: Breach }
  }))

const contributionText = (c: Contribution, f: EngagementFacts, currency: Money.Currency): string => {
  const rule = c.rule
  switch (rule.kind) {
    case "per-head-cap":
      return `${Money.formatAmount(rule.amount)} × ${headText(rule.heads, f)} × ${unitText(rule.per, f)} = ${fmt(c.minor, currency)}`
    case "per-meal-cap": {
      const n = mealsOf(f, rule.meal)
      return `${plural(n, rule.meal)} × (${scaledCap(rule.base, rule.baseHeadcount, rule.increment, f.guests).derivation})${n === 1 ? "" : ` = ${fmt(c.minor, currency)}`}`
    }
    case "per-visit-cap":
      return scaledCap(rule.base, rule.baseHeadcount, rule.increment, f.guests).derivation
    case "per-night-range":
      return rule.payer === "guest" || rule.max === undefined
        ? "the guests pay their own lodging"
        : `${Money.formatAmount(rule.max)} per room-night × ${plural(f.rooms, "room")} × ${plural(f.nights, "night")} = ${fmt(c.minor, currency)}`
    default:
      return `no ${c.category} allowed`
  }
}

const mealSlot = (slot: MealKind): number => (slot === "breakfast" ? 0 : slot === "lunch" ? 1 : 2)

/** How the allowance of a category was reached, in words. */
const combineText = (items: ReadonlyArray<Contribution>, f: EngagementFacts, currency: Money.Currency): string => {
  const texts: Array<string> = []
  const perMeal: Array<Contribution | undefined> = [undefined, undefined, undefined]
  for (const c of items) {
    if (c.slot === "all") texts.push(`${contributionText(c, f, currency)} [${c.rule.id}]`)
    else {
      const i = mealSlot(c.slot)
      const seen = perMeal[i]
      if (seen === undefined || c.minor < seen.minor) perMeal[i] = c
    }
  }
  const meals = perMeal.filter((c): c is Contribution => c !== undefined)
  if (meals.length > 0) {
    const parts = meals.map((c) => `${contributionText(c, f, currency)} [${c.rule.id}]`)
    const sum = meals.reduce((n, c) => n + c.minor, 0)
    texts.push(parts.length === 1 ? parts[0]! : `${parts.join(" + ")} = ${fmt(sum, currency)}`)
  }
  return texts.length === 1 ? texts[0]! : `the least of: ${texts.join("; ")}`
}

interface Limits {
  readonly minor: number
  readonly hardMinor: number | undefined
}

/**
 * What a rule set gives for one selector (level, tier and reception type), whatever the counts: the
 * applicable rules, per category index the rules capping it (one entry per contribution) and their ids,
 * the uncapped categories, and the verdicts about missing or unknown selector facts.
 */
export interface Plan {
  readonly applicable: ReadonlyArray<Rule>
  readonly caps: ReadonlyArray<ReadonlyArray<Rule> | undefined>
  readonly ruleIds: ReadonlyArray<ReadonlyArray<string>>
  readonly uncapped: ReadonlyArray<Category>
  readonly facts: ReadonlyArray<Verdict>
}

/** The plan of a rule set for the selector of some facts (without the facts' verdicts when not `withFacts`). */
export const planOf = (ruleSet: RuleSet, f: EngagementFacts, withFacts = true): Plan => {
  const applicable: Array<Rule> = []
  for (const rule of ruleSet.rules) if (matches(rule.when, f)) applicable.push(rule)
  const caps: Array<Array<Rule> | undefined> = [
    undefined,
    undefined,
    undefined,
    undefined,
    undefined,
    undefined,
    undefined,
    undefined,
    undefined
  ]
  for (const rule of applicable) {
    for (const category of capsOf(rule)) {
      const i = indexOf(category)
      const rules = caps[i]
      if (rules === undefined) caps[i] = [rule]
      else rules.push(rule)
    }
  }
  const ruleIds: Array<Array<string>> = []
  const uncapped: Array<Category> = []
  for (let i = 0; i < CATEGORIES.length; i++) {
    const ids: Array<string> = []
    const rules = caps[i]
    if (rules === undefined) uncapped.push(CATEGORIES[i]!)
    else for (const rule of rules) if (!ids.includes(rule.id)) ids.push(rule.id)
    ruleIds.push(ids)
  }
  const facts: Array<Verdict> = []
  if (withFacts) checkFacts({ ruleSet, out: facts }, f)
  return { applicable, caps, ruleIds, uncapped, facts }
}

type PlanCache<A> = Map<string | undefined, A>

/**
 * A rule set with its plans, made once per selector met (a prepared rule set). Plans depend only on
 * the rule set and the selector, so a plan made for one engagement serves every later one.
 */
export interface Plans {
  readonly ruleSet: RuleSet
  readonly cache: PlanCache<PlanCache<PlanCache<Plan>>>
}

/** The plan for the facts' selector, made on first use. */
export const cachedPlan = (plans: Plans, f: EngagementFacts): Plan => {
  let byTier = plans.cache.get(f.level)
  if (byTier === undefined) {
    byTier = new Map()
    plans.cache.set(f.level, byTier)
  }
  let byType = byTier.get(f.tier)
  if (byType === undefined) {
    byType = new Map()
    byTier.set(f.tier, byType)
  }
  let plan = byType.get(f.receptionType)
  if (plan === undefined) {
    plan = planOf(plans.ruleSet, f)
    byType.set(f.receptionType, plan)
  }
  return plan
}

interface AllowanceResult {
  readonly allowance: Allowance
  readonly limits: ReadonlyArray<Limits | undefined>
  readonly applicable: ReadonlyArray<Rule>
}

const INF = Number.POSITIVE_INFINITY

/**
 * The allowance of an engagement, with the numeric limits per category index and the applicable rules:
 * per category the least of its whole-category caps and of the sum of its per-meal caps (each meal its
 * least), over every cap and over the blocking ones (the hard limit).
 */
export const evaluateAllowance = (ruleSet: RuleSet, f: EngagementFacts, plan: Plan): AllowanceResult => {
  const currency = ruleSet.currency
  const byCategory: Array<AllowanceLine> = []
  const limits: Array<Limits | undefined> = []
  let total = 0
  for (let i = 0; i < CATEGORIES.length; i++) {
    const rules = plan.caps[i]
    if (rules === undefined) {
      limits.push(undefined)
      continue
    }
    // every cap, and the blocking ones: whole-category, breakfast, lunch, dinner
    let all = INF
    let b = INF
    let l = INF
    let d = INF
    let hardAll = INF
    let hardB = INF
    let hardL = INF
    let hardD = INF
    let blocks = false
    for (const rule of rules) {
      const minor = capMinor(rule, f)
      const block = rule.severity === "block"
      if (block) blocks = true
      if (rule.kind === "per-meal-cap") {
        if (rule.meal === "breakfast") {
          if (minor < b) b = minor
          if (block && minor < hardB) hardB = minor
        } else if (rule.meal === "lunch") {
          if (minor < l) l = minor
          if (block && minor < hardL) hardL = minor
        } else {
          if (minor < d) d = minor
          if (block && minor < hardD) hardD = minor
        }
      } else {
        if (minor < all) all = minor
        if (block && minor < hardAll) hardAll = minor
      }
    }
    const limit = least(all, b, l, d)
    const hard = blocks ? least(hardAll, hardB, hardL, hardD) : undefined
    limits.push({ minor: limit, hardMinor: hard })
    total = sat(total + limit)
    const category = CATEGORIES[i]!
    byCategory.push(
      new ExplainedAllowanceLine(
        category,
        Money.make(limit, currency),
        hard === undefined || hard === limit ? undefined : Money.make(hard, currency),
        plan.ruleIds[i]!,
        () => combineText(contributionsIn(category, rules, f), f, currency)
      )
    )
  }
  return {
    allowance: { currency, byCategory, total: Money.make(total, currency), uncapped: plan.uncapped },
    limits,
    applicable: plan.applicable
  }
}

/** The least of a whole-category cap and the sum of the per-meal caps that are set. */
const least = (all: number, b: number, l: number, d: number): number => {
  if (b === INF && l === INF && d === INF) return all
  const sum = sat((b === INF ? 0 : b) + (l === INF ? 0 : l) + (d === INF ? 0 : d))
  return Math.min(sum, all)
}

// ---------------------------------------------------------------------------------------------------
// check
// ---------------------------------------------------------------------------------------------------

const sortKey = (q: Quantity): number => (q._tag === "Amount" ? q.money.minor : q.value)

/** Orders the verdicts one rule gave for several subjects, so that the order of the lines does not show. */
const bySubject = (a: Verdict, b: Verdict): number =>
  (a.subject < b.subject ? -1 : a.subject > b.subject ? 1 : 0) ||
  sortKey(a.measured) - sortKey(b.measured) ||
  sortKey(a.limit) - sortKey(b.limit) ||
  (a.code < b.code ? -1 : a.code > b.code ? 1 : 0)

const MEAL_ORDER: { readonly [M in MealKind]: number } = { breakfast: 0, lunch: 1, dinner: 2 }

const byOccasion = (a: Occasion, b: Occasion): number =>
  a.date < b.date ? -1 : a.date > b.date ? 1 : MEAL_ORDER[a.meal] - MEAL_ORDER[b.meal]

interface Occasion {
  readonly meal: MealKind
  readonly date: string
  readonly name: string
  minor: number
}

/** Where verdicts go: the rule set they name, and the list. */
interface Sink {
  readonly ruleSet: RuleSet
  readonly out: Array<Verdict>
}

/** Everything one check reads, gathered in one pass over the lines. */
interface Context extends Sink {
  readonly ruleSet: RuleSet
  readonly currency: Money.Currency
  readonly f: EngagementFacts
  readonly lines: ReadonlyArray<Expense.ExpenseLine>
  readonly sums: ReadonlyArray<number>
  readonly occasions: ReadonlyArray<Occasion>
  readonly stage: Stage
  readonly out: Array<Verdict>
}

const spentIn = (ctx: Context, category: Category, subcategory?: string, meal?: MealKind): number => {
  if (subcategory === undefined && meal === undefined) return ctx.sums[indexOf(category)]!
  const wanted = subcategory === undefined ? undefined : normalise(subcategory)
  let minor = 0
  for (const line of ctx.lines) {
    if (line.category !== category) continue
    if (wanted !== undefined && (line.subcategory === undefined || normalise(line.subcategory) !== wanted)) continue
    if (meal !== undefined && line.meal !== meal) continue
    minor += line.amount.minor
  }
  return minor
}

const emit = (
  ctx: Sink,
  rule: { readonly id: string; readonly kind: string },
  severity: Severity,
  code: VerdictCode,
  category: Category | undefined,
  subject: string,
  measured: Quantity,
  limit: Quantity,
  derive: () => string,
  describe: () => string
): void => {
  ctx.out.push(
    new ExplainedVerdict(ctx.ruleSet, rule, severity, code, category, subject, measured, limit, derive, describe)
  )
}

/** Sorts the verdicts from `start` on by subject (verdicts of one rule about lines or found items). */
const sortFrom = (ctx: Context, start: number): void => {
  const out = ctx.out
  for (let i = start + 1; i < out.length; i++) {
    const v = out[i]!
    let j = i - 1
    while (j >= start && bySubject(out[j]!, v) > 0) {
      out[j + 1] = out[j]!
      j--
    }
    out[j + 1] = v
  }
}

const emitCap = (
  ctx: Context,
  rule: Rule & { readonly severity: Breach },
  category: Category,
  subject: string,
  measured: number,
  limit: number,
  derive: () => string
): void => {
  const over = measured > limit
  const c = ctx.currency
  emit(
    ctx,
    rule,
    over ? rule.severity : "ok",
    over ? "over-limit" : "within-limit",
    category,
    subject,
    money(measured, c),
    money(limit, c),
    derive,
    over
      ? () => `${subject}: ${fmt(measured, c)} is over the limit of ${fmt(limit, c)} by ${fmt(measured - limit, c)}`
      : () => `${subject}: ${fmt(measured, c)} is within ${fmt(limit, c)}`
  )
}

const FACTS = [
  ["level", "visitor level"],
  ["tier", "client tier"],
  ["receptionType", "reception type"]
] as const

const checkFacts = (ctx: Sink, f: EngagementFacts): void => {
  const { ruleSet } = ctx
  // rules keyed on each fact, and of those, rules naming the engagement's value (read with static keys:
  // this runs on every check)
  const keyed = [0, 0, 0]
  const matching = [0, 0, 0]
  for (const rule of ruleSet.rules) {
    const when = rule.when
    if (when === undefined) continue
    if (when.levels !== undefined) {
      keyed[0]!++
      if (f.level !== undefined && when.levels.includes(f.level)) matching[0]!++
    }
    if (when.tiers !== undefined) {
      keyed[1]!++
      if (f.tier !== undefined && when.tiers.includes(f.tier)) matching[1]!++
    }
    if (when.receptionTypes !== undefined) {
      keyed[2]!++
      if (f.receptionType !== undefined && when.receptionTypes.includes(f.receptionType)) matching[2]!++
    }
  }
  for (let i = 0; i < FACTS.length; i++) {
    const n = keyed[i]!
    if (n === 0 || matching[i]! > 0) continue
    const [fact, name] = FACTS[i]!
    const value = f[fact]
    const factRule = { id: `facts:${fact}`, kind: "facts" }
    if (value === undefined) {
      emit(
        ctx,
        factRule,
        "warning",
        "fact-missing",
        undefined,
        fact,
        count(0, name),
        count(1, name),
        () => `${plural(n, "rule")} of ${ruleSet.id} apply only to a given ${name}`,
        () => `the ${name} is not set, so ${plural(n, "rule")} for specific ${name}s were not applied`
      )
    } else {
      emit(
        ctx,
        factRule,
        "warning",
        "fact-unknown",
        undefined,
        fact,
        count(0, "matching rules"),
        count(1, "matching rules"),
        () => `no rule of ${ruleSet.id} ${ruleSet.version} names ${name} ${JSON.stringify(value)}`,
        () => `${ruleSet.id} has no rules for ${name} ${JSON.stringify(value)}`
      )
    }
  }
}

const checkAllowance = (ctx: Context, allowance: Allowance, limits: ReadonlyArray<Limits | undefined>): void => {
  const c = ctx.currency
  for (const line of allowance.byCategory) {
    const i = indexOf(line.category)
    const limit = limits[i]!
    const measured = ctx.sums[i]!
    const severity: Severity =
      limit.hardMinor !== undefined && measured > limit.hardMinor
        ? "block"
        : measured > limit.minor
          ? limit.hardMinor === limit.minor
            ? "block"
            : "warning"
          : "ok"
    const category = line.category
    emit(
      ctx,
      { id: `allowance:${category}`, kind: "allowance" },
      severity,
      severity === "ok" ? "within-allowance" : "over-allowance",
      category,
      category,
      money(measured, c),
      money(limit.minor, c),
      () => line.derivation,
      severity === "ok"
        ? () => `${category}: ${fmt(measured, c)} is within the allowance of ${fmt(limit.minor, c)}`
        : () =>
            `${category}: ${fmt(measured, c)} is over the allowance of ${fmt(limit.minor, c)} by ${fmt(measured - limit.minor, c)}`
    )
  }
}

const roomRateText = (
  min: Money.Money | undefined,
  max: Money.Money | undefined,
  currency: Money.Currency,
  rooms: number,
  nights: number
): string => {
  const range =
    min !== undefined && max !== undefined
      ? `${Money.formatAmount(min)}–${Money.formatAmount(max)}`
      : max !== undefined
        ? `up to ${Money.formatAmount(max)}`
        : min !== undefined
          ? `at least ${Money.formatAmount(min)}`
          : "any rate"
  return `${range} ${currency} per room-night × ${plural(rooms, "room")} × ${plural(nights, "night")}`
}

type Found = Map<string, { n: number; minor: number; readonly category: Category | undefined }>

const note = (found: Found, key: string, minor: number, category: Category | undefined): void => {
  const seen = found.get(key)
  if (seen === undefined) found.set(key, { n: 1, minor, category })
  else {
    seen.n += 1
    seen.minor += minor
  }
}

const checkRule = (ctx: Context, rule: Rule, limits: ReadonlyArray<Limits | undefined>): void => {
  const { f, currency: c } = ctx
  switch (rule.kind) {
    case "per-head-cap": {
      const heads = headCount(rule.heads, f)
      const perOccasion = sat(rule.amount.minor * heads)
      if (
        rule.per === "meal" &&
        rule.category === "meals" &&
        rule.subcategory === undefined &&
        ctx.occasions.length > 0
      ) {
        for (const o of ctx.occasions) {
          emitCap(
            ctx,
            rule,
            "meals",
            o.name,
            o.minor,
            perOccasion,
            () => `${Money.formatAmount(rule.amount)} × ${headText(rule.heads, f)} = ${fmt(perOccasion, c)} per meal`
          )
        }
      } else {
        const limit = sat(perOccasion * unitCount(rule.per, f))
        const subject = rule.subcategory === undefined ? rule.category : `${rule.category}/${rule.subcategory}`
        emitCap(
          ctx,
          rule,
          rule.category,
          subject,
          spentIn(ctx, rule.category, rule.subcategory),
          limit,
          () =>
            `${Money.formatAmount(rule.amount)} × ${headText(rule.heads, f)} × ${unitText(rule.per, f)} = ${fmt(limit, c)}`
        )
      }
      return
    }
    case "per-meal-cap": {
      const extra = f.guests > rule.baseHeadcount ? f.guests - rule.baseHeadcount : 0
      const each = sat(rule.base.minor + extra * rule.increment.minor)
      let any = false
      for (const o of ctx.occasions) {
        if (o.meal !== rule.meal) continue
        any = true
        emitCap(
          ctx,
          rule,
          "meals",
          o.name,
          o.minor,
          each,
          () => scaledCap(rule.base, rule.baseHeadcount, rule.increment, f.guests).derivation
        )
      }
      if (!any) {
        const n = mealsOf(f, rule.meal)
        emitCap(
          ctx,
          rule,
          "meals",
          `${rule.meal} (${plural(n, "planned meal")})`,
          spentIn(ctx, "meals", undefined, rule.meal),
          sat(each * n),
          () =>
            `${plural(n, rule.meal)} × (${scaledCap(rule.base, rule.baseHeadcount, rule.increment, f.guests).derivation})`
        )
      }
      return
    }
    case "per-visit-cap": {
      const extra = f.guests > rule.baseHeadcount ? f.guests - rule.baseHeadcount : 0
      emitCap(
        ctx,
        rule,
        rule.category,
        rule.category,
        ctx.sums[indexOf(rule.category)]!,
        sat(rule.base.minor + extra * rule.increment.minor),
        () => scaledCap(rule.base, rule.baseHeadcount, rule.increment, f.guests).derivation
      )
      return
    }
    case "per-night-range": {
      if (rule.payer === "guest") {
        const measured = ctx.sums[indexOf("lodging")]!
        emit(
          ctx,
          rule,
          measured > 0 ? rule.severity : "ok",
          measured > 0 ? "not-covered" : "within-limit",
          "lodging",
          "lodging",
          money(measured, c),
          money(0, c),
          () => "the guests pay their own lodging at this level (公司不负担住宿费用)",
          measured > 0
            ? () =>
                `lodging: ${fmt(measured, c)} charged to the company, but the guests pay their own lodging at this level`
            : () => "lodging: nothing charged to the company"
        )
        return
      }
      const { max, min } = rule
      const start = ctx.out.length
      for (const line of ctx.lines) {
        if (line.category !== "lodging") continue
        const nights = line.nights ?? f.nights
        const rooms = line.rooms ?? f.rooms
        const subject =
          line.id ?? `${line.item ?? line.venue ?? "lodging"}${line.date === undefined ? "" : ` ${line.date}`}`
        const measured = line.amount.minor
        const roomNights = nights * rooms
        if (roomNights === 0) {
          emit(
            ctx,
            rule,
            "warning",
            "not-measurable",
            "lodging",
            subject,
            money(measured, c),
            count(0, "room-nights"),
            () => "neither the line nor the engagement gives nights and rooms",
            () => `${subject}: the room rate cannot be checked without nights and rooms`
          )
          continue
        }
        if (min !== undefined && measured < sat(min.minor * roomNights)) {
          const floor = sat(min.minor * roomNights)
          emit(
            ctx,
            rule,
            rule.belowSeverity,
            "below-minimum",
            "lodging",
            subject,
            money(measured, c),
            money(floor, c),
            () => roomRateText(min, max, c, rooms, nights),
            () =>
              `${subject}: ${fmt(measured, c)} is below the standard of ${fmt(floor, c)} (the hotel class may be too low)`
          )
        } else {
          emitCap(
            ctx,
            rule,
            "lodging",
            subject,
            measured,
            max === undefined ? measured : sat(max.minor * roomNights),
            () => roomRateText(min, max, c, rooms, nights)
          )
        }
      }
      sortFrom(ctx, start)
      return
    }
    case "count-per-visit": {
      const planned =
        rule.category === "meals"
          ? mealsOf(f, rule.meal)
          : rule.category === "entertainment"
            ? f.entertainments
            : rule.category === "lodging"
              ? f.nights
              : 0
      // occasions billed: meals by meal and date (already gathered), anything else by date
      let billed = 0
      const dates: Array<string> = []
      if (rule.category === "meals") {
        for (const o of ctx.occasions) if (rule.meal === undefined || o.meal === rule.meal) billed++
      }
      for (const line of ctx.lines) {
        if (line.category !== rule.category) continue
        if (rule.category === "meals" && line.meal !== undefined) continue
        if (rule.meal !== undefined && line.meal !== rule.meal) continue
        const key = `${line.meal ?? ""} ${line.date ?? ""}`
        if (!dates.includes(key)) dates.push(key)
      }
      billed += dates.length
      const measured = Math.max(planned, billed)
      const over = measured > rule.max
      const what = rule.meal ?? (rule.category === "meals" ? "meal" : `${rule.category} occasion`)
      emit(
        ctx,
        rule,
        over ? rule.severity : "ok",
        over ? "count-exceeded" : "within-limit",
        rule.category,
        rule.meal ?? rule.category,
        count(measured, `${what}s`),
        count(rule.max, `${what}s`),
        () => `at most ${plural(rule.max, what)} per visit; ${planned} planned, ${billed} billed`,
        over
          ? () =>
              `${plural(measured, what)} for one visit, where at most ${rule.max} ${rule.max === 1 ? "is" : "are"} allowed`
          : () => `${plural(measured, what)} for the visit, within ${rule.max}`
      )
      return
    }
    case "host-ratio": {
      const step = rule.steps.find((s) => f.guests <= s.guestsUpTo)
      const limit =
        step !== undefined ? step.maxHosts : Math.floor((f.guests * rule.beyond.numerator) / rule.beyond.denominator)
      const over = f.hosts > limit
      emit(
        ctx,
        rule,
        over ? rule.severity : "ok",
        over ? "ratio-exceeded" : "within-limit",
        undefined,
        "accompanying hosts",
        count(f.hosts, "hosts"),
        count(limit, "hosts"),
        () =>
          step !== undefined
            ? `${plural(f.guests, "guest")} ≤ ${step.guestsUpTo}: at most ${plural(step.maxHosts, "host")}`
            : `${plural(f.guests, "guest")} > ${rule.steps.reduce((m, s) => Math.max(m, s.guestsUpTo), 0)}: at most ${fraction(rule.beyond.numerator, rule.beyond.denominator)} × ${f.guests} = ${plural(limit, "host")} (rounded down)`,
        over
          ? () => `${plural(f.hosts, "accompanying host")} for ${plural(f.guests, "guest")}; at most ${limit} allowed`
          : () => `${plural(f.hosts, "accompanying host")} for ${plural(f.guests, "guest")}, within ${limit}`
      )
      return
    }
    case "share-cap": {
      const whole =
        rule.basis === "allowance" ? limits[indexOf(rule.category)]?.minor : ctx.sums[indexOf(rule.category)]!
      if (whole === undefined) return
      const part = spentIn(ctx, rule.category, rule.subcategory)
      const small = whole * rule.numerator <= Money.MAX_TOTAL && part * rule.denominator <= Money.MAX_TOTAL
      // exact for any size: past 2^53 the products go through BigInt
      const limit = small
        ? Math.floor((whole * rule.numerator) / rule.denominator)
        : Number((BigInt(whole) * BigInt(rule.numerator)) / BigInt(rule.denominator))
      const over = small
        ? part * rule.denominator > whole * rule.numerator
        : BigInt(part) * BigInt(rule.denominator) > BigInt(whole) * BigInt(rule.numerator)
      const share = fraction(rule.numerator, rule.denominator)
      const basis = rule.basis === "allowance" ? `the ${rule.category} allowance` : `the ${rule.category} spent`
      emit(
        ctx,
        rule,
        over ? rule.severity : "ok",
        over ? "share-exceeded" : "within-limit",
        rule.category,
        `${rule.category}/${rule.subcategory}`,
        money(part, c),
        money(limit, c),
        () => `${share} of ${fmt(whole, c)} (${basis})`,
        over
          ? () => `${rule.subcategory}: ${fmt(part, c)} is over ${share} of ${basis} (${fmt(limit, c)})`
          : () => `${rule.subcategory}: ${fmt(part, c)} is within ${share} of ${basis} (${fmt(limit, c)})`
      )
      return
    }
    case "forbidden": {
      const found: Found = new Map()
      const terms = rule.terms.map(normalise)
      for (const line of ctx.lines) {
        if (rule.categories.includes(line.category))
          note(found, `category ${line.category}`, line.amount.minor, line.category)
        if (terms.length === 0) continue
        if (line.item === undefined && line.venue === undefined && line.subcategory === undefined) continue
        const item = line.item === undefined ? "" : normalise(line.item)
        const venue = line.venue === undefined ? "" : normalise(line.venue)
        const subcategory = line.subcategory === undefined ? "" : normalise(line.subcategory)
        for (let i = 0; i < terms.length; i++) {
          const term = terms[i]!
          if (item.includes(term) || venue.includes(term) || subcategory.includes(term)) {
            note(found, rule.terms[i]!, line.amount.minor, undefined)
          }
        }
      }
      for (const item of f.plannedItems) {
        const text = normalise(item)
        for (let i = 0; i < terms.length; i++) if (text.includes(terms[i]!)) note(found, rule.terms[i]!, 0, undefined)
      }
      if (found.size === 0) {
        emit(
          ctx,
          rule,
          "ok",
          "clear",
          undefined,
          "forbidden items",
          count(0, "occurrences"),
          count(0, "occurrences"),
          () =>
            `${plural(rule.terms.length, "forbidden term")}, ${rule.categories.length} forbidden ${rule.categories.length === 1 ? "category" : "categories"}`,
          () => "none of the forbidden items, venues or categories"
        )
      }
      const start = ctx.out.length
      for (const [what, { category, minor, n }] of found) {
        emit(
          ctx,
          rule,
          rule.severity,
          "forbidden",
          category,
          what,
          count(n, "occurrences"),
          count(0, "occurrences"),
          () => `${what} is not allowed (${rule.id}); ${plural(n, "occurrence")}, ${fmt(minor, c)}`,
          () => `${what}: ${plural(n, "occurrence")} (${fmt(minor, c)}), not allowed`
        )
      }
      sortFrom(ctx, start)
      return
    }
    case "repeat-visit": {
      const visitDate = f.visitDate
      if (visitDate === undefined) {
        if (f.history.length > 0) {
          emit(
            ctx,
            rule,
            "warning",
            "not-measurable",
            undefined,
            "visitors",
            count(0, "days"),
            count(rule.withinDays, "days"),
            () => "the visit date is not given",
            () => "past receptions are known but the visit date is not, so repeat visits cannot be checked"
          )
        }
        return
      }
      let any = false
      for (const visitor of f.visitors) {
        const name = normalise(visitor.name)
        const organisation = normalise(visitor.organisation)
        let lastDate: LocalDate.LocalDate | undefined
        let lastDays = 0
        for (const past of f.history) {
          if (normalise(past.name) !== name || normalise(past.organisation) !== organisation) continue
          const days = LocalDate.daysBetween(past.date, visitDate)
          if (days >= 0 && days <= rule.withinDays && (lastDate === undefined || days < lastDays)) {
            lastDate = past.date
            lastDays = days
          }
        }
        if (lastDate === undefined) continue
        any = true
        const who = `${visitor.name} (${visitor.organisation})`
        const date = lastDate
        const days = lastDays
        emit(
          ctx,
          rule,
          rule.severity,
          "repeat-visit",
          undefined,
          who,
          count(days, "days since the last reception"),
          count(rule.withinDays, "days"),
          () =>
            `received on ${date}, ${plural(days, "day")} before ${visitDate}; the same guest within ${rule.withinDays} days`,
          () => `${who} was received ${plural(days, "day")} ago (${date}), within ${rule.withinDays} days`
        )
      }
      if (!any) {
        emit(
          ctx,
          rule,
          "ok",
          "clear",
          undefined,
          "visitors",
          count(f.visitors.length, "visitors checked"),
          count(rule.withinDays, "days"),
          () => `no visitor was received within ${rule.withinDays} days before ${visitDate}`,
          () => `no repeat reception within ${rule.withinDays} days`
        )
      }
      return
    }
    case "required-documents": {
      const have = f.documents.map(normalise)
      let missing = 0
      for (const document of rule.documents) {
        if (have.includes(normalise(document))) continue
        missing++
        emit(
          ctx,
          rule,
          rule.severity,
          "document-missing",
          undefined,
          document,
          count(0, "documents"),
          count(1, "documents"),
          () => `required: ${rule.documents.join(", ")}`,
          () => `${document} is required and missing`
        )
      }
      if (missing === 0) {
        emit(
          ctx,
          rule,
          "ok",
          "clear",
          undefined,
          "documents",
          count(rule.documents.length, "documents"),
          count(rule.documents.length, "documents"),
          () => `required: ${rule.documents.join(", ")}`,
          () => `every required document is at hand: ${rule.documents.join(", ")}`
        )
      }
      return
    }
    case "letter-match":
      checkLetter(ctx, rule)
      return
    case "reimbursement-documents":
      if (ctx.stage === "expenses") checkReimbursement(ctx, rule)
      return
    case "one-bill-per-meal":
      if (ctx.stage === "expenses") checkOneBill(ctx, rule)
      return
  }
}

const hasDocument = (f: EngagementFacts, document: string): boolean => {
  const wanted = normalise(document)
  for (const d of f.documents) if (normalise(d) === wanted) return true
  return false
}

/** The letter is at hand: given with its guests, or named among the documents. */
const letterAtHand = (f: EngagementFacts): boolean =>
  f.letter !== undefined || hasDocument(f, OfficialLetter.documentName)

const letterText = (letter: OfficialLetter.OfficialLetter): string =>
  `the letter of ${letter.from}${letter.reference === undefined ? "" : ` (${letter.reference})`}`

const checkLetter = (ctx: Context, rule: Extract<Rule, { readonly kind: "letter-match" }>): void => {
  const { f } = ctx
  const letter = f.letter
  if (letter === undefined) {
    if (hasDocument(f, OfficialLetter.documentName)) {
      emit(
        ctx,
        rule,
        "warning",
        "not-measurable",
        undefined,
        OfficialLetter.documentName,
        count(0, "guest lists"),
        count(1, "guest lists"),
        () => `${OfficialLetter.documentName} is among the documents, but its guests are not given`,
        () =>
          "the official letter is at hand but the guests it names are not given, so the visit list cannot be matched"
      )
    } else {
      emit(
        ctx,
        rule,
        rule.severity,
        "document-missing",
        undefined,
        OfficialLetter.documentName,
        count(0, "letters"),
        count(1, "letters"),
        () => "no reception without the sending unit's official letter (公函)",
        () => "there is no official letter from the sending unit: no reception without it"
      )
    }
    return
  }
  const named = letter.guests.length
  const listed = () =>
    `${letterText(letter)} names ${plural(named, "guest")}: ${letter.guests.map((g) => `${g.name} (${g.unit})`).join(", ")}`
  const start = ctx.out.length
  for (const { sameName, visitor } of OfficialLetter.unlisted(letter, f.visitors)) {
    const who = `${visitor.name} (${visitor.organisation})`
    emit(
      ctx,
      rule,
      rule.unlistedSeverity,
      "not-in-letter",
      undefined,
      who,
      count(0, "entries in the letter"),
      count(1, "entries in the letter"),
      listed,
      sameName === undefined
        ? () => `${who} is not named in ${letterText(letter)}`
        : () => `${who} is named in ${letterText(letter)} for ${sameName.unit}, not ${visitor.organisation}`
    )
  }
  if (f.guests > named) {
    emit(
      ctx,
      rule,
      rule.unlistedSeverity,
      "not-in-letter",
      undefined,
      "headcount",
      count(f.guests, "guests"),
      count(named, "guests"),
      listed,
      () => `${plural(f.guests, "guest")} are received, but ${letterText(letter)} names ${named}`
    )
  }
  if (ctx.out.length > start) {
    sortFrom(ctx, start)
    return
  }
  emit(
    ctx,
    rule,
    "ok",
    "clear",
    undefined,
    "visit list",
    count(f.guests, "guests"),
    count(named, "guests"),
    listed,
    () => `every guest is named in ${letterText(letter)}`
  )
}

/** A line as a reader finds it in the list: its id, else its meal or category, date and item or venue. */
const lineName = (line: Expense.ExpenseLine): string => {
  if (line.id !== undefined) return line.id
  let name: string = line.meal ?? line.category
  if (line.date !== undefined) name += ` ${line.date}`
  const what = line.item ?? line.venue
  if (what !== undefined) name += ` ${what}`
  return name
}

const checkReimbursement = (ctx: Context, rule: Extract<Rule, { readonly kind: "reimbursement-documents" }>): void => {
  const { currency: c, f, lines } = ctx
  const required = [
    ...(rule.invoices ? ["an invoice for every line"] : []),
    ...(rule.letter ? [OfficialLetter.documentName] : []),
    ...rule.documents
  ].join(", ")
  const derive = () => `a reimbursement needs: ${required}`
  const start = ctx.out.length
  if (rule.invoices) {
    for (const line of lines) {
      if (line.invoice !== undefined) continue
      const subject = lineName(line)
      const minor = line.amount.minor
      emit(
        ctx,
        rule,
        rule.severity,
        "invoice-missing",
        line.category,
        subject,
        money(minor, c),
        money(0, c),
        derive,
        () => `${subject}: ${fmt(minor, c)} without an invoice cannot be reimbursed`
      )
    }
    sortFrom(ctx, start)
  }
  const missing: Array<string> = []
  if (rule.letter && !letterAtHand(f)) missing.push(OfficialLetter.documentName)
  for (const document of rule.documents) if (!hasDocument(f, document)) missing.push(document)
  for (const document of missing) {
    emit(
      ctx,
      rule,
      rule.severity,
      "document-missing",
      undefined,
      document,
      count(0, "documents"),
      count(1, "documents"),
      derive,
      () => `${document} is required for the reimbursement and missing`
    )
  }
  if (ctx.out.length > start) return
  const documents = rule.letter || rule.documents.length > 0
  let invoiced = 0
  for (const line of lines) if (line.invoice !== undefined) invoiced++
  emit(
    ctx,
    rule,
    "ok",
    "clear",
    undefined,
    "reimbursement documents",
    count(invoiced, "lines with an invoice"),
    count(lines.length, "lines"),
    derive,
    () =>
      rule.invoices
        ? `every line has its invoice${documents ? ", and the documents are at hand" : ""}`
        : "the documents are at hand"
  )
}

/** A meal occasion's name, as the per-meal checks write it. */
const occasionName = (meal: MealKind, date: string | undefined): string =>
  date === undefined ? `${meal} (undated)` : `${meal} ${date}`

const checkOneBill = (ctx: Context, rule: Extract<Rule, { readonly kind: "one-bill-per-meal" }>): void => {
  // invoice → the meals it bills; meal → the invoices billing it (both in first-seen order, sorted below)
  const mealsOf = new Map<string, Array<string>>()
  const invoicesOf = new Map<string, Array<string>>()
  const start = ctx.out.length
  for (const line of ctx.lines) {
    if (line.category !== "meals" || line.invoice === undefined) continue
    const invoice = line.invoice.trim()
    if (line.meal === undefined) {
      const subject = lineName(line)
      emit(
        ctx,
        rule,
        "warning",
        "not-measurable",
        "meals",
        subject,
        count(0, "meals"),
        count(1, "meals"),
        () => "a meals line names its meal (breakfast, lunch or dinner) and date to be matched to one bill",
        () => `${subject}: invoice ${invoice} names no meal, so it cannot be matched to one meal`
      )
      continue
    }
    const meal = occasionName(line.meal, line.date)
    const meals = mealsOf.get(invoice)
    if (meals === undefined) mealsOf.set(invoice, [meal])
    else if (!meals.includes(meal)) meals.push(meal)
    const invoices = invoicesOf.get(meal)
    if (invoices === undefined) invoicesOf.set(meal, [invoice])
    else if (!invoices.includes(invoice)) invoices.push(invoice)
  }
  for (const [invoice, meals] of mealsOf) {
    if (meals.length < 2) continue
    const names = [...meals].sort().join(", ")
    emit(
      ctx,
      rule,
      rule.severity,
      "shared-invoice",
      "meals",
      `invoice ${invoice}`,
      count(meals.length, "meals"),
      count(1, "meals"),
      () => `one meal, one bill: invoice ${invoice} bills ${names}`,
      () => `invoice ${invoice} bills ${plural(meals.length, "meal")} (${names}); each meal needs its own bill`
    )
  }
  for (const [meal, invoices] of invoicesOf) {
    if (invoices.length < 2) continue
    const names = [...invoices].sort().join(", ")
    emit(
      ctx,
      rule,
      rule.severity,
      "split-bill",
      "meals",
      meal,
      count(invoices.length, "invoices"),
      count(1, "invoices"),
      () => `one meal, one bill: ${meal} is billed on invoices ${names}`,
      () => `${meal} is billed on ${plural(invoices.length, "invoice")} (${names}); one meal takes one bill`
    )
  }
  if (ctx.out.length > start) {
    sortFrom(ctx, start)
    return
  }
  const billed = invoicesOf.size
  emit(
    ctx,
    rule,
    "ok",
    "clear",
    "meals",
    "meal bills",
    count(billed, "meals billed"),
    count(billed, "invoices"),
    () => "one meal, one bill",
    () =>
      billed === 0 ? "no meal is billed on an invoice yet" : `each of ${plural(billed, "meal")} is on its own bill`
  )
}

/** Checks lines against a rule set for an engagement. */
export const evaluate = (
  ruleSet: RuleSet,
  f: EngagementFacts,
  lines: ReadonlyArray<Expense.ExpenseLine>,
  stage: Stage,
  plans?: Plans
): Either.Either<Report, Money.CurrencyMismatch> => {
  const currency = ruleSet.currency
  const sums = [0, 0, 0, 0, 0, 0, 0, 0, 0]
  const present = [false, false, false, false, false, false, false, false, false]
  const occasions: Array<Occasion> = []
  let total = 0
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!
    const amount = line.amount
    if (amount.currency !== currency) {
      return Either.left(
        new Money.CurrencyMismatch({ expected: currency, found: amount.currency, where: `lines[${i}].amount` })
      )
    }
    const minor = amount.minor
    const category = line.category
    const index = indexOf(category)
    sums[index]! += minor
    present[index] = true
    total += minor
    if (category === "meals" && line.meal !== undefined) {
      const date = line.date ?? ""
      let occasion: Occasion | undefined
      for (const o of occasions) {
        if (o.meal === line.meal && o.date === date) {
          occasion = o
          break
        }
      }
      if (occasion === undefined) {
        // insert in date-then-meal order, so that the order of the lines does not show
        const fresh: Occasion = {
          meal: line.meal,
          date,
          name: date === "" ? `${line.meal} (undated)` : `${line.meal} ${date}`,
          minor
        }
        let j = occasions.length
        occasions.push(fresh)
        while (j > 0 && byOccasion(occasions[j - 1]!, fresh) > 0) {
          occasions[j] = occasions[j - 1]!
          j--
        }
        occasions[j] = fresh
      } else occasion.minor += minor
    }
  }
  const plan = plans === undefined ? planOf(ruleSet, f) : cachedPlan(plans, f)
  const { allowance, applicable, limits } = evaluateAllowance(ruleSet, f, plan)
  const ctx: Context = { ruleSet, currency, f, lines, sums, occasions, stage, out: [...plan.facts] }
  checkAllowance(ctx, allowance, limits)
  for (const rule of applicable) checkRule(ctx, rule, limits)
  const verdicts = ctx.out
  let outcome: Severity = "ok"
  for (const verdict of verdicts) {
    if (verdict.severity === "block") outcome = "block"
    else if (verdict.severity === "warning" && outcome === "ok") outcome = "warning"
  }
  const byCategory: Array<Expense.CategoryTotal> = []
  for (let i = 0; i < CATEGORIES.length; i++) {
    if (present[i]) byCategory.push({ category: CATEGORIES[i]!, amount: Money.make(sums[i]!, currency) })
  }
  return Either.right({
    ruleSetId: ruleSet.id,
    ruleSetVersion: ruleSet.version,
    currency,
    allowance,
    spent: { byCategory, total: Money.make(total, currency) },
    verdicts,
    outcome
  })
}
