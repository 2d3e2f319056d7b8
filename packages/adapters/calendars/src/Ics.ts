/**
 * ICS export of plans (接待方案日历): the event and every task deadline in the calendar's time zone.
 *
 * The iCalendar (RFC 5545) file is for Outlook, phone calendars and anything else that imports
 * `.ics` files or subscribes to feeds.
 *
 * - The event is a VEVENT from the engagement's start to its end, written with `TZID=` the calendar's
 *   zone (Asia/Shanghai for China) and a VTIMEZONE defining that zone, so every client shows the
 *   local times the plan was made in; a start given as a bare date is an all-day event.
 * - Every scheduled task is a VEVENT too, not a VTODO: Outlook, Google Calendar and iOS/Android
 *   calendars drop VTODOs from imported files and subscriptions, so a deadline written as a to-do
 *   would reach almost nobody. A point deadline is an event at its due moment; a window is an event
 *   from when it opens (DTSTART) to when it is due (DTEND). Deadline entries are TRANSPARENT (they do
 *   not make anyone busy); provisional ones are TENTATIVE.
 * - Alarms (VALARM) fire a configurable lead before each due moment (counted from DTEND for windows).
 * - UIDs are the plan's stable task ids (`<engagement>/<step>@liaison`), the same UIDs the e-mail
 *   notifications attach, so re-exporting a re-planned engagement updates the entries already in a
 *   calendar instead of adding copies; SEQUENCE is the engagement's version (or grows with DTSTAMP).
 * - Summaries in zh-CN, English or both; descriptions carry the owner role, the assignees, the rule
 *   and its explanation.
 * - A feed per assignee: only the tasks of one role or one person.
 * - A confidential (保密) engagement is redacted as `Engagement.redactFor` shows it to a viewer
 *   without clearance, unless the caller names a viewer who may see it.
 *
 * @since 0.1.0
 */
import { TZDate } from "@date-fns/tz"
import {
  type BusinessCalendar,
  Deadline,
  Engagement,
  type Label,
  type Plan,
  ProcedureCatalog,
  Role
} from "@liaison/core"
import * as DateTime from "effect/DateTime"
import * as Duration from "effect/Duration"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
// The class, not the default export: tsup's CommonJS build would take the default export to be the
// whole module (ical-generator is an ES module with a CommonJS build).
import {
  ICalAlarmRelatesTo,
  ICalAlarmType,
  ICalCalendar,
  ICalCalendarMethod,
  type ICalEventData,
  ICalEventStatus,
  ICalEventTransparency
} from "ical-generator"
import { vtimezone } from "./internal/vtimezone.js"

// ---------------------------------------------------------------------------------------------
// Model
// ---------------------------------------------------------------------------------------------

/**
 * The language of summaries and descriptions: one, or both (Chinese first).
 *
 * @since 0.1.0
 * @category models
 */
export type Language = "zh-CN" | "en" | "bilingual"

/**
 * Whose tasks a feed holds: the holders of a role (the task's owner role), or one person (a task's
 * assignee from the directory).
 *
 * @since 0.1.0
 * @category models
 */
export type Assignee = { readonly role: string } | { readonly personId: string }

/**
 * How to export.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /** The calendar the plan was made on: its zone is the zone of every entry. */
  readonly calendar: BusinessCalendar.BusinessCalendar
  /** When the file is written (DTSTAMP): take it from `DateTime.now` / `Clock`. */
  readonly stamp: DateTime.DateTime
  /** The engagement, for its title, counterpart, confidentiality and version. */
  readonly engagement?: Engagement.Engagement
  /** Who the file is for: a confidential engagement is redacted unless this actor may see it. */
  readonly viewer?: Engagement.Actor
  /** The access policy `viewer` is judged by. Default `Engagement.defaultAccess`. */
  readonly access?: Engagement.AccessPolicy
  /** Default `"bilingual"`. */
  readonly language?: Language
  /**
   * Alarm leads before each due moment (and before the event's start): durations, or text such as
   * `"2 hours"`. Default `["1 day"]`; `[]` for none.
   */
  readonly alarms?: ReadonlyArray<Duration.DurationInput | string>
  /** Only this role's or person's tasks. */
  readonly assignee?: Assignee
  /** Include the event itself. Default true. */
  readonly includeEvent?: boolean
  /** SEQUENCE of every entry. Default: the engagement's version, else minutes since 2020 at `stamp`. */
  readonly sequence?: number
  /** Names of roles in descriptions. Default: the seed roles and those of the built-in catalogue. */
  readonly roles?: ReadonlyArray<Role.Role>
  /** The calendar's name (X-WR-CALNAME). Default: the procedure's name and the engagement. */
  readonly name?: string
  /** The right-hand side of every UID. Default `liaison` (as the e-mail notifications use). */
  readonly uidDomain?: string
}

