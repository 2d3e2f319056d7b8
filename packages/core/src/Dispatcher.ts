/**
 * The outbox dispatcher (发件调度): delivers the outbox's messages at least once, retrying and parking.
 *
 * It leases a batch ({@link Outbox.Outbox} `claim`), renders each message for its recipients, sends it through the
 * {@link Notifier.Notifier} and records the outcome: delivered; failed and due again after an
 * exponential backoff with jitter (an Effect `Schedule`); or, after too many failures or a failure
 * that retrying cannot mend, parked with its reason for an operator — never dropped silently.
 *
 * A worker that crashes mid-batch loses nothing: its leases expire and another worker (or the same
 * one restarted) takes the messages again. A message may then be delivered twice; both deliveries
 * carry the same idempotency key, which the receiver drops the repeat by. Several workers may run
 * against one outbox; a lease is held by one worker at a time.
 *
 * Hosts driven by cron call {@link runOnce}; long-lived hosts fork {@link run} (or use
 * {@link layer}). Time comes from effect's `Clock`, so `TestClock` drives both.
 *
 * @since 0.1.0
 */
import * as Chunk from "effect/Chunk"
import * as Clock from "effect/Clock"
import type * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Schedule from "effect/Schedule"
import * as Directory from "./Directory.js"
import type * as Engagement from "./Engagement.js"
import { EngagementRepo } from "./EngagementRepo.js"
import * as Notification from "./Notification.js"
import { Notifier, type NotifierError } from "./Notifier.js"
import * as Outbox from "./Outbox.js"
import * as PersonalData from "./PersonalData.js"
import type { StorageError } from "./StorageError.js"

/**
 * How retries back off: `base × factor^(attempt−1)`, capped at `max`, each delay varied by ±20 %
 * (`jitter`) so that workers that failed together do not retry together.
 *
 * @since 0.1.0
 * @category models
 */
export interface Backoff {
  /** Default 1 second. */
  readonly base?: Duration.DurationInput
  /** Default 2. */
  readonly factor?: number
  /** Default 1 hour. */
  readonly max?: Duration.DurationInput
  /** Default true. */
  readonly jitter?: boolean
}

/**
 * A dispatcher's settings.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /** Names this worker in its leases; unique per running worker. */
  readonly workerId: string
  /** Messages leased at once. Default 50. */
  readonly batchSize?: number
  /** How long a lease lasts; a worker that dies is replaced after it. Default 60 s. */
  readonly leaseMs?: number
  /** Failed attempts after which a message is parked. Default 8. */
  readonly maxAttempts?: number
  readonly backoff?: Backoff
  /**
   * How long one send may take before it counts as a (retryable) failure; with a notifier that
   * takes many at once (`sendMany`), how long the batch's one call may take. Default: half the lease.
   */
  readonly sendTimeout?: Duration.DurationInput
  /** Messages of a batch sent at once. Default 8. A notifier with `sendMany` gets the whole batch instead. */
  readonly concurrency?: number
  /** How long {@link run} waits when the outbox has nothing due. Default 1 s. */
  readonly pollInterval?: Duration.DurationInput
  /** The channels each message goes out on. Default `["email"]`. */
  readonly channels?: ReadonlyArray<Notification.Channel>
  /** Wording, access policy, names of roles and steps. */
  readonly render?: Omit<Notification.RenderOptions, "channel">
  /**
   * Records a batch's outcomes together, after all its sends, inside this wrapper: a database
   * transaction (`sql.withTransaction` of the storage's `SqlClient`) turns a batch's writes into one
   * commit. Without it each outcome is recorded as soon as its send ends. With it a worker that
   * dies before the commit sends the whole batch again (under the same keys).
   */
  readonly transaction?: <A, E, R>(effect: Effect.Effect<A, E, R>) => Effect.Effect<A, unknown, R>
}

/**
 * What one batch did.
 *
 * @since 0.1.0
 * @category models
 */
export interface Report {
  readonly claimed: number
  readonly delivered: number
  /** Failed and due again later. */
  readonly retried: number
  readonly parked: number
  /** Dropped by this worker because its lease was gone (another worker has the message). */
  readonly leaseLost: number
  /** Outcomes that could not be recorded (the store failed): the lease expires and it is tried again. */
  readonly unrecorded: number
}

