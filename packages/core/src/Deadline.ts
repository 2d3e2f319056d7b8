/**
 * Deadline rules (期限规则) as data, evaluated on a business calendar with an explanation.
 *
 * A rule hangs on an anchor (the event's start or end, the moment notice was received, a named
 * holiday, a period boundary, or any anchor a procedure names) and an offset in working days,
 * calendar days, weeks, hours, minutes or working hours, before or after. Rules are Schema data,
 * so procedures carry them and host apps store them as JSON.
 *
 * Evaluating a rule gives the due instant (zoned), the window when the rule has one, and an
 * explanation: the anchor's value, the rule, every day skipped and why, the roll applied and the
 * calendar's data version, as data and as a sentence in en and zh-CN. {@link feasibility} tells
 * at notice time whether a deadline is already missed, and by how many working days.
 *
 * @since 0.1.0
 */
import * as DateTime from "effect/DateTime"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import * as BusinessCalendar from "./BusinessCalendar.js"
import * as Ix from "./internal/calendarIndex.js"
import { ISO_INSTANT, instantMillis } from "./internal/instantText.js"
import * as Issues from "./internal/issues.js"
import { localToMillis, millisToLocal, zoned } from "./internal/zone.js"
import * as Label from "./Label.js"
import * as LocalDate from "./LocalDate.js"

// ---------------------------------------------------------------------------------------------
// Rules as data
// ---------------------------------------------------------------------------------------------

/**
 * Units an offset counts in. Day units land on dates; hour and minute units on instants;
 * working hours and minutes count only the calendar's working intervals.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Unit = Schema.Literal(
  "workingDays",
  "calendarDays",
  "weeks",
  "hours",
  "minutes",
  "workingHours",
  "workingMinutes"
)

/**
 * @since 0.1.0
 * @category models
 */
export type Unit = typeof Unit.Type

/**
 * An offset from an anchor: `{ amount: 5, unit: "workingDays", direction: "before" }`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Offset = Schema.Struct({
  amount: Schema.Int.pipe(Schema.between(0, 100_000)),
  unit: Unit,
  direction: Schema.Literal("before", "after")
}).annotations({ identifier: "Offset" })

/**
 * @since 0.1.0
 * @category models
 */
export type Offset = typeof Offset.Type

/**
 * Calendar periods for period anchors, `During` rules and recurrences.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Period = Schema.Literal("month", "quarter", "half-year", "year")

/**
 * @since 0.1.0
 * @category models
 */
export type Period = typeof Period.Type

/**
 * @since 0.1.0
 * @category models
 */
export type Anchor =
  | { readonly _tag: "EventStart" }
  | { readonly _tag: "EventEnd" }
  | { readonly _tag: "NoticeReceived" }
  | {
      readonly _tag: "Holiday"
      /** The holiday's name in the calendar (English or Chinese), e.g. "Spring Festival" or "春节". */
      readonly name: string
      /** Which break of that name, relative to the event (or the recurrence's period). Default `nearest`. */
      readonly which?: "nearest" | "next" | "previous" | "inPeriod"
      /** The break's first or last day. Default `start`. */
      readonly edge?: "start" | "end"
    }
  | { readonly _tag: "PeriodBoundary"; readonly period: Period; readonly edge: "start" | "end" }
  | { readonly _tag: "Named"; readonly name: string }
  | { readonly _tag: "Shifted"; readonly base: Anchor; readonly offset: Offset }

/**
 * What a deadline hangs on. `Named` anchors take their value from the evaluation context (e.g. a
 * guest's train arrival); `Shifted` anchors move another anchor (arrival = departure + travel).
 *
 * @since 0.1.0
 * @category schemas
 */
export const Anchor: Schema.Schema<Anchor> = Schema.Union(
  Schema.TaggedStruct("EventStart", {}),
  Schema.TaggedStruct("EventEnd", {}),
  Schema.TaggedStruct("NoticeReceived", {}),
  Schema.TaggedStruct("Holiday", {
    name: Schema.NonEmptyTrimmedString,
    which: Schema.optionalWith(Schema.Literal("nearest", "next", "previous", "inPeriod"), { exact: true }),
    edge: Schema.optionalWith(Schema.Literal("start", "end"), { exact: true })
  }),
  Schema.TaggedStruct("PeriodBoundary", { period: Period, edge: Schema.Literal("start", "end") }),
  Schema.TaggedStruct("Named", { name: Schema.NonEmptyTrimmedString }),
  Schema.TaggedStruct("Shifted", { base: Schema.suspend((): Schema.Schema<Anchor> => Anchor), offset: Offset })
).annotations({ identifier: "Anchor" })

/**
 * When in the due day a day-based deadline falls: the end of the working day (the default), its
 * start, or a local time `HH:MM`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const TimeOfDay = Schema.Union(
  Schema.Literal("endOfWorkingDay", "startOfWorkingDay"),
  Schema.String.pipe(Schema.pattern(/^([01]\d|2[0-3]):[0-5]\d$/, { message: () => "expected HH:MM" }))
)

/**
 * How a day-based deadline that lands on a non-working day moves: a calendar roll convention, or
 * `none` to keep the day (an event on a Sunday still happens on the Sunday).
 *
 * @since 0.1.0
 * @category schemas
 */
export const DeadlineRoll = Schema.Union(BusinessCalendar.RollConvention, Schema.Literal("none"))

/**
 * @since 0.1.0
 * @category models
 */
export type DeadlineRoll = typeof DeadlineRoll.Type

/**
 * A cut-off branch: `workingDays` after the (effective) day of receipt, by a local time.
 *
 * @since 0.1.0
 * @category schemas
 */
export const CutoffBranch = Schema.Struct({
  workingDays: Schema.Int.pipe(Schema.between(0, 10_000)),
  by: Schema.String.pipe(Schema.pattern(/^([01]\d|2[0-3]):[0-5]\d$/, { message: () => "expected HH:MM" }))
})

/** The months (1–12) in which a period of a kind starts. */
const startMonths = (period: Period): ReadonlyArray<number> =>
  period === "month"
    ? [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]
    : period === "quarter"
      ? [1, 4, 7, 10]
      : period === "half-year"
        ? [1, 7]
        : [1]

/** Why a Recurring rule's months can never match its periods, if they cannot. */
const monthsProblem = (every: Period, months: ReadonlyArray<number> | undefined): string | undefined => {
  const starts = startMonths(every)
  const never = (months ?? []).filter((m) => !starts.includes(m))
  return never.length === 0
    ? undefined
    : `no ${every} starts in month ${never.join(", ")} (a ${every} starts in month ${starts.join(", ")}); ` +
        `for "every June and December" write every: "month", months: [6, 12]`
}

const Meta = {
  /** A stable id, used in explanations and plans. */
  id: Schema.optionalWith(Schema.NonEmptyTrimmedString, { exact: true }),
  /** Human labels. */
  label: Schema.optionalWith(Label.Label, { exact: true })
}

/**
 * @since 0.1.0
 * @category models
 */
export interface RuleMeta {
  readonly id?: string
  readonly label?: Label.Label
}

/**
 * @since 0.1.0
 * @category models
 */
export type Rule =
  | (RuleMeta & {
      readonly _tag: "Point"
      readonly anchor: Anchor
      readonly offset: Offset
      readonly roll?: DeadlineRoll
      readonly at?: typeof TimeOfDay.Type
    })
  | (RuleMeta & {
      readonly _tag: "Window"
      readonly anchor: Anchor
      /** The end farther from the anchor when before it (15 days before), nearer when after. */
      readonly opens: Offset
      readonly due: Offset
    })
  | (RuleMeta & {
      readonly _tag: "Cutoff"
      readonly anchor: Anchor
      /** Local time of day that splits receipt into early and late. */
      readonly cutoff: string
      readonly ifBefore: typeof CutoffBranch.Type
      readonly ifAfter: typeof CutoffBranch.Type
    })
  | (RuleMeta & { readonly _tag: "During"; readonly period: Period })
  | (RuleMeta & {
      readonly _tag: "Recurring"
      readonly every: Period
      /**
       * Only periods that start in these months (1–12), e.g. `every: "month", months: [6, 12]` for
       * "every June and December". A month in which no period of `every` starts is refused.
       */
      readonly months?: ReadonlyArray<number>
      readonly rule: Rule
    })

