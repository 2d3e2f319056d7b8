import { createServer, type Server } from "node:http"
import type { AddressInfo } from "node:net"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { describe, expect, it } from "@effect/vitest"
import {
  Directory,
  Dispatcher,
  type Engagement,
  EngagementRepo,
  MemoryStorage,
  Notification,
  Notifier,
  Outbox
} from "@liaison/core"
import { WebhookNotifier } from "@liaison/notify"
import * as DateTime from "effect/DateTime"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as TestClock from "effect/TestClock"
import { notification } from "./fixtures.js"
import { type Sink, startSink } from "./webhookSink.js"

const SECRET = "s3cret-共享密钥"
const secret = Redacted.make(SECRET)

const sink = (options: { readonly secret?: string } = {}) =>
  Effect.acquireRelease(
    Effect.promise(() => startSink({ secret: options.secret ?? SECRET })),
    (s) => Effect.promise(() => s.close())
  )

type Implementation = "pool" | "HttpClient"

/**
 * The notifier over its own connection pool (`makePool`, what `layer` uses) or over Node's
 * `HttpClient` (`make`), built in the test's scope, with the test clock set to the real time give
 * or take a skew (the receiver checks the timestamp against its own clock).
 */
interface NotifierOptions {
  readonly secret?: Redacted.Redacted<string>
  readonly skewMs?: number
  readonly timeout?: Duration.DurationInput
}

const notifierOf = (implementation: Implementation, s: Pick<Sink, "url">, options: NotifierOptions = {}) =>
  Effect.gen(function* () {
    yield* TestClock.setTime(Date.now() + (options.skewMs ?? 0))
    const settings = { url: s.url, secret: options.secret ?? secret, timeout: options.timeout ?? "5 seconds" }
    if (implementation === "HttpClient") {
      const client = yield* Layer.build(NodeHttpClient.layerUndici)
      return yield* Effect.provide(WebhookNotifier.make(settings), client)
    }
    return yield* WebhookNotifier.makePool(settings)
  })

