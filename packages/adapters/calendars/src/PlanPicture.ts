/**
 * Pictures of plans (计划图): what a Gantt chart or a timeline of a plan shows, computed once.
 *
 * {@link make} turns one plan (or several, e.g. the four quarters of a liaison year) and the
 * business calendar it was made on into a renderer-neutral picture: rows of tasks grouped into
 * sections (by owner role, by plan, or one section), each a window (opens → due) or a point
 * deadline, the date range shown, and every day of that range as the calendar describes it
 * (working day, weekend, holiday, make-up working day 调休), with the holiday breaks and make-up
 * days named. `Gantt.mermaid` and `Timeline.svg` draw it; a host app can draw its own.
 *
 * Pure and deterministic: the same plans, calendar and options give the same picture.
 *
 * @since 0.1.0
 */
import {
  BusinessCalendar,
  type Deadline,
  type Label,
  LocalDate,
  type Plan,
  ProcedureCatalog,
  Role
} from "@liaison/core"
import * as DateTime from "effect/DateTime"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"

/**
 * Which language a picture's texts are in: `both` writes "English / 中文".
 *
 * @since 0.1.0
 * @category models
 */
export type Labels = "en" | "zh-CN" | "both"

/**
 * How tasks are grouped: by owner role (default for one plan), by plan (default for several), or
 * all in one section in dependency order.
 *
 * @since 0.1.0
 * @category models
 */
export type GroupBy = "owner" | "plan" | "none"

/**
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /** Default `both`. */
  readonly labels?: Labels
  readonly groupBy?: GroupBy
  /** First day shown (default: the Monday on or before the earliest date of the plans, less a day). */
  readonly from?: string
  /** Last day shown (default: the Sunday on or after the latest date of the plans, plus a day). */
  readonly to?: string
  /** Names of roles beyond the built-in ones (the catalog's and the seeds'). */
  readonly roles?: ReadonlyArray<Role.Role>
  /** The picture's title (default: the procedure's name and the engagement). */
  readonly title?: string
}

/**
 * A picture that cannot be drawn: no plan, plans made on another calendar, a bad or too long range.
 *
 * @since 0.1.0
 * @category errors
 */
export class PictureError extends Schema.TaggedError<PictureError>()("PictureError", {
  reason: Schema.Literal("NoPlans", "CalendarMismatch", "InvalidRange", "RangeTooLong", "InvalidOption"),
  message: Schema.String
}) {}

/**
 * The longest range a picture shows: about three years, day by day.
 *
 * @since 0.1.0
 * @category constants
 */
export const maxDays = 1100

/**
 * One task of a picture.
 *
 * @since 0.1.0
 * @category models
 */
export interface Row {
  /** The plan's task id (`<engagement>/<step>`). */
  readonly taskId: string
  readonly name: string
  readonly owner: string
  /** `window`: opens → due; `point`: a deadline on one day; `unscheduled`: no date yet. */
  readonly kind: "window" | "point" | "unscheduled"
  readonly opens: LocalDate.LocalDate | undefined
  readonly due: LocalDate.LocalDate | undefined
  /** Already missed when the plan was made. */
  readonly missed: boolean
  readonly provisional: boolean
  /** Why the task is where it is (the deadline's explanation), or why it has no date. */
  readonly note: string
}

/**
 * A group of rows.
 *
 * @since 0.1.0
 * @category models
 */
export interface Section {
  readonly name: string
  readonly rows: ReadonlyArray<Row>
}

/**
 * A break of one holiday inside the range (clipped to it).
 *
 * @since 0.1.0
 * @category models
 */
export interface HolidayBreak {
  readonly name: string
  readonly from: LocalDate.LocalDate
  readonly to: LocalDate.LocalDate
}

/**
 * A picture of plans.
 *
 * @since 0.1.0
 * @category models
 */
export interface Picture {
  readonly title: string
  readonly labels: Labels
  readonly calendar: {
    readonly id: string
    readonly version: string
    readonly timeZone: string
    /** ISO weekdays off, 1 = Monday … 7 = Sunday. */
    readonly weekendDays: ReadonlyArray<number>
  }
  readonly from: LocalDate.LocalDate
  readonly to: LocalDate.LocalDate
  /** Every day of the range, in order, as the calendar describes it. */
  readonly days: ReadonlyArray<BusinessCalendar.DayInfo>
  /** Holiday breaks with days off in the range. */
  readonly holidays: ReadonlyArray<HolidayBreak>
  /** Make-up working days (调休) in the range, with the holiday they make up for. */
  readonly makeUpDays: ReadonlyArray<{ readonly date: LocalDate.LocalDate; readonly name: string }>
  /** Each plan's event, from its start to its end day. */
  readonly events: ReadonlyArray<{
    readonly name: string
    readonly from: LocalDate.LocalDate
    readonly to: LocalDate.LocalDate
  }>
  readonly sections: ReadonlyArray<Section>
  /** True when a task or a shown day rests on days beyond the calendar's data. */
  readonly provisional: boolean
}