/**
 * A deadline rule:
 * - `Point`: an anchor and an offset ("5 working days before the event", "within 2 hours of notice",
 *   "the day after it ends"; amount 0 for "same day");
 * - `Window`: a range whose two ends are rolled inward onto working days ("10–15 days before
 *   Spring Festival", "2–3 days before");
 * - `Cutoff`: "the same day by 16:00 when received before 10:00, else the next working day by 16:00";
 * - `During`: any time in the period of the event ("once per quarter");
 * - `Recurring`: a rule repeated every month / quarter / half-year / year, e.g. "every June and
 *   December" or "yearly, 10–15 days before Spring Festival".
 *
 * @since 0.1.0
 * @category schemas
 */
export const Rule: Schema.Schema<Rule> = Schema.Union(
  Schema.TaggedStruct("Point", {
    ...Meta,
    anchor: Anchor,
    offset: Offset,
    roll: Schema.optionalWith(DeadlineRoll, { exact: true }),
    at: Schema.optionalWith(TimeOfDay, { exact: true })
  }),
  Schema.TaggedStruct("Window", { ...Meta, anchor: Anchor, opens: Offset, due: Offset }),
  Schema.TaggedStruct("Cutoff", {
    ...Meta,
    anchor: Anchor,
    cutoff: Schema.String.pipe(Schema.pattern(/^([01]\d|2[0-3]):[0-5]\d$/, { message: () => "expected HH:MM" })),
    ifBefore: CutoffBranch,
    ifAfter: CutoffBranch
  }),
  Schema.TaggedStruct("During", { ...Meta, period: Period }),
  Schema.TaggedStruct("Recurring", {
    ...Meta,
    every: Period,
    months: Schema.optionalWith(Schema.Array(Schema.Int.pipe(Schema.between(1, 12))), { exact: true }),
    rule: Schema.suspend((): Schema.Schema<Rule> => Rule)
  }).pipe(
    Schema.filter((r) => {
      const problem = monthsProblem(r.every, r.months)
      return problem === undefined || { path: ["months"], message: problem }
    })
  )
).annotations({ identifier: "Rule" })

// ---------------------------------------------------------------------------------------------
// Constructors for the common shapes
// ---------------------------------------------------------------------------------------------

/**
 * The names of the `Named` anchors a rule waits for (through `Shifted` anchors and recurrences):
 * the values an engagement must give before the rule can be evaluated.
 *
 * @since 0.1.0
 * @category anchors
 */
export const namedAnchors = (rule: Rule): ReadonlyArray<string> => {
  const ofAnchor = (a: Anchor): ReadonlyArray<string> =>
    a._tag === "Named" ? [a.name] : a._tag === "Shifted" ? ofAnchor(a.base) : []
  switch (rule._tag) {
    case "Point":
    case "Window":
    case "Cutoff":
      return ofAnchor(rule.anchor)
    case "During":
      return []
    case "Recurring":
      return namedAnchors(rule.rule)
  }
}

/**
 * @since 0.1.0
 * @category anchors
 */
export const eventStart: Anchor = { _tag: "EventStart" }

/**
 * @since 0.1.0
 * @category anchors
 */
export const eventEnd: Anchor = { _tag: "EventEnd" }

/**
 * @since 0.1.0
 * @category anchors
 */
export const noticeReceived: Anchor = { _tag: "NoticeReceived" }

/**
 * @since 0.1.0
 * @category anchors
 */
export const holiday = (
  name: string,
  options?: { readonly which?: "nearest" | "next" | "previous" | "inPeriod"; readonly edge?: "start" | "end" }
): Anchor => ({ _tag: "Holiday", name, ...options })

/**
 * @since 0.1.0
 * @category anchors
 */
export const named = (name: string): Anchor => ({ _tag: "Named", name })

/**
 * `n` units before an anchor.
 *
 * @since 0.1.0
 * @category constructors
 */
export const before = (amount: number, unit: Unit): Offset => ({ amount, unit, direction: "before" })

/**
 * `n` units after an anchor.
 *
 * @since 0.1.0
 * @category constructors
 */
export const after = (amount: number, unit: Unit): Offset => ({ amount, unit, direction: "after" })

/**
 * A `Point` rule.
 *
 * @since 0.1.0
 * @category constructors
 */
export const point = (
  anchor: Anchor,
  offset: Offset,
  options?: RuleMeta & { readonly roll?: DeadlineRoll; readonly at?: typeof TimeOfDay.Type }
): Rule => ({ _tag: "Point", ...options, anchor, offset })

/**
 * A `Window` rule: opens at one offset, due at the other.
 *
 * @since 0.1.0
 * @category constructors
 */
export const window = (anchor: Anchor, opens: Offset, due: Offset, options?: RuleMeta): Rule => ({
  _tag: "Window",
  ...options,
  anchor,
  opens,
  due
})

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

/**
 * A rule that cannot be evaluated in its context: a missing anchor value, a holiday the calendar
 * does not know near the event, a window with no working day inside.
 *
 * @since 0.1.0
 * @category errors
 */
export class DeadlineError extends Schema.TaggedError<DeadlineError>()("DeadlineError", {
  reason: Schema.Literal("MissingAnchor", "UnknownHoliday", "EmptyWindow", "InvalidRule", "InvalidContext"),
  ruleId: Schema.optionalWith(Schema.String, { exact: true }),
  message: Schema.String
}) {}

/**
 * @since 0.1.0
 * @category errors
 */
export type EvaluationError = DeadlineError | BusinessCalendar.CalendarError

// ---------------------------------------------------------------------------------------------
// Evaluation
// ---------------------------------------------------------------------------------------------

/**
 * A moment given to an evaluation: a zoned or UTC `DateTime`, an ISO instant with offset
 * (`2026-02-24T09:30:00+08:00`), or a date `YYYY-MM-DD` (its start in the calendar's zone).
 *
 * @since 0.1.0
 * @category models
 */
export type MomentInput = DateTime.DateTime | string

/**
 * What a rule is evaluated against.
 *
 * @since 0.1.0
 * @category models
 */
export interface Context {
  readonly calendar: BusinessCalendar.BusinessCalendar
  readonly eventStart?: MomentInput
  readonly eventEnd?: MomentInput
  readonly notice?: MomentInput
  /** Values of `Named` anchors. */
  readonly anchors?: Readonly<Record<string, MomentInput>>
  /** How explanations name the `Named` anchors (a procedure declares them), e.g. returnArrival → 客人返程抵达时间. */
  readonly anchorLabels?: Readonly<Record<string, Label.Label>>
  /** Refuse (default) or answer provisionally beyond the calendar's coverage. */
  readonly beyondCoverage?: "fail" | "provisional"
}

/**
 * A day stepped over or counted while evaluating, with why it matters.
 *
 * @since 0.1.0
 * @category models
 */
export interface SkippedDay {
  readonly date: LocalDate.LocalDate
  readonly kind: BusinessCalendar.DayInfo["kind"]
  readonly reason: string
  readonly holiday?: { readonly name: string; readonly nameZh?: string }
}

/**
 * A text in zh-CN and en (the library's `Label`).
 *
 * @since 0.1.0
 * @category models
 */
export type Text = Label.Label

/**
 * Why a deadline is where it is, as data and as sentences.
 *
 * @since 0.1.0
 * @category models
 */
export interface Explanation {
  readonly anchor: {
    readonly kind: Anchor["_tag"]
    readonly label: Text
    readonly value: string
    readonly date: LocalDate.LocalDate
  }
  readonly rule: Text
  /** Non-plain days between the anchor and each end: weekends, holidays, and make-up working days counted. */
  readonly days: ReadonlyArray<SkippedDay>
  readonly rolls: ReadonlyArray<{
    readonly end: "opens" | "due"
    readonly convention: DeadlineRoll
    readonly from: LocalDate.LocalDate
    readonly to: LocalDate.LocalDate
    readonly reason: string
  }>
  readonly calendar: { readonly id: string; readonly version: string; readonly source: string }
  readonly assumptions: ReadonlyArray<string>
  readonly sentence: Text
}

