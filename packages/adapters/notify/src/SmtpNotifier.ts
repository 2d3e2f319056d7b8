/**
 * E-mail notifications over SMTP (邮件通知) with nodemailer, in both languages, with an ICS attachment.
 *
 * One message carries both languages and, when the notification has one, the task's deadline as an
 * ICS attachment.
 *
 * The subject carries both languages (UTF-8, encoded by nodemailer); the body gives the Chinese text,
 * then the English. The idempotency key travels as `X-Liaison-Idempotency-Key` and as a `Message-ID`
 * derived from it, so every delivery of one notification is the same message to the receiving side.
 * Calendar entries are written in their own zone (TZID with a VTIMEZONE, Asia/Shanghai for China), which
 * every calendar reads back to the same instant whatever the host's time zone.
 *
 * @since 0.1.0
 */
import { createHash } from "node:crypto"
import { Ics } from "@liaison/calendars"
import { type Notification, Notifier } from "@liaison/core"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import { createTransport } from "nodemailer"

/**
 * Where and how to send.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  readonly host: string
  readonly port: number
  /** TLS from the start (port 465). Default false. */
  readonly secure?: boolean
  /** Never upgrade with STARTTLS (a relay on the same machine). Default false. */
  readonly ignoreTLS?: boolean
  /** Refuse to send unless STARTTLS succeeds. Default false. */
  readonly requireTLS?: boolean
  readonly auth?: { readonly user: string; readonly pass: Redacted.Redacted<string> }
  /** The sender, e.g. `"接待管理 Liaison" <liaison@example.cn>`. */
  readonly from: string
  /** Connection, greeting and socket timeouts. Default 30 s. */
  readonly timeout?: Duration.DurationInput
  /** Keep connections open between messages. Default true. */
  readonly pool?: boolean
}

/**
 * A notification as an e-mail: what nodemailer sends.
 *
 * @since 0.1.0
 * @category models
 */
export interface Mail {
  readonly from: string
  readonly to: ReadonlyArray<{ readonly name: string; readonly address: string }>
  readonly subject: string
  readonly text: string
  readonly messageId: string
  readonly headers: Readonly<Record<string, string>>
  readonly attachments: ReadonlyArray<{
    readonly filename: string
    readonly content: string
    readonly contentType: string
  }>
}

const failure = (notification: Notification.Notification, retryable: boolean, message: string) =>
  new Notifier.NotifierError({
    channel: "email",
    idempotencyKey: notification.idempotencyKey,
    retryable,
    message
  })

/**
 * The `Message-ID` of a notification: the same for every delivery of it.
 *
 * @since 0.1.0
 * @category composing
 */
export const messageIdOf = (idempotencyKey: string): string =>
  `<${createHash("sha256").update(idempotencyKey).digest("hex").slice(0, 40)}@liaison.notify>`

const icsFor = (notification: Notification.Notification): Either.Either<string | undefined, Ics.IcsError> => {
  const event = notification.event
  if (event === undefined) return Either.right(undefined)
  return Ics.fromEvents(
    [{ uid: event.uid, summary: event.summary, description: event.description, start: event.start, end: event.end }],
    { stamp: notification.createdAt, product: "notify" }
  )
}

/**
 * The ICS file of a notification's calendar entry, if it has one: in the entry's own zone (TZID and
 * a VTIMEZONE, through `@liaison/calendars`), so Outlook and phone calendars show the local time the
 * deadline was set in, with a stable UID. A rendered notification always makes one; {@link compose}
 * reports one that cannot be written (an entry ending before it starts) as a failure instead.
 *
 * @since 0.1.0
 * @category composing
 */
export const icsOf = (notification: Notification.Notification): string | undefined =>
  Either.getOrThrowWith(icsFor(notification), (e) => e)

/**
 * Composes the e-mail of a notification: to every recipient with an address, the subject and body in
 * both languages, the key's headers and the ICS attachment. Fails, not retryable, when no recipient
 * has an address.
 *
 * @since 0.1.0
 * @category composing
 */
export const compose = (
  notification: Notification.Notification,
  from: string
): Either.Either<Mail, Notifier.NotifierError> => {
  const to = notification.recipients.flatMap((r) => (r.email !== undefined ? [{ name: r.name, address: r.email }] : []))
  if (to.length === 0) {
    return Either.left(
      failure(
        notification,
        false,
        `no e-mail address for ${notification.recipients.map((r) => r.name).join(", ") || "anyone"}`
      )
    )
  }
  const zh = notification.content["zh-CN"]
  const en = notification.content.en
  const written = icsFor(notification)
  if (Either.isLeft(written)) return Either.left(failure(notification, false, written.left.message))
  const ics = written.right
  return Either.right({
    from,
    to,
    subject: zh.subject === en.subject ? zh.subject : `${zh.subject} / ${en.subject}`,
    text: `${zh.body}\n\n—— English ——\n\n${en.body}\n`,
    messageId: messageIdOf(notification.idempotencyKey),
    headers: {
      "X-Liaison-Idempotency-Key": notification.idempotencyKey,
      "X-Liaison-Template": notification.template
    },
    attachments:
      ics === undefined
        ? []
        : [{ filename: "liaison.ics", content: ics, contentType: "text/calendar; charset=utf-8; method=PUBLISH" }]
  })
}

/** SMTP answers 4xx for "try later" and 5xx for "never"; a connection that fails may work later. */
const classify = (notification: Notification.Notification, cause: unknown): Notifier.NotifierError => {
  const error = cause as { readonly responseCode?: unknown; readonly code?: unknown; readonly message?: unknown }
  const code = typeof error.responseCode === "number" ? error.responseCode : undefined
  const text = typeof error.message === "string" ? error.message : String(cause)
  return failure(notification, code === undefined || code < 500, code === undefined ? text : `${code}: ${text}`)
}

/**
 * An SMTP notifier, its connections closed when the scope closes.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = Effect.fnUntraced(function* (options: Options) {
  const timeout = Duration.toMillis(options.timeout ?? "30 seconds")
  const transport = yield* Effect.acquireRelease(
    Effect.sync(() =>
      createTransport({
        host: options.host,
        port: options.port,
        secure: options.secure ?? false,
        ignoreTLS: options.ignoreTLS ?? false,
        requireTLS: options.requireTLS ?? false,
        pool: options.pool ?? true,
        connectionTimeout: timeout,
        greetingTimeout: timeout,
        socketTimeout: timeout,
        ...(options.auth !== undefined
          ? { auth: { user: options.auth.user, pass: Redacted.value(options.auth.pass) } }
          : {})
      })
    ),
    (t) => Effect.sync(() => t.close())
  )
  return Notifier.Notifier.of({
    send: (notification) =>
      Effect.flatMap(compose(notification, options.from), (mail) =>
        Effect.tryPromise({
          try: () =>
            transport.sendMail({
              ...mail,
              to: mail.to.map((a) => ({ ...a })),
              headers: { ...mail.headers },
              attachments: mail.attachments.map((a) => ({ ...a }))
            }),
          catch: (cause) => classify(notification, cause)
        })
      ).pipe(Effect.asVoid, Effect.withSpan("SmtpNotifier.send", { attributes: { key: notification.idempotencyKey } }))
  })
})

/**
 * The SMTP notifier as a layer.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (options: Options): Layer.Layer<Notifier.Notifier> =>
  Layer.scoped(Notifier.Notifier, make(options))
