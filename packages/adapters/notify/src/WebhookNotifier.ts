/**
 * Webhook notifications (Webhook 推送): a signed JSON POST per notification, with its idempotency key.
 *
 * {@link layer} sends over a pool of keep-alive connections to the receiver (undici's `Pool`, as
 * @effect/platform-node ships it), as many requests at once as the dispatcher's `concurrency`; a
 * host that wants its own `HttpClient` (tracing, a proxy, middleware) uses {@link make} or
 * {@link layerWithoutClient} instead, at a higher cost per request.
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
 * Opt-in, for receivers that take batches: {@link layerBatched} gathers the sends made at once into
 * one signed request of up to `maxBatch` notifications, answered per item ({@link makeBatched},
 * {@link verifyBatch}).
 *
 * @since 0.1.0
 */
import { createHash, createHmac, timingSafeEqual } from "node:crypto"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as Undici from "@effect/platform-node/Undici"
import { type Notification, Notifier, ZonedDateTime } from "@liaison/core"
import * as Chunk from "effect/Chunk"
import * as Clock from "effect/Clock"
import * as Deferred from "effect/Deferred"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Queue from "effect/Queue"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import type * as Scope from "effect/Scope"

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
  /**
   * Keep-alive connections to the receiver ({@link layer} and {@link makePool}): how many requests
   * are in flight at once, at most. Match it to the dispatcher's `concurrency`. Default 16.
   */
  readonly connections?: number
  /** Requests sent on one connection before the answer to the first (HTTP/1.1 pipelining). Default 1: none. */
  readonly pipelining?: number
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

const encodeZoned = Schema.encodeSync(ZonedDateTime.ZonedDateTime)

/**
 * The encoded form of a notification, as `Schema.encodeSync(Notification.Notification)` gives it:
 * its instants as RFC 9557 text, the rest as it is (plain data). Written out because a Schema
 * encode per request cost as much as signing it and more than a third of rendering it.
 */
const encode = ({ createdAt, event, ...rest }: Notification.Notification): Notification.NotificationEncoded => ({
  ...rest,
  ...(event !== undefined ? { event: { ...event, start: encodeZoned(event.start), end: encodeZoned(event.end) } } : {}),
  createdAt: encodeZoned(createdAt)
})

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

/** The body and headers of a notification's request, signed at `nowMillis`. */
const signed = (secret: Redacted.Redacted<string>, notification: Notification.Notification, nowMillis: number) => {
  const body = bodyOf(notification)
  const timestamp = String(Math.floor(nowMillis / 1000))
  return {
    body,
    headers: {
      "content-type": "application/json; charset=utf-8",
      [headers.timestamp]: timestamp,
      [headers.signature]: sign(secret, timestamp, body),
      [headers.idempotencyKey]: notification.idempotencyKey
    }
  }
}

const failure = (notification: Notification.Notification, retryable: boolean, message: string) =>
  new Notifier.NotifierError({ channel: "webhook", idempotencyKey: notification.idempotencyKey, retryable, message })

/** What the receiver's answer means: delivered (2xx), or a failure, retryable or not. */
const answered = (
  notification: Notification.Notification,
  status: number,
  text: string
): Effect.Effect<void, Notifier.NotifierError> =>
  status >= 200 && status < 300
    ? Effect.void
    : Effect.fail(
        failure(notification, retryableStatus(status), `HTTP ${status}${text ? `: ${text.slice(0, 200)}` : ""}`)
      )

const positive = (n: number | undefined, fallback: number) =>
  n !== undefined && Number.isFinite(n) && n >= 1 ? Math.floor(n) : fallback

/**
 * A webhook notifier over a pool of keep-alive connections to the receiver (undici's `Pool`),
 * open for as long as the scope lasts. A request that gets no answer (headers, or the next part of
 * the body) within the timeout fails, retryably.
 *
 * @since 0.1.0
 * @category constructors
 */
