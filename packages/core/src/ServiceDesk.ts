/**
 * Service-desk discipline (服务台): first-responder ownership, a pausable working-time limit, callbacks, monthly figures.
 *
 * From the 95598 service-desk practice of seed 003:
 * - **首问负责制** (first-responder responsibility): a request belongs to whoever first receives it
 *   until that person explicitly hands it over; only the current owner hands over or closes it.
 * - **闭环管理** (closed-loop handling within the time limit): each request has a limit in working
 *   time, counted on the business calendar by a clock that pauses while the desk waits on the
 *   customer and resumes when the customer answers. The clock stores the working time used at
 *   every pause, so a new calendar (a holiday notice loaded mid-request) never changes the time
 *   already used; the due instant is recomputed from "now" on the calendar in force. Warnings
 *   fall at 50, 75 and 100 % of the limit.
 * - **回访制** (callbacks): after closing, the customer is called back by a deadline rule.
 * - **月考核** (monthly assessment): per person and per department, the on-time rate, overdue
 *   requests, complaints and average satisfaction.
 *
 * Everything here is a pure function over values: the instant of each command is an argument
 * (in an Effect program, take it from `DateTime.now`). Illegal commands are typed failures.
 *
 * @since 0.1.0
 */
import * as DateTime from "effect/DateTime"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import * as BusinessCalendar from "./BusinessCalendar.js"
import * as Deadline from "./Deadline.js"
import * as Label from "./Label.js"
import * as LocalDate from "./LocalDate.js"

// ---------------------------------------------------------------------------------------------
// Data
// ---------------------------------------------------------------------------------------------

/**
 * What the customer brings: an inquiry (咨询), a repair or fault report (报修), a service to carry
 * out (业务办理), a suggestion (意见建议) or a complaint (投诉).
 *
 * @since 0.1.0
 * @category schemas
 */
export const Kind = Schema.Literal("inquiry", "repair", "service", "suggestion", "complaint")

/**
 * @since 0.1.0
 * @category models
 */
export type Kind = typeof Kind.Type

/**
 * The label of each {@link Kind}.
 *
 * @since 0.1.0
 * @category constants
 */
export const kindLabels: Readonly<Record<Kind, Label.Label>> = {
  inquiry: Label.make("咨询", "Inquiry"),
  repair: Label.make("报修", "Repair"),
  service: Label.make("业务办理", "Service"),
  suggestion: Label.make("意见建议", "Suggestion"),
  complaint: Label.make("投诉", "Complaint")
}

/**
 * How the request came in.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Channel = Schema.Literal("phone", "counter", "online", "email", "letter", "visit", "other")

/**
 * @since 0.1.0
 * @category models
 */
export type Channel = typeof Channel.Type

/**
 * A person at the desk and their department.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Handler = Schema.Struct({
  personId: Schema.NonEmptyTrimmedString,
  department: Schema.NonEmptyTrimmedString
}).annotations({ identifier: "Handler" })

/**
 * @since 0.1.0
 * @category models
 */
export type Handler = typeof Handler.Type

/**
 * @since 0.1.0
 * @category schemas
 */
export const Customer = Schema.Struct({
  name: Schema.NonEmptyTrimmedString,
  phone: Schema.optionalWith(Schema.NonEmptyTrimmedString, { exact: true }),
  account: Schema.optionalWith(Schema.NonEmptyTrimmedString, { exact: true })
}).annotations({ identifier: "Customer" })

/**
 * A time limit in working time: `{ amount: 16, unit: "workingHours" }`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const TimeLimit = Schema.Struct({
  amount: Schema.Int.pipe(Schema.between(1, 100_000)),
  unit: Schema.Literal("workingHours", "workingMinutes")
}).annotations({ identifier: "TimeLimit" })

/**
 * @since 0.1.0
 * @category models
 */
export type TimeLimit = typeof TimeLimit.Type

/**
 * A limit in milliseconds of working time.
 *
 * @since 0.1.0
 * @category utils
 */
export const limitMillis = (limit: TimeLimit): number =>
  limit.amount * (limit.unit === "workingHours" ? 3_600_000 : 60_000)

/**
 * The desk's rules: a time limit per kind of request, and when the customer is called back after
 * closing. The callback rule is evaluated with the event start = received, the event end =
 * closed, and the named anchors `received` and `closed`. The seeds give no figures for these: a
 * host sets its own (its regulator's, where it has one).
 *
 * @since 0.1.0
 * @category schemas
 */
