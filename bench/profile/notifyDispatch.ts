/**
 * One dispatcher draining N notifications from a SQLite outbox in this process, for a CPU profile of
 * the dispatch path (`bench/notify.bench.ts` times it across processes). With `--url` it posts to a
 * webhook receiver in another process (`bench/profile/webhookReceiver.ts`); without, to a notifier
 * that accepts everything at once. It prints the rate and this process's CPU time a message.
 *
 *   npx esbuild bench/profile/notifyDispatch.ts --bundle --platform=node --format=esm \
 *     --packages=external --outfile=node_modules/.cache/liaison-prof/notify.mjs
 *   node node_modules/.cache/liaison-prof/notify.mjs --seed /tmp/outbox.sqlite      # seed, then exit
 *   npx tsx bench/profile/webhookReceiver.ts --port 18787 &                          # optional
 *   node --cpu-prof --cpu-prof-dir=/tmp/liaison-notify-prof node_modules/.cache/liaison-prof/notify.mjs \
 *     --db /tmp/outbox.sqlite [--url http://127.0.0.1:18787/hooks/liaison] [--batch 100] [--concurrency 16]
 *   npx tsx bench/profile/topFunctions.ts /tmp/liaison-notify-prof/*.cpuprofile 30
 */
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { parseArgs } from "node:util"
import * as SqlClient from "@effect/sql/SqlClient"
import { Directory, Dispatcher, Notifier } from "@liaison/core"
import { WebhookNotifier } from "@liaison/notify"
import { SqliteStorage } from "@liaison/sql"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import { seed } from "../../packages/adapters/notify/test/workers.js"

const { values } = parseArgs({
  options: {
    url: { type: "string" },
    secret: { type: "string", default: "bench-secret" },
    n: { type: "string", default: "10000" },
    batch: { type: "string", default: "100" },
    concurrency: { type: "string", default: "16" },
    /** Seed this file and exit; then run again with `--db` to profile the dispatch alone. */
    seed: { type: "string" },
    db: { type: "string" }
  }
})
const N = Number(values.n)
if (values.seed !== undefined) {
  await seed({ db: values.seed }, N)
  process.exit(0)
}
const dir = mkdtempSync(join(tmpdir(), "liaison-notify-prof-"))
const filename = values.db ?? join(dir, "outbox.sqlite")
if (values.db === undefined) await seed({ db: filename }, N)

const notifier =
  values.url === undefined
    ? Layer.succeed(Notifier.Notifier, Notifier.Notifier.of({ send: () => Effect.void }))
    : WebhookNotifier.layer({
        url: values.url,
        secret: Redacted.make(values.secret),
        connections: Number(values.concurrency)
      })
const layer = Layer.mergeAll(
  SqliteStorage.layer({ filename }),
  notifier,
  Directory.layerMemory([{ id: "wang.fang", name: "王芳", roles: ["admin-department"], email: "wang.fang@example.cn" }])
)

const program = Effect.gen(function* () {
  const sql = yield* SqlClient.SqlClient
  const options: Dispatcher.Options = {
    workerId: "profile",
    channels: ["webhook"],
    batchSize: Number(values.batch),
    concurrency: Number(values.concurrency),
    leaseMs: 30_000,
    transaction: sql.withTransaction
  }
  const started = performance.now()
  const cpu0 = process.cpuUsage()
  let delivered = 0
  for (;;) {
    const report = yield* Dispatcher.runOnce(options)
    delivered += report.delivered
    if (report.claimed === 0) break
  }
  const ms = performance.now() - started
  const cpu = process.cpuUsage(cpu0)
  console.log(
    `${delivered} delivered in ${ms.toFixed(0)} ms: ${Math.round(delivered / (ms / 1000))}/s; ` +
      `${((cpu.user + cpu.system) / delivered).toFixed(0)} µs of this process's CPU a message`
  )
})

await Effect.runPromise(program.pipe(Effect.provide(layer)))
rmSync(dir, { recursive: true, force: true })