const emptyReport: Report = { claimed: 0, delivered: 0, retried: 0, parked: 0, leaseLost: 0, unrecorded: 0 }

/**
 * The backoff as a schedule of delays.
 *
 * @since 0.1.0
 * @category retries
 */
export const backoffSchedule = (backoff: Backoff = {}): Schedule.Schedule<Duration.Duration> => {
  const max = Duration.decode(backoff.max ?? "1 hour")
  const exponential = Schedule.exponential(backoff.base ?? "1 second", backoff.factor ?? 2)
  return Schedule.delays(
    (backoff.jitter === false ? exponential : Schedule.jittered(exponential)).pipe(
      Schedule.modifyDelay((_, delay) => Duration.min(delay, max))
    )
  )
}

/**
 * The delay before the next try after the `attempt`-th failure (1 for the first), read off the
 * backoff schedule.
 *
 * @since 0.1.0
 * @category retries
 */
export const retryDelay = (attempt: number, backoff: Backoff = {}): Effect.Effect<Duration.Duration> =>
  Effect.map(
    Schedule.run(
      backoffSchedule(backoff),
      0,
      Array.from({ length: Math.max(1, Math.floor(attempt)) }, () => undefined)
    ),
    (delays) => Option.getOrElse(Chunk.last(delays), () => Duration.zero)
  )

type Outcome =
  | { readonly _tag: "Delivered" }
  | { readonly _tag: "Retry"; readonly error: string }
  | { readonly _tag: "Park"; readonly reason: string }

const delivered: Outcome = { _tag: "Delivered" }

const REQUESTER = "requester"

/**
 * The look-ups rendering needs, remembered for one batch: a batch's messages mostly concern the
 * same engagements and the same people.
 */
interface Lookups {
  readonly engagement: (id: string) => Effect.Effect<Engagement.Engagement | undefined, StorageError>
  readonly holdersOf: (role: string) => Effect.Effect<ReadonlyArray<Directory.Person>, Directory.DirectoryUnavailable>
  readonly find: (id: string) => Effect.Effect<Directory.Person | undefined, Directory.DirectoryUnavailable>
}

const remembered = <A, E>(look: (key: string) => Effect.Effect<A, E>) => {
  const known = new Map<string, A>()
  return (key: string): Effect.Effect<A, E> =>
    known.has(key)
      ? Effect.succeed(known.get(key) as A)
      : Effect.tap(look(key), (a) => Effect.sync(() => known.set(key, a)))
}

const makeLookups: Effect.Effect<Lookups, never, EngagementRepo | Directory.Directory> = Effect.gen(function* () {
  const repo = yield* EngagementRepo
  const directory = yield* Directory.Directory
  return {
    engagement: remembered(repo.get),
    holdersOf: remembered((role) => Directory.activeHolders(directory, role)),
    find: remembered(directory.find)
  }
})

const resolveWith = (
  lookups: Lookups,
  message: Outbox.Message,
  engagement: Engagement.Engagement | undefined
): Effect.Effect<ReadonlyArray<Directory.Person>, Directory.DirectoryUnavailable> =>
  Effect.gen(function* () {
    const people = new Map<string, Directory.Person>()
    const ids = [...message.recipients.personIds]
    for (const role of message.recipients.roles) {
      if (role === REQUESTER) {
        if (engagement !== undefined) ids.push(engagement.requesterId)
        continue
      }
      for (const person of yield* lookups.holdersOf(role)) if (!people.has(person.id)) people.set(person.id, person)
    }
    for (const id of ids) {
      if (people.has(id)) continue
      const person = yield* lookups.find(id)
      // Someone who has left gets no messages, named by id or not.
      if (person !== undefined && person.active !== false) people.set(id, person)
    }
    return [...people.values()]
  })

/**
 * The staff a message's recipients name: the people it lists and the holders of the roles it
 * lists, once each; the `requester` role means the engagement's own requester.
 *
 * @since 0.1.0
 * @category rendering
 */
