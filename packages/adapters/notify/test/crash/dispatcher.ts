/**
 * A dispatcher process for the crash test: delivers the outbox of a SQLite file to a webhook until
 * it is killed. Configured by the environment: LIAISON_CRASH_DB, LIAISON_CRASH_URL,
 * LIAISON_CRASH_SECRET, LIAISON_CRASH_WORKER, LIAISON_CRASH_LEASE_MS.
 */
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as SqlClient from "@effect/sql/SqlClient"
import { Directory, Dispatcher } from "@liaison/core"
import { WebhookNotifier } from "@liaison/notify"
import { SqliteStorage } from "@liaison/sql"
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

const layer = Layer.mergeAll(
  SqliteStorage.layer({ filename: env("LIAISON_CRASH_DB") }),
  WebhookNotifier.layer({
    url: env("LIAISON_CRASH_URL"),
    secret: Redacted.make(env("LIAISON_CRASH_SECRET")),
    timeout: "5 seconds"
  }),
  Directory.layerMemory([{ id: "wang.fang", name: "王芳", roles: ["admin-department"], email: "wang.fang@example.cn" }])
)

const program = Effect.gen(function* () {
  // Tell the parent we are up, then dispatch until killed.
  const sql = yield* SqlClient.SqlClient
  process.stdout.write("ready\n")
  return yield* Dispatcher.run({
    // A batch's outcomes in one SQLite transaction: one commit (and one fsync) per batch.
    transaction: sql.withTransaction,
    workerId: env("LIAISON_CRASH_WORKER"),
    channels: ["webhook"],
    batchSize: 100,
    concurrency: 16,
    leaseMs: Number(process.env.LIAISON_CRASH_LEASE_MS ?? "2000"),
    sendTimeout: "1 second",
    pollInterval: "50 millis",
    backoff: { base: "100 millis", max: "1 second" }
  })
})

NodeRuntime.runMain(program.pipe(Effect.provide(layer)))