/**
 * An evaluated deadline.
 *
 * @since 0.1.0
 * @category models
 */
export interface Evaluation {
  readonly ruleId: string | undefined
  /** When the work is due (zoned in the calendar's zone). */
  readonly due: DateTime.Zoned
  readonly dueDate: LocalDate.LocalDate
  /** When the window opens, for windows and periods. */
  readonly opens: DateTime.Zoned | undefined
  readonly opensDate: LocalDate.LocalDate | undefined
  /** True when the answer rests on days beyond the calendar's coverage. */
  readonly provisional: boolean
  /** Built on first read: plans evaluate many rules and most callers read only the dates. */
  readonly explanation: Explanation
  /** Epoch milliseconds of `due` and `opens`, for comparisons without building DateTimes. */
  readonly dueMillis: number
  readonly opensMillis: number | undefined
}

class EvaluationImpl implements Evaluation {
  readonly ruleId: string | undefined
  readonly dueDate: LocalDate.LocalDate
  readonly opensDate: LocalDate.LocalDate | undefined
  readonly provisional: boolean
  readonly dueMillis: number
  readonly opensMillis: number | undefined
  #due: DateTime.Zoned | undefined
  #opens: DateTime.Zoned | undefined
  #explanation: Explanation | undefined
  readonly #scope: Scope
  readonly #rule: Rule
  readonly #draft: Draft
  readonly #assumptions: ReadonlyArray<string>
  constructor(scope: Scope, rule: Rule, draft: Draft, provisional: boolean, assumptions: ReadonlyArray<string>) {
    this.ruleId = rule.id
    this.dueDate = dayText(scope, draft.dueDay)
    this.opensDate = draft.opensDay === undefined ? undefined : dayText(scope, draft.opensDay)
    this.provisional = provisional
    this.dueMillis = draft.due
    this.opensMillis = draft.opens
    this.#scope = scope
    this.#rule = rule
    this.#draft = draft
    this.#assumptions = assumptions
  }
  get due(): DateTime.Zoned {
    this.#due ??= zoned(this.#scope.calendar, this.dueMillis)
    return this.#due
  }
  get opens(): DateTime.Zoned | undefined {
    if (this.opensMillis === undefined) return undefined
    this.#opens ??= zoned(this.#scope.calendar, this.opensMillis)
    return this.#opens
  }
  get explanation(): Explanation {
    this.#explanation ??= explain(this.#scope, this.#rule, this.#draft, this.#assumptions)
    return this.#explanation
  }
  toJSON() {
    return toJson(this)
  }
}

interface Moment {
  readonly millis: number
  readonly day: number
  /** False when given as a bare date. */
  readonly timed: boolean
}

interface Resolved extends Moment {
  /** Built only when an explanation is read. */
  readonly label: () => Text
}

interface Scope {
  readonly calendar: BusinessCalendar.BusinessCalendar
  readonly ctx: Context
  /** Moments of the context already read, shared by every rule evaluated against it. */
  readonly moments: Map<string, Either.Either<Moment, BusinessCalendar.InvalidArgument>>
  /** The recurrence period in force, if any: [first day, last day]. */
  readonly period?: readonly [number, number]
  readonly ruleId: string | undefined
  lo: number
  hi: number
}

const fail = (scope: Scope, reason: DeadlineError["reason"], message: string) =>
  Either.left(new DeadlineError({ reason, message, ...(scope.ruleId ? { ruleId: scope.ruleId } : {}) }))

const touch = (scope: Scope, day: number): void => {
  if (day < scope.lo) scope.lo = day
  if (day > scope.hi) scope.hi = day
}

/** @internal Reads a moment input in a calendar's zone. */
export const readMoment = (
  calendar: BusinessCalendar.BusinessCalendar,
  input: MomentInput,
  argument: string
): Either.Either<Moment, BusinessCalendar.InvalidArgument> => {
  if (typeof input === "string") {
    const day = LocalDate.toEpochDay(input)
    if (!Number.isNaN(day)) return Either.right({ millis: localToMillis(calendar, day, 0), day, timed: false })
    if (!ISO_INSTANT.test(input)) {
      return Either.left(
        new BusinessCalendar.InvalidArgument({
          argument,
          message: `${argument}: expected YYYY-MM-DD or an ISO 8601 instant with offset, got ${JSON.stringify(input)}`
        })
      )
    }
    const millis = instantMillis(input)
    if (Number.isNaN(millis)) {
      return Either.left(
        new BusinessCalendar.InvalidArgument({
          argument,
          message: `${argument}: not a real instant: ${JSON.stringify(input)}`
        })
      )
    }
    return Either.right({ millis, day: millisToLocal(calendar, millis).epochDay, timed: true })
  }
  if (!DateTime.isDateTime(input)) {
    return Either.left(
      new BusinessCalendar.InvalidArgument({ argument, message: `${argument}: expected a DateTime or an ISO string` })
    )
  }
  const millis = DateTime.toEpochMillis(input)
  return Either.right({ millis, day: millisToLocal(calendar, millis).epochDay, timed: true })
}

const dayText = (scope: Scope, day: number) => Ix.textOf(scope.calendar.index, day) as LocalDate.LocalDate

const PERIOD_LABEL: Record<Period, Text> = {
  month: { en: "month", "zh-CN": "月" },
  quarter: { en: "quarter", "zh-CN": "季度" },
  "half-year": { en: "half-year", "zh-CN": "半年" },
  year: { en: "year", "zh-CN": "年" }
}

/**
 * First and last epoch day of the period (month, quarter, half-year, year) containing an epoch day.
 *
 * @since 0.1.0
 * @category utils
 */
export const periodOf = (period: Period, day: number): readonly [number, number] => {
  const { month, year } = LocalDate.partsOfEpochDay(day)
  const size = period === "month" ? 1 : period === "quarter" ? 3 : period === "half-year" ? 6 : 12
  const firstMonth = Math.floor((month - 1) / size) * size + 1
  const lastMonth = firstMonth + size - 1
  return [
    LocalDate.epochDayOf(year, firstMonth, 1),
    LocalDate.epochDayOf(year, lastMonth, LocalDate.daysInMonth(year, lastMonth))
  ]
}

/** A moment of the context, read once per prepared context. */
const momentOf = (
  scope: Scope,
  argument: string,
  input: MomentInput
): Either.Either<Moment, BusinessCalendar.InvalidArgument> => {
  let moment = scope.moments.get(argument)
  if (moment === undefined) {
    moment = readMoment(scope.calendar, input, argument)
    scope.moments.set(argument, moment)
  }
  return moment
}

const referenceDay = (scope: Scope): Either.Either<number, EvaluationError> => {
  if (scope.period) return Either.right(scope.period[0])
  const { ctx } = scope
  const input = ctx.eventStart ?? ctx.notice
  if (input === undefined) {
    return fail(scope, "MissingAnchor", "this rule needs an event start (or notice) to place its period or holiday")
  }
  return Either.map(momentOf(scope, ctx.eventStart !== undefined ? "eventStart" : "notice", input), (m) => m.day)
}

/** A holiday's names as the calendar writes them, found by either name; else the name as given. */
const holidayNames = (name: string, calendar: BusinessCalendar.BusinessCalendar | undefined): Text => {
  const wanted = name.trim().toLowerCase()
  const h = calendar?.data.holidays.find((h) => h.name.toLowerCase() === wanted || h.nameZh?.toLowerCase() === wanted)
  return h ? { en: h.name, "zh-CN": h.nameZh ?? h.name } : { en: name, "zh-CN": name }
}

