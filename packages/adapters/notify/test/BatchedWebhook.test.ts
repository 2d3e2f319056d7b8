/**
 * The batched webhook (`WebhookNotifier.layerBatched`) against the receiver on 127.0.0.1: sends made
 * at once go out together, at most `maxBatch` a request, each send ending with its own item's
 * outcome; and a dispatcher drains a SQLite outbox through it, every notification accepted once.
 */
import { mkdtempSync, rmSync } from "node:fs"
import { createServer } from "node:http"
import type { AddressInfo } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe, expect, it } from "@effect/vitest"
import { fc, test } from "@fast-check/vitest"
import { Directory, Dispatcher, type Notification } from "@liaison/core"
import { WebhookNotifier } from "@liaison/notify"
import { SqliteStorage } from "@liaison/sql"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import { notification } from "./fixtures.js"
import { startSink } from "./webhookSink.js"
import { leftOver, seed } from "./workers.js"

const SECRET = "batch-secret-批量"
const secret = Redacted.make(SECRET)

const sink = Effect.acquireRelease(
  Effect.promise(() => startSink({ secret: SECRET })),
  (s) => Effect.promise(() => s.close())
)

const many = (n: number, prefix = "K"): ReadonlyArray<Notification.Notification> =>
  Array.from({ length: n }, (_, i) => notification(`${prefix}-${i}`))