export const Policy = Schema.Struct({
  limits: Schema.Struct({
    inquiry: TimeLimit,
    repair: TimeLimit,
    service: TimeLimit,
    suggestion: TimeLimit,
    complaint: TimeLimit
  }),
  callback: Deadline.Rule
}).annotations({ identifier: "ServiceDeskPolicy" })

/**
 * @since 0.1.0
 * @category models
 */
export type Policy = typeof Policy.Type

/**
 * The warning levels, in per cent of the limit.
 *
 * @since 0.1.0
 * @category constants
 */
export const warningLevels = [50, 75, 100] as const

/**
 * @since 0.1.0
 * @category schemas
 */
export const WarningLevel = Schema.Literal(...warningLevels)

/**
 * @since 0.1.0
 * @category models
 */
export type WarningLevel = typeof WarningLevel.Type

const Instant = Schema.DateTimeUtc
const Used = Schema.Int.pipe(Schema.nonNegative())

/**
 * The time-limit clock: running since an instant, paused since an instant (waiting on the
 * customer), or stopped when the request closed. `usedMillis` is the working time used up to
 * `since` (or `at`).
 *
 * @since 0.1.0
 * @category schemas
 */
export const Clock = Schema.Union(
  Schema.TaggedStruct("Running", { usedMillis: Used, since: Instant }),
  Schema.TaggedStruct("Paused", { usedMillis: Used, since: Instant, reason: Schema.NonEmptyTrimmedString }),
  Schema.TaggedStruct("Stopped", { usedMillis: Used, at: Instant })
).annotations({ identifier: "ServiceDeskClock" })

/**
 * @since 0.1.0
 * @category models
 */
export type Clock = typeof Clock.Type

/**
 * One change of the clock, with the working time used at that instant and the calendar that
 * counted the time since the change before it.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ClockEvent = Schema.Struct({
  event: Schema.Literal("started", "paused", "resumed", "checkpoint", "stopped"),
  at: Instant,
  usedMillis: Used,
  calendar: Schema.optionalWith(Schema.Struct({ id: Schema.String, version: Schema.String }), { exact: true }),
  reason: Schema.optionalWith(Schema.String, { exact: true })
}).annotations({ identifier: "ServiceDeskClockEvent" })

/**
 * @since 0.1.0
 * @category models
 */
export type ClockEvent = typeof ClockEvent.Type

/**
 * A hand-over (移交): the owner gives the request to someone else, with a reason.
 *
 * @since 0.1.0
 * @category schemas
 */
export const HandOver = Schema.Struct({
  from: Handler,
  to: Handler,
  at: Instant,
  reason: Schema.NonEmptyTrimmedString
}).annotations({ identifier: "HandOver" })

/**
 * @since 0.1.0
 * @category models
 */
export type HandOver = typeof HandOver.Type

/**
 * A request or complaint at the desk, with everything that happened to it.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Request = Schema.Struct({
  id: Schema.NonEmptyTrimmedString,
  kind: Kind,
  customer: Customer,
  channel: Channel,
  receivedAt: Instant,
  summary: Schema.optionalWith(Schema.String, { exact: true }),
  /** For a complaint: the person or department it is about (counted in their monthly figures). */
  about: Schema.optionalWith(
    Schema.Struct({
      personId: Schema.optionalWith(Schema.NonEmptyTrimmedString, { exact: true }),
      department: Schema.optionalWith(Schema.NonEmptyTrimmedString, { exact: true })
    }),
    { exact: true }
  ),
  /** 首问负责人: who received it first. */
  firstReceiver: Handler,
  /** Who owns it now. */
  owner: Handler,
  handOvers: Schema.Array(HandOver),
  limitMillis: Schema.Int.pipe(Schema.positive()),
  clock: Clock,
  /** Warning levels already reached, with the instant each was reached. */
  reached: Schema.Array(Schema.Struct({ level: WarningLevel, at: Instant })),
  log: Schema.Array(ClockEvent),
  closed: Schema.optionalWith(
    Schema.Struct({
      at: Instant,
      by: Handler,
      resolution: Schema.NonEmptyTrimmedString,
      usedMillis: Used,
      onTime: Schema.Boolean
    }),
    { exact: true }
  ),
  callback: Schema.optionalWith(
    Schema.Struct({
      opens: Schema.optionalWith(Instant, { exact: true }),
      due: Instant,
      done: Schema.optionalWith(
        Schema.Struct({
          at: Instant,
          by: Schema.NonEmptyTrimmedString,
          /** Whether the customer was reached. */
          reached: Schema.Boolean,
          /** 0–10, as the reception survey scores. */
          satisfaction: Schema.optionalWith(Schema.Int.pipe(Schema.between(0, 10)), { exact: true }),
          note: Schema.optionalWith(Schema.String, { exact: true })
        }),
        { exact: true }
      )
    }),
    { exact: true }
  )
}).annotations({ identifier: "ServiceDeskRequest" })

