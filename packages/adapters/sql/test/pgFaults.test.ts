/**
 * PostgreSQL stopped mid-transaction and restarted (issue 8, item 4), on a throwaway server this
 * test starts itself (it must stop and restart it, so `LIAISON_PG_URL` will not do): `initdb` and
 * `pg_ctl` as the `postgres` user, which needs root. Elsewhere the suite reports itself skipped with
 * how to run it.
 *
 * Another connection inserts, without committing, the ledger entry the plan is about to write, so
 * the plan's transaction — having updated the engagement and rewritten its task rows — waits on
 * it. Then the server is killed (`pg_ctl stop -m immediate`, as a crash or a power cut would). The
 * command fails with a typed `StorageError` (`unavailable`), commands fail alike while the server is
 * down, nothing of the plan is stored after the restart (engagement, tasks, ledger, outbox), and the
 * same layer and pool plan the engagement once the server is back, without restarting anything.
 */
import { execFileSync } from "node:child_process"
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs"
import { createServer } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"
import * as SqlClient from "@effect/sql/SqlClient"
import { describe, expect, it } from "@effect/vitest"
import { Directory, Engagements, StorageError } from "@liaison/core"
import { PgStorage, SqlStorage } from "@liaison/sql"
import * as Cause from "effect/Cause"
import * as Deferred from "effect/Deferred"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Schedule from "effect/Schedule"
import * as TestClock from "effect/TestClock"
import { freshPrefix } from "./backends.js"
import { ANNOUNCED, actor, createVisit, people, policies } from "./fixtures.js"

const li = actor("li.na")
const zhou = actor("zhou.qiang")
const wang = actor("wang.fang")

/** The directory of PostgreSQL's programs, or undefined. */
const pgBin = (() => {
  const base = "/usr/lib/postgresql"
  if (!existsSync(base)) return undefined
  const versions = readdirSync(base)
    .filter((v) => existsSync(join(base, v, "bin", "pg_ctl")))
    .sort((a, b) => Number(b) - Number(a))
  return versions[0] === undefined ? undefined : join(base, versions[0], "bin")
})()
const isRoot = process.getuid?.() === 0
const available = isRoot && pgBin !== undefined
const SKIPPED = `PostgreSQL stop/restart: skipped, ${
  isRoot
    ? "PostgreSQL is not installed (apt-get install postgresql)"
    : "this needs root (to run the server as postgres)"
} — run as root: npx vitest run packages/adapters/sql/test/pgFaults.test.ts`

const asPostgres = (program: string, args: ReadonlyArray<string>) =>
  execFileSync("runuser", ["-u", "postgres", "--", join(pgBin!, program), ...args], { stdio: "pipe" })

const freePort = () =>
  Effect.async<number>((resume) => {
    const s = createServer()
    s.listen(0, "127.0.0.1", () => {
      const address = s.address()
      s.close(() => resume(Effect.succeed(typeof address === "object" && address !== null ? address.port : 0)))
    })
  })