export const resolveRecipients = (
  message: Outbox.Message,
  engagement: Engagement.Engagement | undefined
): Effect.Effect<ReadonlyArray<Directory.Person>, Directory.DirectoryUnavailable, Directory.Directory> =>
  Effect.flatMap(Directory.Directory, (directory) =>
    resolveWith(
      {
        engagement: () => Effect.succeed(engagement),
        holdersOf: (role) => Directory.activeHolders(directory, role),
        find: directory.find
      },
      message,
      engagement
    )
  )

/** A renderer per channel of the options. */
const renderersOf = (options: Pick<Options, "channels" | "render">) =>
  (options.channels ?? ["email"]).map((channel) => Notification.renderer({ ...options.render, channel }))

const prepareWith = (
  lookups: Lookups,
  message: Outbox.Message,
  renderers: ReadonlyArray<ReturnType<typeof Notification.renderer>>
): Effect.Effect<
  Either.Either<ReadonlyArray<Notification.Notification>, Notification.RenderError>,
  StorageError | Directory.DirectoryUnavailable
> =>
  Effect.gen(function* () {
    const engagements = new Map<string, Engagement.Engagement>()
    for (const id of Notification.engagementIdsOf(message)) {
      const e = yield* lookups.engagement(id)
      if (e !== undefined) engagements.set(id, e)
    }
    const staff = yield* resolveWith(lookups, message, engagements.get(message.engagementId))
    const out: Array<Notification.Notification> = []
    for (const render of renderers) {
      const rendered = render({ message, engagements, staff })
      if (Either.isLeft(rendered)) return rendered
      out.push(...rendered.right)
    }
    return Either.right(out)
  })

/**
 * Renders a message into the notifications to send, on every channel of the options.
 *
 * @since 0.1.0
 * @category rendering
 */
export const prepare = (
  message: Outbox.Message,
  options: Pick<Options, "channels" | "render"> = {}
): Effect.Effect<
  Either.Either<ReadonlyArray<Notification.Notification>, Notification.RenderError>,
  StorageError | Directory.DirectoryUnavailable,
  EngagementRepo | Directory.Directory
> => Effect.flatMap(makeLookups, (lookups) => prepareWith(lookups, message, renderersOf(options)))

/** What a lane is sending, until when. */
interface Sending {
  readonly index: number
  readonly notification: Notification.Notification
  readonly deadline: number
}

/** A fiber sending a batch's messages one after another; `sending` is set while a send is out. */
interface Lane {
  fiber: Fiber.RuntimeFiber<void> | undefined
  sending: Sending | undefined
}

/**
 * A failed send's outcome. What the channel answered (an SMTP server's "550 <li.na@…>: no such
 * user", a receiver's error text) is stored with the message and logged, so the recipients' names,
 * addresses and phone numbers are taken out of it first.
 */
const outcomeOf = (e: NotifierError, notification: Notification.Notification): Outcome => {
  const values = notification.recipients.flatMap((r) => [
    { value: r.name },
    ...(r.email !== undefined ? [{ value: r.email }] : []),
    ...(r.phone !== undefined ? [{ value: r.phone }] : [])
  ])
  const text = `${e.channel}: ${PersonalData.scrub(e.message, values, () => "‹recipient›")}`
  return e.retryable ? { _tag: "Retry", error: text } : { _tag: "Park", reason: text }
}

const sendTimeoutOf = (options: Options): Duration.Duration =>
  Duration.decode(options.sendTimeout ?? Duration.millis((options.leaseMs ?? 60_000) / 2))

/**
 * A batch through a notifier that takes many at once: one call for the whole batch, under the send
 * timeout. A message is delivered when each of its notifications is; its first failure decides
 * otherwise. What the call did not answer (it timed out, or answered for fewer) goes again.
 */