/**
 * @since 0.1.0
 * @category models
 */
export type Request = typeof Request.Type

/**
 * What is known when a request comes in.
 *
 * @since 0.1.0
 * @category models
 */
export interface NewRequest {
  readonly id: string
  readonly kind: Kind
  readonly customer: typeof Customer.Type
  readonly channel: Channel
  readonly receivedAt: DateTime.DateTime
  readonly receivedBy: Handler
  readonly summary?: string
  readonly about?: { readonly personId?: string; readonly department?: string }
  /** Overrides the policy's limit for this kind. */
  readonly limit?: TimeLimit
}

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

/**
 * Only the current owner may hand over, pause, resume or close a request (首问负责制).
 *
 * @since 0.1.0
 * @category errors
 */
export class NotOwner extends Schema.TaggedError<NotOwner>()("NotOwner", {
  requestId: Schema.String,
  actor: Schema.String,
  owner: Schema.String
}) {
  override get message(): string {
    return `${this.actor} does not own request ${this.requestId}: ${this.owner} does, and must hand it over first`
  }
}

/**
 * The request is closed: it cannot be closed again, handed over, paused or resumed.
 *
 * @since 0.1.0
 * @category errors
 */
export class RequestClosed extends Schema.TaggedError<RequestClosed>()("RequestClosed", {
  requestId: Schema.String,
  closedAt: Schema.String
}) {
  override get message(): string {
    return `request ${this.requestId} was closed at ${this.closedAt}`
  }
}

/**
 * Pausing a paused clock, or resuming a running one.
 *
 * @since 0.1.0
 * @category errors
 */
export class ClockConflict extends Schema.TaggedError<ClockConflict>()("ClockConflict", {
  requestId: Schema.String,
  reason: Schema.Literal("alreadyPaused", "notPaused")
}) {
  override get message(): string {
    return this.reason === "alreadyPaused"
      ? `the clock of request ${this.requestId} is already paused`
      : `the clock of request ${this.requestId} is not paused`
  }
}

/**
 * A command dated before something already recorded on the request.
 *
 * @since 0.1.0
 * @category errors
 */
export class OutOfOrder extends Schema.TaggedError<OutOfOrder>()("OutOfOrder", {
  requestId: Schema.String,
  at: Schema.String,
  latest: Schema.String
}) {
  override get message(): string {
    return `request ${this.requestId}: a command at ${this.at} comes before what is recorded at ${this.latest}`
  }
}

/**
 * A hand-over to the person who already owns the request.
 *
 * @since 0.1.0
 * @category errors
 */
export class InvalidHandOver extends Schema.TaggedError<InvalidHandOver>()("InvalidHandOver", {
  requestId: Schema.String,
  reason: Schema.Literal("toCurrentOwner")
}) {
  override get message(): string {
    return `request ${this.requestId} cannot be handed over to its current owner`
  }
}

/**
 * A callback recorded before the request closed, or recorded twice.
 *
 * @since 0.1.0
 * @category errors
 */
export class CallbackConflict extends Schema.TaggedError<CallbackConflict>()("CallbackConflict", {
  requestId: Schema.String,
  reason: Schema.Literal("notClosed", "alreadyRecorded")
}) {
  override get message(): string {
    return this.reason === "notClosed"
      ? `request ${this.requestId} is not closed yet: the callback comes after closing`
      : `the callback of request ${this.requestId} is already recorded`
  }
}

// ---------------------------------------------------------------------------------------------
// Time
// ---------------------------------------------------------------------------------------------

const ms = DateTime.toEpochMillis
const utc = (millis: number): DateTime.Utc => DateTime.unsafeMake(millis)
const iso = (millis: number) => DateTime.formatIso(utc(millis))

