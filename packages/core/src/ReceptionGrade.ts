/**
 * Reception grades (接待规格): per-head reception types and visitor levels with their caps.
 *
 * Two tables from the seeds. The reception type of the application form (接待类型, seed 001) recommends
 * an amount per head: simple 简约 50, business 商务 80, premium 高端 150 CNY. The visitor level
 * (接待级别, seed 003) sets caps per meal and per visit for a base of 2 guests, raised by an increment
 * for each guest beyond 2, and says who pays lodging, at what room rate, with which vehicles and
 * accompanying roles. Both are data: a host app replaces or extends them ({@link extend}).
 *
 * @since 0.1.0
 */
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as Expense from "./Expense.js"
import { type Derived, scaledCap } from "./internal/scaledCap.js"
import * as Label from "./Label.js"
import * as Money from "./Money.js"
import * as Role from "./Role.js"

/**
 * The id of a reception type or a visitor level: lower-case words joined by `-` or `.`
 * (`premium`, `special`, `official.bureau`).
 *
 * @since 0.1.0
 * @category models
 */
export type GradeId = string

/**
 * The Schema of a {@link GradeId}.
 *
 * @since 0.1.0
 * @category schemas
 */
export const GradeId: Schema.filter<typeof Schema.String> = Schema.String.pipe(
  Schema.filter(
    (s) =>
      /^[a-z][a-z0-9]*([-.][a-z0-9]+)*$/.test(s) || `expected a grade id such as "special", got ${JSON.stringify(s)}`,
    {
      identifier: "GradeId",
      arbitrary: () => (fc) => fc.constantFrom("simple", "business", "premium", "ordinary", "senior", "special")
    }
  )
)

/**
 * A reception type (接待类型) and its recommended amount per head (荐 … /人).
 *
 * @since 0.1.0
 * @category models
 */
export interface ReceptionType {
  readonly id: GradeId
  readonly label: Label.Label
  readonly perHead: Money.Money
}

/**
 * The Schema of a {@link ReceptionType}.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ReceptionType: Schema.Schema<
  ReceptionType,
  { readonly id: string; readonly label: Label.Label; readonly perHead: Money.MoneyEncoded }
> = Schema.Struct({ id: GradeId, label: Label.Label, perHead: Money.NonNegativeMoney }).annotations({
  identifier: "ReceptionType"
})

/**
 * 简约: simple, 50 CNY a head.
 *
 * @since 0.1.0
 * @category seed grades
 */
export const simple: ReceptionType = { id: "simple", label: Label.make("简约", "Simple"), perHead: Money.yuan(50) }

/**
 * 商务: business, 80 CNY a head.
 *
 * @since 0.1.0
 * @category seed grades
 */
export const business: ReceptionType = {
  id: "business",
  label: Label.make("商务", "Business"),
  perHead: Money.yuan(80)
}

/**
 * 高端: premium, 150 CNY a head.
 *
 * @since 0.1.0
 * @category seed grades
 */
export const premium: ReceptionType = { id: "premium", label: Label.make("高端", "Premium"), perHead: Money.yuan(150) }

/**
 * The recommended amount for a number of heads: `perHead × heads`.
 *
 * @since 0.1.0
 * @category math
 */
export const perHeadAmount = (type: ReceptionType, heads: number): Money.Money => Money.times(type.perHead, heads)

/**
 * A cap of a visitor level: `base` for `baseHeadcount` guests (the level's), plus `increment` for each
 * guest beyond. With `meal` it caps each such meal; without, the category for the whole visit.
 *
 * @since 0.1.0
 * @category models
 */
export interface LevelCap {
  readonly category: Expense.ExpenseCategory
  readonly meal?: Expense.MealKind
  readonly base: Money.Money
  readonly increment: Money.Money
  readonly note?: Label.Label
}

/**
 * The Schema of a {@link LevelCap}.
 *
 * @since 0.1.0
 * @category schemas
 */
