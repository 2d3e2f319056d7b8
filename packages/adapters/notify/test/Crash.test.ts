/**
 * The crash test (issue 6, item 5): a dispatcher process delivering N notifications from a SQLite
 * outbox to a webhook receiver on 127.0.0.1 is killed with SIGKILL at random moments and started
 * again. Every notification arrives; a notification delivered twice (its worker died between the
 * receiver's answer and recording the delivery, or its lease ran out) carries the same idempotency
 * key both times, and the receiver drops the repeat.
 *
 * N is 10,000 (`LIAISON_CRASH_N` to change it); the kills follow a seeded generator
 * (`LIAISON_CRASH_SEED`), printed with the outcome so that a failing run can be repeated. The
 * dispatcher records each batch's outcomes in one SQLite transaction, as a SQLite host should, so
 * a kill before a batch's commit sends that whole batch again.
 */
import { type ChildProcess, spawn } from "node:child_process"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "@effect/vitest"
import { Outbox } from "@liaison/core"
import { SqliteStorage } from "@liaison/sql"
import * as Effect from "effect/Effect"
import { startSink } from "./webhookSink.js"
import { seed } from "./workers.js"

const N = Number(process.env.LIAISON_CRASH_N ?? "10000")
const SEED = Number(process.env.LIAISON_CRASH_SEED ?? "20260302")
const KILLS = 6
const SECRET = "crash-test-secret"
const root = fileURLToPath(new URL("../../../../", import.meta.url))
const child = fileURLToPath(new URL("./dispatcherProcess.ts", import.meta.url))

/** mulberry32: a small seeded generator, so that a run's kill times can be repeated. */
const random = (seed: number) => {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const start = (env: Record<string, string>): Promise<ChildProcess> =>
  new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ["--import", "tsx", child], {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"]
    })
    let err = ""
    p.stderr.on("data", (d: Buffer) => {
      err += d.toString()
    })
    p.stdout.on("data", (d: Buffer) => {
      if (d.toString().includes("ready")) resolve(p)
    })
    p.on("exit", (code, signal) => {
      if (signal === null) reject(new Error(`dispatcher exited with ${code}: ${err}`))
    })
  })

const kill = (p: ChildProcess): Promise<void> =>
  new Promise((resolve) => {
    if (p.exitCode !== null || p.signalCode !== null) return resolve()
    p.once("exit", () => resolve())
    p.kill("SIGKILL")
  })

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe("the dispatcher killed with SIGKILL while delivering", () => {
  it.live(
    `delivers all ${N} notifications to the webhook, duplicates only under the same key`,
    () =>
      Effect.gen(function* () {
        const dir = mkdtempSync(join(tmpdir(), "liaison-crash-"))
        const filename = join(dir, "outbox.sqlite")
        const sink = yield* Effect.acquireRelease(
          Effect.promise(() => startSink({ secret: SECRET })),
          (s) => Effect.promise(() => s.close())
        )
        yield* Effect.addFinalizer(() => Effect.sync(() => rmSync(dir, { recursive: true, force: true })))
        const ids = yield* Effect.promise(() => seed({ db: filename }, N))
        expect(ids).toHaveLength(N)
        const next = random(SEED)
        const at: Array<number> = []
        const env = (n: number) => ({
          LIAISON_DISPATCH_DB: filename,
          LIAISON_DISPATCH_URL: sink.url,
          LIAISON_DISPATCH_SECRET: SECRET,
          LIAISON_DISPATCH_WORKER: `worker-${n}`,
          LIAISON_DISPATCH_LEASE_MS: "2000",
          LIAISON_DISPATCH_MODE: "run"
        })
        const started = Date.now()
        // Kill points spread over the whole run: when the receiver has accepted a random share of
        // the notifications, a random few milliseconds later (mid-batch, mid-request, mid-commit).
        const targets = Array.from({ length: KILLS }, () => Math.floor(N * (0.02 + next() * 0.9))).sort((a, b) => a - b)
        yield* Effect.promise(async () => {
          for (let n = 0; n < KILLS; n++) {
            const p = await start(env(n))
            const deadline = Date.now() + 60_000
            while (sink.accepted.length < targets[n]! && Date.now() < deadline) await sleep(5)
            await sleep(Math.floor(next() * 100))
            await kill(p)
            at.push(sink.accepted.length)
          }
          const last = await start(env(KILLS))
          const deadline = Date.now() + 240_000
          while (sink.accepted.length < N && Date.now() < deadline) await sleep(50)
          // Let it record the last outcomes, then stop it the hard way too.
          await sleep(300)
          await kill(last)
        })
        const seconds = (Date.now() - started) / 1000
        const accepted = new Set(sink.accepted.map((r) => r.key))
        const duplicates = sink.deliveries.length - sink.accepted.length
        console.log(
          `crash test: seed ${SEED}, ${N} notifications, killed at ${at.join(", ")} accepted; ` +
            `${sink.deliveries.length} deliveries, ${duplicates} duplicates dropped by key; ${seconds.toFixed(1)} s`
        )
        // Killed while delivering: some had arrived and some had not at some kill.
        expect(at.some((a) => a > 0 && a < N)).toBe(true)
        // None lost: every message arrived, once as far as the receiver is concerned.
        expect(accepted.size).toBe(N)
        expect([...accepted].sort()).toEqual([...ids].sort())
        // Every delivery, repeats included, carries the key of one of the messages.
        const known = new Set(ids)
        expect(sink.deliveries.every((k) => known.has(k))).toBe(true)
        expect(sink.refused).toEqual([])
        // And the outbox knows it: nothing pending, nothing parked.
        const left = yield* Effect.gen(function* () {
          const outbox = yield* Outbox.Outbox
          return { pending: yield* outbox.pending({ limit: 10 }), parked: yield* outbox.parked({ limit: 10 }) }
        }).pipe(Effect.provide(SqliteStorage.layer({ filename })))
        expect(left).toEqual({ pending: [], parked: [] })
      }).pipe(Effect.scoped),
    300_000
  )
})