export const makePool = (options: Options): Effect.Effect<Notifier.Notifier["Type"], never, Scope.Scope> =>
  Effect.gen(function* () {
    const url = new URL(options.url)
    const path = `${url.pathname}${url.search}`
    const timeout = Duration.decode(options.timeout ?? "10 seconds")
    const timeoutMs = Math.max(1, Duration.toMillis(timeout))
    const pool = yield* Effect.acquireRelease(
      Effect.sync(
        () =>
          new Undici.Pool(url.origin, {
            connections: positive(options.connections, 16),
            pipelining: positive(options.pipelining, 1),
            connect: { timeout: timeoutMs }
          })
      ),
      (pool) => Effect.promise(() => pool.destroy())
    )
    const post = async (body: string, requestHeaders: Record<string, string>, signal: AbortSignal) => {
      const response = await pool.request({
        path,
        method: "POST",
        headers: requestHeaders,
        body,
        signal,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs
      })
      // Read the answer whatever it is, so that the connection is free for the next request.
      const text = await response.body.text().catch(() => "")
      return { status: response.statusCode, text }
    }
    const noAnswer = `no answer within ${Duration.format(timeout)}`
    return Notifier.Notifier.of({
      send: (notification) =>
        Effect.flatMap(Clock.currentTimeMillis, (now) => {
          const request = signed(options.secret, notification, now)
          return Effect.tryPromise({
            try: (signal) => post(request.body, request.headers, signal),
            catch: (e) => failure(notification, true, transportMessage(e, noAnswer))
          }).pipe(Effect.flatMap((r) => answered(notification, r.status, r.text)))
        })
    })
  })

/** A transport failure in a few words: undici's timeouts as the timeout, others by their code. */
const transportMessage = (e: unknown, noAnswer: string): string => {
  const code = typeof e === "object" && e !== null && "code" in e ? String(e.code) : undefined
  if (code === "UND_ERR_HEADERS_TIMEOUT" || code === "UND_ERR_BODY_TIMEOUT" || code === "UND_ERR_CONNECT_TIMEOUT") {
    return noAnswer
  }
  const message = e instanceof Error ? e.message : String(e)
  return code !== undefined && !message.includes(code) ? `${code}: ${message}` : message
}

/**
 * A webhook notifier over the `HttpClient` in context: for a host that sends through its own client
 * (tracing, a proxy, middleware). Each request costs more than {@link makePool}'s.
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
          const { body, headers: requestHeaders } = signed(options.secret, notification, yield* Clock.currentTimeMillis)
          const request = HttpClientRequest.post(options.url).pipe(
            HttpClientRequest.setHeaders(requestHeaders),
            HttpClientRequest.bodyText(body, "application/json; charset=utf-8")
          )
          const response = yield* client.execute(request).pipe(
            Effect.mapError((e) => failure(notification, true, e.message)),
            Effect.timeoutFail({
              duration: timeout,
              onTimeout: () =>
                failure(notification, true, `no answer within ${Duration.format(Duration.decode(timeout))}`)
            })
          )
          // Read the answer whatever it is, so that the connection is free for the next request.
          const text = yield* Effect.orElseSucceed(response.text, () => "")
          return yield* answered(notification, response.status, text)
        })
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
 * The webhook notifier as a layer over its own pool of keep-alive connections ({@link makePool}),
 * closed with the layer.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (options: Options): Layer.Layer<Notifier.Notifier> =>
  Layer.scoped(Notifier.Notifier, makePool(options))

/**
 * The webhook notifier as a layer over Node's `HttpClient` (undici, as @effect/platform-node sets
 * it up): {@link make} with a client of its own.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerHttpClient = (options: Options): Layer.Layer<Notifier.Notifier> =>
  layerWithoutClient(options).pipe(Layer.provide(NodeHttpClient.layerUndici))

/**
 * A batched webhook's settings: {@link Options}, and how many notifications one request carries.
 *
 * @since 0.1.0
 * @category models
 */
export interface BatchOptions extends Options {
  /** Notifications in one request, at most. Default 100. */
  readonly maxBatch?: number
}

/**
 * What a batch receiver answers for one item: `accepted` (first delivery), `duplicate` (a key it has
 * seen: delivered all the same), `rejected` (it will never take it: the notification is parked) or
 * `failed` (it could not take it now: retried later).
 *
 * @since 0.1.0
 * @category models
 */
export interface ItemResult {
  readonly idempotencyKey: string
  readonly status: "accepted" | "duplicate" | "rejected" | "failed"
  readonly reason?: string
}

/**
 * One item of a batch's body: the notification's key and the same body as a single request's
 * ({@link bodyOf}).
 *
 * @since 0.1.0
 * @category models
 */
export interface BatchItem {
  readonly idempotencyKey: string
  readonly type: string
  readonly notification: unknown
}

/**
 * The JSON body of a batch: `{ "notifications": [ { "idempotencyKey": …, "type":
 * "liaison.notification", "notification": … }, … ] }`.
 *
 * @since 0.1.0
 * @category encoding
 */
export const batchBodyOf = (notifications: ReadonlyArray<Notification.Notification>): string =>
  `{"notifications":[${notifications
    .map((n) =>
      JSON.stringify({ idempotencyKey: n.idempotencyKey, type: "liaison.notification", notification: encode(n) })
    )
    .join(",")}]}`