const worked = (
  calendar: BusinessCalendar.BusinessCalendar,
  from: number,
  to: number
): Either.Either<number, BusinessCalendar.CalendarError> =>
  BusinessCalendar.workingTimeBetween(calendar, utc(from), utc(to))

const addWorked = (
  calendar: BusinessCalendar.BusinessCalendar,
  from: number,
  amount: number
): Either.Either<number, BusinessCalendar.CalendarError> =>
  Either.map(BusinessCalendar.addWorkingTime(calendar, utc(from), amount), ms)

const calendarRef = (calendar: BusinessCalendar.BusinessCalendar) => ({
  id: calendar.id,
  version: calendar.data.version
})

/** The last instant recorded on a request. */
const latest = (request: Request): number => {
  let t = ms(request.receivedAt)
  for (const h of request.handOvers) t = Math.max(t, ms(h.at))
  for (const e of request.log) t = Math.max(t, ms(e.at))
  if (request.closed) t = Math.max(t, ms(request.closed.at))
  if (request.callback?.done) t = Math.max(t, ms(request.callback.done.at))
  return t
}

type Reached = Request["reached"][number]

/**
 * The clock brought forward to `t`: the working time used, and the warning levels crossed on the
 * way with the instant of each.
 */
const foldTo = (
  request: Request,
  calendar: BusinessCalendar.BusinessCalendar,
  t: number
): Either.Either<
  { readonly usedMillis: number; readonly reached: ReadonlyArray<Reached> },
  BusinessCalendar.CalendarError
> => {
  const clock = request.clock
  if (clock._tag !== "Running") return Either.right({ usedMillis: clock.usedMillis, reached: request.reached })
  const since = ms(clock.since)
  return Either.flatMap(worked(calendar, since, t), (elapsed) => {
    const before = clock.usedMillis
    const after = before + elapsed
    const reached: Array<Reached> = [...request.reached]
    for (const level of warningLevels) {
      const mark = (request.limitMillis * level) / 100
      if (before < mark && mark <= after) {
        const at = addWorked(calendar, since, mark - before)
        if (Either.isLeft(at)) return Either.left(at.left)
        reached.push({ level, at: utc(at.right) })
      }
    }
    return Either.right({ usedMillis: after, reached })
  })
}

// ---------------------------------------------------------------------------------------------
// Commands
// ---------------------------------------------------------------------------------------------

/**
 * @since 0.1.0
 * @category errors
 */
export type CommandError = NotOwner | RequestClosed | ClockConflict | OutOfOrder | InvalidHandOver | CallbackConflict

/** The instant of a command, refused when it comes before something already recorded. */
const notBefore = (request: Request, instant: DateTime.DateTime): Either.Either<number, OutOfOrder> => {
  const at = ms(instant)
  const last = latest(request)
  return at < last
    ? Either.left(new OutOfOrder({ requestId: request.id, at: iso(at), latest: iso(last) }))
    : Either.right(at)
}

/** The checks of an owner's command on an open request: open, by the owner, in order. */
const ownersCommand = (
  request: Request,
  by: string,
  instant: DateTime.DateTime
): Either.Either<number, NotOwner | RequestClosed | OutOfOrder> => {
  if (request.closed) {
    return Either.left(new RequestClosed({ requestId: request.id, closedAt: iso(ms(request.closed.at)) }))
  }
  if (by !== request.owner.personId) {
    return Either.left(new NotOwner({ requestId: request.id, actor: by, owner: request.owner.personId }))
  }
  return notBefore(request, instant)
}

/**
 * Receives a request: its first receiver owns it (首问负责制) and its clock starts at once, with
 * the policy's limit for its kind.
 *
 * @since 0.1.0
 * @category commands
 */
export const receive = (input: NewRequest, policy: Policy): Request => {
  const at = DateTime.toUtc(input.receivedAt)
  return {
    id: input.id,
    kind: input.kind,
    customer: input.customer,
    channel: input.channel,
    receivedAt: at,
    ...(input.summary !== undefined ? { summary: input.summary } : {}),
    ...(input.about !== undefined ? { about: input.about } : {}),
    firstReceiver: input.receivedBy,
    owner: input.receivedBy,
    handOvers: [],
    limitMillis: limitMillis(input.limit ?? policy.limits[input.kind]),
    clock: { _tag: "Running", usedMillis: 0, since: at },
    reached: [],
    log: [{ event: "started", at, usedMillis: 0 }]
  }
}