export const LevelCap: Schema.Schema<
  LevelCap,
  {
    readonly category: Expense.ExpenseCategory
    readonly meal?: Expense.MealKind
    readonly base: Money.MoneyEncoded
    readonly increment: Money.MoneyEncoded
    readonly note?: Label.Label
  }
> = Schema.Struct({
  category: Expense.ExpenseCategory,
  meal: Schema.optionalWith(Expense.MealKind, { exact: true }),
  base: Money.NonNegativeMoney,
  increment: Money.NonNegativeMoney,
  note: Schema.optionalWith(Label.Label, { exact: true })
}).annotations({ identifier: "LevelCap" })

/**
 * Who pays for lodging (住宿) at a level and, when the company pays, the hotel class and room rate.
 *
 * @since 0.1.0
 * @category models
 */
export interface Lodging {
  readonly payer: "guest" | "company"
  readonly minimumStars?: number
  readonly ratePerRoomNight?: { readonly min: Money.Money; readonly max: Money.Money }
}

/**
 * The Schema of {@link Lodging}.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Lodging: Schema.Schema<
  Lodging,
  {
    readonly payer: "guest" | "company"
    readonly minimumStars?: number
    readonly ratePerRoomNight?: { readonly min: Money.MoneyEncoded; readonly max: Money.MoneyEncoded }
  }
> = Schema.Struct({
  payer: Schema.Literal("guest", "company"),
  minimumStars: Schema.optionalWith(Schema.Int.pipe(Schema.between(1, 5)), { exact: true }),
  ratePerRoomNight: Schema.optionalWith(
    Schema.Struct({ min: Money.NonNegativeMoney, max: Money.NonNegativeMoney }).pipe(
      Schema.filter(
        (r) => (r.min.currency === r.max.currency && r.min.minor <= r.max.minor) || "expected min ≤ max in one currency"
      )
    ),
    { exact: true }
  )
}).annotations({ identifier: "Lodging" })

/**
 * A visitor level (接待级别): who qualifies, the caps, lodging, vehicles (接待车辆), accompanying roles
 * (接待陪同人员), optional extras, and categories the level does not offer.
 *
 * @since 0.1.0
 * @category models
 */
export interface VisitorLevel {
  readonly id: GradeId
  readonly label: Label.Label
  readonly eligible: ReadonlyArray<Label.Label>
  readonly baseHeadcount: number
  readonly caps: ReadonlyArray<LevelCap>
  readonly lodging: Lodging
  readonly vehicles: ReadonlyArray<Label.Label>
  readonly accompanyingRoles: ReadonlyArray<Role.Role>
  readonly extras: ReadonlyArray<Label.Label>
  readonly notOffered: ReadonlyArray<Expense.ExpenseCategory>
}

/**
 * The Schema of a {@link VisitorLevel}.
 *
 * @since 0.1.0
 * @category schemas
 */
export const VisitorLevel = Schema.Struct({
  id: GradeId,
  label: Label.Label,
  eligible: Schema.Array(Label.Label),
  baseHeadcount: Schema.Int.pipe(Schema.between(0, 1000)),
  caps: Schema.Array(LevelCap),
  lodging: Lodging,
  vehicles: Schema.Array(Label.Label),
  accompanyingRoles: Schema.Array(Role.Role),
  extras: Schema.Array(Label.Label),
  notOffered: Schema.Array(Expense.ExpenseCategory)
}).annotations({ identifier: "VisitorLevel" })

const juniorSalesperson = Role.make("junior-salesperson", "公司基层业务员", "Junior salesperson")
const regionalManager = Role.make("regional-manager", "地域经理", "Regional manager")
const marketSupervisor = Role.make("market-supervisor", "市场督导", "Market supervisor")
const marketingGeneralManager = Role.make("marketing-general-manager", "营销总经理", "Marketing general manager")
const shareholder = Role.make("shareholder", "股东", "Shareholders")

const keptSimple = Label.make("午餐简便", "kept simple")

/**
 * 普通人员级别: dealers' inspectors, technicians, designers, manufacturers' middle managers, prospective
 * dealers. Guest pays lodging; lunch ≤ 300, dinner ≤ 400; +50 per meal for each guest beyond 2.
 *
 * @since 0.1.0
 * @category seed grades
 */
