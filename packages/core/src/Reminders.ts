/**
 * The reminder scheduler (提醒与督办): due-soon reminders, overdue notices, escalation and digests.
 *
 * For the planned tasks of the engagements in hand: due-soon reminders, overdue notices, escalation
 * to the owner's supervisor (the GM for major matters, as the seeds require) and a daily digest per
 * assignee.
 *
 * A reminder is an outbox message with a deterministic id — the task, the stage and the due moment
 * — written only if that id is not in the outbox yet, so a tick repeated (by cron, by two hosts, after
 * a crash) never sends a reminder twice, and a task moved to another day is reminded afresh. A tick
 * sends only the latest stage that has come: a scheduler that was down does not catch up with the
 * 50 % reminder when the 75 % one is due.
 *
 * - **Due soon**: `leadWorkingDays` working days before the due date (default one), at the start of
 *   that working day; at `windowPercents` of the task's time window (default 50 % and 75 %), the
 *   window running from its opening (or the engagement's notice) to the due moment in working time,
 *   as service desks count a time limit; and when a window opens (a callback's window opens when the
 *   guest's train arrives: a callback reminder).
 * - **Overdue** (the 100 %): to the task's owners once the due moment has passed.
 * - **Escalation**: to the role the procedure names for the step, else to the GM at once for a
 *   major matter (an emergency, a tier-A guest), else after `escalateAfter` (default one working day)
 *   to the supervisor role of the owner role or the assignees' supervisors in the directory, and
 *   to the GM when nobody else is known.
 * - **Digest**: at `digestAt` (default 08:30) on working days, one message per assignee listing
 *   their overdue tasks and those due within `digestHorizon` working days.
 *
 * Hosts driven by cron call {@link tick}; long-lived hosts fork {@link run} (or use {@link layer}).
 * Time comes from effect's `Clock`, so `TestClock` drives both.
 *
 * @since 0.1.0
 */
import type * as Context from "effect/Context"
import * as DateTime from "effect/DateTime"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as BusinessCalendar from "./BusinessCalendar.js"
import * as Deadline from "./Deadline.js"
import * as Directory from "./Directory.js"
import * as Engagement from "./Engagement.js"
import { EngagementRepo } from "./EngagementRepo.js"
import * as LocalDate from "./LocalDate.js"
import type * as Notification from "./Notification.js"
import * as Outbox from "./Outbox.js"
import * as Plan from "./Plan.js"
import type * as Procedure from "./Procedure.js"
import type * as Role from "./Role.js"
import type { StorageError } from "./StorageError.js"

// ---------------------------------------------------------------------------------------------
// Policy
// ---------------------------------------------------------------------------------------------

/**
 * When and to whom reminders go.
 *
 * @since 0.1.0
 * @category models
 */
export interface Policy {
  /** Due-soon reminders this many working days before the due date. Default `[1]`. */
  readonly leadWorkingDays?: ReadonlyArray<number>
  /** Due-soon reminders at these percentages of a task's window. Default `[50, 75]`; 100 % is the overdue notice. */
  readonly windowPercents?: ReadonlyArray<number>
  /** A reminder when a task's window opens. Default true. */
  readonly windowOpens?: boolean
  /** When an overdue task is escalated if its step names no escalation and it is no major matter. Default 1 working day after it was due. */
  readonly escalateAfter?: Deadline.Offset
  /** Whether an engagement is a major matter (重大事项), escalated to the GM at once. Default: an emergency or a tier-A guest. */
  readonly isMajor?: (engagement: Engagement.Engagement) => boolean
  /** The GM's role. Default `general-manager`. */
  readonly majorRole?: Role.RoleId
  /** The supervisor role of an owner role, tried before the directory's supervisors. */
  readonly supervisorRoles?: Readonly<Record<Role.RoleId, Role.RoleId>>
  /** The local time of the daily digest on working days (`HH:MM`), or `false` for none. Default `08:30`. */
  readonly digestAt?: string | false
  /** How many working days ahead a digest looks. Default 2. */
  readonly digestHorizon?: number
  /**
   * How many calendar days ahead of its due moment a task is looked at for its window stages (the
   * percentages of its window, the window opening). A tick reads only the tasks due within its
   * horizon — overdue ones, those due within the lead days and the digest's horizon, and those due
   * within this many days — through `EngagementRepo.openTasksDue`, instead of every engagement: a
   * window stage that comes earlier than this before its due moment is not sent. Default 31 days
   * (a 50 % stage of a window of up to two months); `Infinity` looks at every open task.
   */
  readonly windowLookaheadDays?: number
  /** The engagements whose tasks are reminded. Default: planned, in progress, held, settled. */
  readonly statuses?: ReadonlyArray<Engagement.Status>
  /** Steps whose reminders are callback reminders (回访). Default `callback`, `after-sales-call`. */
  readonly callbackSteps?: ReadonlyArray<string>
}