const anchorLabel = (
  anchor: Anchor,
  calendar?: BusinessCalendar.BusinessCalendar,
  labels?: Readonly<Record<string, Label.Label>>
): Text => {
  switch (anchor._tag) {
    case "EventStart":
      return { en: "the event start", "zh-CN": "活动开始" }
    case "EventEnd":
      return { en: "the event end", "zh-CN": "活动结束" }
    case "NoticeReceived":
      return { en: "notice received", "zh-CN": "接到通知" }
    case "Holiday": {
      const names = holidayNames(anchor.name, calendar)
      return {
        en: `${names.en}${anchor.edge === "end" ? " (last day)" : ""}`,
        "zh-CN": `${names["zh-CN"]}${anchor.edge === "end" ? "（最后一天）" : ""}`
      }
    }
    case "PeriodBoundary": {
      const p = PERIOD_LABEL[anchor.period]
      return anchor.edge === "start"
        ? { en: `the start of the ${p.en}`, "zh-CN": `${p["zh-CN"]}初` }
        : { en: `the end of the ${p.en}`, "zh-CN": `${p["zh-CN"]}末` }
    }
    case "Named":
      return labels?.[anchor.name] ?? { en: anchor.name, "zh-CN": anchor.name }
    case "Shifted": {
      const base = anchorLabel(anchor.base, calendar, labels)
      const o = offsetText(anchor.offset)
      return { en: `${o.en} ${base.en}`, "zh-CN": `${base["zh-CN"]}${o["zh-CN"]}` }
    }
  }
}

const UNIT_TEXT: Record<Unit, readonly [string, string]> = {
  workingDays: ["working day", "个工作日"],
  calendarDays: ["day", "天"],
  weeks: ["week", "周"],
  hours: ["hour", "小时"],
  minutes: ["minute", "分钟"],
  workingHours: ["working hour", "个工作小时"],
  workingMinutes: ["working minute", "个工作分钟"]
}

const offsetText = (o: Offset): Text => {
  const [en, zh] = UNIT_TEXT[o.unit]
  if (o.amount === 0) return { en: "on the day of", "zh-CN": "当天" }
  return {
    en: `${o.amount} ${en}${o.amount === 1 ? "" : "s"} ${o.direction}`,
    "zh-CN": `${o.direction === "before" ? "前" : "后"}${o.amount}${zh}`
  }
}

/**
 * A rule in words, e.g. "5 working days before the event start" / "活动开始前5个工作日". Given a
 * calendar, holidays are named as its data names them in each language ("Spring Festival" / "春节");
 * given labels, named anchors are named by them.
 *
 * @since 0.1.0
 * @category utils
 */
export const describe = (
  rule: Rule,
  calendar?: BusinessCalendar.BusinessCalendar,
  labels?: Readonly<Record<string, Label.Label>>
): Text => {
  switch (rule._tag) {
    case "Point": {
      const a = anchorLabel(rule.anchor, calendar, labels)
      const o = offsetText(rule.offset)
      return o.en === "on the day of"
        ? { en: `on the day of ${a.en}`, "zh-CN": `${a["zh-CN"]}当天` }
        : { en: `${o.en} ${a.en}`, "zh-CN": `${a["zh-CN"]}${o["zh-CN"]}` }
    }
    case "Window": {
      const a = anchorLabel(rule.anchor, calendar, labels)
      const x = offsetText(rule.opens)
      const y = offsetText(rule.due)
      return { en: `from ${x.en} to ${y.en} ${a.en}`, "zh-CN": `${a["zh-CN"]}${x["zh-CN"]}至${y["zh-CN"]}` }
    }
    case "Cutoff": {
      const a = anchorLabel(rule.anchor, calendar, labels)
      const day = (n: number): Text =>
        n === 0
          ? { en: "the same working day", "zh-CN": "当个工作日" }
          : n === 1
            ? { en: "the next working day", "zh-CN": "下一个工作日" }
            : { en: `${n} working days later`, "zh-CN": `${n}个工作日后` }
      const b = day(rule.ifBefore.workingDays)
      const l = day(rule.ifAfter.workingDays)
      return {
        en: `${b.en} by ${rule.ifBefore.by} when ${a.en} before ${rule.cutoff}, else ${l.en} by ${rule.ifAfter.by}`,
        "zh-CN": `${a["zh-CN"]}在${rule.cutoff}前的，${b["zh-CN"]}${rule.ifBefore.by}前；否则${l["zh-CN"]}${rule.ifAfter.by}前`
      }
    }
    case "During": {
      const p = PERIOD_LABEL[rule.period]
      return { en: `within the ${p.en}`, "zh-CN": `本${p["zh-CN"]}内` }
    }
    case "Recurring": {
      const p = PERIOD_LABEL[rule.every]
      const inner = describe(rule.rule, calendar, labels)
      const months = rule.months && rule.months.length > 0 ? rule.months : undefined
      return {
        en: `every ${p.en}${months ? ` starting in month ${months.join(" and ")}` : ""}: ${inner.en}`,
        "zh-CN": `每${p["zh-CN"]}${months ? `（${months.join("、")}月）` : ""}：${inner["zh-CN"]}`
      }
    }
  }
}

/** The holiday break an anchor names, as [first day, last day]. */
const resolveHoliday = (
  scope: Scope,
  anchor: Extract<Anchor, { _tag: "Holiday" }>
): Either.Either<readonly [number, number], EvaluationError> =>
  Either.flatMap(referenceDay(scope), (ref) => {
    const blocks = BusinessCalendar.holidayBlocks(scope.calendar, anchor.name).map(
      (b) => [LocalDate.toEpochDay(b.from), LocalDate.toEpochDay(b.to)] as const
    )
    const which = anchor.which ?? (scope.period ? "inPeriod" : "nearest")
    let found: readonly [number, number] | undefined
    if (which === "inPeriod") {
      const [p0, p1] = scope.period ?? periodOf("year", ref)
      found = blocks.find(([from]) => from >= p0 && from <= p1)
    } else if (which === "next") {
      found = blocks.find(([from]) => from >= ref)
    } else if (which === "previous") {
      found = [...blocks].reverse().find(([from]) => from <= ref)
    } else {
      for (const b of blocks) if (!found || Math.abs(b[0] - ref) < Math.abs(found[0] - ref)) found = b
    }
    // The days between the reference and the chosen break (both ways for `nearest`) must be in the
    // data: a break of that name beyond the coverage could be the right one, and is unknown.
    const ix = scope.calendar.index
    const reach = found ? Math.abs(found[0] - ref) : 0
    const [needFrom, needTo] =
      which === "inPeriod"
        ? [(scope.period ?? periodOf("year", ref))[0], found ? found[0] : ref]
        : which === "next"
          ? [ref, found ? found[0] : ref]
          : which === "previous"
            ? [found ? found[0] : ref, ref]
            : [ref - reach + 1, ref + reach - 1]
    const known = needFrom >= ix.start && needTo <= ix.end
    // A break more than ~13 months from the reference is a sign of missing data, not an answer.
    if (!found || !known || reach > 400) {
      return fail(
        scope,
        "UnknownHoliday",
        `calendar ${scope.calendar.id} (data ${scope.calendar.data.version}, ${scope.calendar.data.coverage.from}–${scope.calendar.data.coverage.to}) ` +
          (found && !known && reach <= 400
            ? `cannot tell the ${which} ${anchor.name} to ${dayText(scope, ref)} without data ${needFrom < ix.start ? `from ${dayText(scope, needFrom)}` : `up to ${dayText(scope, needTo)}`}`
            : `has no ${anchor.name} (${which}) near ${dayText(scope, ref)}`) +
          "; load the holiday notice for that year"
      )
    }
    return Either.right(found)
  })

