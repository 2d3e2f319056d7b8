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
 * The workers run `packages/adapters/notify/test/dispatcherProcess.ts` bundled by esbuild (the
 * source, as built code: what a host deploys), with plain `node`; one row runs the TypeScript
 * source under tsx, as the crash and several-workers tests do. Batches of 100, 16 sends at once
 * (`LIAISON_BENCH_NOTIFY_BATCH`, `LIAISON_BENCH_NOTIFY_CONCURRENCY`), each batch's outcomes in one
 * transaction. The receiver (`webhookSink.ts`: signature, timestamp and replay checks) runs in the
 * benchmark's own process; one row measures it alone, fed by a bare client (`bench/notifyLoad.ts`).
 *
 * Besides the rate, each row gives the CPU time a notification cost the workers and the receiver
 * (process CPU from go to done, divided by N): on a machine other work keeps busy, that says where
 * the time goes better than the wall clock.
 */
import { spawn } from "node:child_process"
import { randomUUID } from "node:crypto"
import { mkdirSync, mkdtempSync, rmSync } from "node:fs"
import os, { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { startSink } from "../packages/adapters/notify/test/webhookSink.js"
import { type DrainOptions, drain, leftOver, type Store, seed } from "../packages/adapters/notify/test/workers.js"
import type { Suite } from "./Suite.js"

const N = Number(process.env.LIAISON_BENCH_NOTIFY_N ?? "10000")
const BATCH = Number(process.env.LIAISON_BENCH_NOTIFY_BATCH ?? "100")
const CONCURRENCY = Number(process.env.LIAISON_BENCH_NOTIFY_CONCURRENCY ?? "16")
/** The batched row: notifications a request, messages claimed (and handed to `sendMany`) at once. */
const BATCHED_MAX = Number(process.env.LIAISON_BENCH_NOTIFY_MAX_BATCH ?? "100")
const BATCHED_CLAIM = Number(process.env.LIAISON_BENCH_NOTIFY_BATCHED_CLAIM ?? "500")
const SECRET = "bench-secret"
const pg = process.env.LIAISON_PG_URL
const root = fileURLToPath(new URL("../", import.meta.url))

/** The dispatcher process and the bare client, bundled from source: plain `node` runs them. */
const bundled = async () => {
  const { build } = await import("esbuild")
  const out = join(root, "node_modules/.cache/liaison-bench")
  mkdirSync(out, { recursive: true })
  const entries = {
    dispatcherProcess: join(root, "packages/adapters/notify/test/dispatcherProcess.ts"),
    notifyLoad: join(root, "bench/notifyLoad.ts")
  }
  await build({
    entryPoints: entries,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    // Dependencies stay in node_modules; liaison's packages come from source (tsconfig paths).
    packages: "external",
    tsconfig: join(root, "tsconfig.json"),
    outdir: out,
    outExtension: { ".js": ".mjs" },
    logLevel: "error"
  })
  return { dispatcher: join(out, "dispatcherProcess.mjs"), load: join(out, "notifyLoad.mjs") }
}
const scripts = await bundled()

interface Run {
  readonly name: string
  readonly perSecond: number
  readonly seconds: number
  readonly duplicates: number
  /** Sends tried again (after a timeout or an error answer), and deliveries whose lease was lost. */
  readonly retried: number
  readonly leaseLost: number
  readonly shares: ReadonlyArray<number>
  readonly load: readonly [number, number]
  /** CPU µs a notification cost the workers, and the receiver. */
  readonly workerCpuUs: number
  readonly receiverCpuUs: number
  /** Requests the receiver took (one per notification unless batched). */
  readonly requests: number
}

const loadavg = () => os.loadavg()[0] ?? 0
const cpuMs = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since)
  return (used.user + used.system) / 1000
}

const measure = async (
  name: string,
  store: Store,
  workers: number,
  webhook: boolean,
  options: DrainOptions
): Promise<Run> => {
  const sink = await startSink({ secret: SECRET })
  try {
    await seed(store, N)
    const load0 = loadavg()
    const cpu = process.cpuUsage()
    const url = options.maxBatch !== undefined ? sink.batchUrl : sink.url
    const result = await drain(store, workers, webhook ? { url, secret: SECRET } : undefined, {
      batchSize: BATCH,
      concurrency: CONCURRENCY,
      ...options
    })
    const receiverMs = cpuMs(cpu)
    const load1 = loadavg()
    const delivered = result.workers.reduce((sum, w) => sum + w.delivered, 0)
    const left = await leftOver(store)
    if (delivered !== N || left.pending.length > 0 || left.parked.length > 0) {
      throw new Error(`${name}: delivered ${delivered} of ${N}; left ${JSON.stringify(left)}`)
    }
    if (webhook && sink.accepted.length !== N) throw new Error(`${name}: the receiver accepted ${sink.accepted.length}`)
    if (sink.refused.length > 0) throw new Error(`${name}: the receiver refused ${JSON.stringify(sink.refused[0])}`)
    return {
      name,
      perSecond: N / (result.wallMs / 1000),
      seconds: result.wallMs / 1000,
      duplicates: webhook ? sink.deliveries.length - sink.accepted.length : 0,
      retried: result.workers.reduce((sum, w) => sum + w.retried, 0),
      leaseLost: result.workers.reduce((sum, w) => sum + w.leaseLost, 0),
      shares: result.workers.map((w) => w.delivered),
      load: [load0, load1],
      workerCpuUs: (result.workers.reduce((sum, w) => sum + w.cpuMs, 0) * 1000) / N,
      receiverCpuUs: webhook ? (receiverMs * 1000) / N : 0,
      requests: options.maxBatch !== undefined ? sink.batches.length : sink.deliveries.length
    }
  } finally {
    await sink.close()
  }
}