/**
 * What the scheduler works with: the calendar, the procedures (for windows and escalations) and the
 * policy.
 *
 * @since 0.1.0
 * @category models
 */
export interface Settings {
  readonly calendar: BusinessCalendar.BusinessCalendar
  readonly procedures: ReadonlyMap<string, Procedure.Procedure>
  readonly policy?: Policy
}

const defaults = {
  leadWorkingDays: [1],
  windowPercents: [50, 75],
  escalateAfter: Deadline.after(1, "workingDays"),
  majorRole: "general-manager",
  digestAt: "08:30",
  digestHorizon: 2,
  windowLookaheadDays: 31,
  statuses: ["planned", "inProgress", "held", "settled"],
  callbackSteps: ["callback", "after-sales-call"]
} as const

/**
 * The default test of a major matter: an emergency (P3), or a tier-A guest (公司贵客).
 *
 * @since 0.1.0
 * @category policy
 */
export const isMajor = (e: Engagement.Engagement): boolean => e.emergency || e.tier === "A"

// ---------------------------------------------------------------------------------------------
// What is due (pure)
// ---------------------------------------------------------------------------------------------

/**
 * A reminder that has come for a task.
 *
 * @since 0.1.0
 * @category models
 */
export type Reminder =
  | {
      readonly _tag: "DueSoon"
      readonly taskId: string
      readonly stage: "lead" | "percent" | "opens"
      /** Working days ahead (lead) or per cent of the window (percent). */
      readonly amount: number
      readonly at: number
      readonly due: string
      readonly opens: string | undefined
    }
  | { readonly _tag: "Overdue"; readonly taskId: string; readonly at: number; readonly due: string }
  | {
      readonly _tag: "Escalation"
      readonly taskId: string
      readonly at: number
      readonly due: string
      /** The role the procedure or the policy names, or undefined: the owners' supervisors. */
      readonly role: Role.RoleId | undefined
      readonly major: boolean
    }

const millisOf = (calendar: BusinessCalendar.BusinessCalendar, moment: string | undefined): number | undefined => {
  if (moment === undefined) return undefined
  const read = Deadline.readMoment(calendar, moment, "moment")
  return Either.isRight(read) ? read.right.millis : undefined
}

const isoOf = (calendar: BusinessCalendar.BusinessCalendar, millis: number) =>
  DateTime.formatIsoOffset(DateTime.unsafeMakeZoned(millis, { timeZone: calendar.zone }))

/** The start of a date's working day (its first working interval), or its midnight. */
const startOfDay = (calendar: BusinessCalendar.BusinessCalendar, date: LocalDate.LocalDate): number | undefined => {
  const intervals = BusinessCalendar.workingIntervals(calendar, date)
  if (Either.isRight(intervals) && intervals.right[0] !== undefined) {
    return DateTime.toEpochMillis(intervals.right[0].start)
  }
  const midnight = BusinessCalendar.instantAt(calendar, date, "00:00")
  return Either.isRight(midnight) ? DateTime.toEpochMillis(midnight.right) : undefined
}