/**
 * The owner hands the request over to someone else (移交), with a reason. The clock runs on: the
 * limit belongs to the customer's request, not to whoever holds it.
 *
 * @since 0.1.0
 * @category commands
 */
export const handOver = (
  request: Request,
  command: { readonly by: string; readonly to: Handler; readonly at: DateTime.DateTime; readonly reason: string }
): Either.Either<Request, NotOwner | RequestClosed | OutOfOrder | InvalidHandOver> =>
  Either.flatMap(ownersCommand(request, command.by, command.at), (at) =>
    command.to.personId === request.owner.personId
      ? Either.left(new InvalidHandOver({ requestId: request.id, reason: "toCurrentOwner" }))
      : Either.right({
          ...request,
          owner: command.to,
          handOvers: [
            ...request.handOvers,
            { from: request.owner, to: command.to, at: utc(at), reason: command.reason }
          ]
        })
  )

/**
 * The owner pauses the clock while the desk waits on the customer (a document, an appointment):
 * the working time used so far is stored, counted on `calendar`.
 *
 * @since 0.1.0
 * @category commands
 */
export const pause = (
  request: Request,
  command: { readonly by: string; readonly at: DateTime.DateTime; readonly reason: string },
  calendar: BusinessCalendar.BusinessCalendar
): Either.Either<Request, NotOwner | RequestClosed | OutOfOrder | ClockConflict | BusinessCalendar.CalendarError> =>
  Either.flatMap(
    ownersCommand(request, command.by, command.at),
    (at): Either.Either<Request, ClockConflict | BusinessCalendar.CalendarError> => {
      if (request.clock._tag === "Paused") {
        return Either.left(new ClockConflict({ requestId: request.id, reason: "alreadyPaused" }))
      }
      return Either.map(
        foldTo(request, calendar, at),
        ({ reached, usedMillis }): Request => ({
          ...request,
          clock: { _tag: "Paused" as const, usedMillis, since: utc(at), reason: command.reason },
          reached,
          log: [
            ...request.log,
            {
              event: "paused" as const,
              at: utc(at),
              usedMillis,
              calendar: calendarRef(calendar),
              reason: command.reason
            }
          ]
        })
      )
    }
  )

/**
 * The owner resumes the clock (the customer answered). The time used is what was stored at the
 * pause, whatever calendar is in force now.
 *
 * @since 0.1.0
 * @category commands
 */
export const resume = (
  request: Request,
  command: { readonly by: string; readonly at: DateTime.DateTime }
): Either.Either<Request, NotOwner | RequestClosed | OutOfOrder | ClockConflict> =>
  Either.flatMap(ownersCommand(request, command.by, command.at), (at) => {
    if (request.clock._tag !== "Paused") {
      return Either.left(new ClockConflict({ requestId: request.id, reason: "notPaused" }))
    }
    const usedMillis = request.clock.usedMillis
    return Either.right({
      ...request,
      clock: { _tag: "Running" as const, usedMillis, since: utc(at) },
      log: [...request.log, { event: "resumed" as const, at: utc(at), usedMillis }]
    })
  })

/**
 * Stores the working time a running clock has used up to `at`, counted on `calendar`. Call it
 * with the old calendar just before switching to a new one, so the time already used stays
 * counted as it was. A paused or closed request is returned unchanged.
 *
 * @since 0.1.0
 * @category commands
 */
export const checkpoint = (
  request: Request,
  command: { readonly at: DateTime.DateTime },
  calendar: BusinessCalendar.BusinessCalendar
): Either.Either<Request, OutOfOrder | BusinessCalendar.CalendarError> => {
  if (request.clock._tag !== "Running" || request.closed) return Either.right(request)
  return Either.flatMap(notBefore(request, command.at), (at) =>
    Either.map(foldTo(request, calendar, at), ({ reached, usedMillis }) => ({
      ...request,
      clock: { _tag: "Running" as const, usedMillis, since: utc(at) },
      reached,
      log: [...request.log, { event: "checkpoint" as const, at: utc(at), usedMillis, calendar: calendarRef(calendar) }]
    }))
  )
}

/**
 * The owner closes the request with its resolution. It is on time when the working time used is
 * within the limit. The callback falls due by the policy's rule.
 *
 * @since 0.1.0
 * @category commands
 */