describe("WebhookNotifier", () => {
  for (const implementation of ["pool", "HttpClient"] as const)
    describe(`over ${implementation === "pool" ? "its connection pool" : "an HttpClient"}, against a receiver on 127.0.0.1`, () => {
      const notifierFor = (s: Pick<Sink, "url">, options?: NotifierOptions) => notifierOf(implementation, s, options)

      it.scoped(
        "posts the notification as signed JSON with its idempotency key; the receiver verifies and decodes it",
        () =>
          Effect.gen(function* () {
            const s = yield* sink()
            const notifier = yield* notifierFor(s)
            const n = notification()
            yield* notifier.send(n)
            expect(s.refused).toEqual([])
            expect(s.accepted.map((r) => r.key)).toEqual([n.idempotencyKey])
            const body = JSON.parse(s.accepted[0]!.body) as { type: string; notification: unknown }
            expect(body.type).toBe("liaison.notification")
            const decoded = yield* Schema.decodeUnknown(Notification.Notification)(body.notification)
            expect(decoded.idempotencyKey).toBe(n.idempotencyKey)
            expect(decoded.content).toEqual(n.content)
            expect(DateTime.toEpochMillis(decoded.event!.start)).toBe(DateTime.toEpochMillis(n.event!.start))
            expect((body.notification as { createdAt: string }).createdAt).toBe(
              "2026-03-02T09:00:00.000+08:00[Asia/Shanghai]"
            )
            expect(Math.abs(Number(s.accepted[0]!.timestamp) * 1000 - Date.now())).toBeLessThan(60_000)
          })
      )

      it.scoped("counts a replayed key as delivered: the receiver drops it and answers 2xx", () =>
        Effect.gen(function* () {
          const s = yield* sink()
          const notifier = yield* notifierFor(s)
          const n = notification()
          yield* notifier.send(n)
          yield* notifier.send(n)
          expect(s.deliveries).toEqual([n.idempotencyKey, n.idempotencyKey])
          expect(s.accepted).toHaveLength(1)
        })
      )

      it.scoped("is refused for good with a stale timestamp (a sender's clock 10 minutes slow)", () =>
        Effect.gen(function* () {
          const s = yield* sink()
          const notifier = yield* notifierFor(s, { skewMs: -10 * 60_000 })
          const error = yield* Effect.flip(notifier.send(notification()))
          expect(error).toMatchObject({ _tag: "NotifierError", channel: "webhook", retryable: false })
          expect(error.message).toContain("HTTP 401")
          expect(s.refused.map((r) => r.reason)).toEqual(["stale timestamp"])
          expect(s.accepted).toEqual([])
        })
      )

      it.scoped("is refused for good when signed with another secret", () =>
        Effect.gen(function* () {
          const s = yield* sink()
          const notifier = yield* notifierFor(s, { secret: Redacted.make("wrong") })
          const error = yield* Effect.flip(notifier.send(notification()))
          expect(error.retryable).toBe(false)
          expect(s.refused.map((r) => r.reason)).toEqual(["bad signature"])
        })
      )

      it.scoped("fails retryably on 503 and 429, and when nobody listens", () =>
        Effect.gen(function* () {
          const s = yield* sink()
          const notifier = yield* notifierFor(s)
          s.failNext(1, 503)
          expect(yield* Effect.flip(notifier.send(notification()))).toMatchObject({ retryable: true })
          s.failNext(1, 429)
          expect(yield* Effect.flip(notifier.send(notification()))).toMatchObject({ retryable: true })
          s.failNext(1, 422)
          expect(yield* Effect.flip(notifier.send(notification()))).toMatchObject({ retryable: false })
          yield* notifier.send(notification())
          expect(s.accepted).toHaveLength(1)
          yield* Effect.promise(() => s.close())
          const gone = yield* Effect.flip(notifier.send(notification("after-close")))
          expect(gone).toMatchObject({ retryable: true, channel: "webhook" })
        })
      )

      it.scoped("fails retryably when the receiver does not answer within the timeout", () =>
        Effect.gen(function* () {
          const silent = yield* Effect.acquireRelease(
            Effect.promise(
              () =>
                new Promise<Server>((resolve) => {
                  // Reads the request and never answers.
                  const server = createServer((req) => req.resume())
                  server.listen(0, "127.0.0.1", () => resolve(server))
                })
            ),
            (server) =>
              Effect.promise(
                () =>
                  new Promise<void>((done) => {
                    server.closeAllConnections()
                    server.close(() => done())
                  })
              )
          )
          const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/hooks`
          const notifier = yield* notifierFor({ url }, { timeout: "300 millis" })
          // The pool times out on the real clock, the HttpClient's timeout on the test clock.
          const sending = yield* Effect.fork(Effect.flip(notifier.send(notification())))
          yield* TestClock.adjust("300 millis")
          const error = yield* Fiber.join(sending)
          expect(error).toMatchObject({ _tag: "NotifierError", retryable: true, message: "no answer within 300ms" })
        })
      )

      it.scoped("sends many requests at once over its connections; the receiver gets each once", () =>
        Effect.gen(function* () {
          const s = yield* sink()
          const notifier = yield* notifierFor(s)
          const keys = Array.from({ length: 200 }, (_, i) => `E-2026-031#${i}/task-assigned`)
          yield* Effect.forEach(keys, (key) => notifier.send(notification(key)), { concurrency: 16, discard: true })
          expect(s.refused).toEqual([])
          expect(s.accepted.map((r) => r.key).sort()).toEqual([...keys].sort())
          expect(s.deliveries).toHaveLength(200)
        })
      )
    })

  describe("bodyOf", () => {
    it("writes the notification exactly as its Schema encodes it, with and without a calendar event", () => {
      const full = notification()
      const { engagementId: _e, event: _ev, taskId: _t, ...bare } = notification("digest/li.na/2026-03-02")
      const digest: Notification.Notification = { ...bare, template: "digest", redacted: true }
      const encode = Schema.encodeSync(Notification.Notification)
      for (const n of [full, digest]) {
        expect(WebhookNotifier.bodyOf(n)).toBe(
          JSON.stringify({ type: "liaison.notification", notification: encode(n) })
        )
      }
      expect(JSON.parse(WebhookNotifier.bodyOf(full)).notification.event.start).toBe(
        "2026-03-03T18:00:00.000+08:00[Asia/Shanghai]"
      )
    })
  })

  describe("verify", () => {
    const body = WebhookNotifier.bodyOf(notification())
    const now = Date.parse("2026-03-02T09:00:00+08:00")
    const timestamp = String(now / 1000)
    const signature = WebhookNotifier.sign(secret, timestamp, body)

    it("accepts what was signed with the secret within the tolerance", () => {
      expect(WebhookNotifier.verify({ secret, body, timestamp, signature, now: now + 299_000 })).toEqual(Either.void)
    })

    it("refuses a changed body, another secret, a stale or missing timestamp", () => {
      const check = (o: Partial<Parameters<typeof WebhookNotifier.verify>[0]>) =>
        Either.flip(WebhookNotifier.verify({ secret, body, timestamp, signature, now, ...o }))
      expect(check({ body: body.replace("接待定案", "接待定桉") })).toEqual(Either.right("BadSignature"))
      expect(check({ secret: Redacted.make("other") })).toEqual(Either.right("BadSignature"))
      expect(check({ signature: signature.slice(0, -1) })).toEqual(Either.right("BadSignature"))
      expect(check({ now: now + 301_000 })).toEqual(Either.right("StaleTimestamp"))
      expect(check({ timestamp: undefined })).toEqual(Either.right("MissingHeaders"))
      expect(check({ timestamp: "soon" })).toEqual(Either.right("MissingHeaders"))
    })
  })

  describe("with the dispatcher", () => {
    it.scoped("delivers the outbox to the receiver through its failures, each message accepted once", () =>
      Effect.gen(function* () {
        const s = yield* sink()
        yield* TestClock.setTime(Date.now())
        const e = {
          id: "E-WH-1" as Engagement.EngagementId,
          version: 1,
          status: "submitted",
          title: "华东家具集团来访",
          procedureId: "client-reception-standard",
          counterpart: "华东家具集团",
          confidential: false,
          emergency: false,
          requesterId: "li.na",
          ownerId: "wang.fang",
          eventStart: "2026-03-10",
          decisions: [],
          tasks: [],
          createdAt: DateTime.unsafeMakeZoned(Date.now(), { timeZone: "Asia/Shanghai" }),
          updatedAt: DateTime.unsafeMakeZoned(Date.now(), { timeZone: "Asia/Shanghai" })
        } satisfies Engagement.Engagement
        const messages = ["department-head", "finance", "general-manager"].map((role, i) =>
          Outbox.message(
            { ...e, version: i + 1 },
            e.updatedAt,
            "approval-needed",
            { roles: [role], personIds: [] },
            { amount: "¥900.00" }
          )
        )
        yield* (yield* EngagementRepo.EngagementRepo).commit({
          engagement: e,
          expectedVersion: undefined,
          ledger: [],
          outbox: messages
        })
        s.failNext(2, 503)
        const notifier = yield* notifierOf("pool", s)
        const options: Dispatcher.Options = {
          workerId: "w1",
          channels: ["webhook"],
          concurrency: 1,
          backoff: { jitter: false }
        }
        for (let round = 0; round < 5; round++) {
          yield* Effect.provideService(Dispatcher.runOnce(options), Notifier.Notifier, notifier)
          yield* TestClock.adjust("2 seconds")
        }
        expect(s.accepted.map((r) => r.key).sort()).toEqual(messages.map((m) => m.id).sort())
        expect(s.refused.map((r) => r.status)).toEqual([503, 503])
        const outbox = yield* Outbox.Outbox
        for (const m of messages) expect((yield* outbox.get(m.id))?.delivery.status).toBe("delivered")
      }).pipe(
        Effect.provide(
          Layer.mergeAll(
            MemoryStorage.layer,
            Directory.layerMemory([
              { id: "zhou.qiang", name: "周强", roles: ["department-head"] },
              { id: "sun.li", name: "孙丽", roles: ["finance"] },
              { id: "chen.gang", name: "陈刚", roles: ["general-manager"] }
            ])
          )
        )
      )
    )
  })
})