/** The instant `fraction` of the way from `start` to `end` in working time, or in clock time without working hours. */
const partWay = (calendar: BusinessCalendar.BusinessCalendar, start: number, end: number, fraction: number): number => {
  const from = DateTime.unsafeMake(start)
  const total = BusinessCalendar.workingTimeBetween(calendar, from, DateTime.unsafeMake(end))
  if (Either.isRight(total) && total.right > 0) {
    const at = BusinessCalendar.addWorkingTime(calendar, from, Math.round(total.right * fraction))
    if (Either.isRight(at)) return Math.min(end, DateTime.toEpochMillis(at.right))
  }
  return start + Math.round((end - start) * fraction)
}

const planOf = (settings: Settings, e: Engagement.Engagement, now: number): Plan.Plan | undefined => {
  const procedure = settings.procedures.get(e.procedureId)
  if (procedure === undefined) return undefined
  const made = Plan.make(
    procedure,
    {
      engagementId: e.id,
      eventStart: e.eventStart,
      ...(e.eventEnd !== undefined ? { eventEnd: e.eventEnd } : {}),
      ...(e.notice !== undefined ? { notice: e.notice } : {}),
      ...(e.anchors !== undefined ? { anchors: e.anchors } : {}),
      now: DateTime.unsafeMake(now),
      beyondCoverage: "provisional"
    },
    settings.calendar
  )
  return Either.isRight(made) ? made.right : undefined
}

/**
 * The reminders that have come at `now` for an engagement's open tasks: for each task the latest
 * due-soon stage reached before its due moment, the overdue notice once it has passed, and the
 * escalation once it is due. Pure; the same answer for the same input.
 *
 * @since 0.1.0
 * @category scheduling
 */
export const remindersOf = (
  settings: Settings,
  engagement: Engagement.Engagement,
  now: number
): ReadonlyArray<Reminder> => {
  const { calendar } = settings
  const policy = settings.policy ?? {}
  const open = engagement.tasks.filter((t) => t.done === undefined && t.due !== undefined)
  if (open.length === 0) return []
  const plan = planOf(settings, engagement, now)
  const procedure = settings.procedures.get(engagement.procedureId)
  const major = (policy.isMajor ?? isMajor)(engagement)
  const notice = millisOf(calendar, engagement.notice)
  const out: Array<Reminder> = []
  for (const task of open) {
    const due = task.due!
    const dueMillis = millisOf(calendar, due)
    if (dueMillis === undefined) continue
    const planned = plan?.tasks.find((t) => t.id === task.id)?.deadline
    const opensMillis =
      planned?.opensMillis !== undefined && planned.opensMillis < dueMillis ? planned.opensMillis : undefined
    if (now <= dueMillis) {
      const stages: Array<Extract<Reminder, { _tag: "DueSoon" }>> = []
      const dueDate = task.dueDate ?? BusinessCalendar.localDateOf(calendar, DateTime.unsafeMake(dueMillis))
      for (const n of policy.leadWorkingDays ?? defaults.leadWorkingDays) {
        const day = BusinessCalendar.addWorkingDays(calendar, dueDate as LocalDate.LocalDate, -n)
        const at = Either.isRight(day) ? startOfDay(calendar, day.right) : undefined
        if (at !== undefined && at < dueMillis) stages.push(stage(task.id, "lead", n, at, due))
      }
      const start = opensMillis ?? (notice !== undefined && notice < dueMillis ? notice : undefined)
      if (start !== undefined) {
        for (const p of policy.windowPercents ?? defaults.windowPercents) {
          if (p <= 0 || p >= 100) continue
          stages.push(stage(task.id, "percent", p, partWay(calendar, start, dueMillis, p / 100), due))
        }
      }
      if (opensMillis !== undefined && policy.windowOpens !== false) {
        stages.push(stage(task.id, "opens", 0, opensMillis, due))
      }
      const opensIso = opensMillis === undefined ? undefined : isoOf(calendar, opensMillis)
      const latest = stages.filter((s) => s.at <= now).sort((a, b) => b.at - a.at)[0]
      if (latest !== undefined) out.push({ ...latest, opens: opensIso })
      continue
    }
    out.push({ _tag: "Overdue", taskId: task.id, at: dueMillis, due })
    const step = procedure?.steps.find((s) => s.id === task.stepId)
    const after =
      step?.escalation?.after ??
      (major ? Deadline.after(0, "minutes") : (policy.escalateAfter ?? defaults.escalateAfter))
    const escalateAt = escalationTime(calendar, due, after) ?? dueMillis
    if (now >= escalateAt) {
      out.push({
        _tag: "Escalation",
        taskId: task.id,
        at: escalateAt,
        due,
        role:
          step?.escalation?.to ??
          (major ? (policy.majorRole ?? defaults.majorRole) : policy.supervisorRoles?.[task.ownerRole]),
        major
      })
    }
  }
  return out
}