const resolveAnchor = (scope: Scope, anchor: Anchor): Either.Either<Resolved, EvaluationError> => {
  const { calendar, ctx } = scope
  const label = () => anchorLabel(anchor, calendar, ctx.anchorLabels)
  const given = (input: MomentInput | undefined, argument: string, what: string) =>
    input === undefined
      ? fail(scope, "MissingAnchor", `this rule is anchored on ${what}, but the context gives no ${argument}`)
      : Either.map(
          momentOf(scope, argument, input),
          (m): Resolved => ({ millis: m.millis, day: m.day, timed: m.timed, label })
        )
  switch (anchor._tag) {
    case "EventStart":
      return given(ctx.eventStart, "eventStart", "the event start")
    case "EventEnd":
      return given(ctx.eventEnd ?? ctx.eventStart, "eventEnd", "the event end")
    case "NoticeReceived":
      return given(ctx.notice, "notice", "the moment notice was received")
    case "Named":
      return given(ctx.anchors?.[anchor.name], `anchors.${anchor.name}`, `"${anchor.name}"`)
    case "Holiday":
      return Either.map(resolveHoliday(scope, anchor), ([from, to]) => {
        const day = anchor.edge === "end" ? to : from
        const names = BusinessCalendar.describeDay(calendar, from).holiday
        const last = anchor.edge === "end" ? { en: " (last day)", "zh-CN": "（最后一天）" } : { en: "", "zh-CN": "" }
        return {
          millis: localToMillis(calendar, day, 0),
          day,
          timed: false,
          label: names
            ? () => ({ en: `${names.name}${last.en}`, "zh-CN": `${names.nameZh ?? names.name}${last["zh-CN"]}` })
            : label
        }
      })
    case "PeriodBoundary":
      return Either.map(referenceDay(scope), (ref) => {
        const [from, to] = periodOf(anchor.period, ref)
        const day = anchor.edge === "start" ? from : to
        return { millis: localToMillis(calendar, day, 0), day, timed: false, label }
      })
    case "Shifted":
      return Either.flatMap(resolveAnchor(scope, anchor.base), (base) =>
        Either.map(shift(scope, base, anchor.offset, "none"), (r) => ({ ...r.moment, label }))
      )
  }
}

const UNIT_MS: Partial<Record<Unit, number>> = {
  hours: 3_600_000,
  minutes: 60_000,
  workingHours: 3_600_000,
  workingMinutes: 60_000
}

interface Shifted {
  readonly moment: Moment
  /** The day before any roll, for day units. */
  readonly unrolled?: number
}

/** Applies an offset to a resolved moment; day units land on days, time units on instants. */
const shift = (
  scope: Scope,
  from: Moment,
  offset: Offset,
  roll: DeadlineRoll
): Either.Either<Shifted, EvaluationError> => {
  const { calendar } = scope
  const ix = calendar.index
  const sign = offset.direction === "before" ? -1 : 1
  touch(scope, from.day)
  switch (offset.unit) {
    case "workingDays":
    case "calendarDays":
    case "weeks": {
      const raw =
        offset.unit === "workingDays"
          ? Ix.addWorking(ix, from.day, sign * offset.amount)
          : from.day + sign * offset.amount * (offset.unit === "weeks" ? 7 : 1)
      touch(scope, raw)
      const day = roll === "none" ? raw : BusinessCalendar.rollDay(ix, raw, roll)
      if (day === undefined) {
        return Either.left(
          new BusinessCalendar.NotAWorkingDay({
            calendarId: calendar.id,
            date: dayText(scope, raw),
            reason: BusinessCalendar.describeDay(calendar, raw).reason
          })
        )
      }
      touch(scope, day)
      return Either.right({
        moment: { millis: localToMillis(calendar, day, 0), day, timed: false },
        unrolled: raw
      })
    }
    case "hours":
    case "minutes": {
      const millis = from.millis + sign * offset.amount * UNIT_MS[offset.unit]!
      const day = millisToLocal(calendar, millis).epochDay
      touch(scope, day)
      return Either.right({ moment: { millis, day, timed: true } })
    }
    case "workingHours":
    case "workingMinutes": {
      if (calendar.hours.length === 0)
        return Either.left(new BusinessCalendar.NoWorkingHours({ calendarId: calendar.id }))
      const r = BusinessCalendar.addWorkingMillis(calendar, from.millis, sign * offset.amount * UNIT_MS[offset.unit]!)
      if (r === undefined) return fail(scope, "InvalidRule", "working-time offset reaches more than 10,000 days away")
      touch(scope, r.lastDay)
      return Either.right({ moment: { millis: r.millis, day: r.lastDay, timed: true } })
    }
  }
}

/** The instant of a day-based deadline at its time of day. */
const atTime = (scope: Scope, day: number, at: typeof TimeOfDay.Type | undefined): number => {
  const { calendar } = scope
  switch (at ?? "endOfWorkingDay") {
    case "endOfWorkingDay":
      return BusinessCalendar.endOfDayMillis(calendar, day)
    case "startOfWorkingDay": {
      const first = BusinessCalendar.intervalsOf(calendar, day)[0]
      return localToMillis(calendar, day, first ? first[0] : 0)
    }
    default: {
      const hhmm = at as string
      return localToMillis(calendar, day, Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5)))
    }
  }
}

const defaultRoll = (offset: Offset): DeadlineRoll =>
  offset.unit === "workingDays" || offset.amount === 0
    ? "none"
    : offset.direction === "before"
      ? "preceding"
      : "following"

interface Draft {
  readonly anchor: Resolved & { readonly kind: Anchor["_tag"] }
  readonly due: number
  readonly dueDay: number
  readonly opens?: number
  readonly opensDay?: number
  readonly rolls: Explanation["rolls"]
}

const rollNote = (
  scope: Scope,
  end: "opens" | "due",
  convention: DeadlineRoll,
  from: number | undefined,
  to: number
): Explanation["rolls"] =>
  from === undefined || from === to
    ? []
    : [
        {
          end,
          convention,
          from: dayText(scope, from),
          to: dayText(scope, to),
          reason: BusinessCalendar.describeDay(scope.calendar, from).reason
        }
      ]

/** Spreads are slow on this path: build the anchor record field by field. */
const withKind = (anchor: Resolved, kind: Anchor["_tag"]): Draft["anchor"] => ({
  millis: anchor.millis,
  day: anchor.day,
  timed: anchor.timed,
  label: anchor.label,
  kind
})