/**
 * A label in the chosen language(s).
 *
 * @since 0.1.0
 * @category utils
 */
export const text = (label: Label.Label, labels: Labels): string =>
  labels === "en"
    ? label.en
    : labels === "zh-CN"
      ? label["zh-CN"]
      : label.en === label["zh-CN"]
        ? label.en
        : `${label.en} / ${label["zh-CN"]}`

const builtInRoles: ReadonlyArray<Role.Role> = [...Object.values(ProcedureCatalog.roles), ...Role.seedRoles]

const fail = (reason: PictureError["reason"], message: string) => Either.left(new PictureError({ reason, message }))

const dateArgument = (argument: string, input: string): Either.Either<number, PictureError> => {
  const day = LocalDate.toEpochDay(input)
  return Number.isNaN(day)
    ? fail("InvalidRange", `${argument}: expected a date written YYYY-MM-DD that exists, got ${JSON.stringify(input)}`)
    : Either.right(day)
}

/** The day of an engagement's moment (a date, an instant with offset, a DateTime) in the calendar's zone. */
const momentDay = (
  calendar: BusinessCalendar.BusinessCalendar,
  input: Deadline.MomentInput | undefined
): number | undefined => {
  if (input === undefined) return undefined
  if (typeof input === "string" && LocalDate.isLocalDate(input)) return LocalDate.toEpochDay(input)
  const instant = DateTime.isDateTime(input) ? Option.some(input) : DateTime.make(input)
  return Option.isSome(instant)
    ? LocalDate.toEpochDay(BusinessCalendar.localDateOf(calendar, instant.value))
    : undefined
}