const sendAllAtOnce = (
  sendMany: NonNullable<Context.Tag.Service<Notifier>["sendMany"]>,
  prepared: ReadonlyArray<Either.Either<ReadonlyArray<Notification.Notification>, Outcome>>,
  options: Options
): Effect.Effect<ReadonlyArray<Outcome>> => {
  const outcomes: Array<Outcome> = prepared.map((p) => (Either.isLeft(p) ? p.left : delivered))
  const owners: Array<number> = []
  const notifications: Array<Notification.Notification> = []
  for (const [i, p] of prepared.entries()) {
    if (Either.isLeft(p)) continue
    for (const n of p.right) {
      owners.push(i)
      notifications.push(n)
    }
  }
  if (notifications.length === 0) return Effect.succeed(outcomes)
  const timeout = sendTimeoutOf(options)
  return sendMany(notifications).pipe(
    Effect.timeoutTo({ duration: timeout, onTimeout: () => undefined, onSuccess: (results) => results }),
    Effect.map((results) => {
      for (const [k, n] of notifications.entries()) {
        const i = owners[k]!
        if (outcomes[i]!._tag !== "Delivered") continue
        const result = results?.[k]
        if (result === undefined) {
          outcomes[i] = {
            _tag: "Retry",
            error: `${n.channel}: ${results === undefined ? `no answer within ${Duration.format(timeout)}` : "not answered"}`
          }
        } else if (Either.isLeft(result)) outcomes[i] = outcomeOf(result.left, n)
      }
      return outcomes
    })
  )
}

/**
 * Sends every message's notifications (in order, stopping at the first failure), `concurrency`
 * messages at a time, each send bounded by the timeout on the `Clock` (so `TestClock` drives it).
 *
 * `concurrency` lanes each take the next message when done with one, and only the send itself is
 * interruptible. The batch's fiber sleeps until the earliest deadline (or a lane ends) and
 * interrupts a lane whose send has outlasted it: that message is retried, and a new lane takes
 * over the rest. A send thus costs no fiber of its own: a race of two fibers per send
 * (`Effect.timeout`) cost more than everything else the dispatcher does for a message.
 */
const sendAll = (
  notifier: Context.Tag.Service<Notifier>,
  prepared: ReadonlyArray<Either.Either<ReadonlyArray<Notification.Notification>, Outcome>>,
  options: Options
): Effect.Effect<ReadonlyArray<Outcome>> =>
  Effect.gen(function* () {
    if (notifier.sendMany !== undefined) return yield* sendAllAtOnce(notifier.sendMany, prepared, options)
    const timeout = sendTimeoutOf(options)
    const timeoutMs = Duration.toMillis(timeout)
    const outcomes: Array<Outcome | undefined> = prepared.map((p) => (Either.isLeft(p) ? p.left : undefined))
    const queue = prepared.flatMap((p, i) => (Either.isRight(p) ? [i] : []))
    let head = 0

    const run = (lane: Lane) =>
      Effect.uninterruptibleMask((restore) =>
        Effect.gen(function* () {
          while (head < queue.length) {
            const index = queue[head++]!
            const p = prepared[index]!
            let outcome: Outcome = delivered
            for (const notification of Either.isRight(p) ? p.right : []) {
              lane.sending = { index, notification, deadline: (yield* Clock.currentTimeMillis) + timeoutMs }
              const sent = yield* Effect.either(restore(notifier.send(notification)))
              lane.sending = undefined
              if (Either.isLeft(sent)) {
                outcome = outcomeOf(sent.left, notification)
                break
              }
            }
            outcomes[index] = outcome
          }
        })
      )

    const lanes = new Set<Lane>()
    const start = Effect.gen(function* () {
      const lane: Lane = { fiber: undefined, sending: undefined }
      lanes.add(lane)
      lane.fiber = yield* Effect.fork(run(lane))
    })
    const count = Math.max(1, Math.min(Math.floor(options.concurrency ?? 8) || 1, queue.length))
    for (let i = 0; i < count && queue.length > 0; i++) yield* start

    while (lanes.size > 0) {
      const now = yield* Clock.currentTimeMillis
      let wake = now + timeoutMs
      for (const lane of lanes) if (lane.sending !== undefined) wake = Math.min(wake, lane.sending.deadline)
      const fibers = [...lanes].flatMap((lane) => (lane.fiber === undefined ? [] : [lane.fiber]))
      // Until every lane is done, or the earliest deadline.
      yield* Effect.raceFirst(Fiber.joinAll(fibers), Effect.sleep(Duration.millis(Math.max(1, wake - now))))
      const later = yield* Clock.currentTimeMillis
      for (const lane of [...lanes]) {
        const done = lane.fiber === undefined ? undefined : yield* Fiber.poll(lane.fiber)
        if (done !== undefined && Option.isSome(done)) {
          lanes.delete(lane)
          continue
        }
        const overdue = lane.sending
        if (overdue === undefined || overdue.deadline > later || lane.fiber === undefined) continue
        yield* Fiber.interrupt(lane.fiber)
        lanes.delete(lane)
        const cut = lane.sending
        if (cut !== undefined) {
          if (cut.index === overdue.index && cut.notification === overdue.notification) {
            outcomes[cut.index] = {
              _tag: "Retry",
              error: `${cut.notification.channel}: no answer within ${Duration.format(timeout)}`
            }
          } else {
            // The overdue send ended as it was cut short and the lane had begun the next: that one
            // goes again (under its key).
            queue.push(cut.index)
          }
        }
        if (head < queue.length) yield* start
      }
    }
    return outcomes.map((o) => o ?? { _tag: "Retry", error: "not sent" })
  })

