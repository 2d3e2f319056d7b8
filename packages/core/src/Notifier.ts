/**
 * The notifier port (通知发送): delivers a rendered notification by e-mail, webhook, SMS or console.
 *
 * Adapters live in `@liaison/notify`; {@link layerMemory} serves tests and
 * {@link layerConsole} the demo.
 *
 * A notifier may deliver a notification more than once (the dispatcher retries after a crash or a
 * timeout); every delivery carries the same idempotency key, which the receiver drops repeats by.
 *
 * @since 0.1.0
 */
import * as Console from "effect/Console"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import type * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Ref from "effect/Ref"
import * as Schema from "effect/Schema"
import type * as Notification from "./Notification.js"

/**
 * A delivery failed. `retryable` says whether trying again later may succeed (a server down, a
 * timeout, a 5xx answer) or not (no address, a 4xx answer): the dispatcher retries the first with
 * backoff and parks the second at once.
 *
 * @since 0.1.0
 * @category errors
 */
export class NotifierError extends Schema.TaggedError<NotifierError>()("NotifierError", {
  channel: Schema.String,
  idempotencyKey: Schema.String,
  retryable: Schema.Boolean,
  message: Schema.String
}) {}

/**
 * The port.
 *
 * @since 0.1.0
 * @category ports
 */
export class Notifier extends Context.Tag("@liaison/core/Notifier")<
  Notifier,
  {
    /** Delivers the notification; succeeds once the channel has accepted it. */
    readonly send: (notification: Notification.Notification) => Effect.Effect<void, NotifierError>
    /**
     * Optional, for channels that take many notifications at once (a batch endpoint): delivers
     * them all and answers for each, in order, delivered (`Right`) or not (`Left`). When a
     * notifier has it, the dispatcher hands it each claimed batch's notifications in one call
     * (under its send timeout as a whole) instead of sending them one by one.
     */
    readonly sendMany?: (
      notifications: ReadonlyArray<Notification.Notification>
    ) => Effect.Effect<ReadonlyArray<Either.Either<void, NotifierError>>>
  }
>() {}

/**
 * A notifier that delivers each notification with the notifier of its channel, and fails (not
 * retryable) for a channel it has none for.
 *
 * @since 0.1.0
 * @category constructors
 */
export const byChannel = (
  notifiers: Partial<Record<Notification.Channel, Context.Tag.Service<Notifier>>>
): Context.Tag.Service<Notifier> =>
  Notifier.of({
    send: (notification) => {
      const notifier = notifiers[notification.channel]
      return notifier === undefined
        ? Effect.fail(
            new NotifierError({
              channel: notification.channel,
              idempotencyKey: notification.idempotencyKey,
              retryable: false,
              message: `no notifier for the channel ${notification.channel}`
            })
          )
        : notifier.send(notification)
    }
  })

// ---------------------------------------------------------------------------------------------
// Memory
// ---------------------------------------------------------------------------------------------

/**
 * What the memory notifier has been asked to do, for tests: the notifications delivered, every
 * attempt, and failures to inject.
 *
 * @since 0.1.0
 * @category models
 */
export interface MemoryHandle {
  /** Notifications delivered, in order (a repeat delivery appears twice). */
  readonly sent: Effect.Effect<ReadonlyArray<Notification.Notification>>
  /** Every attempt, delivered or failed, by idempotency key. */
  readonly attempts: Effect.Effect<ReadonlyArray<string>>
  /** The next `times` attempts fail, retryable or not. */
  readonly failNext: (
    times: number,
    options?: { readonly retryable?: boolean; readonly message?: string }
  ) => Effect.Effect<void>
  /** Attempts for notifications matching `predicate` fail (retryable or not) until cleared. */
  readonly failWhen: (
    predicate: ((notification: Notification.Notification) => boolean) | undefined,
    options?: { readonly retryable?: boolean; readonly message?: string }
  ) => Effect.Effect<void>
  readonly clear: Effect.Effect<void>
}

/**
 * The memory notifier's handle as a service, so that tests reach it next to the `Notifier`.
 *
 * @since 0.1.0
 * @category ports
 */
export class MemoryNotifier extends Context.Tag("@liaison/core/Notifier/MemoryNotifier")<
  MemoryNotifier,
  MemoryHandle
