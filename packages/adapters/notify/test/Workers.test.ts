/**
 * Several dispatchers on one PostgreSQL (issue 6, item 6): four worker processes drain 10,000
 * notifications (`LIAISON_WORKERS_N`) from one outbox to the webhook receiver. Leases are taken
 * with `FOR UPDATE SKIP LOCKED`, so in normal operation no notification reaches the receiver twice,
 * and every worker takes a share.
 *
 * Runs when `LIAISON_PG_URL` is set (`npm run test:pg -- packages/adapters/notify`), in tables of
 * a fresh prefix; otherwise it says it was skipped.
 */
import { randomUUID } from "node:crypto"
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { startSink } from "./webhookSink.js"
import { drain, leftOver, seed } from "./workers.js"

const url = process.env.LIAISON_PG_URL
const N = Number(process.env.LIAISON_WORKERS_N ?? "10000")
const SECRET = "workers-secret"

describe.skipIf(url === undefined)("several dispatchers on one PostgreSQL", () => {
  it.live(
    `deliver ${N} notifications with four workers, none twice`,
    () =>
      Effect.gen(function* () {
        const store = { db: url!, prefix: `w${randomUUID().replaceAll("-", "").slice(0, 10)}_` }
        const sink = yield* Effect.acquireRelease(
          Effect.promise(() => startSink({ secret: SECRET })),
          (s) => Effect.promise(() => s.close())
        )
        const ids = yield* Effect.promise(() => seed(store, N))
        const result = yield* Effect.promise(() => drain(store, 4, { url: sink.url, secret: SECRET }))
        console.log(
          `4 workers on PostgreSQL: ${N} in ${(result.wallMs / 1000).toFixed(2)} s; ` +
            result.workers.map((w) => `${w.worker} ${w.delivered}`).join(", ")
        )
        expect(sink.accepted.length).toBe(N)
        expect(new Set(sink.accepted.map((r) => r.key))).toEqual(new Set(ids))
        // None twice: the receiver never saw a key again.
        expect(sink.deliveries.length).toBe(N)
        expect(result.workers.reduce((sum, w) => sum + w.delivered, 0)).toBe(N)
        expect(result.workers.every((w) => w.delivered > 0)).toBe(true)
        expect(yield* Effect.promise(() => leftOver(store))).toEqual({ pending: [], parked: [] })
      }).pipe(Effect.scoped),
    300_000
  )
})

if (url === undefined) {
  describe("several dispatchers on one PostgreSQL", () => {
    it("is skipped: set LIAISON_PG_URL, or run npm run test:pg -- packages/adapters/notify", () => {
      expect(url).toBeUndefined()
    })
  })
}
