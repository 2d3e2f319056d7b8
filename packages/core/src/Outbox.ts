/**
 * The outbox (发件箱): messages a state change produces (a task assigned, an approval needed, an
 * escalation), written in the same commit as the change, so none is lost and none is sent for a
 * change that did not happen. A dispatcher delivers them afterwards.
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
 * The kinds of message the lifecycle produces.
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
  "callback-reminder"
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
 * The outbox port: reading what is waiting. (Messages are written by `EngagementRepo.commit`.)
 *
 * @since 0.1.0
 * @category ports
 */
export class Outbox extends Context.Tag("@liaison/core/Outbox")<
  Outbox,
  {
    /** Messages not yet delivered, oldest first. */
    readonly pending: (options?: {
      readonly limit?: number
      readonly engagementId?: string
    }) => Effect.Effect<ReadonlyArray<Message>, StorageError>
  }
>() {}