const evaluateDraft = (scope: Scope, rule: Rule): Either.Either<Draft, EvaluationError> => {
  switch (rule._tag) {
    case "Point":
      return Either.flatMap(resolveAnchor(scope, rule.anchor), (anchor) => {
        const roll = rule.roll ?? defaultRoll(rule.offset)
        return Either.map(shift(scope, anchor, rule.offset, roll), (s) => {
          let due = s.moment.timed ? s.moment.millis : atTime(scope, s.moment.day, rule.at)
          // An after-rule never falls due before its anchor: "the same day" for an incident at
          // 20:30 is due at the end of that day, not at 18:00 before it happened.
          if (rule.offset.direction === "after" && anchor.timed && due < anchor.millis) {
            due = Math.max(anchor.millis, localToMillis(scope.calendar, s.moment.day + 1, 0))
          }
          return {
            anchor: withKind(anchor, rule.anchor._tag),
            due,
            dueDay: s.moment.day,
            rolls: rollNote(scope, "due", roll, s.unrolled, s.moment.day)
          }
        })
      })
    case "Window":
      return Either.flatMap(resolveAnchor(scope, rule.anchor), (anchor) => {
        // Each end rolls inward: toward the other end, so the window only shrinks.
        const opensFirst = signed(rule.opens) <= signed(rule.due)
        if (!opensFirst) {
          return fail(
            scope,
            "InvalidRule",
            `the window opens (${offsetText(rule.opens).en}) after it is due (${offsetText(rule.due).en})`
          )
        }
        return Either.flatMap(shift(scope, anchor, rule.opens, "following"), (o) =>
          Either.flatMap(shift(scope, anchor, rule.due, "preceding"), (d) => {
            // Compare the instants the window really opens and closes: with one end in days and the
            // other in hours, the day's working hours decide (opens 09:00 is after due 08:00).
            const opens = o.moment.timed ? o.moment.millis : atTime(scope, o.moment.day, "startOfWorkingDay")
            const due = d.moment.timed ? d.moment.millis : atTime(scope, d.moment.day, "endOfWorkingDay")
            if (opens > due && !o.moment.timed && !d.moment.timed) {
              // No working day inside the window ("2–3 days before" a Tuesday is a weekend): the
              // work moves to the nearest working day on the anchor's far side, so a before-window
              // stays before its anchor and an after-window after it.
              const ix = scope.calendar.index
              const away: BusinessCalendar.RollConvention = rule.due.direction === "before" ? "preceding" : "following"
              const day = BusinessCalendar.rollDay(
                ix,
                away === "preceding" ? (d.unrolled ?? d.moment.day) : (o.unrolled ?? o.moment.day),
                away
              )!
              touch(scope, day)
              return Either.right({
                anchor: withKind(anchor, rule.anchor._tag),
                opens: atTime(scope, day, "startOfWorkingDay"),
                opensDay: day,
                due: atTime(scope, day, "endOfWorkingDay"),
                dueDay: day,
                rolls: [
                  ...rollNote(scope, "opens", away, o.unrolled ?? o.moment.day, day),
                  ...rollNote(scope, "due", away, d.unrolled ?? d.moment.day, day)
                ]
              })
            }
            if (opens > due) {
              return fail(
                scope,
                "EmptyWindow",
                `no working ${o.moment.timed || d.moment.timed ? "time" : "day"} between ${dayText(scope, o.unrolled ?? o.moment.day)} and ${dayText(scope, d.unrolled ?? d.moment.day)}`
              )
            }
            return Either.right({
              anchor: withKind(anchor, rule.anchor._tag),
              opens,
              opensDay: o.moment.day,
              due,
              dueDay: d.moment.day,
              rolls: [
                ...rollNote(scope, "opens", "following", o.unrolled, o.moment.day),
                ...rollNote(scope, "due", "preceding", d.unrolled, d.moment.day)
              ]
            })
          })
        )
      })
    case "Cutoff":
      return Either.flatMap(resolveAnchor(scope, rule.anchor), (anchor) => {
        const { calendar } = scope
        const ix = calendar.index
        touch(scope, anchor.day)
        // Received on a day off: it counts as received at the start of the next working day.
        const receivedDay = Ix.isWorking(ix, anchor.day) ? anchor.day : Ix.addWorking(ix, anchor.day, 1)
        const cutoffMillis = localToMillis(calendar, receivedDay, minutes(rule.cutoff))
        const early = receivedDay !== anchor.day || anchor.millis < cutoffMillis
        const branch = early ? rule.ifBefore : rule.ifAfter
        const day = Ix.addWorking(ix, receivedDay, branch.workingDays)
        touch(scope, day)
        return Either.right({
          anchor: withKind(anchor, rule.anchor._tag),
          due: localToMillis(calendar, day, minutes(branch.by)),
          dueDay: day,
          rolls: rollNote(scope, "due", "following", receivedDay !== anchor.day ? anchor.day : undefined, receivedDay)
        })
      })
    case "During":
      return Either.flatMap(referenceDay(scope), (ref) => {
        const { calendar } = scope
        const ix = calendar.index
        const [from, to] = periodOf(rule.period, ref)
        const first = Ix.isWorking(ix, from) ? from : Ix.addWorking(ix, from, 1)
        const last = Ix.isWorking(ix, to) ? to : Ix.addWorking(ix, to, -1)
        touch(scope, from)
        touch(scope, to)
        if (first > last)
          return fail(scope, "EmptyWindow", `no working day in ${dayText(scope, from)}–${dayText(scope, to)}`)
        return Either.right({
          anchor: {
            millis: localToMillis(calendar, from, 0),
            day: from,
            timed: false,
            label: () => ({
              en: `the ${PERIOD_LABEL[rule.period].en} from ${dayText(scope, from)}`,
              "zh-CN": `${dayText(scope, from)}起的${PERIOD_LABEL[rule.period]["zh-CN"]}`
            }),
            kind: "PeriodBoundary"
          },
          opens: atTime(scope, first, "startOfWorkingDay"),
          opensDay: first,
          due: atTime(scope, last, "endOfWorkingDay"),
          dueDay: last,
          rolls: [
            ...rollNote(scope, "opens", "following", from, first),
            ...rollNote(scope, "due", "preceding", to, last)
          ]
        })
      })
    case "Recurring":
      return Either.flatMap(referenceDay(scope), (ref) => {
        const problem = monthsProblem(rule.every, rule.months)
        if (problem !== undefined) return fail(scope, "InvalidRule", problem)
        // With months, the occurrence is the one in the first listed period at or after the reference.
        let period = periodOf(rule.every, ref)
        while (!inMonths(rule, period)) period = periodOf(rule.every, period[1] + 1)
        const inner: Scope = { ...scope, period }
        const draft = evaluateDraft(inner, rule.rule)
        // `inner` is a copy: carry the days it touched back, or the coverage check never sees them.
        if (inner.lo <= inner.hi) {
          touch(scope, inner.lo)
          touch(scope, inner.hi)
        }
        return draft
      })
  }
}

const inMonths = (rule: Extract<Rule, { _tag: "Recurring" }>, period: readonly [number, number]): boolean =>
  rule.months === undefined ||
  rule.months.length === 0 ||
  rule.months.includes(LocalDate.partsOfEpochDay(period[0]).month)

const minutes = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5))

const signed = (o: Offset): number => {
  const scale =
    o.unit === "weeks"
      ? 7 * 1440
      : o.unit === "hours" || o.unit === "workingHours"
        ? 60
        : o.unit === "minutes" || o.unit === "workingMinutes"
          ? 1
          : 1440
  return (o.direction === "before" ? -1 : 1) * o.amount * scale
}

/** Groups consecutive days of one kind and holiday into runs, for sentences. */
const runsOf = (days: ReadonlyArray<SkippedDay>) => {
  const runs: Array<{ from: LocalDate.LocalDate; to: LocalDate.LocalDate; day: SkippedDay }> = []
  for (const d of days) {
    const last = runs[runs.length - 1]
    if (
      last &&
      last.day.kind === d.kind &&
      last.day.holiday?.name === d.holiday?.name &&
      LocalDate.daysBetween(last.to, d.date) === 1
    ) {
      last.to = d.date
    } else runs.push({ from: d.date, to: d.date, day: d })
  }
  return runs
}

const WEEKDAY_ZH = ["", "周一", "周二", "周三", "周四", "周五", "周六", "周日"]