const stage = (
  taskId: string,
  kind: "lead" | "percent" | "opens",
  amount: number,
  at: number,
  due: string
): Extract<Reminder, { _tag: "DueSoon" }> => ({
  _tag: "DueSoon",
  taskId,
  stage: kind,
  amount,
  at,
  due,
  opens: undefined
})

const escalationTime = (
  calendar: BusinessCalendar.BusinessCalendar,
  due: string,
  after: Deadline.Offset
): number | undefined => {
  const evaluated = Deadline.evaluate(Deadline.point(Deadline.named("due"), after), {
    calendar,
    eventStart: due,
    anchors: { due },
    beyondCoverage: "provisional"
  })
  return Either.isRight(evaluated) ? evaluated.right.dueMillis : undefined
}

// ---------------------------------------------------------------------------------------------
// Messages
// ---------------------------------------------------------------------------------------------

const stageKey = (r: Extract<Reminder, { _tag: "DueSoon" }>) =>
  r.stage === "lead" ? `lead-${r.amount}wd` : r.stage === "percent" ? `${r.amount}pct` : "opens"

/**
 * The id of a reminder's message: the task, the kind and stage, and the due moment, so the same
 * reminder is written once and a task moved to another moment is reminded afresh.
 *
 * @since 0.1.0
 * @category messages
 */
export const messageId = (reminder: Reminder): string =>
  reminder._tag === "DueSoon"
    ? `${reminder.taskId}/due-soon/${stageKey(reminder)}@${reminder.due}`
    : reminder._tag === "Overdue"
      ? `${reminder.taskId}/overdue@${reminder.due}`
      : `${reminder.taskId}/escalated@${reminder.due}`

/**
 * The outbox message of a reminder. `supervisors` are the people an escalation without a role goes
 * to (the assignees' supervisors in the directory).
 *
 * @since 0.1.0
 * @category messages
 */