/**
 * Makes the picture of one plan or several, on the calendar they were made on.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (
  plans: Plan.Plan | ReadonlyArray<Plan.Plan>,
  calendar: BusinessCalendar.BusinessCalendar,
  options: Options = {}
): Either.Either<Picture, PictureError> => {
  const list: ReadonlyArray<Plan.Plan> = Array.isArray(plans) ? plans : [plans as Plan.Plan]
  if (list.length === 0) return fail("NoPlans", "plans: expected at least one plan")
  for (const [i, plan] of list.entries()) {
    if (plan.calendar.id !== calendar.id || plan.calendar.version !== calendar.data.version) {
      return fail(
        "CalendarMismatch",
        `plans[${i}] (${plan.engagementId}) was made on calendar ${plan.calendar.id} (data ${plan.calendar.version}), ` +
          `not on ${calendar.id} (data ${calendar.data.version}): its days off would be shaded wrongly`
      )
    }
  }
  const labels = options.labels ?? "both"
  const groupBy = options.groupBy ?? (list.length > 1 ? "plan" : "owner")
  const roleNames = new Map<string, Label.Label>()
  for (const role of [...builtInRoles, ...(options.roles ?? [])]) roleNames.set(role.id, role.label)

  // The dates the plans speak of: task windows and due days, and each event.
  let lo = Number.POSITIVE_INFINITY
  let hi = Number.NEGATIVE_INFINITY
  const seen = (day: number | undefined) => {
    if (day === undefined || Number.isNaN(day)) return
    if (day < lo) lo = day
    if (day > hi) hi = day
  }
  const events: Array<{ name: string; from: LocalDate.LocalDate; to: LocalDate.LocalDate }> = []
  for (const plan of list) {
    const start = momentDay(calendar, plan.input.eventStart)
    const end = momentDay(calendar, plan.input.eventEnd) ?? start
    seen(start)
    seen(end)
    if (start !== undefined && end !== undefined) {
      events.push({
        name: list.length > 1 ? plan.engagementId : text({ en: "Event", "zh-CN": "活动" }, labels),
        from: LocalDate.fromEpochDay(Math.min(start, end)),
        to: LocalDate.fromEpochDay(Math.max(start, end))
      })
    }
    for (const task of plan.tasks) {
      if (task.deadline === undefined) continue
      seen(LocalDate.toEpochDay(task.deadline.dueDate))
      if (task.deadline.opensDate !== undefined) seen(LocalDate.toEpochDay(task.deadline.opensDate))
    }
  }
  let from: number
  let to: number
  if (options.from !== undefined) {
    const read = dateArgument("from", options.from)
    if (Either.isLeft(read)) return Either.left(read.left)
    from = read.right
  } else {
    // Whole weeks from Monday, with a day of margin.
    const first = Number.isFinite(lo) ? lo - 1 : Number.NaN
    from = first - (LocalDate.weekdayOfEpochDay(first) - 1)
  }
  if (options.to !== undefined) {
    const read = dateArgument("to", options.to)
    if (Either.isLeft(read)) return Either.left(read.left)
    to = read.right
  } else {
    const last = Number.isFinite(hi) ? hi + 1 : Number.NaN
    to = last + (7 - LocalDate.weekdayOfEpochDay(last))
  }
  if (Number.isNaN(from) || Number.isNaN(to)) {
    return fail("InvalidRange", "the plans have no dated task and no event date: give options.from and options.to")
  }
  if (to < from) {
    return fail("InvalidRange", `to (${LocalDate.fromEpochDay(to)}) is before from (${LocalDate.fromEpochDay(from)})`)
  }
  if (to - from + 1 > maxDays || !LocalDate.isRepresentable(from) || !LocalDate.isRepresentable(to)) {
    return fail(
      "RangeTooLong",
      `the range ${LocalDate.fromEpochDay(from)} – ${LocalDate.fromEpochDay(to)} has ${to - from + 1} days; a picture shows at most ${maxDays}: give options.from and options.to`
    )
  }

  const days: Array<BusinessCalendar.DayInfo> = []
  const holidays: Array<HolidayBreak> = []
  const makeUpDays: Array<{ date: LocalDate.LocalDate; name: string }> = []
  let provisional = false
  for (let d = from; d <= to; d++) {
    const read = BusinessCalendar.dayInfo(calendar, LocalDate.fromEpochDay(d))
    if (Either.isLeft(read)) return fail("InvalidRange", read.left.message)
    const info = read.right
    days.push(info)
    if (info.provisional) provisional = true
    const name = info.holiday
      ? text({ en: info.holiday.name, "zh-CN": info.holiday.nameZh ?? info.holiday.name }, labels)
      : undefined
    if (info.kind === "makeUpWorkingDay" && name !== undefined) makeUpDays.push({ date: info.date, name })
    if (info.kind === "holiday" && !info.working && name !== undefined) {
      const last = holidays[holidays.length - 1]
      // One break: the same holiday on consecutive days.
      const previous = days[days.length - 2]
      if (last !== undefined && last.name === name && previous !== undefined && previous.date === last.to) {
        holidays[holidays.length - 1] = { ...last, to: info.date }
      } else holidays.push({ name, from: info.date, to: info.date })
    }
  }

  const sectionsByName = new Map<string, Array<Row>>()
  const sectionOrder: Array<string> = []
  for (const plan of list) {
    const missed = new Set(plan.missed)
    for (const task of plan.tasks) {
      const owner = text(roleNames.get(task.ownerRole) ?? { en: task.ownerRole, "zh-CN": task.ownerRole }, labels)
      const d = task.deadline
      const note = d
        ? labels === "zh-CN"
          ? d.explanation.sentence["zh-CN"]
          : d.explanation.sentence.en
        : (task.unscheduled ?? "")
      if (d?.provisional) provisional = true
      const row: Row = {
        taskId: task.id,
        name: text(task.name, labels),
        owner,
        kind:
          d === undefined ? "unscheduled" : d.opensDate !== undefined && d.opensDate !== d.dueDate ? "window" : "point",
        opens: d?.opensDate,
        due: d?.dueDate,
        missed: missed.has(task.id),
        provisional: d?.provisional ?? false,
        note
      }
      const section =
        groupBy === "owner" ? owner : groupBy === "plan" ? `${plan.engagementId}` : text(plan.procedure.name, labels)
      if (!sectionsByName.has(section)) {
        sectionsByName.set(section, [])
        sectionOrder.push(section)
      }
      sectionsByName.get(section)!.push(row)
    }
  }
  const first = list[0]!
  return Either.right({
    title:
      options.title ??
      (list.length === 1
        ? `${text(first.procedure.name, labels)} — ${first.engagementId}`
        : `${text(first.procedure.name, labels)} — ${list.map((p) => p.engagementId).join(", ")}`),
    labels,
    calendar: {
      id: calendar.id,
      version: calendar.data.version,
      timeZone: calendar.data.timeZone,
      weekendDays: calendar.data.weekendDays
    },
    from: LocalDate.fromEpochDay(from),
    to: LocalDate.fromEpochDay(to),
    days,
    holidays,
    makeUpDays,
    events,
    sections: sectionOrder.map((name) => ({ name, rows: sectionsByName.get(name)! })),
    provisional
  })
}
