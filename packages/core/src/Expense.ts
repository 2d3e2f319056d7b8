/**
 * Expense lines (费用明细): the categories of reception spending, and a budget or expense line.
 *
 * The same line describes a planned amount (a budget proposal) and an actual one (an expense), so a
 * budget and its settlement are checked by one function. Categories follow the reception plans of
 * seed 003 (plans 4 and 7); `subcategory` refines one (`drinks` 酒水 within meals).
 *
 * @since 0.1.0
 */
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import * as DecodeProblem from "./DecodeProblem.js"
import * as Label from "./Label.js"
import * as LocalDate from "./LocalDate.js"
import * as Money from "./Money.js"

/**
 * The categories of reception spending (接待经费列支): work costs (工作经费: venue rental,
 * printing), lodging (住宿费), meals (餐饮费), labour (劳务费: lectures, speeches, overtime),
 * transport (交通费), sightseeing and entertainment (参观、游览、娱乐费), souvenirs and gifts
 * (纪念品费), publicity and PR (宣传、公关费), other (其他费用).
 *
 * @since 0.1.0
 * @category models
 */
export type ExpenseCategory =
  | "work"
  | "lodging"
  | "meals"
  | "labour"
  | "transport"
  | "entertainment"
  | "gifts"
  | "publicity"
  | "other"

/**
 * Every category, in the order reports list them.
 *
 * @since 0.1.0
 * @category constants
 */
export const categories = [
  "work",
  "lodging",
  "meals",
  "labour",
  "transport",
  "entertainment",
  "gifts",
  "publicity",
  "other"
] as const satisfies ReadonlyArray<ExpenseCategory>

/**
 * The labels of the categories.
 *
 * @since 0.1.0
 * @category constants
 */
export const categoryLabels: { readonly [C in ExpenseCategory]: Label.Label } = {
  work: Label.make("工作经费", "Work costs"),
  lodging: Label.make("住宿费", "Lodging"),
  meals: Label.make("餐饮费", "Meals"),
  labour: Label.make("劳务费", "Labour"),
  transport: Label.make("交通费", "Transport"),
  entertainment: Label.make("参观、游览、娱乐费", "Sightseeing and entertainment"),
  gifts: Label.make("纪念品费", "Souvenirs and gifts"),
  publicity: Label.make("宣传、公关费", "Publicity and PR"),
  other: Label.make("其他费用", "Other")
}

/**
 * The Schema of an {@link ExpenseCategory}.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ExpenseCategory: Schema.Schema<ExpenseCategory> = Schema.Literal(...categories).annotations({
  identifier: "ExpenseCategory"
})

/**
 * A meal (餐): breakfast 早餐, lunch 午餐, dinner 晚餐.
 *
 * @since 0.1.0
 * @category models
 */
export type MealKind = "breakfast" | "lunch" | "dinner"

/**
 * The Schema of a {@link MealKind}.
 *
 * @since 0.1.0
 * @category schemas
 */
export const MealKind: Schema.Schema<MealKind> = Schema.Literal("breakfast", "lunch", "dinner").annotations({
  identifier: "MealKind"
})

const PositiveInt = Schema.Int.pipe(Schema.between(1, 10_000))
const Text = Schema.NonEmptyTrimmedString.pipe(Schema.maxLength(200))

/**
 * One planned or actual amount. `meal` and `date` name the meal occasion it pays for (a per-meal cap is
 * checked per occasion); `nights` and `rooms` measure a lodging line (else the engagement's nights and
 * rooms apply); `item`, `venue` and `subcategory` are what forbidden-item rules look at.
 *
 * @since 0.1.0
 * @category models
 */
export interface ExpenseLine {
  readonly id?: string
  readonly category: ExpenseCategory
  readonly subcategory?: string
  readonly meal?: MealKind
  readonly date?: LocalDate.LocalDate
  readonly item?: string
  readonly venue?: string
  readonly amount: Money.Money
  readonly nights?: number
  readonly rooms?: number
  readonly invoice?: string
}