>() {}

interface MemoryState {
  readonly sent: ReadonlyArray<Notification.Notification>
  readonly attempts: ReadonlyArray<string>
  readonly failures: number
  readonly failRetryable: boolean
  readonly failMessage: string
  readonly failWhen?: {
    readonly predicate: (notification: Notification.Notification) => boolean
    readonly retryable: boolean
    readonly message: string
  }
}

/**
 * A notifier held in memory with its handle.
 *
 * @since 0.1.0
 * @category constructors
 */
export const makeMemory: Effect.Effect<{
  readonly notifier: Context.Tag.Service<Notifier>
  readonly handle: MemoryHandle
}> = Effect.map(
  Ref.make<MemoryState>({ sent: [], attempts: [], failures: 0, failRetryable: true, failMessage: "" }),
  (state) => ({
    notifier: Notifier.of({
      send: (notification) =>
        Ref.modify(state, (s): [NotifierError | undefined, MemoryState] => {
          const attempts = [...s.attempts, notification.idempotencyKey]
          const error = (retryable: boolean, message: string) =>
            new NotifierError({
              channel: notification.channel,
              idempotencyKey: notification.idempotencyKey,
              retryable,
              message
            })
          if (s.failures > 0) {
            return [error(s.failRetryable, s.failMessage), { ...s, attempts, failures: s.failures - 1 }]
          }
          if (s.failWhen?.predicate(notification)) {
            return [error(s.failWhen.retryable, s.failWhen.message), { ...s, attempts }]
          }
          return [undefined, { ...s, attempts, sent: [...s.sent, notification] }]
        }).pipe(Effect.flatMap((e) => (e === undefined ? Effect.void : Effect.fail(e))))
    }),
    handle: {
      sent: Effect.map(Ref.get(state), (s) => s.sent),
      attempts: Effect.map(Ref.get(state), (s) => s.attempts),
      failNext: (times, options) =>
        Ref.update(state, (s) => ({
          ...s,
          failures: times,
          failRetryable: options?.retryable ?? true,
          failMessage: options?.message ?? "injected failure"
        })),
      failWhen: (predicate, options) =>
        Ref.update(state, (s) => {
          const { failWhen: _, ...rest } = s
          return predicate === undefined
            ? rest
            : {
                ...rest,
                failWhen: {
                  predicate,
                  retryable: options?.retryable ?? true,
                  message: options?.message ?? "injected failure"
                }
              }
        }),
      clear: Ref.set(state, { sent: [], attempts: [], failures: 0, failRetryable: true, failMessage: "" })
    }
  })
)

/**
 * A notifier held in memory, and its handle ({@link MemoryNotifier}) for tests.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerMemory: Layer.Layer<Notifier | MemoryNotifier> = Layer.effectContext(
  Effect.map(makeMemory, ({ handle, notifier }) =>
    Context.make(Notifier, notifier).pipe(Context.add(MemoryNotifier, handle))
  )
)

// ---------------------------------------------------------------------------------------------
// Console
// ---------------------------------------------------------------------------------------------

/**
 * How the console notifier prints a notification: a header line, then the subject and body in each
 * language.
 *
 * @since 0.1.0
 * @category rendering
 */
export const formatForConsole = (
  notification: Notification.Notification,
  options?: { readonly locales?: ReadonlyArray<"zh-CN" | "en"> }
): string => {
  const to = notification.recipients.map((r) => r.name).join(", ")
  const header = `── ${notification.template} → ${to} [${notification.channel}] ${notification.idempotencyKey}${notification.redacted ? " (redacted)" : ""}`
  const parts = (options?.locales ?? ["zh-CN", "en"]).map((locale) => {
    const c = notification.content[locale]
    return `${c.subject}\n${c.body
      .split("\n")
      .map((l) => `  ${l}`)
      .join("\n")}`
  })
  return [header, ...parts].join("\n")
}

/**
 * A notifier that prints each notification on the console, for the demo.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerConsole = (options?: { readonly locales?: ReadonlyArray<"zh-CN" | "en"> }): Layer.Layer<Notifier> =>
  Layer.succeed(Notifier, Notifier.of({ send: (notification) => Console.log(formatForConsole(notification, options)) }))