export const toMessage = (
  settings: Settings,
  engagement: Engagement.Engagement,
  reminder: Reminder,
  at: DateTime.Zoned,
  supervisors: ReadonlyArray<string> = []
): Outbox.Message => {
  const task = engagement.tasks.find((t) => t.id === reminder.taskId)
  const ownerRole = task?.ownerRole ?? ""
  const stepId = task?.stepId ?? ""
  const callbackSteps = settings.policy?.callbackSteps ?? defaults.callbackSteps
  const base = {
    id: messageId(reminder),
    engagementId: engagement.id,
    confidential: Engagement.isConfidential(engagement),
    createdAt: at
  }
  switch (reminder._tag) {
    case "DueSoon":
      return {
        ...base,
        // A callback is reminded once the guest is home; a day ahead it is an ordinary task.
        template: callbackSteps.includes(stepId) && reminder.stage !== "lead" ? "callback-reminder" : "due-soon",
        recipients: { roles: [ownerRole], personIds: [] },
        payload: {
          taskId: reminder.taskId,
          step: stepId,
          due: reminder.due,
          ...(reminder.opens !== undefined ? { opens: reminder.opens } : {}),
          stage: reminder.stage,
          ...(reminder.stage === "lead" ? { lead: reminder.amount } : {}),
          ...(reminder.stage === "percent" ? { percent: reminder.amount } : {})
        }
      }
    case "Overdue":
      return {
        ...base,
        template: "overdue",
        recipients: { roles: [ownerRole], personIds: [] },
        payload: { taskId: reminder.taskId, step: stepId, due: reminder.due, percent: 100 }
      }
    case "Escalation": {
      const fallback = settings.policy?.majorRole ?? defaults.majorRole
      const roles = reminder.role !== undefined ? [reminder.role] : supervisors.length > 0 ? [] : [fallback]
      return {
        ...base,
        template: "escalated",
        recipients: { roles, personIds: reminder.role !== undefined ? [] : [...new Set(supervisors)] },
        payload: {
          taskId: reminder.taskId,
          step: stepId,
          due: reminder.due,
          kind: "overdue",
          ownerRole,
          ...(reminder.major ? { major: true } : {})
        }
      }
    }
  }
}

/**
 * The daily digest message of one person: deterministic per person and local date.
 *
 * @since 0.1.0
 * @category messages
 */
export const digestMessage = (
  personId: string,
  date: LocalDate.LocalDate,
  items: ReadonlyArray<Notification.DigestItem>,
  confidential: boolean,
  at: DateTime.Zoned
): Outbox.Message => ({
  id: `digest/${personId}/${date}`,
  template: "digest",
  engagementId: "",
  recipients: { roles: [], personIds: [personId] },
  payload: { personId, date, items: items.map((i) => ({ ...i })) },
  confidential,
  createdAt: at
})

// ---------------------------------------------------------------------------------------------
// The scheduler
// ---------------------------------------------------------------------------------------------

/**
 * What a tick did.
 *
 * @since 0.1.0
 * @category models
 */
export interface TickReport {
  readonly engagements: number
  /** Reminders and digests that had come, written or already written. */
  readonly due: number
  /** The ids written by this tick (the rest were in the outbox already). */
  readonly written: ReadonlyArray<string>
}

const holdersOf = (
  directory: Context.Tag.Service<Directory.Directory>,
  engagement: Engagement.Engagement,
  role: Role.RoleId
): Effect.Effect<ReadonlyArray<Directory.Person>, Directory.DirectoryUnavailable> =>
  role === Engagement.requesterRole
    ? Effect.map(directory.find(engagement.requesterId), (p) => (p === undefined ? [] : [p]))
    : Directory.activeHolders(directory, role)

/**
 * One pass: every reminder and digest that has come at `now` (default: the `Clock`'s time) for the
 * open tasks due before the tick's horizon ({@link horizonOf}), found by
 * `EngagementRepo.openTasksDue` rather than by reading every engagement, written to the outbox
 * unless already there.
 *
 * @since 0.1.0
 * @category scheduling
 */
export const tick = (
  settings: Settings,
  now?: DateTime.DateTime
): Effect.Effect<
  TickReport,
  StorageError | Directory.DirectoryUnavailable,
  EngagementRepo | Directory.Directory | Outbox.Outbox