export const close = (
  request: Request,
  command: { readonly by: string; readonly at: DateTime.DateTime; readonly resolution: string },
  calendar: BusinessCalendar.BusinessCalendar,
  policy: Policy
): Either.Either<Request, NotOwner | RequestClosed | OutOfOrder | Deadline.EvaluationError> =>
  Either.flatMap(ownersCommand(request, command.by, command.at), (at) =>
    Either.flatMap(foldTo(request, calendar, at), ({ reached, usedMillis }) => {
      const received = DateTime.formatIso(request.receivedAt)
      const closedAt = iso(at)
      return Either.map(
        Deadline.evaluate(policy.callback, {
          calendar,
          eventStart: received,
          eventEnd: closedAt,
          notice: received,
          anchors: { received, closed: closedAt }
        }),
        (callback): Request => ({
          ...request,
          clock: { _tag: "Stopped", usedMillis, at: utc(at) },
          reached,
          log: [...request.log, { event: "stopped", at: utc(at), usedMillis, calendar: calendarRef(calendar) }],
          closed: {
            at: utc(at),
            by: request.owner,
            resolution: command.resolution,
            usedMillis,
            onTime: usedMillis <= request.limitMillis
          },
          callback: {
            ...(callback.opensMillis !== undefined ? { opens: utc(callback.opensMillis) } : {}),
            due: utc(callback.dueMillis)
          }
        })
      )
    })
  )

/**
 * Records the callback (回访) after closing: whether the customer was reached, and their
 * satisfaction (0–10). Anyone may call back: the callback checks the owner's work.
 *
 * @since 0.1.0
 * @category commands
 */
export const recordCallback = (
  request: Request,
  command: {
    readonly by: string
    readonly at: DateTime.DateTime
    readonly reached: boolean
    readonly satisfaction?: number
    readonly note?: string
  }
): Either.Either<Request, CallbackConflict | OutOfOrder> => {
  if (request.closed === undefined || request.callback === undefined) {
    return Either.left(new CallbackConflict({ requestId: request.id, reason: "notClosed" }))
  }
  if (request.callback.done !== undefined) {
    return Either.left(new CallbackConflict({ requestId: request.id, reason: "alreadyRecorded" }))
  }
  const callback = request.callback
  return Either.map(notBefore(request, command.at), (at) => ({
    ...request,
    callback: {
      ...callback,
      done: {
        at: utc(at),
        by: command.by,
        reached: command.reached,
        ...(command.satisfaction !== undefined ? { satisfaction: command.satisfaction } : {}),
        ...(command.note !== undefined ? { note: command.note } : {})
      }
    }
  }))
}

// ---------------------------------------------------------------------------------------------
// Where a request stands
// ---------------------------------------------------------------------------------------------

/**
 * A warning for the notifications to send: a level `reached` (at the instant it was), one
 * `scheduled` on a running clock (at the instant it will be, if nothing changes), or one `onHold`
 * on a paused clock (at the instant it would be if the clock resumed now).
 *
 * @since 0.1.0
 * @category models
 */
export interface Warning {
  readonly level: WarningLevel
  readonly state: "reached" | "scheduled" | "onHold"
  readonly at: DateTime.Zoned
}

/**
 * Where a request stands at an instant.
 *
 * @since 0.1.0
 * @category models
 */
export interface Status {
  readonly requestId: string
  readonly owner: Handler
  readonly state: "running" | "paused" | "closed"
  readonly limitMillis: number
  readonly usedMillis: number
  /** Negative once over the limit. */
  readonly remainingMillis: number
  /** Used / limit. */
  readonly fraction: number
  readonly overdue: boolean
  /**
   * When the limit is (or was) reached: on a running clock, if nothing changes; on a paused one,
   * if it resumed now, so it moves later while the clock stays paused. Undefined once closed.
   */
  readonly due: DateTime.Zoned | undefined
  readonly warnings: ReadonlyArray<Warning>
  readonly callback:
    | {
        readonly due: DateTime.Zoned
        readonly done: boolean
        /** Done after its due instant, or not done and past it. */
        readonly late: boolean
      }
    | undefined
}

/**
 * Where a request stands at `now`, counted on `calendar`: time used and left, the due instant,
 * the warnings and the callback. A `now` before the last recorded command counts as that
 * command's instant; for the time used at a past instant, see {@link usedAt}.
 *
 * @since 0.1.0
 * @category queries
 */