/**
 * A batch's `Idempotency-Key` header: `batch-` and the first 32 hex digits of the SHA-256 of its
 * items' keys, one a line. The same items give the same key; a receiver still dedupes per item.
 *
 * @since 0.1.0
 * @category encoding
 */
export const batchKeyOf = (keys: ReadonlyArray<string>): string =>
  `batch-${createHash("sha256").update(keys.join("\n")).digest("hex").slice(0, 32)}`

/**
 * Why a receiver refuses a batch: {@link Refusal}, or a body that is not a batch.
 *
 * @since 0.1.0
 * @category models
 */
export type BatchRefusal = Refusal | "MalformedBatch"

/**
 * What a batch receiver checks: {@link verify}'s checks, then that the body is a batch (a
 * `notifications` array whose items each have a non-empty `idempotencyKey`). Gives the items, to
 * dedupe by key and answer for each (`{ "results": [ItemResult, …] }`, HTTP 200).
 *
 * @since 0.1.0
 * @category signing
 */
export const verifyBatch = (
  options: Parameters<typeof verify>[0]
): Either.Either<ReadonlyArray<BatchItem>, BatchRefusal> =>
  Either.flatMap(verify(options), (): Either.Either<ReadonlyArray<BatchItem>, BatchRefusal> => {
    let parsed: unknown
    try {
      parsed = JSON.parse(options.body)
    } catch {
      return Either.left("MalformedBatch")
    }
    const items =
      typeof parsed === "object" && parsed !== null ? (parsed as { notifications?: unknown }).notifications : undefined
    if (!Array.isArray(items)) return Either.left("MalformedBatch")
    for (const item of items) {
      if (typeof item !== "object" || item === null) return Either.left("MalformedBatch")
      const key = (item as { idempotencyKey?: unknown }).idempotencyKey
      if (typeof key !== "string" || key.length === 0) return Either.left("MalformedBatch")
    }
    return Either.right(items as ReadonlyArray<BatchItem>)
  })

const chunksOf = <A>(items: ReadonlyArray<A>, size: number): ReadonlyArray<ReadonlyArray<A>> => {
  const out: Array<ReadonlyArray<A>> = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}

/** A send waiting for its batch. */
interface Pending {
  readonly notification: Notification.Notification
  readonly done: Deferred.Deferred<void, Notifier.NotifierError>
  /** Its sender stopped waiting (the dispatcher cut the send short): not sent if not yet taken. */
  cancelled: boolean
}

const isItemResult = (r: unknown): r is ItemResult =>
  typeof r === "object" &&
  r !== null &&
  typeof (r as ItemResult).idempotencyKey === "string" &&
  ["accepted", "duplicate", "rejected", "failed"].includes((r as ItemResult).status)

/** Each item's outcome from a batch's answer. */
const batchOutcomes = (
  batch: ReadonlyArray<Notification.Notification>,
  status: number,
  text: string
): ReadonlyArray<Either.Either<void, Notifier.NotifierError>> => {
  if (status < 200 || status >= 300) {
    const message = `HTTP ${status} for a batch of ${batch.length}${text ? `: ${text.slice(0, 200)}` : ""}`
    return batch.map((n) => Either.left(failure(n, retryableStatus(status), message)))
  }
  let results: ReadonlyArray<unknown> | undefined
  try {
    const parsed = JSON.parse(text) as { results?: unknown }
    if (Array.isArray(parsed?.results)) results = parsed.results
  } catch {
    results = undefined
  }
  if (results === undefined) {
    return batch.map((n) => Either.left(failure(n, true, `HTTP ${status} without per-item results`)))
  }
  const byKey = new Map<string, ItemResult>()
  for (const r of results) if (isItemResult(r)) byKey.set(r.idempotencyKey, r)
  return batch.map((n) => {
    const r = byKey.get(n.idempotencyKey)
    if (r === undefined) return Either.left(failure(n, true, "no result for this item in the batch's answer"))
    if (r.status === "accepted" || r.status === "duplicate") return Either.void
    const reason = typeof r.reason === "string" ? `: ${r.reason.slice(0, 200)}` : ""
    return Either.left(failure(n, r.status === "failed", `${r.status} by the receiver${reason}`))
  })
}

