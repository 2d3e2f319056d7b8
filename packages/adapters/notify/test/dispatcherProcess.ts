/**
 * A dispatcher process, for the crash test, the several-workers test and the benchmark: delivers
 * the outbox of a SQLite file or a PostgreSQL database to a webhook (or to a notifier that accepts
 * everything at once). Configured by the environment:
 *
 * - LIAISON_DISPATCH_DB: a SQLite file, or a `postgres://` URL (with LIAISON_DISPATCH_PREFIX);
 * - LIAISON_DISPATCH_URL and LIAISON_DISPATCH_SECRET: the webhook; without them, no notifier at all;
 *   LIAISON_DISPATCH_CLIENT=httpclient sends through Node's `HttpClient` (`layerHttpClient`) instead
 *   of the notifier's own connection pool;
 * - LIAISON_DISPATCH_MAX_BATCH: send through the batched webhook (`layerBatched`, the URL being the
 *   receiver's batch endpoint) with at most this many notifications a request;
 * - LIAISON_DISPATCH_WORKER: the worker id; LIAISON_DISPATCH_LEASE_MS (default 2000);
 *   LIAISON_DISPATCH_SEND_TIMEOUT_MS (default 1000);
 * - LIAISON_DISPATCH_BATCH (default 100) and LIAISON_DISPATCH_CONCURRENCY (default 16): messages
 *   claimed at once, and sent at once (the webhook notifier keeps as many connections);
 * - LIAISON_DISPATCH_MODE: `run` (until killed; the crash test) or `drain` (wait for a line on stdin,
 *   dispatch until the outbox has nothing left, print `{"worker","delivered","retried","leaseLost","ms","cpuMs"}` and exit;
 *   `cpuMs` is the CPU time this process spent meanwhile).
 *
 * It prints `ready` once its storage is open and migrated.
 */
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as SqlClient from "@effect/sql/SqlClient"
import { Directory, Dispatcher, Notifier } from "@liaison/core"
import { WebhookNotifier } from "@liaison/notify"
import { PgStorage, SqliteStorage } from "@liaison/sql"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"

const env = (name: string): string => {
  const value = process.env[name]
  if (value === undefined) {
    console.error(`${name} is not set`)
    process.exit(2)
  }
  return value
}

const db = env("LIAISON_DISPATCH_DB")
const url = process.env.LIAISON_DISPATCH_URL
const batchSize = Number(process.env.LIAISON_DISPATCH_BATCH ?? "100")
const concurrency = Number(process.env.LIAISON_DISPATCH_CONCURRENCY ?? "16")
const storage = db.startsWith("postgres")
  ? PgStorage.layer({ url: db, tablePrefix: process.env.LIAISON_DISPATCH_PREFIX ?? "liaison_", maxConnections: 4 })
  : SqliteStorage.layer({ filename: db })
const webhook = (secret: string): WebhookNotifier.Options => ({
  url: url!,
  secret: Redacted.make(secret),
  timeout: "5 seconds",
  connections: concurrency
})
const maxBatch = process.env.LIAISON_DISPATCH_MAX_BATCH
const notifier =
  url === undefined
    ? Layer.succeed(Notifier.Notifier, Notifier.Notifier.of({ send: () => Effect.void }))
    : maxBatch !== undefined
      ? WebhookNotifier.layerBatched({
          url,
          secret: Redacted.make(env("LIAISON_DISPATCH_SECRET")),
          timeout: "5 seconds",
          maxBatch: Number(maxBatch)
        })
      : process.env.LIAISON_DISPATCH_CLIENT === "httpclient"
        ? WebhookNotifier.layerHttpClient(webhook(env("LIAISON_DISPATCH_SECRET")))
        : WebhookNotifier.layer(webhook(env("LIAISON_DISPATCH_SECRET")))

const layer = Layer.mergeAll(
  storage,
  notifier,
  Directory.layerMemory([{ id: "wang.fang", name: "王芳", roles: ["admin-department"], email: "wang.fang@example.cn" }])
)

const waitForGo = Effect.async<void>((resume) => {
  process.stdin.once("data", () => resume(Effect.void))
})

const program = Effect.gen(function* () {
  const sql = yield* SqlClient.SqlClient
  const options: Dispatcher.Options = {
    workerId: env("LIAISON_DISPATCH_WORKER"),
    channels: ["webhook"],
    batchSize,
    concurrency,
    leaseMs: Number(process.env.LIAISON_DISPATCH_LEASE_MS ?? "2000"),
    sendTimeout: Duration.millis(Number(process.env.LIAISON_DISPATCH_SEND_TIMEOUT_MS ?? "1000")),
    pollInterval: "50 millis",
    backoff: { base: "100 millis", max: "1 second" },
    // A batch's outcomes in one transaction: one commit (one fsync on SQLite) per batch.
    transaction: sql.withTransaction
  }
  process.stdout.write("ready\n")
  if (process.env.LIAISON_DISPATCH_MODE !== "drain") return yield* Dispatcher.run(options)
  yield* waitForGo
  const started = performance.now()
  const cpu = process.cpuUsage()
  let delivered = 0
  let retried = 0
  let leaseLost = 0
  for (;;) {
    const report = yield* Dispatcher.runOnce(options)
    delivered += report.delivered
    retried += report.retried
    leaseLost += report.leaseLost
    if (report.claimed === 0) break
  }
  const used = process.cpuUsage(cpu)
  const ms = performance.now() - started
  const cpuMs = (used.user + used.system) / 1000
  process.stdout.write(`${JSON.stringify({ worker: options.workerId, delivered, retried, leaseLost, ms, cpuMs })}\n`)
  process.exit(0)
})

NodeRuntime.runMain(program.pipe(Effect.provide(layer)))