/**
 * The Schema of an {@link ExpenseLine}.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ExpenseLine: Schema.Schema<
  ExpenseLine,
  {
    readonly id?: string
    readonly category: ExpenseCategory
    readonly subcategory?: string
    readonly meal?: MealKind
    readonly date?: string
    readonly item?: string
    readonly venue?: string
    readonly amount: Money.MoneyEncoded
    readonly nights?: number
    readonly rooms?: number
    readonly invoice?: string
  }
> = Schema.Struct({
  id: Schema.optionalWith(Label.labelled(Text, "编号", "Line id"), { exact: true }),
  category: Label.labelled(ExpenseCategory, "费用类别", "Category"),
  subcategory: Schema.optionalWith(Label.labelled(Text, "明细类别", "Subcategory"), { exact: true }),
  meal: Schema.optionalWith(Label.labelled(MealKind, "餐次", "Meal"), { exact: true }),
  date: Schema.optionalWith(Label.labelled(LocalDate.LocalDate, "日期", "Date"), { exact: true }),
  item: Schema.optionalWith(Label.labelled(Text, "项目", "Item"), { exact: true }),
  venue: Schema.optionalWith(Label.labelled(Text, "场所", "Venue"), { exact: true }),
  amount: Label.labelled(Money.NonNegativeMoney, "金额", "Amount"),
  nights: Schema.optionalWith(Label.labelled(PositiveInt, "晚数", "Nights"), { exact: true }),
  rooms: Schema.optionalWith(Label.labelled(PositiveInt, "房间数", "Rooms"), { exact: true }),
  invoice: Schema.optionalWith(Label.labelled(Text, "发票号", "Invoice number"), { exact: true })
}).annotations({ identifier: "ExpenseLine" })

/**
 * The Schema of a list of lines, as a budget proposal or an expense report is written (at most 5,000, so
 * that totals stay exact).
 *
 * @since 0.1.0
 * @category schemas
 */
export const ExpenseLines = Schema.Array(ExpenseLine)
  .pipe(Schema.maxItems(5000))
  .annotations({ identifier: "ExpenseLines" })

/**
 * Decodes a list of lines, reporting every problem with its path (`[3].amount.amount: …`).
 *
 * @since 0.1.0
 * @category decoding
 */
export const decodeLines: (input: unknown) => Either.Either<ReadonlyArray<ExpenseLine>, DecodeProblem.InvalidInput> =
  DecodeProblem.decoder("expense lines", ExpenseLines)

/**
 * An amount spent in one category.
 *
 * @since 0.1.0
 * @category models
 */
export interface CategoryTotal {
  readonly category: ExpenseCategory
  readonly amount: Money.Money
}

/**
 * Totals of a list of lines: per category (in {@link categories} order, only categories that have
 * lines) and overall. Exact: integer minor units.
 *
 * @since 0.1.0
 * @category models
 */
export interface Totals {
  readonly byCategory: ReadonlyArray<CategoryTotal>
  readonly total: Money.Money
}

/**
 * The Schema of {@link Totals}.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Totals: Schema.Schema<
  Totals,
  {
    readonly byCategory: ReadonlyArray<{ readonly category: ExpenseCategory; readonly amount: Money.MoneyEncoded }>
    readonly total: Money.MoneyEncoded
  }
> = Schema.Struct({
  byCategory: Schema.Array(Schema.Struct({ category: ExpenseCategory, amount: Money.Money })),
  total: Money.Money
}).annotations({ identifier: "Totals" })

/**
 * Adds up lines that must all be in `currency`, or names the first line in another currency.
 *
 * @since 0.1.0
 * @category math
 */
export const totals = (
  currency: Money.Currency,
  lines: ReadonlyArray<ExpenseLine>
): Either.Either<Totals, Money.CurrencyMismatch> => {
  const sums = new Map<ExpenseCategory, number>()
  let total = 0
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!
    if (line.amount.currency !== currency) {
      return Either.left(
        new Money.CurrencyMismatch({ expected: currency, found: line.amount.currency, where: `lines[${i}].amount` })
      )
    }
    sums.set(line.category, (sums.get(line.category) ?? 0) + line.amount.minor)
    total += line.amount.minor
  }
  const byCategory: Array<CategoryTotal> = []
  for (const category of categories) {
    const minor = sums.get(category)
    if (minor !== undefined) byCategory.push({ category, amount: Money.make(minor, currency) })
  }
  return Either.right({ byCategory, total: Money.make(total, currency) })
}