export const ordinary: VisitorLevel = {
  id: "ordinary",
  label: Label.make("普通人员级别", "Ordinary"),
  eligible: [
    Label.make("经销商业务类考察人员", "dealers' inspectors"),
    Label.make("技术人员", "technicians"),
    Label.make("家装公司设计师", "decoration designers"),
    Label.make("厂家中层管理者", "manufacturers' middle managers"),
    Label.make("普通意向经销商", "prospective dealers")
  ],
  baseHeadcount: 2,
  caps: [
    { category: "meals", meal: "lunch", base: Money.yuan(300), increment: Money.yuan(50), note: keptSimple },
    { category: "meals", meal: "dinner", base: Money.yuan(400), increment: Money.yuan(50) }
  ],
  lodging: { payer: "guest" },
  vehicles: [Label.make("四驱车", "4WD"), Label.make("的士", "taxi")],
  accompanyingRoles: [juniorSalesperson, regionalManager],
  extras: [],
  notOffered: ["entertainment", "gifts"]
}

/**
 * 高级人员级别: project buyers, end-customer executives, partner dealers, manufacturers' senior managers,
 * export company heads. Guest pays lodging; lunch ≤ 500, dinner ≤ 500, sightseeing / entertainment ≤ 700;
 * +100 per meal and +200 entertainment for each guest beyond 2.
 *
 * @since 0.1.0
 * @category seed grades
 */
export const senior: VisitorLevel = {
  id: "senior",
  label: Label.make("高级人员级别", "Senior"),
  eligible: [
    Label.make("工程采购", "project buyers"),
    Label.make("终端消费企业领导", "end-customer executives"),
    Label.make("合作经销商", "partner dealers"),
    Label.make("厂家高层管理人员", "manufacturers' senior managers"),
    Label.make("出口公司负责人", "export company heads")
  ],
  baseHeadcount: 2,
  caps: [
    { category: "meals", meal: "lunch", base: Money.yuan(500), increment: Money.yuan(100), note: keptSimple },
    { category: "meals", meal: "dinner", base: Money.yuan(500), increment: Money.yuan(100) },
    { category: "entertainment", base: Money.yuan(700), increment: Money.yuan(200) }
  ],
  lodging: { payer: "guest" },
  vehicles: [Label.make("四驱车", "4WD"), Label.make("商务车", "business van"), Label.make("的士", "taxi")],
  accompanyingRoles: [regionalManager, marketSupervisor],
  extras: [
    Label.make("公司高层干部家中接待（一至两次）", "home hospitality by executives (once or twice)"),
    Label.make("临行赠送纪念品", "a souvenir on departure")
  ],
  notOffered: []
}

/**
 * 特级人员级别: major dealers' leaders, government, local industry authorities, specially invited
 * leaders. Company pays lodging, 4-star or better at 400–700 a room a night; lunch ≤ 1000, dinner ≤ 1000,
 * sightseeing / entertainment ≤ 1200; +100 per meal and +250 entertainment for each guest beyond 2.
 *
 * @since 0.1.0
 * @category seed grades
 */
export const special: VisitorLevel = {
  id: "special",
  label: Label.make("特级人员级别", "Special"),
  eligible: [
    Label.make("主要市场经销商领导（含内销、出口）", "major dealers' leaders (domestic and export)"),
    Label.make("主要市场政府人员", "government officials"),
    Label.make("本地行业相关部门负责人", "local industry authorities"),
    Label.make("厂家特邀领导、公司特邀领导", "specially invited leaders"),
    Label.make("其他特殊人员", "other special guests")
  ],
  baseHeadcount: 2,
  caps: [
    { category: "meals", meal: "lunch", base: Money.yuan(1000), increment: Money.yuan(100), note: keptSimple },
    { category: "meals", meal: "dinner", base: Money.yuan(1000), increment: Money.yuan(100) },
    { category: "entertainment", base: Money.yuan(1200), increment: Money.yuan(250) }
  ],
  lodging: { payer: "company", minimumStars: 4, ratePerRoomNight: { min: Money.yuan(400), max: Money.yuan(700) } },
  vehicles: [Label.make("商务车", "business van"), Label.make("租用高级用车", "rented premium car")],
  accompanyingRoles: [regionalManager, marketSupervisor, marketingGeneralManager, shareholder],
  extras: [Label.make("临行赠送纪念品", "a souvenir on departure")],
  notOffered: []
}