type Tally = keyof Omit<Report, "claimed">

/** Records a failed or parked message's outcome. */
const recordFailure = (
  outbox: Context.Tag.Service<Outbox.Outbox>,
  message: Outbox.Message,
  outcome: Exclude<Outcome, { readonly _tag: "Delivered" }>,
  now: number,
  options: Options
): Effect.Effect<Tally> => {
  const { workerId } = options
  const write: Effect.Effect<Tally, Outbox.LeaseLost | StorageError> = Effect.gen(function* () {
    switch (outcome._tag) {
      case "Park":
        yield* outbox.park({ messageId: message.id, workerId, reason: outcome.reason })
        yield* Effect.logWarning(`parked ${message.id}: ${outcome.reason}`)
        return "parked"
      case "Retry": {
        const attempts = ((yield* outbox.get(message.id))?.delivery.attempts ?? 0) + 1
        const maxAttempts = options.maxAttempts ?? 8
        if (attempts >= maxAttempts) {
          const reason = `gave up after ${attempts} failed attempts; last: ${outcome.error}`
          yield* outbox.park({ messageId: message.id, workerId, reason })
          yield* Effect.logWarning(`parked ${message.id}: ${reason}`)
          return "parked"
        }
        const delay = yield* retryDelay(attempts, options.backoff)
        yield* outbox.failed({
          messageId: message.id,
          workerId,
          error: outcome.error,
          retryAt: now + Math.ceil(Duration.toMillis(delay))
        })
        return "retried"
      }
    }
  })
  return write.pipe(
    Effect.catchTags({
      LeaseLost: () => Effect.succeed<Tally>("leaseLost"),
      StorageError: (e) =>
        Effect.as(
          Effect.logWarning(`could not record the outcome of ${message.id}: ${e.message}`),
          "unrecorded" as Tally
        )
    })
  )
}

/**
 * Records a batch's outcomes: the deliveries in one write (`deliveredAll`), each failure and
 * parking on its own. A delivery whose lease is gone counts as `leaseLost`; a write the store
 * refused, as `unrecorded`.
 */
const recordAll = (
  outbox: Context.Tag.Service<Outbox.Outbox>,
  claimed: ReadonlyArray<Outbox.Message>,
  outcomes: ReadonlyArray<Outcome>,
  options: Options
): Effect.Effect<ReadonlyArray<Tally>> =>
  Effect.gen(function* () {
    const now = yield* Clock.currentTimeMillis
    const tallies: Array<Tally> = claimed.map(() => "delivered")
    const deliveredIds = claimed.flatMap((m, i) => (outcomes[i]!._tag === "Delivered" ? [m.id] : []))
    if (deliveredIds.length > 0) {
      const lost = yield* Effect.either(
        outbox.deliveredAll({ messageIds: deliveredIds, workerId: options.workerId, now })
      )
      if (Either.isLeft(lost)) {
        yield* Effect.logWarning(`could not record ${deliveredIds.length} deliveries: ${lost.left.message}`)
      }
      const gone = new Set(Either.isRight(lost) ? lost.right : [])
      for (const [i, m] of claimed.entries()) {
        if (outcomes[i]!._tag !== "Delivered") continue
        if (Either.isLeft(lost)) tallies[i] = "unrecorded"
        else if (gone.has(m.id)) tallies[i] = "leaseLost"
      }
    }
    for (const [i, m] of claimed.entries()) {
      const outcome = outcomes[i]!
      if (outcome._tag !== "Delivered") tallies[i] = yield* recordFailure(outbox, m, outcome, now, options)
    }
    return tallies
  })