> =>
  Effect.gen(function* () {
    const repo = yield* EngagementRepo
    const directory = yield* Directory.Directory
    const outbox = yield* Outbox.Outbox
    const { calendar } = settings
    const instant = now ?? (yield* DateTime.now)
    const nowMillis = DateTime.toEpochMillis(instant)
    const at = DateTime.setZone(instant, calendar.zone)
    const { engagements, tasks } = yield* inHand(repo, settings, nowMillis)
    const messages: Array<Outbox.Message> = []
    for (const engagement of engagements) {
      for (const reminder of remindersOf(settings, engagement, nowMillis)) {
        if (!tasks.get(engagement.id)?.has(reminder.taskId)) continue
        let supervisors: ReadonlyArray<string> = []
        if (reminder._tag === "Escalation" && reminder.role === undefined) {
          const task = engagement.tasks.find((t) => t.id === reminder.taskId)
          const owners = task === undefined ? [] : yield* holdersOf(directory, engagement, task.ownerRole)
          supervisors = owners.flatMap((p) => (p.supervisorId !== undefined ? [p.supervisorId] : []))
        }
        messages.push(toMessage(settings, engagement, reminder, at, supervisors))
      }
    }
    messages.push(...(yield* digests(settings, engagements, nowMillis, at)))
    const written = messages.length === 0 ? [] : yield* outbox.enqueue(messages)
    return { engagements: engagements.length, due: messages.length, written }
  }).pipe(Effect.withSpan("Reminders.tick"))

/**
 * The latest due moment (exclusive) of a task whose reminder, digest line or escalation can have
 * come at `now`: overdue tasks (any due moment before now); those due on or before the day
 * `leadWorkingDays` or `digestHorizon` working days from today, with a day to spare; and those due
 * within `windowLookaheadDays`.
 *
 * @since 0.1.0
 * @category scheduling
 */
export const horizonOf = (settings: Settings, now: number): number => {
  const { calendar } = settings
  const policy = settings.policy ?? {}
  const today = BusinessCalendar.localDateOf(calendar, DateTime.unsafeMake(now))
  const days = [
    ...(policy.leadWorkingDays ?? defaults.leadWorkingDays),
    ...((policy.digestAt ?? defaults.digestAt) === false ? [] : [policy.digestHorizon ?? defaults.digestHorizon])
  ]
  let horizon = now + 1
  for (const n of days) {
    const day = BusinessCalendar.addWorkingDays(calendar, today, Math.max(0, Math.ceil(n)))
    // Beyond the calendar's data no lead reminder is placed; a generous span of days then.
    const last = Either.isRight(day)
      ? Either.right(day.right)
      : LocalDate.addDays(today, 2 * Math.max(0, Math.ceil(n)) + 14)
    const end = Either.flatMap(
      Either.flatMap(last, (date) => LocalDate.addDays(date, 2)),
      (date) => BusinessCalendar.instantAt(calendar, date, "00:00")
    )
    const endMillis = Either.isRight(end) ? DateTime.toEpochMillis(end.right) : now + (2 * n + 16) * 86_400_000
    horizon = Math.max(horizon, endMillis)
  }
  const windows = (policy.windowPercents ?? defaults.windowPercents).length > 0 || policy.windowOpens !== false
  if (windows)
    horizon = Math.max(horizon, now + (policy.windowLookaheadDays ?? defaults.windowLookaheadDays) * 86_400_000)
  return horizon
}

/**
 * The engagements a tick looks at — those with an open task due before its horizon, in the
 * policy's statuses — and the ids of those tasks.
 */
const inHand = (
  repo: Context.Tag.Service<EngagementRepo>,
  settings: Settings,
  now: number
): Effect.Effect<
  {
    readonly engagements: ReadonlyArray<Engagement.Engagement>
    readonly tasks: ReadonlyMap<string, ReadonlySet<string>>
  },
  StorageError
> =>
  Effect.gen(function* () {
    const statuses: ReadonlyArray<string> = settings.policy?.statuses ?? defaults.statuses
    const due = yield* repo.openTasksDue({ before: horizonOf(settings, now) })
    const tasks = new Map<string, Set<string>>()
    for (const t of due) {
      const ofEngagement = tasks.get(t.engagementId) ?? new Set<string>()
      ofEngagement.add(t.taskId)
      tasks.set(t.engagementId, ofEngagement)
    }
    const loaded = yield* Effect.forEach(tasks.keys(), (id) => repo.get(id))
    const engagements = loaded.filter((e): e is Engagement.Engagement => e !== undefined && statuses.includes(e.status))
    return { engagements, tasks }
  })