/**
 * A batching webhook notifier over a pool of keep-alive connections. The dispatcher hands its
 * `sendMany` a whole claimed batch: it goes out in signed `POST`s of up to `maxBatch`
 * notifications ({@link batchBodyOf}), `connections` at once, and each notification gets its own
 * item's outcome — so retries, parking and idempotency stay per notification.
 *
 * Its `send`, for callers sending one at a time from many fibers, gathers the sends made at once.
 * The gathering is a queue in the notifier, not Effect's `RequestResolver` batching: that batches
 * the requests of one fiber's `Effect.forEach(…, { batching: true })`, while the dispatcher's lanes
 * are fibers of their own, each awaiting one send. Here each send joins the queue and waits; up to
 * `connections` senders (default 4) each take what the queue holds (at most `maxBatch`, at least
 * one), post it and hand each waiting send its result. A send cut short before its batch is taken
 * is left out of it; one cut short after may still be delivered (the receiver drops the repeat by
 * its key).
 *
 * @since 0.1.0
 * @category constructors
 */
export const makeBatched = (options: BatchOptions): Effect.Effect<Notifier.Notifier["Type"], never, Scope.Scope> =>
  Effect.gen(function* () {
    const url = new URL(options.url)
    const path = `${url.pathname}${url.search}`
    const timeout = Duration.decode(options.timeout ?? "10 seconds")
    const timeoutMs = Math.max(1, Duration.toMillis(timeout))
    const maxBatch = positive(options.maxBatch, 100)
    const connections = positive(options.connections, 4)
    const pool = yield* Effect.acquireRelease(
      Effect.sync(
        () =>
          new Undici.Pool(url.origin, {
            connections,
            pipelining: positive(options.pipelining, 1),
            connect: { timeout: timeoutMs }
          })
      ),
      (pool) => Effect.promise(() => pool.destroy())
    )
    const noAnswer = `no answer within ${Duration.format(timeout)}`
    const queue = yield* Effect.acquireRelease(Queue.unbounded<Pending>(), Queue.shutdown)

    const post = (batch: ReadonlyArray<Notification.Notification>, now: number) => {
      const body = batchBodyOf(batch)
      const timestamp = String(Math.floor(now / 1000))
      const requestHeaders = {
        "content-type": "application/json; charset=utf-8",
        [headers.timestamp]: timestamp,
        [headers.signature]: sign(options.secret, timestamp, body),
        [headers.idempotencyKey]: batchKeyOf(batch.map((n) => n.idempotencyKey))
      }
      return Effect.tryPromise({
        try: async (signal) => {
          const response = await pool.request({
            path,
            method: "POST",
            headers: requestHeaders,
            body,
            signal,
            headersTimeout: timeoutMs,
            bodyTimeout: timeoutMs
          })
          const text = await response.body.text().catch(() => "")
          return batchOutcomes(batch, response.statusCode, text)
        },
        catch: (e) => transportMessage(e, noAnswer)
      }).pipe(Effect.catchAll((message) => Effect.succeed(batch.map((n) => Either.left(failure(n, true, message))))))
    }

    const sender = Effect.gen(function* () {
      const first = yield* Queue.takeBetween(queue, 1, maxBatch)
      // Let the lanes that are about to send join this batch.
      yield* Effect.yieldNow()
      const more = first.length < maxBatch ? yield* Queue.takeUpTo(queue, maxBatch - first.length) : Chunk.empty()
      const taken = [...first, ...more].filter((p) => !p.cancelled)
      if (taken.length === 0) return
      const outcomes = yield* post(
        taken.map((p) => p.notification),
        yield* Clock.currentTimeMillis
      )
      for (const [i, p] of taken.entries()) yield* Deferred.complete(p.done, outcomes[i]!)
    }).pipe(Effect.forever)
    for (let i = 0; i < connections; i++) yield* Effect.forkScoped(sender)

    return Notifier.Notifier.of({
      // The dispatcher's whole batch at once: cut into requests of at most `maxBatch`, posted
      // over the connections, each item answered by its own result.
      sendMany: (notifications) =>
        Effect.map(
          Effect.forEach(
            chunksOf(notifications, maxBatch),
            (batch) => Effect.flatMap(Clock.currentTimeMillis, (now) => post(batch, now)),
            { concurrency: connections }
          ),
          (answers) => answers.flat()
        ),
      send: (notification) =>
        Effect.flatMap(Deferred.make<void, Notifier.NotifierError>(), (done) => {
          const pending: Pending = { notification, done, cancelled: false }
          return Queue.offer(queue, pending).pipe(
            Effect.zipRight(Deferred.await(done)),
            Effect.onInterrupt(() =>
              Effect.sync(() => {
                pending.cancelled = true
              })
            )
          )
        })
    })
  })

/**
 * The batching webhook notifier ({@link makeBatched}) as a layer, its connections closed with it.
 * Opt-in: the receiver must take batches and answer per item.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerBatched = (options: BatchOptions): Layer.Layer<Notifier.Notifier> =>
  Layer.scoped(Notifier.Notifier, makeBatched(options))
