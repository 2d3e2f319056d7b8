/**
 * The outbox (发件箱): messages a state change produces (a task assigned, an approval needed, an
 * escalation), written in the same commit as the change, so none is lost and none is sent for a
 * change that did not happen; and messages no state change produces (reminders, digests, messages
 * to guests), enqueued idempotently by id. A dispatcher delivers them afterwards.
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import type * as DateTime from "effect/DateTime"
import type * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import type { StorageError } from "./StorageError.js"
import { ZonedDateTime } from "./ZonedDateTime.js"

/**
 * The kinds of message: those the lifecycle produces, the reminders' and the daily digest.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Template = Schema.Literal(
  "task-assigned",
  "due-soon",
  "overdue",
  "escalated",
  "approval-needed",
  "approved",
  "rejected",
  "cancelled",
  "thanks",
  "post-visit",
  "callback-reminder",
  "digest"
)

/**
 * @since 0.1.0
 * @category models
 */
export type Template = typeof Template.Type

/**
 * A message waiting to be delivered. Its `id` is its idempotency key: the same change never makes
 * two messages with one id, and a receiver drops a second delivery of an id.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Message = Schema.Struct({
  id: Schema.NonEmptyTrimmedString,
  template: Template,
  engagementId: Schema.String,
  recipients: Schema.Struct({ roles: Schema.Array(Schema.String), personIds: Schema.Array(Schema.String) }),
  payload: Schema.Record({ key: Schema.String, value: Schema.Unknown }),
  confidential: Schema.Boolean,
  createdAt: ZonedDateTime
}).annotations({ identifier: "OutboxMessage" })

/**
 * @since 0.1.0
 * @category models
 */
export interface Message extends Schema.Schema.Type<typeof Message> {}

/**
 * @since 0.1.0
 * @category models
 */
export type MessageEncoded = Schema.Schema.Encoded<typeof Message>

/**
 * A message about an engagement at its current version. The id is
 * `<engagement>#<version>/<template>[/<task>]`: deterministic, so replaying a command cannot
 * enqueue it twice.
 *
 * @since 0.1.0
 * @category constructors
 */
export const message = (
  e: { readonly id: string; readonly version: number; readonly confidential: boolean; readonly tier?: string },
  at: DateTime.Zoned,
  template: Template,
  recipients: { readonly roles: ReadonlyArray<string>; readonly personIds: ReadonlyArray<string> },
  payload: Readonly<Record<string, unknown>>
): Message => ({
  id: `${e.id}#${e.version}/${template}${typeof payload.taskId === "string" ? `/${payload.taskId}` : ""}`,
  template,
  engagementId: e.id,
  recipients: { roles: [...recipients.roles], personIds: [...new Set(recipients.personIds)] },
  payload: { ...payload },
  confidential: e.confidential || e.tier === "A",
  createdAt: at
})

/**
 * Where a message stands in delivery.
 *
 * @since 0.1.0
 * @category models
 */
export interface Delivery {
  readonly status: "pending" | "leased" | "delivered" | "parked"
  /** Failed attempts so far. */
  readonly attempts: number
  /** Not to be tried before this instant (epoch ms): the backoff after a failure. */
  readonly notBefore: number
  readonly lastError?: string
  /** The worker holding the lease, and until when (epoch ms). */
  readonly lease?: { readonly workerId: string; readonly until: number }
  readonly deliveredAt?: number
}

/**
 * A message with its delivery state.
 *
 * @since 0.1.0
 * @category models
 */
export interface Tracked {
  readonly message: Message
  readonly delivery: Delivery
}

/**
 * The message is not leased by this worker any more (its lease expired and another worker took it,
 * or it was delivered or parked meanwhile): the worker drops it.
 *
 * @since 0.1.0
 * @category errors
 */
export class LeaseLost extends Schema.TaggedError<LeaseLost>()("LeaseLost", {
  messageId: Schema.String,
  workerId: Schema.String
}) {}

/**
 * The outbox port. Messages are written by `EngagementRepo.commit`, in the same transaction as the
 * change that produced them, or by {@link Outbox} `enqueue` when no state change produces them;
 * dispatchers then lease them, deliver them at least once, and record the outcome. A lease that
 * expires (a crashed worker) makes the message available again, so nothing is lost; the message id
 * is the idempotency key that lets a receiver drop a repeat.
 *
 * @since 0.1.0
 * @category ports
 */
export class Outbox extends Context.Tag("@liaison/core/Outbox")<
  Outbox,
  {
    /**
     * Writes messages that no state change produces (reminders, digests, messages to guests):
     * each message whose id is not in the outbox yet, all in one atomic write; a message whose id
     * is there already is left as it is, whatever its state (delivered, parked). Returns the ids it
     * wrote, in the order given, each once.
     */
    readonly enqueue: (messages: ReadonlyArray<Message>) => Effect.Effect<ReadonlyArray<string>, StorageError>
    /** Messages not yet delivered nor parked, oldest first. */
    readonly pending: (options?: {
      readonly limit?: number
      readonly engagementId?: string
    }) => Effect.Effect<ReadonlyArray<Message>, StorageError>
    /**
     * Leases up to `limit` messages that are due (`notBefore <= now`) and not leased (or whose lease
     * has expired), oldest first, to `workerId` until `now + leaseMs`. Two workers never hold the
     * same message at once.
     */
    readonly claim: (options: {
      readonly workerId: string
      readonly limit: number
      readonly leaseMs: number
      readonly now: number
    }) => Effect.Effect<ReadonlyArray<Message>, StorageError>
    /** Records a delivery. */
    readonly delivered: (options: {
      readonly messageId: string
      readonly workerId: string
      readonly now: number
    }) => Effect.Effect<void, LeaseLost | StorageError>
    /**
     * Records the delivery of several messages in one write (a dispatcher's batch). Each message
     * this worker leases is recorded as `delivered`; the others (lease lost, unknown ids) are left
     * as they are and returned, in the order given: for each of them, `delivered` would have
     * failed with `LeaseLost`.
     */
    readonly deliveredAll: (options: {
      readonly messageIds: ReadonlyArray<string>
      readonly workerId: string
      readonly now: number
    }) => Effect.Effect<ReadonlyArray<string>, StorageError>
    /** Records a failed attempt; the message is due again at `retryAt`. */
    readonly failed: (options: {
      readonly messageId: string
      readonly workerId: string
      readonly error: string
      readonly retryAt: number
    }) => Effect.Effect<void, LeaseLost | StorageError>
    /** Parks a message after too many failures, with the reason: never dropped silently. */
    readonly park: (options: {
      readonly messageId: string
      readonly workerId: string
      readonly reason: string
    }) => Effect.Effect<void, LeaseLost | StorageError>
    /** Parked messages, for an operator. */
    readonly parked: (options?: { readonly limit?: number }) => Effect.Effect<ReadonlyArray<Tracked>, StorageError>
    /** An operator sends a parked message again: it becomes pending with its attempts reset. */
    readonly retry: (messageId: string) => Effect.Effect<boolean, StorageError>
    /** A message with its delivery state. */
    readonly get: (messageId: string) => Effect.Effect<Tracked | undefined, StorageError>
  }
>() {}