const sentenceOf = (
  scope: Scope,
  rule: Text,
  draft: Draft,
  days: ReadonlyArray<SkippedDay>,
  assumptions: ReadonlyArray<string>
): Text => {
  const { calendar } = scope
  const fmt = (millis: number) => {
    const z = zoned(calendar, millis)
    const p = DateTime.toParts(z)
    return `${dayText(scope, millisToLocal(calendar, millis).epochDay)} ${String(p.hours).padStart(2, "0")}:${String(p.minutes).padStart(2, "0")}`
  }
  const anchorDate = dayText(scope, draft.anchor.day)
  const runs = runsOf(days)
  const range = (r: { from: string; to: string }, sep: string) => (r.from === r.to ? r.from : `${r.from}${sep}${r.to}`)
  const skippedEn = runs
    .filter((r) => r.day.kind !== "makeUpWorkingDay")
    .map((r) =>
      r.day.kind === "holiday"
        ? `${range(r, " to ")} ${r.day.holiday?.name ?? ""} holiday`
        : r.day.kind === "halfDayHoliday"
          ? `${range(r, " to ")} half-day ${r.day.holiday?.name ?? ""}`
          : `${range(r, " to ")} weekend`
    )
  const countedEn = runs
    .filter((r) => r.day.kind === "makeUpWorkingDay")
    .map((r) => `${range(r, " and ")}, a make-up working day for ${r.day.holiday?.name ?? ""}`)
  const skippedZh = runs
    .filter((r) => r.day.kind !== "makeUpWorkingDay")
    .map((r) =>
      r.day.kind === "holiday"
        ? `${range(r, "至")}${r.day.holiday?.nameZh ?? r.day.holiday?.name ?? ""}假期`
        : r.day.kind === "halfDayHoliday"
          ? `${range(r, "至")}${r.day.holiday?.nameZh ?? r.day.holiday?.name ?? ""}半天假`
          : `${range(r, "至")}周末`
    )
  const countedZh = runs
    .filter((r) => r.day.kind === "makeUpWorkingDay")
    .map(
      (r) =>
        `${range(r, "、")}（${WEEKDAY_ZH[LocalDate.weekday(r.from)]}，${r.day.holiday?.nameZh ?? r.day.holiday?.name ?? ""}调休上班）`
    )
  const MAX_RUNS = 6
  if (runs.length > MAX_RUNS) {
    const names = [...new Set(days.filter((d) => d.kind === "holiday").map((d) => d.holiday?.name ?? ""))]
    const namesZh = [
      ...new Set(days.filter((d) => d.kind === "holiday").map((d) => d.holiday?.nameZh ?? d.holiday?.name ?? ""))
    ]
    const off = days.filter((d) => !BusinessCalendar.describeDay(calendar, LocalDate.toEpochDay(d.date)).working).length
    const made = days.filter((d) => d.kind === "makeUpWorkingDay").length
    skippedEn.splice(
      0,
      skippedEn.length,
      `${off} days off (weekends${names.length > 0 ? `; holidays: ${names.join(", ")}` : ""})`
    )
    skippedZh.splice(
      0,
      skippedZh.length,
      `${off}天休息日（周末${namesZh.length > 0 ? `；节假日：${namesZh.join("、")}` : ""}）`
    )
    countedEn.splice(0, countedEn.length, ...(made > 0 ? [`${made} make-up working day${made === 1 ? "" : "s"}`] : []))
    countedZh.splice(0, countedZh.length, ...(made > 0 ? [`${made}个调休上班日`] : []))
  }
  const when = draft.opens !== undefined ? `${fmt(draft.opens)} – ${fmt(draft.due)}` : fmt(draft.due)
  const whenZh = draft.opens !== undefined ? `${fmt(draft.opens)} 至 ${fmt(draft.due)}` : fmt(draft.due)
  const rollsEn = draft.rolls.map((r) => `${r.end} moved from ${r.from} (${r.reason}) to ${r.to} (${r.convention})`)
  const rollsZh = draft.rolls.map(
    // 顺延 is "put off": a roll to an earlier day is 提前 ("brought forward").
    (r) =>
      `${r.end === "due" ? "截止日" : "开始日"}由${r.from}${r.to < r.from ? "提前" : "顺延"}至${r.to}（${r.convention}）`
  )
  const en = [
    `${draft.opens !== undefined ? "Window" : "Due"} ${when} (${calendar.data.timeZone}): ${rule.en} (${anchorDate}).`,
    skippedEn.length > 0 ? `Skipped: ${skippedEn.join("; ")}.` : "",
    countedEn.length > 0 ? `Counted: ${countedEn.join("; ")}.` : "",
    rollsEn.length > 0 ? `${rollsEn.join("; ")}.` : "",
    `Calendar ${calendar.id}, data ${calendar.data.version}.`,
    assumptions.length > 0 ? `Provisional: ${assumptions.join("; ")}.` : ""
  ]
  const zh = [
    `${draft.opens !== undefined ? "时间窗" : "截止"} ${whenZh}（${calendar.data.timeZone}）：${rule["zh-CN"]}（${anchorDate}）。`,
    skippedZh.length > 0 ? `跳过：${skippedZh.join("；")}。` : "",
    countedZh.length > 0 ? `计入：${countedZh.join("；")}。` : "",
    rollsZh.length > 0 ? `${rollsZh.join("；")}。` : "",
    `日历 ${calendar.id}，数据版本 ${calendar.data.version}。`,
    assumptions.length > 0 ? `暂定：超出日历数据范围，仅按周末计算休息日。` : ""
  ]
  return { en: en.filter((s) => s !== "").join(" "), "zh-CN": zh.filter((s) => s !== "").join("") }
}

const MAX_EXPLAINED_SPAN = 4000

const finish = (scope: Scope, rule: Rule, draft: Draft): Either.Either<Evaluation, EvaluationError> => {
  const { calendar } = scope
  const ix = calendar.index
  const beyond = scope.lo < ix.start || scope.hi > ix.end
  if (!LocalDate.isRepresentable(scope.lo) || !LocalDate.isRepresentable(scope.hi)) {
    return Either.left(
      new BusinessCalendar.InvalidArgument({
        argument: "rule",
        message: "the deadline falls outside the years 0001–9999 that dates can be written in"
      })
    )
  }
  if (beyond && scope.ctx.beyondCoverage !== "provisional") {
    return Either.left(
      new BusinessCalendar.OutsideCoverage({
        calendarId: calendar.id,
        version: calendar.data.version,
        date: dayText(scope, scope.lo < ix.start ? scope.lo : scope.hi),
        coverageFrom: calendar.data.coverage.from,
        coverageTo: calendar.data.coverage.to
      })
    )
  }
  const assumptions = beyond ? [BusinessCalendar.assumptionBeyondCoverage(calendar)] : []
  return Either.right(new EvaluationImpl(scope, rule, draft, beyond, assumptions))
}

const explain = (scope: Scope, rule: Rule, draft: Draft, assumptions: ReadonlyArray<string>): Explanation => {
  const { calendar } = scope
  // Days between the anchor and the farther end of the deadline, as the reader would count them.
  const ends = [draft.dueDay, ...(draft.opensDay !== undefined ? [draft.opensDay] : [])]
  const lo = Math.min(draft.anchor.day, ...ends)
  const hi = Math.max(draft.anchor.day, ...ends)
  const days: Array<SkippedDay> = []
  if (hi - lo <= MAX_EXPLAINED_SPAN) {
    for (let d = lo; d <= hi; d++) {
      if (d === draft.anchor.day) continue
      const info = BusinessCalendar.describeDay(calendar, d)
      if (info.kind === "workday") continue
      days.push({
        date: info.date,
        kind: info.kind,
        reason: info.reason,
        ...(info.holiday ? { holiday: info.holiday } : {})
      })
    }
  }
  const ruleText = describe(rule, calendar, scope.ctx.anchorLabels)
  return {
    anchor: {
      kind: draft.anchor.kind,
      label: draft.anchor.label(),
      value: DateTime.formatIsoOffset(zoned(calendar, draft.anchor.millis)),
      date: dayText(scope, draft.anchor.day)
    },
    rule: ruleText,
    days,
    rolls: draft.rolls,
    calendar: { id: calendar.id, version: calendar.data.version, source: calendar.data.source },
    assumptions,
    sentence: sentenceOf(scope, ruleText, draft, days, assumptions)
  }
}

const newScope = (
  ctx: Context,
  rule: Rule,
  period?: readonly [number, number],
  moments: Scope["moments"] = new Map()
): Scope => ({
  calendar: ctx.calendar,
  ctx,
  moments,
  ...(period ? { period } : {}),
  ruleId: rule.id,
  lo: Number.POSITIVE_INFINITY,
  hi: Number.NEGATIVE_INFINITY
})

/**
 * Evaluates a rule in a context. A `Recurring` rule gives its occurrence in the period of the
 * event start (or of the notice); with `months`, in the first listed period at or after it.
 *
 * @since 0.1.0
 * @category evaluation
 */
export const evaluate = (rule: Rule, context: Context | Prepared): Either.Either<Evaluation, EvaluationError> => {
  const scope = isPrepared(context)
    ? newScope(context.context, rule, undefined, context.moments)
    : newScope(context, rule)
  return Either.flatMap(evaluateDraft(scope, rule), (draft) => finish(scope, rule, draft))
}

const PreparedTypeId: unique symbol = Symbol.for("@liaison/core/Deadline/Prepared")

/**
 * A context whose moments (event start and end, notice, named anchors) are read once, for
 * evaluating many rules against one engagement, as a plan does. Pass it to {@link evaluate}.
 *
 * @since 0.1.0
 * @category models
 */
export interface Prepared {
  /** @internal marks a prepared value */
  readonly [PreparedTypeId]: typeof PreparedTypeId
  readonly context: Context
  /** @internal */
  readonly moments: Scope["moments"]
}

/**
 * Prepares a context for evaluating many rules against it.
 *
 * @since 0.1.0
 * @category evaluation
 */
export const prepare = (context: Context): Prepared => ({
  [PreparedTypeId]: PreparedTypeId,
  context,
  moments: new Map()
})

const isPrepared = (u: Context | Prepared): u is Prepared => PreparedTypeId in u

/**
 * Decodes a rule from an unknown value (parsed JSON), reporting every problem with its path.
 *
 * @since 0.1.0
 * @category constructors
 */
export const decodeRule = (input: unknown): Either.Either<Rule, BusinessCalendar.CalendarDataError> =>
  Issues.decodeUnknownEither(Rule, { errors: "all", onExcessProperty: "error" })(input).pipe(
    Either.mapLeft(
      (e) =>
        new BusinessCalendar.CalendarDataError({
          issues: BusinessCalendar.issuesOf(e)
        })
    )
  )