const sqlite = async (
  name: string,
  workers: number,
  webhook: boolean,
  options: DrainOptions & { readonly tsx?: boolean } = {}
): Promise<Run> => {
  const dir = mkdtempSync(join(tmpdir(), "liaison-bench-notify-"))
  const { tsx, ...rest } = options
  try {
    return await measure(name, { db: join(dir, "outbox.sqlite") }, workers, webhook, {
      ...(tsx === true ? {} : { bundle: scripts.dispatcher }),
      ...rest
    })
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

const postgres = (name: string, workers: number): Promise<Run> =>
  measure(name, { db: pg!, prefix: `b${randomUUID().replaceAll("-", "").slice(0, 10)}_` }, workers, true, {
    bundle: scripts.dispatcher
  })

/** The receiver alone: a bare client process posts N signed requests, CONCURRENCY at a time. */
const receiverAlone = async (): Promise<Run> => {
  const sink = await startSink({ secret: SECRET })
  try {
    const load0 = loadavg()
    const cpu = process.cpuUsage()
    const line = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, [scripts.load, sink.url, SECRET, String(N), String(CONCURRENCY)], {
        cwd: root,
        stdio: ["ignore", "pipe", "pipe"]
      })
      let out = ""
      let err = ""
      child.stdout.on("data", (d: Buffer) => {
        out += d.toString()
      })
      child.stderr.on("data", (d: Buffer) => {
        err += d.toString()
      })
      child.on("exit", (code) => (code === 0 ? resolve(out.trim()) : reject(new Error(`notifyLoad: ${code} ${err}`))))
    })
    const receiverMs = cpuMs(cpu)
    const client = JSON.parse(line) as { sent: number; ms: number; cpuMs: number }
    if (sink.accepted.length !== N) throw new Error(`receiver alone: accepted ${sink.accepted.length} of ${N}`)
    return {
      name: `receiver alone (a bare undici client process, ${CONCURRENCY} in flight, no storage, no rendering)`,
      perSecond: N / (client.ms / 1000),
      seconds: client.ms / 1000,
      duplicates: sink.deliveries.length - sink.accepted.length,
      retried: 0,
      leaseLost: 0,
      shares: [N],
      load: [load0, loadavg()],
      workerCpuUs: (client.cpuMs * 1000) / N,
      receiverCpuUs: (receiverMs * 1000) / N,
      requests: sink.deliveries.length
    }
  } finally {
    await sink.close()
  }
}

const runs: Array<Run> = []
runs.push(await receiverAlone())
runs.push(await sqlite("SQLite, 1 worker, no notifier (storage and dispatch alone)", 1, false))
runs.push(await sqlite("SQLite, 1 worker, webhook", 1, true))
runs.push(await sqlite("SQLite, 2 workers, webhook", 2, true))
runs.push(
  await sqlite("SQLite, 1 worker, webhook through Node's HttpClient (layerHttpClient)", 1, true, {
    client: "httpclient"
  })
)
runs.push(
  await sqlite("SQLite, 1 worker, webhook, TypeScript source under tsx (as the tests run it)", 1, true, {
    tsx: true
  })
)
runs.push(
  await sqlite(
    `SQLite, 1 worker, batched webhook (layerBatched: batches of ${BATCHED_CLAIM} claimed and handed over at once, at most ${BATCHED_MAX} a request, 4 connections)`,
    1,
    true,
    { maxBatch: BATCHED_MAX, batchSize: BATCHED_CLAIM }
  )
)
if (pg !== undefined) {
  for (const workers of [1, 2, 4]) {
    runs.push(await postgres(`PostgreSQL, ${workers} worker${workers === 1 ? "" : "s"}, webhook`, workers))
  }
}

const fmt = (n: number) => Math.round(n).toLocaleString("en-US")

export const suite: Suite = {
  name: "notify",
  description: `Dispatch throughput: N notifications from an outbox to the webhook receiver on 127.0.0.1 through dispatcher processes (batches of ${BATCH}, ${CONCURRENCY} sends at once, one transaction per batch), with the CPU each notification cost the workers and the receiver.`,
  inputs: [
    `${fmt(N)} task-assigned messages, 100 per engagement, one recipient each; a fresh SQLite file or PostgreSQL table prefix per row`,
    "workers: dispatcherProcess.ts bundled by esbuild, run with node (one row: the source under tsx); the receiver in this process",
    pg === undefined
      ? "PostgreSQL rows skipped: LIAISON_PG_URL is not set (bash scripts/test-pg.sh --run npm run bench -- --filter notify)"
      : "PostgreSQL at LIAISON_PG_URL"
  ],
  groups: [],
  summarize: () => [
    ...runs.map(
      (r) =>
        `${r.name}: ${fmt(r.perSecond)}/s (${fmt(N)} in ${r.seconds.toFixed(2)} s; per worker ${r.shares.map(fmt).join(" / ")}; ` +
        `${fmt(r.requests)} requests; ${r.duplicates} duplicate deliveries, ${r.retried} sends retried, ${r.leaseLost} leases lost; CPU a notification: ${fmt(r.workerCpuUs)} µs sender, ${fmt(r.receiverCpuUs)} µs receiver; ` +
        `load ${r.load[0].toFixed(1)}→${r.load[1].toFixed(1)})`
    ),
    `goal: at least 5,000/s to the webhook on SQLite — one request a notification: ${
      (runs.find((r) => r.name === "SQLite, 1 worker, webhook")?.perSecond ?? 0) >= 5000 ? "met" : "not met"
    }; batched: ${
      (runs.find((r) => r.name.startsWith("SQLite, 1 worker, batched"))?.perSecond ?? 0) >= 5000 ? "met" : "not met"
    } on this run`
  ]
}