/** A message's notifications, or the outcome that makes sending pointless (park, or retry later). */
const prepareOutcome = (
  lookups: Lookups,
  message: Outbox.Message,
  renderers: ReadonlyArray<ReturnType<typeof Notification.renderer>>
): Effect.Effect<Either.Either<ReadonlyArray<Notification.Notification>, Outcome>> =>
  prepareWith(lookups, message, renderers).pipe(
    Effect.map(Either.mapLeft((e): Outcome => ({ _tag: "Park", reason: `${e.reason}: ${e.message}` }))),
    Effect.catchTags({
      DirectoryUnavailable: (e) =>
        Effect.succeed(Either.left<Outcome>({ _tag: "Retry", error: `directory: ${e.message}` })),
      StorageError: (e) =>
        Effect.succeed(Either.left<Outcome>({ _tag: "Retry", error: `storage (${e.operation}): ${e.message}` }))
    })
  )

/**
 * One batch: lease the due messages, render them, send them (`concurrency` at a time, each send
 * bounded by `sendTimeout`; or all in one call to a notifier's `sendMany`), then record the outcomes — the deliveries in one write. For hosts
 * driven by cron (`liaison dispatch`), and the step {@link run} repeats.
 *
 * @since 0.1.0
 * @category dispatching
 */
export const runOnce = (
  options: Options
): Effect.Effect<Report, StorageError, Outbox.Outbox | Notifier | EngagementRepo | Directory.Directory> =>
  Effect.gen(function* () {
    const outbox = yield* Outbox.Outbox
    const notifier = yield* Notifier
    const now = yield* Clock.currentTimeMillis
    const claimed = yield* outbox.claim({
      workerId: options.workerId,
      limit: options.batchSize ?? 50,
      leaseMs: options.leaseMs ?? 60_000,
      now
    })
    if (claimed.length === 0) return emptyReport
    const lookups = yield* makeLookups
    // Rendered one after another: a batch's look-ups are mostly the same, and remembered.
    const renderers = renderersOf(options)
    const prepared = yield* Effect.forEach(claimed, (message) => prepareOutcome(lookups, message, renderers))
    const outcomes = yield* sendAll(notifier, prepared, options)
    const record = recordAll(outbox, claimed, outcomes, options)
    const transaction = options.transaction
    const tallies =
      transaction === undefined
        ? yield* record
        : yield* transaction(record).pipe(
            // The commit failed: nothing was recorded; the leases expire and the batch goes again.
            Effect.catchAll((e) =>
              Effect.as(
                Effect.logWarning(`could not record a batch of ${claimed.length}: ${String(e)}`),
                claimed.map((): Tally => "unrecorded")
              )
            )
          )
    const report = { ...emptyReport, claimed: claimed.length }
    for (const t of tallies) report[t]++
    return report as Report
  }).pipe(Effect.withSpan("Dispatcher.runOnce", { attributes: { worker: options.workerId } }))

/**
 * Dispatches for as long as it runs: a batch, then at once another while batches come back full,
 * else a pause of `pollInterval`. A storage failure is logged and the loop goes on after the
 * pause. The host forks it (`Effect.forkScoped`), or uses {@link layer}.
 *
 * @since 0.1.0
 * @category dispatching
 */
export const run = (
  options: Options
): Effect.Effect<never, never, Outbox.Outbox | Notifier | EngagementRepo | Directory.Directory> => {
  const pause = Effect.sleep(options.pollInterval ?? "1 second")
  const batchSize = options.batchSize ?? 50
  return runOnce(options).pipe(
    Effect.flatMap((report) => (report.claimed < batchSize ? pause : Effect.void)),
    Effect.catchTag("StorageError", (e) =>
      Effect.zipRight(Effect.logWarning(`dispatcher ${options.workerId}: ${e.message}`), pause)
    ),
    Effect.forever
  )
}

/**
 * A layer that runs a dispatcher in the background for as long as the layer's scope lasts.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (
  options: Options
): Layer.Layer<never, never, Outbox.Outbox | Notifier | EngagementRepo | Directory.Directory> =>
  Layer.scopedDiscard(Effect.forkScoped(run(options)))