/**
 * The occurrences of a rule in a date range: for a `Recurring` rule one per period (filtered by
 * its months) whose due date falls in the range; for any other rule its single evaluation when
 * it is due in the range.
 *
 * @since 0.1.0
 * @category evaluation
 */
export const occurrences = (
  rule: Rule,
  context: Context,
  range: { readonly from: LocalDate.LocalDate; readonly to: LocalDate.LocalDate }
): Either.Either<ReadonlyArray<Evaluation>, EvaluationError> => {
  const from = LocalDate.toEpochDay(range.from)
  const to = LocalDate.toEpochDay(range.to)
  if (Number.isNaN(from) || Number.isNaN(to) || to < from) {
    return Either.left(
      new BusinessCalendar.InvalidArgument({
        argument: "range",
        message: `range: expected from ≤ to as YYYY-MM-DD, got ${range.from}–${range.to}`
      })
    )
  }
  if (rule._tag !== "Recurring") {
    return Either.map(evaluate(rule, context), (e) => {
      const d = LocalDate.toEpochDay(e.dueDate)
      return d >= from && d <= to ? [e] : []
    })
  }
  const problem = monthsProblem(rule.every, rule.months)
  if (problem !== undefined) {
    return Either.left(
      new DeadlineError({ reason: "InvalidRule", message: problem, ...(rule.id ? { ruleId: rule.id } : {}) })
    )
  }
  const out: Array<Evaluation> = []
  // An occurrence may fall before or after its own period (by its offsets): look at the periods
  // around the range too, but only an occurrence due inside the range is reported, and only a
  // period overlapping the range may fail the whole answer.
  const margin = 400
  let p0 = periodOf(rule.every, from - margin)[0]
  for (let guard = 0; guard < 5000 && p0 <= to + margin; guard++) {
    const period = periodOf(rule.every, p0)
    p0 = period[1] + 1
    if (!inMonths(rule, period)) continue
    const overlaps = period[1] >= from && period[0] <= to
    const scope = newScope({ ...context, beyondCoverage: "provisional" }, rule, period)
    const result = Either.flatMap(evaluateDraft(scope, rule.rule), (draft) => finish(scope, rule, draft))
    if (Either.isLeft(result)) {
      if (overlaps) return Either.left(result.left)
      continue
    }
    const d = LocalDate.toEpochDay(result.right.dueDate)
    if (d < from || d > to) continue
    if (result.right.provisional && context.beyondCoverage !== "provisional") {
      const ix = context.calendar.index
      return Either.left(
        new BusinessCalendar.OutsideCoverage({
          calendarId: context.calendar.id,
          version: context.calendar.data.version,
          date: dayText(scope, scope.lo < ix.start ? scope.lo : scope.hi),
          coverageFrom: context.calendar.data.coverage.from,
          coverageTo: context.calendar.data.coverage.to
        })
      )
    }
    out.push(result.right)
  }
  return Either.right(out)
}

// ---------------------------------------------------------------------------------------------
// Feasibility at notice time
// ---------------------------------------------------------------------------------------------

/**
 * Where "now" stands against an evaluated deadline.
 *
 * @since 0.1.0
 * @category models
 */
export interface Feasibility {
  readonly status: "notYetOpen" | "open" | "missed"
  /** Working days from the due date to now's date, when missed (0 when missed the same day). */
  readonly lateByWorkingDays: number
  /** Milliseconds past the due instant, when missed. */
  readonly lateByMillis: number
  /** Working days left until the due date, when not missed. */
  readonly workingDaysLeft: number
  readonly sentence: Text
}

/**
 * Whether a deadline can still be met at `now`, and if not by how much it is late: "apply 5
 * working days before" for a visit announced 3 working days ahead is late by 2 working days.
 *
 * @since 0.1.0
 * @category evaluation
 */
export const feasibility = (
  calendar: BusinessCalendar.BusinessCalendar,
  evaluation: Evaluation,
  now: MomentInput
): Either.Either<Feasibility, BusinessCalendar.CalendarError> =>
  Either.map(readMoment(calendar, now, "now"), (m) => {
    const st = standing(calendar, evaluation, m.millis, m.day)
    const lateDays = st.lateByWorkingDays
    const left = st.workingDaysLeft
    const hours = Math.round(st.lateByMillis / 360_000) / 10
    const sentence: Text =
      st.status === "missed"
        ? lateDays > 0
          ? {
              en: `missed: due ${evaluation.dueDate}, late by ${lateDays} working day${lateDays === 1 ? "" : "s"}`,
              "zh-CN": `已逾期：截止 ${evaluation.dueDate}，已晚 ${lateDays} 个工作日`
            }
          : {
              en: `missed: due ${evaluation.dueDate}, late by ${hours} h`,
              "zh-CN": `已逾期：截止 ${evaluation.dueDate}，已晚 ${hours} 小时`
            }
        : st.status === "notYetOpen"
          ? {
              en: `not yet open: opens ${evaluation.opensDate}, due ${evaluation.dueDate}`,
              "zh-CN": `尚未开始：${evaluation.opensDate} 开始，${evaluation.dueDate} 截止`
            }
          : {
              en: `open: due ${evaluation.dueDate}, ${left} working day${left === 1 ? "" : "s"} left`,
              "zh-CN": `进行中：${evaluation.dueDate} 截止，剩余 ${left} 个工作日`
            }
    return { ...st, sentence }
  })

/**
 * @internal Where an instant stands against a deadline, as numbers only (what plans compute for
 * every task).
 */
export const standing = (
  calendar: BusinessCalendar.BusinessCalendar,
  evaluation: Evaluation,
  nowMillis: number,
  nowDay: number
): Omit<Feasibility, "sentence"> => {
  const ix = calendar.index
  const dueDay = LocalDate.toEpochDay(evaluation.dueDate)
  if (nowMillis > evaluation.dueMillis) {
    return {
      status: "missed",
      lateByWorkingDays: Math.max(0, Ix.between(ix, dueDay, nowDay)),
      lateByMillis: nowMillis - evaluation.dueMillis,
      workingDaysLeft: 0
    }
  }
  return {
    status: evaluation.opensMillis !== undefined && nowMillis < evaluation.opensMillis ? "notYetOpen" : "open",
    lateByWorkingDays: 0,
    lateByMillis: 0,
    workingDaysLeft: Math.max(0, Ix.between(ix, nowDay, dueDay))
  }
}

/**
 * How a deadline moved when re-evaluated, e.g. after the host app loaded the next year's notice:
 * "moved from 2027-02-01 to 2027-01-29".
 *
 * @since 0.1.0
 * @category evaluation
 */
export const compare = (
  previous: Evaluation,
  next: Evaluation
): {
  readonly moved: boolean
  readonly from: LocalDate.LocalDate
  readonly to: LocalDate.LocalDate
  readonly sentence: Text
} => {
  const moved = previous.dueMillis !== next.dueMillis
  const confirmed = previous.provisional && !next.provisional
  const firm = confirmed ? " (now confirmed by the calendar data)" : ""
  const firmZh = confirmed ? "（已由日历数据确认）" : ""
  return {
    moved,
    from: previous.dueDate,
    to: next.dueDate,
    sentence: moved
      ? {
          en: `moved from ${previous.dueDate} to ${next.dueDate}${firm}`,
          "zh-CN": `由 ${previous.dueDate} 调整为 ${next.dueDate}${firmZh}`
        }
      : { en: `unchanged: ${next.dueDate}${firm}`, "zh-CN": `未变：${next.dueDate}${firmZh}` }
  }
}

/**
 * The JSON form of an evaluation: ISO-8601 instants with offsets.
 *
 * @since 0.1.0
 * @category conversions
 */
export const toJson = (evaluation: Evaluation) => ({
  ...(evaluation.ruleId ? { ruleId: evaluation.ruleId } : {}),
  due: DateTime.formatIsoOffset(evaluation.due),
  dueDate: evaluation.dueDate,
  ...(evaluation.opens ? { opens: DateTime.formatIsoOffset(evaluation.opens), opensDate: evaluation.opensDate } : {}),
  provisional: evaluation.provisional,
  explanation: evaluation.explanation
})
