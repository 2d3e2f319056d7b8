/**
 * Webhook notifications (Webhook 推送): a signed JSON POST per notification, with its idempotency key.
 *
 * Sent over @effect/platform's `HttpClient`.
 *
 * Each request carries the notification as JSON and three headers:
 * - `X-Liaison-Timestamp`: the sending time, in Unix seconds;
 * - `X-Liaison-Signature`: `sha256=` and the hex HMAC-SHA256 of `<timestamp>.<body>` under the secret
 *   shared with the receiver, so the receiver knows who sent it and that nobody changed it;
 * - `Idempotency-Key`: the notification's key, the same on every delivery of it.
 *
 * A receiver checks the signature and the timestamp ({@link verify}: within five minutes by default,
 * so a captured request cannot be replayed later), drops a key it has seen, and answers 2xx — also
 * for a key it has seen, so that the sender counts the repeat as delivered. 5xx, 408, 425 and 429
 * answers and transport failures are retried; any other answer parks the notification.
 *
 * @since 0.1.0
 */
import { createHmac, timingSafeEqual } from "node:crypto"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { Notification, Notifier } from "@liaison/core"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"

/**
 * Where to post and the shared secret.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  readonly url: string
  readonly secret: Redacted.Redacted<string>
  /** How long a request may take. Default 10 s. */
  readonly timeout?: Duration.DurationInput
}

/**
 * The header names.
 *
 * @since 0.1.0
 * @category headers
 */
export const headers = {
  timestamp: "x-liaison-timestamp",
  signature: "x-liaison-signature",
  idempotencyKey: "idempotency-key"
} as const

/**
 * The signature of a body sent at a timestamp: `sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">`.
 *
 * @since 0.1.0
 * @category signing
 */
export const sign = (secret: Redacted.Redacted<string>, timestamp: string, body: string): string =>
  `sha256=${createHmac("sha256", Redacted.value(secret)).update(`${timestamp}.${body}`).digest("hex")}`

/**
 * Why a receiver refuses a request.
 *
 * @since 0.1.0
 * @category models
 */
export type Refusal = "MissingHeaders" | "BadSignature" | "StaleTimestamp"

/**
 * What a receiver checks: the headers are there, the signature is the secret's over this timestamp
 * and body (compared in constant time), and the timestamp is within `toleranceMs` of `now`.
 *
 * @since 0.1.0
 * @category signing
 */
export const verify = (options: {
  readonly secret: Redacted.Redacted<string>
  readonly body: string
  readonly timestamp: string | undefined
  readonly signature: string | undefined
  /** The receiver's time, epoch milliseconds. */
  readonly now: number
  /** Default 5 minutes. */
  readonly toleranceMs?: number
}): Either.Either<void, Refusal> => {
  const { signature, timestamp } = options
  if (timestamp === undefined || signature === undefined || !/^\d{1,12}$/.test(timestamp)) {
    return Either.left("MissingHeaders")
  }
  const expected = Buffer.from(sign(options.secret, timestamp, options.body))
  const given = Buffer.from(signature)
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return Either.left("BadSignature")
  if (Math.abs(options.now - Number(timestamp) * 1000) > (options.toleranceMs ?? 300_000)) {
    return Either.left("StaleTimestamp")
  }
  return Either.void
}

const encode = Schema.encodeSync(Notification.Notification)

/**
 * The JSON body of a notification: `{ "type": "liaison.notification", "notification": … }`, the
 * notification in its encoded form (instants as RFC 9557 text).
 *
 * @since 0.1.0
 * @category encoding
 */
export const bodyOf = (notification: Notification.Notification): string =>
  JSON.stringify({ type: "liaison.notification", notification: encode(notification) })

const retryableStatus = (status: number) => status >= 500 || status === 408 || status === 425 || status === 429

/**
 * A webhook notifier over the `HttpClient` in context.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (options: Options): Effect.Effect<Notifier.Notifier["Type"], never, HttpClient.HttpClient> =>
  Effect.map(HttpClient.HttpClient, (client) => {
    const timeout = options.timeout ?? "10 seconds"
    return Notifier.Notifier.of({
      send: (notification) =>
        Effect.gen(function* () {
          const fail = (retryable: boolean, message: string) =>
            new Notifier.NotifierError({
              channel: "webhook",
              idempotencyKey: notification.idempotencyKey,
              retryable,
              message
            })
          const body = bodyOf(notification)
          const timestamp = String(Math.floor((yield* Clock.currentTimeMillis) / 1000))
          const request = HttpClientRequest.post(options.url).pipe(
            HttpClientRequest.setHeaders({
              [headers.timestamp]: timestamp,
              [headers.signature]: sign(options.secret, timestamp, body),
              [headers.idempotencyKey]: notification.idempotencyKey
            }),
            HttpClientRequest.bodyText(body, "application/json; charset=utf-8")
          )
          const response = yield* client.execute(request).pipe(
            Effect.mapError((e) => fail(true, e.message)),
            Effect.timeoutFail({
              duration: timeout,
              onTimeout: () => fail(true, `no answer within ${Duration.format(Duration.decode(timeout))}`)
            })
          )
          // Read the answer whatever it is, so that the connection is free for the next request.
          const text = yield* Effect.orElseSucceed(response.text, () => "")
          if (response.status >= 200 && response.status < 300) return
          return yield* Effect.fail(
            fail(retryableStatus(response.status), `HTTP ${response.status}${text ? `: ${text.slice(0, 200)}` : ""}`)
          )
        }).pipe(Effect.withSpan("WebhookNotifier.send", { attributes: { key: notification.idempotencyKey } }))
    })
  })

/**
 * The webhook notifier as a layer, over the `HttpClient` the host provides.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerWithoutClient = (options: Options): Layer.Layer<Notifier.Notifier, never, HttpClient.HttpClient> =>
  Layer.effect(Notifier.Notifier, make(options))

/**
 * The webhook notifier as a layer over Node's HTTP client (undici).
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (options: Options): Layer.Layer<Notifier.Notifier> =>
  layerWithoutClient(options).pipe(Layer.provide(NodeHttpClient.layerUndici))