export const status = (
  request: Request,
  calendar: BusinessCalendar.BusinessCalendar,
  now: DateTime.DateTime
): Either.Either<Status, BusinessCalendar.CalendarError> => {
  const t = Math.max(ms(now), latest(request))
  const zone = (millis: number) => DateTime.unsafeMakeZoned(millis, { timeZone: calendar.zone })
  return Either.flatMap(foldTo(request, calendar, t), ({ reached, usedMillis }) => {
    const clock = request.clock
    const limit = request.limitMillis
    const warnings: Array<Warning> = reached.map((r) => ({ level: r.level, state: "reached", at: zone(ms(r.at)) }))
    const full = reached.find((r) => r.level === 100)
    let due: DateTime.Zoned | undefined
    if (clock._tag !== "Stopped") {
      // Running: count on from the last resume; paused: from now, as if resumed at once.
      const [from, base] = clock._tag === "Running" ? [ms(clock.since), clock.usedMillis] : [t, usedMillis]
      for (const level of warningLevels) {
        const mark = (limit * level) / 100
        if (reached.some((r) => r.level === level)) continue
        const at = addWorked(calendar, from, mark - base)
        if (Either.isLeft(at)) return Either.left(at.left)
        warnings.push({ level, state: clock._tag === "Running" ? "scheduled" : "onHold", at: zone(at.right) })
      }
      if (full !== undefined) due = zone(ms(full.at))
      else {
        const at = addWorked(calendar, from, limit - base)
        if (Either.isLeft(at)) return Either.left(at.left)
        due = zone(at.right)
      }
    }
    const cb = request.callback
    return Either.right({
      requestId: request.id,
      owner: request.owner,
      state: clock._tag === "Running" ? "running" : clock._tag === "Paused" ? "paused" : "closed",
      limitMillis: limit,
      usedMillis,
      remainingMillis: limit - usedMillis,
      fraction: usedMillis / limit,
      overdue: usedMillis > limit,
      due,
      warnings: warnings.sort((a, b) => a.level - b.level),
      callback:
        cb === undefined
          ? undefined
          : {
              due: zone(ms(cb.due)),
              done: cb.done !== undefined,
              late: cb.done !== undefined ? ms(cb.done.at) > ms(cb.due) : t > ms(cb.due)
            }
    })
  })
}

/**
 * The working time a request had used at an instant, from its clock log: what a monthly report
 * needs for requests still open at the month's end. Time between log events is counted on
 * `calendar`; the time stored at each event is kept as it was.
 *
 * @since 0.1.0
 * @category queries
 */
export const usedAt = (
  request: Request,
  calendar: BusinessCalendar.BusinessCalendar,
  at: DateTime.DateTime
): Either.Either<number, BusinessCalendar.CalendarError> => {
  const t = ms(at)
  let last: ClockEvent | undefined
  for (const e of request.log) if (ms(e.at) <= t) last = e
  if (last === undefined) return Either.right(0)
  const running = last.event === "started" || last.event === "resumed" || last.event === "checkpoint"
  const base = last.usedMillis
  return running ? Either.map(worked(calendar, ms(last.at), t), (elapsed) => base + elapsed) : Either.right(base)
}

/**
 * Who owned a request at an instant (following its hand-overs).
 *
 * @since 0.1.0
 * @category queries
 */
export const ownerAt = (request: Request, at: DateTime.DateTime): Handler => {
  let owner = request.firstReceiver
  for (const h of request.handOvers) if (ms(h.at) <= ms(at)) owner = h.to
  return owner
}

// ---------------------------------------------------------------------------------------------
// Monthly figures (月考核)
// ---------------------------------------------------------------------------------------------

/**
 * One person's or department's month.
 *
 * @since 0.1.0
 * @category models
 */
export interface Figures {
  /** The person id, or the department. */
  readonly key: string
  /** Requests they received first (首问) in the month. */
  readonly received: number
  /** Requests they closed in the month (as owner at closing). */
  readonly closed: number
  /** Of those, within the limit… */
  readonly onTime: number
  /** …and over it: `onTime + overdue = closed`. */
  readonly overdue: number
  /** `onTime / closed`, undefined when nothing was closed. */
  readonly onTimeRate: number | undefined
  /** Requests they owned at the month's end that were open and over their limit then. */
  readonly openOverdue: number
  /** Complaints received in the month that are about them. */
  readonly complaints: number
  /** Satisfaction from the callbacks recorded in the month on requests they closed. */
  readonly satisfaction: { readonly count: number; readonly average: number | undefined }
}