/** A throwaway server of this test's own, removed with the scope. */
const server = Effect.gen(function* () {
  const port = yield* freePort()
  const data = yield* Effect.acquireRelease(
    Effect.sync(() => {
      const dir = mkdtempSync(join(tmpdir(), "liaison-pgfault-"))
      execFileSync("chown", ["postgres:postgres", dir])
      execFileSync("chmod", ["700", dir])
      asPostgres("initdb", ["-D", dir, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8"])
      return dir
    }),
    (dir) =>
      Effect.sync(() => {
        try {
          asPostgres("pg_ctl", ["-D", dir, "-m", "immediate", "-w", "stop"])
        } catch {}
        rmSync(dir, { recursive: true, force: true })
      })
  )
  const start = () =>
    asPostgres("pg_ctl", [
      "-D",
      data,
      "-l",
      join(data, "server.log"),
      "-w",
      "-t",
      "60",
      "-o",
      `-c listen_addresses=127.0.0.1 -p ${port} -k ${data} -c fsync=off`,
      "start"
    ])
  const stopImmediately = () => asPostgres("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"])
  start()
  return { url: `postgres://postgres@127.0.0.1:${port}/postgres`, start, stopImmediately }
})

const sleep = (ms: number) => Effect.promise(() => new Promise<void>((r) => setTimeout(r, ms)))

describe.skipIf(!available)(available ? "PostgreSQL faults" : SKIPPED, () => {
  it.scoped(
    "the server killed mid-transaction: unavailable, nothing partial stored, and the same pool recovers when it is back",
    () =>
      Effect.gen(function* () {
        yield* TestClock.setTime(ANNOUNCED)
        const pg = yield* server
        const tablePrefix = freshPrefix()
        const t = SqlStorage.tableNames({ tablePrefix })
        const context = yield* Layer.build(
          Engagements.layer(policies).pipe(
            Layer.provideMerge(PgStorage.layer({ url: pg.url, tablePrefix, maxConnections: 4 })),
            Layer.provide(Directory.layerMemory(people))
          )
        )
        const other = yield* Layer.build(PgStorage.layerClient({ url: pg.url, maxConnections: 2 }))
        const blocker = yield* Effect.provide(SqlClient.SqlClient, Layer.succeedContext(other))

        yield* Effect.gen(function* () {
          const engagements = yield* Engagements.Engagements
          const sql = yield* SqlClient.SqlClient
          const snapshot = Effect.all({
            engagements: sql`SELECT * FROM ${sql(t.engagements)} ORDER BY id`,
            tasks: sql`SELECT * FROM ${sql(t.tasks)} ORDER BY engagement_id, task_id`,
            ledger: sql`SELECT * FROM ${sql(t.ledger)} ORDER BY seq`,
            outbox: sql`SELECT * FROM ${sql(t.outbox)} ORDER BY seq`
          })
          const id = "pg-killed-1"
          yield* engagements.create(li, createVisit(id))
          yield* engagements.execute(li, id, { _tag: "Submit" })
          const { version } = (yield* engagements.execute(zhou, id, { _tag: "Decide", outcome: "approved" })).engagement
          const before = yield* snapshot

          // Another connection holds the ledger entry's id in an open transaction.
          const inserted = yield* Deferred.make<void>()
          const holder = yield* Effect.fork(
            blocker.withTransaction(
              Effect.zipRight(
                blocker`INSERT INTO ${blocker(t.ledger)} (id, engagement_id, at_ms, local_date, counterpart, owner_id, kind, json)
                  VALUES (${`${id}#${version + 1}`}, ${id}, 0, '2026-02-09', 'x', 'x', 'transition', '{}')`,
                Effect.zipRight(Deferred.succeed(inserted, undefined), Effect.never)
              )
            )
          )
          yield* Deferred.await(inserted)
          const planning = yield* Effect.fork(Effect.exit(engagements.execute(wang, id, { _tag: "Plan" })))
          // Until the plan's transaction waits on the held id (it has written the engagement and tasks).
          let waiting = 0
          for (let i = 0; i < 200 && waiting === 0; i++) {
            yield* sleep(50)
            const rows = yield* blocker<{ n: string }>`SELECT count(*) AS n FROM pg_stat_activity
              WHERE application_name = 'liaison' AND wait_event_type = 'Lock'`
            waiting = Number(rows[0]!.n)
          }
          expect(waiting, "the plan's transaction waits on the held ledger id").toBe(1)

          pg.stopImmediately()
          const exit = yield* Fiber.join(planning)
          if (Exit.isSuccess(exit)) throw new Error("the plan succeeded with the server killed")
          const failure = Cause.failureOption(exit.cause)
          if (failure._tag === "None") throw new Error(`not a failure: ${Cause.pretty(exit.cause)}`)
          expect(failure.value).toBeInstanceOf(StorageError.StorageError)
          expect(failure.value).toMatchObject({ operation: "commit", reason: "unavailable" })
          yield* Fiber.interrupt(holder)

          // While it is down: every command fails the same way, quickly.
          const down = yield* Effect.flip(engagements.get(wang, id))
          expect(down).toMatchObject({ _tag: "StorageError", reason: "unavailable" })
          expect(StorageError.isRetryable(down)).toBe(true)
          const downPlan = yield* Effect.flip(engagements.execute(wang, id, { _tag: "Plan" }))
          expect(downPlan).toMatchObject({ _tag: "StorageError", reason: "unavailable" })

          pg.start()
          // The same pool: a connection it held before the crash may fail once more, then it reconnects.
          const retry = { schedule: Schedule.recurs(3), while: StorageError.isRetryable }
          const after = yield* snapshot.pipe(Effect.retry({ times: 3 }))
          // Nothing partial: the engagement, its tasks, the ledger and the outbox are as before the plan.
          expect(after).toEqual(before)
          expect(after.ledger.some((r) => r.id === `${id}#${version + 1}`)).toBe(false)

          const planned = yield* engagements.execute(wang, id, { _tag: "Plan" }).pipe(Effect.retry(retry))
          expect(planned.engagement).toMatchObject({ status: "planned", version: version + 1 })
          const final = yield* snapshot
          expect(final.engagements[0]).toMatchObject({ version: version + 1, status: "planned" })
          expect(final.tasks.length).toBeGreaterThan(before.tasks.length)
          expect(final.ledger.slice(before.ledger.length).map((r) => r.id)).toEqual([`${id}#${version + 1}`])
          expect(final.outbox.length).toBeGreaterThan(before.outbox.length)
        }).pipe(Effect.provide(Layer.succeedContext(context)))
      }),
    120_000
  )
})

if (!available) console.warn(SKIPPED)
