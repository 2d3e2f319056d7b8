/**
 * Dispatch throughput (issue 6, item 7): how many notifications a second dispatcher processes
 * deliver from an outbox to the webhook receiver on 127.0.0.1, on SQLite and on PostgreSQL with 1, 2
 * and 4 worker processes.
 *
 * Not a nanosecond suite: each row is one run of N notifications (10,000; `LIAISON_BENCH_NOTIFY_N`)
 * through real processes, timed from the moment the ready workers are told to go until the last
 * has found the outbox empty. The suite measures when it is loaded (`npm run bench -- --filter
 * notify`) and reports through the harness's reading lines; the PostgreSQL rows need
 * `LIAISON_PG_URL` (`bash scripts/test-pg.sh --run npm run bench -- --filter notify`).
 *
 * The workers are `packages/adapters/notify/test/dispatcherProcess.ts` under tsx (the TypeScript
 * source, as the tests run it): batches of 100, 16 sends at once, each batch's outcomes recorded in
 * one transaction. The receiver runs in the benchmark's own process and checks every signature.
 */
import { randomUUID } from "node:crypto"
import { mkdtempSync, rmSync } from "node:fs"
import os, { tmpdir } from "node:os"
import { join } from "node:path"
import { startSink } from "../packages/adapters/notify/test/webhookSink.js"
import { drain, leftOver, type Store, seed } from "../packages/adapters/notify/test/workers.js"
import type { Suite } from "./Suite.js"

const N = Number(process.env.LIAISON_BENCH_NOTIFY_N ?? "10000")
const SECRET = "bench-secret"
const pg = process.env.LIAISON_PG_URL

interface Run {
  readonly name: string
  readonly perSecond: number
  readonly seconds: number
  readonly duplicates: number
  readonly shares: ReadonlyArray<number>
  readonly load: readonly [number, number]
}

const measure = async (name: string, store: Store, workers: number, webhook: boolean): Promise<Run> => {
  const sink = await startSink({ secret: SECRET })
  try {
    await seed(store, N)
    const load0 = os.loadavg()[0] ?? 0
    const result = await drain(store, workers, webhook ? { url: sink.url, secret: SECRET } : undefined)
    const load1 = os.loadavg()[0] ?? 0
    const delivered = result.workers.reduce((sum, w) => sum + w.delivered, 0)
    const left = await leftOver(store)
    if (delivered !== N || left.pending.length > 0 || left.parked.length > 0) {
      throw new Error(`${name}: delivered ${delivered} of ${N}; left ${JSON.stringify(left)}`)
    }
    if (webhook && sink.accepted.length !== N) throw new Error(`${name}: the receiver accepted ${sink.accepted.length}`)
    return {
      name,
      perSecond: N / (result.wallMs / 1000),
      seconds: result.wallMs / 1000,
      duplicates: webhook ? sink.deliveries.length - sink.accepted.length : 0,
      shares: result.workers.map((w) => w.delivered),
      load: [load0, load1]
    }
  } finally {
    await sink.close()
  }
}

const sqlite = async (name: string, workers: number, webhook: boolean): Promise<Run> => {
  const dir = mkdtempSync(join(tmpdir(), "liaison-bench-notify-"))
  try {
    return await measure(name, { db: join(dir, "outbox.sqlite") }, workers, webhook)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

const postgres = (name: string, workers: number): Promise<Run> =>
  measure(name, { db: pg!, prefix: `b${randomUUID().replaceAll("-", "").slice(0, 10)}_` }, workers, true)

const runs: Array<Run> = []
runs.push(await sqlite("SQLite, 1 worker, no notifier (storage and dispatch alone)", 1, false))
runs.push(await sqlite("SQLite, 1 worker, webhook", 1, true))
runs.push(await sqlite("SQLite, 2 workers, webhook", 2, true))
if (pg !== undefined) {
  for (const workers of [1, 2, 4]) {
    runs.push(await postgres(`PostgreSQL, ${workers} worker${workers === 1 ? "" : "s"}, webhook`, workers))
  }
}

const fmt = (n: number) => Math.round(n).toLocaleString("en-US")

export const suite: Suite = {
  name: "notify",
  description:
    "Dispatch throughput: N notifications from an outbox to the webhook receiver on 127.0.0.1 through dispatcher processes (batches of 100, 16 sends at once, one transaction per batch).",
  inputs: [
    `${fmt(N)} task-assigned messages, 100 per engagement, one recipient each; a fresh SQLite file or PostgreSQL table prefix per row`,
    pg === undefined
      ? "PostgreSQL rows skipped: LIAISON_PG_URL is not set (bash scripts/test-pg.sh --run npm run bench -- --filter notify)"
      : "PostgreSQL at LIAISON_PG_URL"
  ],
  groups: [],
  summarize: () => [
    ...runs.map(
      (r) =>
        `${r.name}: ${fmt(r.perSecond)}/s (${fmt(N)} in ${r.seconds.toFixed(2)} s; per worker ${r.shares.map(fmt).join(" / ")}; ` +
        `${r.duplicates} duplicate deliveries; load ${r.load[0].toFixed(1)}→${r.load[1].toFixed(1)})`
    ),
    `goal: at least 5,000/s to the webhook on SQLite — ${
      (runs.find((r) => r.name.startsWith("SQLite, 1 worker, webhook"))?.perSecond ?? 0) >= 5000 ? "met" : "not met"
    } on this run`
  ]
}