const digests = (
  settings: Settings,
  engagements: ReadonlyArray<Engagement.Engagement>,
  now: number,
  at: DateTime.Zoned
): Effect.Effect<ReadonlyArray<Outbox.Message>, Directory.DirectoryUnavailable, Directory.Directory> =>
  Effect.gen(function* () {
    const { calendar } = settings
    const policy = settings.policy ?? {}
    const digestAt = policy.digestAt ?? defaults.digestAt
    if (digestAt === false) return []
    const today = BusinessCalendar.localDateOf(calendar, DateTime.unsafeMake(now))
    const working = BusinessCalendar.isWorkingDay(calendar, today)
    if (Either.isLeft(working) || !working.right) return []
    const start = BusinessCalendar.instantAt(calendar, today, digestAt)
    if (Either.isLeft(start) || now < DateTime.toEpochMillis(start.right)) return []
    const horizonDay = BusinessCalendar.addWorkingDays(calendar, today, policy.digestHorizon ?? defaults.digestHorizon)
    const horizon = Either.isRight(horizonDay) ? horizonDay.right : today
    const directory = yield* Directory.Directory
    const byPerson = new Map<string, { items: Array<Notification.DigestItem>; confidential: boolean }>()
    for (const engagement of engagements) {
      for (const task of engagement.tasks) {
        if (task.done !== undefined || task.due === undefined) continue
        const dueMillis = millisOf(calendar, task.due)
        if (dueMillis === undefined) continue
        const dueDate = task.dueDate ?? BusinessCalendar.localDateOf(calendar, DateTime.unsafeMake(dueMillis))
        const status: Notification.DigestItem["status"] | undefined =
          dueMillis < now ? "overdue" : dueDate === today ? "dueToday" : dueDate <= horizon ? "dueSoon" : undefined
        if (status === undefined) continue
        for (const person of yield* holdersOf(directory, engagement, task.ownerRole)) {
          const entry = byPerson.get(person.id) ?? { items: [], confidential: false }
          entry.items.push({ engagementId: engagement.id, taskId: task.id, stepId: task.stepId, due: task.due, status })
          entry.confidential ||= Engagement.isConfidential(engagement)
          byPerson.set(person.id, entry)
        }
      }
    }
    const order = { overdue: 0, dueToday: 1, dueSoon: 2 } as const
    return [...byPerson.entries()].map(([personId, { confidential, items }]) =>
      digestMessage(
        personId,
        today,
        [...items].sort((a, b) => order[a.status] - order[b.status] || (a.due < b.due ? -1 : a.due > b.due ? 1 : 0)),
        confidential,
        at
      )
    )
  })

/**
 * Ticks for as long as it runs, every `interval` (default one minute). A failed tick is logged and
 * the next one tries again. The host forks it (`Effect.forkScoped`), or uses {@link layer}.
 *
 * @since 0.1.0
 * @category scheduling
 */
export const run = (
  settings: Settings,
  options?: { readonly interval?: Duration.DurationInput }
): Effect.Effect<never, never, EngagementRepo | Directory.Directory | Outbox.Outbox> =>
  tick(settings).pipe(
    Effect.catchTags({
      StorageError: (e) => Effect.logWarning(`reminders: ${e.message}`),
      DirectoryUnavailable: (e) => Effect.logWarning(`reminders: ${e.message}`)
    }),
    Effect.zipRight(Effect.sleep(options?.interval ?? Duration.minutes(1))),
    Effect.forever
  )

/**
 * A layer that runs the scheduler in the background for as long as the layer's scope lasts.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (
  settings: Settings,
  options?: { readonly interval?: Duration.DurationInput }
): Layer.Layer<never, never, EngagementRepo | Directory.Directory | Outbox.Outbox> =>
  Layer.scopedDiscard(Effect.forkScoped(run(settings, options)))