describe("WebhookNotifier.layerBatched, against a receiver on 127.0.0.1", () => {
  it.live("gathers sends made at once into signed batches of at most maxBatch; each item accepted once", () =>
    Effect.gen(function* () {
      const s = yield* sink
      const notifier = yield* WebhookNotifier.makeBatched({ url: s.batchUrl, secret, maxBatch: 50, connections: 2 })
      const sent = many(300)
      yield* Effect.forEach(sent, (n) => notifier.send(n), { concurrency: "unbounded", discard: true })
      expect(s.refused).toEqual([])
      expect(s.accepted.map((r) => r.key).sort()).toEqual(sent.map((n) => n.idempotencyKey).sort())
      expect(s.batches.every((b) => b.length >= 1 && b.length <= 50)).toBe(true)
      expect(s.batches.flat().length).toBe(300)
      // Gathered: far fewer requests than notifications.
      expect(s.batches.length).toBeLessThanOrEqual(30)
      const item = JSON.parse(s.accepted[0]!.body) as WebhookNotifier.BatchItem
      expect(item.type).toBe("liaison.notification")
      expect((item.notification as { idempotencyKey: string }).idempotencyKey).toBe(item.idempotencyKey)
    }).pipe(Effect.scoped)
  )

  it.live("sendMany: many at once in requests of at most maxBatch, each item answered by its own result", () =>
    Effect.gen(function* () {
      const s = yield* sink
      s.rejectItems((key) => (key === "M-120" ? "unknown recipient" : undefined))
      const notifier = yield* WebhookNotifier.makeBatched({ url: s.batchUrl, secret, maxBatch: 100, connections: 2 })
      const sent = many(250, "M")
      const results = yield* notifier.sendMany!(sent)
      expect(results.length).toBe(250)
      const failed = results.flatMap((r, i) => (Either.isLeft(r) ? [{ i, error: r.left }] : []))
      expect(failed.map((f) => [f.i, f.error.idempotencyKey, f.error.retryable])).toEqual([[120, "M-120", false]])
      expect(s.batches.map((b) => b.length).sort((a, b) => a - b)).toEqual([50, 100, 100])
      expect(s.accepted.map((r) => r.key).sort()).toEqual(
        sent.flatMap((n) => (n.idempotencyKey === "M-120" ? [] : [n.idempotencyKey])).sort()
      )
      // A 5xx answer: every item of every request, retryably.
      s.failNext(1_000, 503)
      const down = yield* notifier.sendMany!(many(30, "D"))
      expect(down.map((r) => Either.isLeft(r) && r.left.retryable)).toEqual(Array(30).fill(true))
      // Nothing to send: no request.
      const before = s.batches.length
      expect(yield* notifier.sendMany!([])).toEqual([])
      expect(s.batches.length).toBe(before)
    }).pipe(Effect.scoped)
  )

  it.live("a rejected item fails only its own send, and not retryably (it parks)", () =>
    Effect.gen(function* () {
      const s = yield* sink
      s.rejectItems((key) => (key === "K-3" ? "unknown recipient" : undefined))
      const notifier = yield* WebhookNotifier.makeBatched({ url: s.batchUrl, secret, connections: 1 })
      const results = yield* Effect.forEach(many(10), (n) => Effect.either(notifier.send(n)), {
        concurrency: "unbounded"
      })
      const failed = results.flatMap((r, i) => (Either.isLeft(r) ? [{ i, error: r.left }] : []))
      expect(failed.map((f) => f.i)).toEqual([3])
      expect(failed[0]!.error.retryable).toBe(false)
      expect(failed[0]!.error.idempotencyKey).toBe("K-3")
      expect(failed[0]!.error.message).toContain("unknown recipient")
      expect(s.accepted.map((r) => r.key).sort()).toEqual(
        many(10)
          .flatMap((n) => (n.idempotencyKey === "K-3" ? [] : [n.idempotencyKey]))
          .sort()
      )
    }).pipe(Effect.scoped)
  )

  it.live("a 5xx answer fails every item of the batch, retryably; a 400 parks them", () =>
    Effect.gen(function* () {
      const s = yield* sink
      const notifier = yield* WebhookNotifier.makeBatched({ url: s.batchUrl, secret })
      s.failNext(1_000, 503)
      const five = yield* Effect.forEach(many(20), (n) => Effect.flip(notifier.send(n)), { concurrency: "unbounded" })
      expect(five.map((e) => e.retryable)).toEqual(five.map(() => true))
      expect(five[0]!.message).toContain("HTTP 503")
      expect(five.map((e) => e.idempotencyKey)).toEqual(many(20).map((n) => n.idempotencyKey))
      s.failNext(1_000, 400)
      const four = yield* Effect.forEach(many(5), (n) => Effect.flip(notifier.send(n)), { concurrency: "unbounded" })
      expect(four.map((e) => e.retryable)).toEqual(four.map(() => false))
      expect(s.accepted).toEqual([])
    }).pipe(Effect.scoped)
  )

  it.live("a bad signature is refused for the whole batch, which parks", () =>
    Effect.gen(function* () {
      const s = yield* sink
      const notifier = yield* WebhookNotifier.makeBatched({ url: s.batchUrl, secret: Redacted.make("wrong") })
      const error = yield* Effect.flip(notifier.send(notification("K-1")))
      expect(error.retryable).toBe(false)
      expect(s.refused.map((r) => r.reason)).toEqual(["bad signature"])
      expect(s.accepted).toEqual([])
    }).pipe(Effect.scoped)
  )

  it.live("a repeated item is answered duplicate: delivered, and accepted once", () =>
    Effect.gen(function* () {
      const s = yield* sink
      const notifier = yield* WebhookNotifier.makeBatched({ url: s.batchUrl, secret })
      yield* notifier.send(notification("K-1"))
      yield* Effect.forEach(many(3), (n) => notifier.send(n), { concurrency: "unbounded", discard: true })
      expect(s.deliveries.filter((k) => k === "K-1").length).toBe(2)
      expect(s.accepted.map((r) => r.key).sort()).toEqual(["K-0", "K-1", "K-2"])
    }).pipe(Effect.scoped)
  )

  it.live("a send cut short before its batch leaves is left out of it; one in flight ends as its batch does", () =>
    Effect.gen(function* () {
      // A receiver that answers each batch after 300 ms, accepting every item.
      const received: Array<string> = []
      const server = yield* Effect.acquireRelease(
        Effect.async<ReturnType<typeof createServer>>((resume) => {
          const srv = createServer((req, res) => {
            let body = ""
            req.on("data", (c: Buffer) => {
              body += c.toString()
            })
            req.on("end", () => {
              const keys = (JSON.parse(body) as { notifications: Array<{ idempotencyKey: string }> }).notifications.map(
                (i) => i.idempotencyKey
              )
              received.push(...keys)
              setTimeout(() => {
                res.writeHead(200, { "content-type": "application/json" })
                res.end(
                  JSON.stringify({ results: keys.map((idempotencyKey) => ({ idempotencyKey, status: "accepted" })) })
                )
              }, 300)
            })
          })
          srv.listen(0, "127.0.0.1", () => resume(Effect.succeed(srv)))
        }),
        (srv) =>
          Effect.async<void>((resume) => {
            srv.closeAllConnections()
            srv.close(() => resume(Effect.void))
          })
      )
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/batch`
      const notifier = yield* WebhookNotifier.makeBatched({ url, secret, maxBatch: 1, connections: 1 })
      const first = yield* Effect.fork(notifier.send(notification("K-first")))
      yield* Effect.sleep("100 millis")
      // The only connection is busy with K-first: K-cut waits in the queue and is given up.
      const cut = yield* Effect.either(Effect.timeout(notifier.send(notification("K-cut")), "50 millis"))
      expect(Either.isLeft(cut)).toBe(true)
      yield* Fiber.join(first)
      yield* notifier.send(notification("K-after"))
      expect(received).toEqual(["K-first", "K-after"])
    }).pipe(Effect.scoped)
  )

  it.live(
    "a dispatcher delivers 2,000 notifications from a SQLite outbox, each once; one rejected parks alone",
    () =>
      Effect.gen(function* () {
        const dir = yield* Effect.acquireRelease(
          Effect.sync(() => mkdtempSync(join(tmpdir(), "liaison-batched-"))),
          (d) => Effect.sync(() => rmSync(d, { recursive: true, force: true }))
        )
        const store = { db: join(dir, "outbox.sqlite") }
        const s = yield* sink
        const ids = yield* Effect.promise(() => seed(store, 2_000))
        const refused = ids[7]!
        s.rejectItems((key) => (key === refused ? "no such person" : undefined))
        const layer = Layer.mergeAll(
          SqliteStorage.layer({ filename: store.db }),
          WebhookNotifier.layerBatched({ url: s.batchUrl, secret, maxBatch: 100, connections: 2 }),
          Directory.layerMemory([{ id: "wang.fang", name: "王芳", roles: ["admin-department"] }])
        )
        const options: Dispatcher.Options = {
          workerId: "batched-1",
          channels: ["webhook"],
          batchSize: 500,
          concurrency: 200
        }
        const reports = yield* Effect.gen(function* () {
          const all: Array<Dispatcher.Report> = []
          for (;;) {
            const report = yield* Dispatcher.runOnce(options)
            if (report.claimed === 0) return all
            all.push(report)
          }
        }).pipe(Effect.provide(layer))
        expect(reports.reduce((sum, r) => sum + r.delivered, 0)).toBe(1_999)
        expect(reports.reduce((sum, r) => sum + r.parked, 0)).toBe(1)
        expect(s.refused).toEqual([])
        expect(new Set(s.accepted.map((r) => r.key))).toEqual(new Set(ids.filter((id) => id !== refused)))
        // Each once: the receiver never saw a key again.
        expect(s.deliveries.length).toBe(1_999)
        // The dispatcher hands each claimed batch of 500 to `sendMany` at once: 5 full requests each.
        expect(s.batches.map((b) => b.length)).toEqual(Array(20).fill(100))
        const left = yield* Effect.promise(() => leftOver(store))
        expect(left).toEqual({ pending: [], parked: [refused] })
      }).pipe(Effect.scoped),
    60_000
  )
})

describe("WebhookNotifier.verifyBatch", () => {
  const now = Date.parse("2026-03-02T01:00:00Z")
  const timestamp = String(now / 1000)

  test.prop([fc.uniqueArray(fc.string({ minLength: 1, maxLength: 20 }), { minLength: 0, maxLength: 8 })])(
    "gives back the items of any signed batch, and refuses it altered or late",
    (keys) => {
      const body = WebhookNotifier.batchBodyOf(keys.map((k) => notification(k)))
      const signature = WebhookNotifier.sign(secret, timestamp, body)
      const ok = WebhookNotifier.verifyBatch({ secret, body, timestamp, signature, now })
      expect(Either.map(ok, (items) => items.map((i) => i.idempotencyKey))).toEqual(Either.right(keys))
      expect(WebhookNotifier.verifyBatch({ secret, body: `${body} `, timestamp, signature, now })).toEqual(
        Either.left("BadSignature")
      )
      expect(WebhookNotifier.verifyBatch({ secret, body, timestamp, signature, now: now + 301_000 })).toEqual(
        Either.left("StaleTimestamp")
      )
      // The batch's key names its items: the same items, the same key.
      expect(WebhookNotifier.batchKeyOf(keys)).toBe(WebhookNotifier.batchKeyOf([...keys]))
    }
  )

  it("refuses a signed body that is not a batch", () => {
    for (const body of [
      "[]",
      "{}",
      '{"notifications":[{}]}',
      '{"notifications":[{"idempotencyKey":""}]}',
      "not json"
    ]) {
      const signature = WebhookNotifier.sign(secret, timestamp, body)
      expect(WebhookNotifier.verifyBatch({ secret, body, timestamp, signature, now })).toEqual(
        Either.left("MalformedBatch")
      )
    }
  })
})