/**
 * One entry written.
 *
 * @since 0.1.0
 * @category models
 */
export interface Entry {
  readonly uid: string
  readonly kind: "event" | "task"
  /** The plan's task id, for tasks. */
  readonly taskId?: string
  /** Epoch milliseconds of DTSTART, and of DTEND when written. */
  readonly startMillis: number
  readonly endMillis: number | undefined
  readonly allDay: boolean
}

/**
 * An exported calendar: the ICS text, what it holds, and the tasks left out because they have no
 * date yet.
 *
 * @since 0.1.0
 * @category models
 */
export interface Export {
  readonly ics: string
  readonly entries: ReadonlyArray<Entry>
  readonly unscheduled: ReadonlyArray<{ readonly taskId: string; readonly reason: string }>
  /** True when a confidential engagement was written redacted. */
  readonly redacted: boolean
}

/**
 * Why a plan could not be exported.
 *
 * @since 0.1.0
 * @category errors
 */
export class IcsError extends Schema.TaggedError<IcsError>()("IcsError", {
  reason: Schema.Literal(
    "InvalidOption",
    "EngagementMismatch",
    "CalendarMismatch",
    "NotAuthorised",
    "InvalidMoment",
    "Unwritable"
  ),
  /** Which option or input, e.g. `alarms[1]`, `engagement.id`. */
  path: Schema.String,
  message: Schema.String
}) {}

// ---------------------------------------------------------------------------------------------
// Export
// ---------------------------------------------------------------------------------------------

const defaultRoles: ReadonlyArray<Role.Role> = [...Role.seedRoles, ...Object.values(ProcedureCatalog.roles)]

/** Minutes since 2020-01-01T00:00Z: a SEQUENCE that grows with every later export. */
const SEQUENCE_EPOCH = Date.UTC(2020, 0, 1)

const fail = (reason: IcsError["reason"], path: string, message: string) =>
  Either.left(new IcsError({ reason, path, message: `${path}: ${message}` }))