/**
 * A grade table: reception types and visitor levels, versioned.
 *
 * @since 0.1.0
 * @category models
 */
export interface Grades {
  readonly version: string
  readonly receptionTypes: ReadonlyArray<ReceptionType>
  readonly levels: ReadonlyArray<VisitorLevel>
}

/**
 * The Schema of {@link Grades}; ids must be unique within each list.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Grades = Schema.Struct({
  version: Schema.NonEmptyTrimmedString,
  receptionTypes: Schema.Array(ReceptionType),
  levels: Schema.Array(VisitorLevel)
})
  .pipe(
    Schema.filter((g) => {
      const types = new Set(g.receptionTypes.map((t) => t.id))
      const levels = new Set(g.levels.map((l) => l.id))
      return (
        (types.size === g.receptionTypes.length && levels.size === g.levels.length) ||
        "reception type ids and visitor level ids must be unique"
      )
    })
  )
  .annotations({ identifier: "Grades" })

/**
 * The seeds' grades: simple / business / premium and ordinary / senior / special.
 *
 * @since 0.1.0
 * @category seed grades
 */
export const seed: Grades = {
  version: "seed-1",
  receptionTypes: [simple, business, premium],
  levels: [ordinary, senior, special]
}

/**
 * Adds reception types and levels, replacing those with the same id, under a new version.
 *
 * @since 0.1.0
 * @category combinators
 */
export const extend = (
  grades: Grades,
  additions: {
    readonly version: string
    readonly receptionTypes?: ReadonlyArray<ReceptionType>
    readonly levels?: ReadonlyArray<VisitorLevel>
  }
): Grades => {
  const merge = <A extends { readonly id: GradeId }>(
    base: ReadonlyArray<A>,
    more: ReadonlyArray<A>
  ): ReadonlyArray<A> => [...base.filter((a) => !more.some((b) => b.id === a.id)), ...more]
  return {
    version: additions.version,
    receptionTypes: merge(grades.receptionTypes, additions.receptionTypes ?? []),
    levels: merge(grades.levels, additions.levels ?? [])
  }
}

/**
 * The visitor level with an id.
 *
 * @since 0.1.0
 * @category getters
 */
export const findLevel = (grades: Grades, levelId: string): Option.Option<VisitorLevel> =>
  Option.fromNullable(grades.levels.find((l) => l.id === levelId))

/**
 * The reception type with an id.
 *
 * @since 0.1.0
 * @category getters
 */
export const findReceptionType = (grades: Grades, typeId: string): Option.Option<ReceptionType> =>
  Option.fromNullable(grades.receptionTypes.find((t) => t.id === typeId))

/**
 * A cap and the text that says how it was reached: "400 + 3 × 50 for the guests beyond 2 = 550 CNY".
 *
 * @since 0.1.0
 * @category models
 */
export interface DerivedCap extends Derived {}

/**
 * A level's cap for a category (and meal) at a headcount, with how it was derived:
 * `capOf(ordinary, "meals", "dinner", 5)` is 550 CNY, "400 + 3 × 50 for the guests beyond 2 = 550 CNY".
 *
 * @since 0.1.0
 * @category math
 */
export const capOf = (
  level: VisitorLevel,
  category: Expense.ExpenseCategory,
  meal: Expense.MealKind | undefined,
  guests: number
): Option.Option<DerivedCap> => {
  const cap = level.caps.find((c) => c.category === category && c.meal === meal)
  return cap === undefined
    ? Option.none()
    : Option.some(scaledCap(cap.base, level.baseHeadcount, cap.increment, guests))
}