/**
 * A month's figures per person and per department.
 *
 * @since 0.1.0
 * @category models
 */
export interface MonthlyFigures {
  readonly month: string
  readonly people: ReadonlyArray<Figures>
  readonly departments: ReadonlyArray<Figures>
}

interface Tally {
  received: number
  closed: number
  onTime: number
  overdue: number
  openOverdue: number
  complaints: number
  scores: Array<number>
}

/**
 * The monthly assessment (月考核) of a month `YYYY-MM`, read in the calendar's time zone: for each
 * person and department, requests received first, closed, on time and overdue, those still open
 * and over their limit at the month's end, complaints about them, and average satisfaction.
 *
 * @since 0.1.0
 * @category queries
 */
export const monthlyFigures = (
  requests: ReadonlyArray<Request>,
  month: string,
  calendar: BusinessCalendar.BusinessCalendar
): Either.Either<MonthlyFigures, BusinessCalendar.CalendarError> => {
  const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(month)
  if (m === null) {
    return Either.left(
      new BusinessCalendar.InvalidArgument({ argument: "month", message: `month: expected YYYY-MM, got ${month}` })
    )
  }
  const year = Number(m[1])
  const mon = Number(m[2])
  const next = LocalDate.fromParts(mon === 12 ? year + 1 : year, mon === 12 ? 1 : mon + 1, 1)
  if (Either.isLeft(next)) {
    return Either.left(new BusinessCalendar.InvalidArgument({ argument: "month", message: next.left.message }))
  }
  // The month ends the instant before the next one starts, in the calendar's zone.
  const end = BusinessCalendar.instantAt(calendar, next.right, "00:00")
  if (Either.isLeft(end)) return Either.left(end.left)
  const endMillis = ms(end.right) - 1
  const inMonth = (instant: DateTime.Utc) => BusinessCalendar.localDateOf(calendar, instant).slice(0, 7) === month
  const people = new Map<string, Tally>()
  const departments = new Map<string, Tally>()
  const tally = (map: Map<string, Tally>, key: string): Tally => {
    let t = map.get(key)
    if (t === undefined) {
      t = { received: 0, closed: 0, onTime: 0, overdue: 0, openOverdue: 0, complaints: 0, scores: [] }
      map.set(key, t)
    }
    return t
  }
  const both = (h: Handler, f: (t: Tally) => void) => {
    f(tally(people, h.personId))
    f(tally(departments, h.department))
  }
  for (const r of requests) {
    if (inMonth(r.receivedAt)) {
      both(r.firstReceiver, (t) => t.received++)
      if (r.kind === "complaint" && r.about) {
        if (r.about.personId !== undefined) tally(people, r.about.personId).complaints++
        if (r.about.department !== undefined) tally(departments, r.about.department).complaints++
      }
    }
    if (r.closed && inMonth(r.closed.at)) {
      const onTime = r.closed.onTime
      both(r.closed.by, (t) => {
        t.closed++
        if (onTime) t.onTime++
        else t.overdue++
      })
    }
    const score = r.callback?.done?.satisfaction
    if (r.closed && r.callback?.done && score !== undefined && inMonth(r.callback.done.at)) {
      both(r.closed.by, (t) => t.scores.push(score))
    }
    const openAtEnd = ms(r.receivedAt) <= endMillis && (r.closed === undefined || ms(r.closed.at) > endMillis)
    if (openAtEnd) {
      const used = usedAt(r, calendar, utc(endMillis))
      if (Either.isLeft(used)) return Either.left(used.left)
      if (used.right > r.limitMillis) both(ownerAt(r, utc(endMillis)), (t) => t.openOverdue++)
    }
  }
  const figures = (map: Map<string, Tally>): ReadonlyArray<Figures> =>
    [...map.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, t]) => ({
        key,
        received: t.received,
        closed: t.closed,
        onTime: t.onTime,
        overdue: t.overdue,
        onTimeRate: t.closed === 0 ? undefined : t.onTime / t.closed,
        openOverdue: t.openOverdue,
        complaints: t.complaints,
        satisfaction: {
          count: t.scores.length,
          average: t.scores.length === 0 ? undefined : t.scores.reduce((a, b) => a + b, 0) / t.scores.length
        }
      }))
  return Either.right({ month, people: figures(people), departments: figures(departments) })
}
