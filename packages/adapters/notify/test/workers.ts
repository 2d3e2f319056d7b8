/**
 * Dispatcher processes against one outbox, for the several-workers test and the benchmark: seeds
 * N messages, starts the workers (each opens its storage and says `ready`), lets them all go at
 * once, and waits until every one has drained the outbox.
 */
import { spawn } from "node:child_process"
import { fileURLToPath } from "node:url"
import { type Engagement, EngagementRepo, Outbox } from "@liaison/core"
import { PgStorage, SqliteStorage } from "@liaison/sql"
import * as DateTime from "effect/DateTime"
import * as Effect from "effect/Effect"

const root = fileURLToPath(new URL("../../../../", import.meta.url))
const script = fileURLToPath(new URL("./dispatcherProcess.ts", import.meta.url))
const AT = DateTime.unsafeMakeZoned(Date.parse("2026-03-02T09:00:00+08:00"), { timeZone: "Asia/Shanghai" })
const PER_ENGAGEMENT = 100

export interface Store {
  /** A SQLite file or a `postgres://` URL. */
  readonly db: string
  /** The table prefix, for PostgreSQL. */
  readonly prefix?: string
}

const storageOf = (store: Store) =>
  store.db.startsWith("postgres")
    ? PgStorage.layer({ url: store.db, tablePrefix: store.prefix ?? "liaison_" })
    : SqliteStorage.layer({ filename: store.db })

const engagement = (i: number): Engagement.Engagement => ({
  id: `E-LOAD-${i}` as Engagement.EngagementId,
  version: 1,
  status: "planned",
  title: `负载 ${i}`,
  procedureId: "client-reception-standard",
  counterpart: "华东家具集团",
  confidential: false,
  emergency: false,
  requesterId: "li.na",
  ownerId: "wang.fang",
  eventStart: "2026-03-10",
  decisions: [],
  tasks: [],
  createdAt: AT,
  updatedAt: AT
})

/** Writes `n` messages (100 per engagement) as the lifecycle does; returns their ids. */
export const seed = (store: Store, n: number): Promise<ReadonlyArray<string>> =>
  Effect.runPromise(
    Effect.gen(function* () {
      const repo = yield* EngagementRepo.EngagementRepo
      const ids: Array<string> = []
      for (let i = 0; i < Math.ceil(n / PER_ENGAGEMENT); i++) {
        const e = engagement(i)
        const count = Math.min(PER_ENGAGEMENT, n - i * PER_ENGAGEMENT)
        const outbox = Array.from({ length: count }, (_, j) =>
          Outbox.message(
            e,
            AT,
            "task-assigned",
            { roles: [], personIds: ["wang.fang"] },
            { taskId: `${e.id}/t${j}`, step: "definition" }
          )
        )
        ids.push(...outbox.map((m) => m.id))
        yield* repo.commit({ engagement: e, expectedVersion: undefined, ledger: [], outbox })
      }
      return ids
    }).pipe(Effect.provide(storageOf(store)))
  )

/** What is left in the outbox: pending and parked, at most 10 of each. */
export const leftOver = (store: Store) =>
  Effect.runPromise(
    Effect.gen(function* () {
      const outbox = yield* Outbox.Outbox
      return {
        pending: (yield* outbox.pending({ limit: 10 })).map((m) => m.id),
        parked: (yield* outbox.parked({ limit: 10 })).map((t) => t.message.id)
      }
    }).pipe(Effect.provide(storageOf(store)))
  )

export interface Drained {
  readonly workers: ReadonlyArray<{
    readonly worker: string
    readonly delivered: number
    /** Sends that failed (a timeout, an error answer) and were tried again later. */
    readonly retried: number
    /** Deliveries recorded after another worker had taken the message's lease. */
    readonly leaseLost: number
    readonly ms: number
    /** CPU time the worker process spent from "go" until it was done. */
    readonly cpuMs: number
  }>
  /** From "go" until the last worker was done. */
  readonly wallMs: number
}

/** How the workers run. */
export interface DrainOptions {
  /**
   * The dispatcher script to run with plain `node` (a bundle of `dispatcherProcess.ts`, as a host
   * deploys built code); default: the TypeScript source under tsx.
   */
  readonly bundle?: string
  /** `httpclient`: the webhook through Node's `HttpClient` instead of the notifier's own pool. */
  readonly client?: "pool" | "httpclient"
  readonly batchSize?: number
  readonly concurrency?: number
  /** Send through the batched webhook, at most this many a request (the URL is the batch endpoint). */
  readonly maxBatch?: number
}

/**
 * Starts `count` workers draining the store to the webhook (or to no notifier at all), lets them go
 * together and waits for every one.
 */
export const drain = async (
  store: Store,
  count: number,
  webhook: { readonly url: string; readonly secret: string } | undefined,
  options: DrainOptions = {}
): Promise<Drained> => {
  const children = await Promise.all(
    Array.from(
      { length: count },
      (_, i) =>
        new Promise<{ child: ReturnType<typeof spawn>; done: Promise<string> }>((resolve, reject) => {
          const args = options.bundle !== undefined ? [options.bundle] : ["--import", "tsx", script]
          const child = spawn(process.execPath, args, {
            cwd: root,
            env: {
              ...process.env,
              LIAISON_DISPATCH_DB: store.db,
              ...(store.prefix !== undefined ? { LIAISON_DISPATCH_PREFIX: store.prefix } : {}),
              ...(webhook !== undefined
                ? { LIAISON_DISPATCH_URL: webhook.url, LIAISON_DISPATCH_SECRET: webhook.secret }
                : {}),
              ...(options.client === "httpclient" ? { LIAISON_DISPATCH_CLIENT: "httpclient" } : {}),
              ...(options.batchSize !== undefined ? { LIAISON_DISPATCH_BATCH: String(options.batchSize) } : {}),
              ...(options.concurrency !== undefined
                ? { LIAISON_DISPATCH_CONCURRENCY: String(options.concurrency) }
                : {}),
              ...(options.maxBatch !== undefined ? { LIAISON_DISPATCH_MAX_BATCH: String(options.maxBatch) } : {}),
              LIAISON_DISPATCH_WORKER: `worker-${i + 1}`,
              LIAISON_DISPATCH_LEASE_MS: "30000",
              // Loopback answers in milliseconds; a send still unanswered after 5 s is retried.
              LIAISON_DISPATCH_SEND_TIMEOUT_MS: "5000",
              LIAISON_DISPATCH_MODE: "drain"
            },
            stdio: ["pipe", "pipe", "pipe"]
          })
          let out = ""
          let err = ""
          let ready = false
          child.stderr.on("data", (d: Buffer) => {
            err += d.toString()
          })
          const done = new Promise<string>((ok, fail) => {
            child.on("exit", (code) =>
              code === 0
                ? ok(out.trim().split("\n").pop() ?? "")
                : fail(new Error(`worker ${i + 1} exited ${code}: ${err}`))
            )
          })
          child.stdout.on("data", (d: Buffer) => {
            out += d.toString()
            if (!ready && out.includes("ready")) {
              ready = true
              resolve({ child, done })
            }
          })
          child.on("error", reject)
          done.catch(reject)
        })
    )
  )
  const started = performance.now()
  for (const { child } of children) child.stdin?.write("go\n")
  const lines = await Promise.all(children.map((c) => c.done))
  const wallMs = performance.now() - started
  return { workers: lines.map((l) => JSON.parse(l) as Drained["workers"][number]), wallMs }
}