/** `2026-02-10 18:00` in the zone of a zoned DateTime. */
const wall = (d: DateTime.Zoned): string => {
  const iso = DateTime.formatIsoOffset(d)
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}`
}

const text = (label: Label.Label, language: Language, separator = " / "): string =>
  language === "bilingual"
    ? label["zh-CN"] === label.en
      ? label.en
      : `${label["zh-CN"]}${separator}${label.en}`
    : label[language]

/** The lines of a description in one or both languages (Chinese block first). */
const lines = (language: Language, zh: ReadonlyArray<string>, en: ReadonlyArray<string>): string =>
  language === "zh-CN" ? zh.join("\n") : language === "en" ? en.join("\n") : [...zh, "", ...en].join("\n")

interface Moment {
  readonly millis: number
  readonly timed: boolean
}

const readMoment = (
  calendar: BusinessCalendar.BusinessCalendar,
  input: Deadline.MomentInput,
  path: string
): Either.Either<Moment, IcsError> =>
  Either.match(Deadline.readMoment(calendar, input, path), {
    onLeft: (e) => fail("InvalidMoment", path, e.message),
    onRight: (m) => Either.right({ millis: m.millis, timed: m.timed })
  })

/** Whether a task belongs to an assignee's feed. */
const belongsTo = (task: Plan.Task, assignee: Assignee): boolean =>
  "role" in assignee ? task.ownerRole === assignee.role : task.assignees.some((p) => p.id === assignee.personId)

/**
 * Exports a plan as an ICS calendar: the event and every scheduled task, in the calendar's zone.
 * Pure: "now" is `options.stamp`.
 *
 * @example
 * import { Ics } from "@liaison/calendars"
 * import { OfficialCalendars, Plan, ProcedureCatalog } from "@liaison/core"
 * import * as DateTime from "effect/DateTime"
 * import * as Either from "effect/Either"
 *
 * const calendar = OfficialCalendars.cnMainland
 * const plan = Either.getOrThrow(
 *   Plan.make(ProcedureCatalog.clientReceptionStandard, { engagementId: "E-1", eventStart: "2026-02-24T09:30:00+08:00" }, calendar)
 * )
 * const { ics } = Either.getOrThrow(Ics.fromPlan(plan, { calendar, stamp: DateTime.unsafeMake("2026-02-09T02:00:00Z") }))
 *
 * @since 0.1.0
 * @category exporting
 */
export const fromPlan = (plan: Plan.Plan, options: Options): Either.Either<Export, IcsError> => {
  const { calendar } = options
  const language = options.language ?? "bilingual"
  if (!["zh-CN", "en", "bilingual"].includes(language)) {
    return fail("InvalidOption", "language", `expected "zh-CN", "en" or "bilingual", got ${JSON.stringify(language)}`)
  }
  if (plan.calendar.id !== calendar.id) {
    return fail(
      "CalendarMismatch",
      "calendar",
      `the plan was made on calendar ${plan.calendar.id}, not ${calendar.id}: export it with the calendar it was made on`
    )
  }
  const leads: Array<number> = []
  for (const [i, input] of (options.alarms ?? ["1 day"]).entries()) {
    const lead = Duration.decodeUnknown(input)
    if (Option.isNone(lead) || !Duration.isFinite(lead.value)) {
      return fail("InvalidOption", `alarms[${i}]`, `expected a finite duration such as "1 day" or "2 hours"`)
    }
    leads.push(Math.round(Duration.toSeconds(lead.value)))
  }
  const uidDomain = options.uidDomain ?? "liaison"
  if (!/^[A-Za-z0-9.-]+$/.test(uidDomain)) {
    return fail(
      "InvalidOption",
      "uidDomain",
      `expected letters, digits, dots and hyphens, got ${JSON.stringify(uidDomain)}`
    )
  }
  if (options.assignee !== undefined) {
    const value = "role" in options.assignee ? options.assignee.role : options.assignee.personId
    if (typeof value !== "string" || value.trim() === "") {
      return fail("InvalidOption", "assignee", "expected a role id or a person id")
    }
  }
  if (options.sequence !== undefined && !(Number.isInteger(options.sequence) && options.sequence >= 0)) {
    return fail("InvalidOption", "sequence", `expected a whole number ≥ 0, got ${options.sequence}`)
  }

  // Who may see what: the engagement as the viewer may see it.
  let engagement = options.engagement
  let redacted = false
  if (engagement !== undefined) {
    if (engagement.id !== plan.engagementId) {
      return fail(
        "EngagementMismatch",
        "engagement.id",
        `the plan is of engagement ${plan.engagementId}, not ${engagement.id}`
      )
    }
    if (Engagement.isConfidential(engagement)) {
      const seen =
        options.viewer === undefined
          ? Engagement.redacted(engagement)
          : Engagement.redactFor(options.access ?? Engagement.defaultAccess, options.viewer, engagement)
      if (seen === undefined) {
        return fail(
          "NotAuthorised",
          "viewer",
          `${options.viewer?.personId ?? "the viewer"} may not view engagement ${engagement.id}`
        )
      }
      redacted = seen !== engagement
      engagement = seen
    }
  }

  const stampMillis = DateTime.toEpochMillis(options.stamp)
  const sequence =
    options.sequence ?? options.engagement?.version ?? Math.max(0, Math.floor((stampMillis - SEQUENCE_EPOCH) / 60_000))
  const zone = calendar.data.timeZone
  const at = (millis: number) => new TZDate(millis, zone)
  const suffix = redacted ? "~redacted" : ""
  const roleLabels = new Map((options.roles ?? defaultRoles).map((r) => [r.id, r.label] as const))
  const roleName = (id: string): Label.Label => roleLabels.get(id) ?? { "zh-CN": id, en: id }
  const title = engagement?.title
  const procedureName = text(plan.procedure.name, language)

  const events: Array<{ readonly data: ICalEventData; readonly alarmsRelateToEnd: boolean }> = []
  const entries: Array<Entry> = []
  const years: Array<number> = []
  const yearOf = (millis: number) => new Date(millis).getUTCFullYear()

  // The event itself.
  if (options.includeEvent ?? true) {
    const start = readMoment(calendar, plan.input.eventStart, "eventStart")
    if (Either.isLeft(start)) return Either.left(start.left)
    let end: Moment | undefined
    if (plan.input.eventEnd !== undefined) {
      const read = readMoment(calendar, plan.input.eventEnd, "eventEnd")
      if (Either.isLeft(read)) return Either.left(read.left)
      // A bare end date means the whole of that day.
      end = read.right.timed ? read.right : { millis: nextDayMillis(calendar, read.right.millis), timed: true }
    }
    const allDay = !start.right.timed && (plan.input.eventEnd === undefined || isBareDate(plan.input.eventEnd))
    const startMillis = start.right.millis
    const endMillis = allDay ? (end?.millis ?? nextDayMillis(calendar, startMillis)) : end?.millis
    if (endMillis !== undefined && endMillis < startMillis) {
      return fail("InvalidMoment", "eventEnd", "the event ends before it starts")
    }
    const summary = title ?? `${procedureName}（${plan.engagementId}）`
    const zh = [
      ...(engagement ? [`来宾单位：${engagement.counterpart}`] : []),
      `程序：${plan.procedure.name["zh-CN"]}（${plan.procedure.id} ${plan.procedure.version}）`,
      `日历：${plan.calendar.id}，数据版本 ${plan.calendar.version}，时区 ${zone}`,
      `事项编号：${plan.engagementId}`
    ]
    const en = [
      ...(engagement ? [`Counterpart: ${engagement.counterpart}`] : []),
      `Procedure: ${plan.procedure.name.en} (${plan.procedure.id} ${plan.procedure.version})`,
      `Calendar: ${plan.calendar.id}, data ${plan.calendar.version}, zone ${zone}`,
      `Engagement: ${plan.engagementId}`
    ]
    const uid = `${plan.engagementId}${suffix}@${uidDomain}`
    events.push({
      alarmsRelateToEnd: false,
      data: {
        id: uid,
        sequence,
        stamp: at(stampMillis),
        start: at(startMillis),
        ...(endMillis !== undefined && endMillis > startMillis ? { end: at(endMillis) } : {}),
        allDay,
        timezone: zone,
        summary,
        description: lines(language, zh, en),
        status: plan.provisional ? ICalEventStatus.TENTATIVE : ICalEventStatus.CONFIRMED,
        transparency: ICalEventTransparency.OPAQUE,
        alarms: leads.map((seconds) => ({ type: ICalAlarmType.display, trigger: seconds, description: summary })),
        x: [["X-LIAISON-ENGAGEMENT", plan.engagementId]]
      }
    })
    entries.push({
      uid,
      kind: "event",
      startMillis,
      endMillis: endMillis !== undefined && endMillis > startMillis ? endMillis : undefined,
      allDay
    })
    years.push(yearOf(startMillis), yearOf(endMillis ?? startMillis))
  }

  // The tasks.
  const unscheduled: Array<{ taskId: string; reason: string }> = []
  const done = new Map((engagement?.tasks ?? []).map((t) => [t.id, t.done !== undefined] as const))
  for (const task of plan.tasks) {
    if (options.assignee !== undefined && !belongsTo(task, options.assignee)) continue
    const d = task.deadline
    if (d === undefined) {
      unscheduled.push({ taskId: task.id, reason: task.unscheduled ?? "no date yet" })
      continue
    }
    const window = d.opens !== undefined && d.opensMillis !== undefined && d.opensMillis < d.dueMillis
    const owner = roleName(task.ownerRole)
    const people = task.assignees.map((p) => p.name)
    const taskName = text(task.name, language)
    const isDone = done.get(task.id) === true
    const summary = `${isDone ? "✓ " : ""}${taskName}${title !== undefined ? `｜${title}` : ""}`
    const when = (locale: "zh-CN" | "en") =>
      window
        ? locale === "zh-CN"
          ? `时间窗：${wall(d.opens!)} 至 ${wall(d.due)}（${zone}）`
          : `Window: ${wall(d.opens!)} – ${wall(d.due)} (${zone})`
        : locale === "zh-CN"
          ? `截止：${wall(d.due)}（${zone}）`
          : `Due: ${wall(d.due)} (${zone})`
    const explanation = d.explanation
    const zh = [
      when("zh-CN"),
      `负责：${owner["zh-CN"]}${people.length > 0 ? `（${people.join("、")}）` : ""}`,
      `规则：${explanation.rule["zh-CN"]}`,
      `说明：${explanation.sentence["zh-CN"]}`,
      ...(d.provisional ? ["暂定：日历数据尚未覆盖该日期，待官方通知发布后重新导出。"] : []),
      ...(isDone ? ["状态：已完成"] : []),
      ...(engagement ? [`事项：${engagement.title}（${engagement.counterpart}）`] : []),
      `任务编号：${task.id}`
    ]
    const en = [
      when("en"),
      `Owner: ${owner.en}${people.length > 0 ? ` (${people.join(", ")})` : ""}`,
      `Rule: ${explanation.rule.en}`,
      `Why: ${explanation.sentence.en}`,
      ...(d.provisional
        ? ["Provisional: the calendar's data does not cover this date yet; export again once the notice is out."]
        : []),
      ...(isDone ? ["Status: done"] : []),
      ...(engagement ? [`Engagement: ${engagement.title} (${engagement.counterpart})`] : []),
      `Task: ${task.id}`
    ]
    const uid = `${task.id}${suffix}@${uidDomain}`
    const startMillis = window ? d.opensMillis! : d.dueMillis
    events.push({
      // Counted from the due moment: DTEND of a window, DTSTART of a point.
      alarmsRelateToEnd: window,
      data: {
        id: uid,
        sequence,
        stamp: at(stampMillis),
        start: at(startMillis),
        ...(window ? { end: at(d.dueMillis) } : {}),
        timezone: zone,
        summary,
        description: lines(language, zh, en),
        status: d.provisional ? ICalEventStatus.TENTATIVE : ICalEventStatus.CONFIRMED,
        transparency: ICalEventTransparency.TRANSPARENT,
        alarms: isDone
          ? []
          : leads.map((seconds) => ({ type: ICalAlarmType.display, trigger: seconds, description: summary })),
        x: [
          ["X-LIAISON-TASK", task.id],
          ["X-LIAISON-OWNER-ROLE", task.ownerRole]
        ]
      }
    })
    entries.push({
      uid,
      kind: "task",
      taskId: task.id,
      startMillis,
      endMillis: window ? d.dueMillis : undefined,
      allDay: false
    })
    years.push(yearOf(startMillis), yearOf(d.dueMillis))
  }

  const first = years.length > 0 ? Math.min(...years) : yearOf(stampMillis)
  const last = years.length > 0 ? Math.max(...years) : first
  const name =
    options.name ??
    `${procedureName} ${redacted ? "" : (title ?? plan.engagementId)}`.trim() +
      (options.assignee !== undefined
        ? ` · ${"role" in options.assignee ? text(roleName(options.assignee.role), language) : options.assignee.personId}`
        : "")
  return Either.try({
    try: (): Export => {
      const cal = new ICalCalendar({
        prodId: { company: "liaison", product: "calendars", language: language === "en" ? "EN" : "ZH" },
        method: ICalCalendarMethod.PUBLISH,
        name,
        // No calendar-wide zone (DTSTAMP stays UTC); each entry names the zone and this defines it.
        timezone: { name: null, generator: (tz) => vtimezone(tz, first, last) },
        x: [["X-WR-TIMEZONE", zone]]
      })
      for (const { alarmsRelateToEnd, data } of events) {
        const event = cal.createEvent(data)
        // ical-generator ignores `relatesTo` given as data: set it on each alarm.
        if (alarmsRelateToEnd) for (const alarm of event.alarms()) alarm.relatesTo(ICalAlarmRelatesTo.end)
      }
      const ics = cal.toString()
      return { ics, entries, unscheduled, redacted }
    },
    catch: (e) =>
      new IcsError({
        reason: "Unwritable",
        path: "",
        message: `the calendar could not be written: ${e instanceof Error ? e.message : String(e)}`
      })
  })
}

/**
 * One calendar entry given directly: what a notification's deadline attachment holds.
 *
 * @since 0.1.0
 * @category models
 */
export interface SimpleEvent {
  readonly uid: string
  readonly summary: string
  readonly description?: string
  /** Written in its own zone when that is a named (IANA) zone, in UTC when it is a bare offset. */
  readonly start: DateTime.Zoned
  /** Omitted, or equal to `start`: an entry at one moment. */
  readonly end?: DateTime.Zoned
  readonly sequence?: number
}

/**
 * Writes entries given directly (a notification's deadline, say) as an ICS calendar: each in its
 * own zone with TZID and a VTIMEZONE, DTSTAMP in UTC.
 *
 * @since 0.1.0
 * @category exporting
 */
export const fromEvents = (
  entries: ReadonlyArray<SimpleEvent>,
  options: { readonly stamp: DateTime.DateTime; readonly name?: string; readonly product?: string }
): Either.Either<string, IcsError> => {
  const stampMillis = DateTime.toEpochMillis(options.stamp)
  const years: Array<number> = []
  const events: Array<ICalEventData> = []
  for (const [i, e] of entries.entries()) {
    if (e.uid.trim() === "") return fail("InvalidOption", `entries[${i}].uid`, "expected a non-empty UID")
    const zone = e.start.zone._tag === "Named" ? e.start.zone.id : undefined
    const start = DateTime.toEpochMillis(e.start)
    const end = e.end === undefined ? undefined : DateTime.toEpochMillis(e.end)
    if (end !== undefined && end < start) return fail("InvalidMoment", `entries[${i}].end`, "ends before it starts")
    const at = (millis: number) => (zone === undefined ? new Date(millis) : new TZDate(millis, zone))
    years.push(new Date(start).getUTCFullYear(), new Date(end ?? start).getUTCFullYear())
    events.push({
      id: e.uid,
      sequence: e.sequence ?? Math.max(0, Math.floor((stampMillis - SEQUENCE_EPOCH) / 60_000)),
      stamp: new Date(stampMillis),
      start: at(start),
      ...(end !== undefined && end > start ? { end: at(end) } : {}),
      ...(zone !== undefined ? { timezone: zone } : {}),
      summary: e.summary,
      ...(e.description !== undefined ? { description: e.description } : {})
    })
  }
  const first = years.length > 0 ? Math.min(...years) : new Date(stampMillis).getUTCFullYear()
  const last = years.length > 0 ? Math.max(...years) : first
  return Either.try({
    try: () =>
      new ICalCalendar({
        prodId: { company: "liaison", product: options.product ?? "calendars", language: "ZH" },
        method: ICalCalendarMethod.PUBLISH,
        ...(options.name !== undefined ? { name: options.name } : {}),
        timezone: { name: null, generator: (tz) => vtimezone(tz, first, last) },
        events
      }).toString(),
    catch: (e) =>
      new IcsError({
        reason: "Unwritable",
        path: "",
        message: `the calendar could not be written: ${e instanceof Error ? e.message : String(e)}`
      })
  })
}

/** The instant a day later in the calendar's zone (the start of the next local day for a day start). */
const nextDayMillis = (calendar: BusinessCalendar.BusinessCalendar, millis: number): number => {
  const local = new TZDate(millis, calendar.data.timeZone)
  const next = new TZDate(local.getFullYear(), local.getMonth(), local.getDate() + 1, calendar.data.timeZone)
  return next.getTime()
}

const isBareDate = (input: Deadline.MomentInput): boolean =>
  typeof input === "string" && /^\d{4}-\d{2}-\d{2}$/.test(input)
