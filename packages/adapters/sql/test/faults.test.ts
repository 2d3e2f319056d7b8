/**
 * Faults on SQLite (issue 8, item 4): the file locked by another process's write transaction, a
 * full disk (a real one on a tiny tmpfs when this runs as root, and SQLite's `max_page_count`
 * everywhere), a read-only database (the driver's read-only mode, `PRAGMA query_only`, and a
 * filesystem remounted read-only, which root cannot write either). Each time the command under
 * fault is `Plan`, which writes the engagement, its task rows, a ledger entry and outbox messages
 * in one commit: it fails with a typed `StorageError` whose `reason` names the fault, every table
 * is as it was, and the same layer succeeds once the fault is gone.
 */
import { type ChildProcess, execFileSync, spawn, spawnSync } from "node:child_process"
import {
  chmodSync,
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  writeSync
} from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import * as SqlClient from "@effect/sql/SqlClient"
import * as SqliteClient from "@effect/sql-sqlite-node/SqliteClient"
import { describe, expect, it } from "@effect/vitest"
import { Directory, Engagements, StorageError } from "@liaison/core"
import { SqliteStorage, SqlStorage } from "@liaison/sql"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as Schedule from "effect/Schedule"
import type * as Scope from "effect/Scope"
import * as TestClock from "effect/TestClock"
import { classify } from "../src/internal/faults.js"
import { ANNOUNCED, actor, createVisit, people, policies } from "./fixtures.js"

const li = actor("li.na")
const zhou = actor("zhou.qiang")
const wang = actor("wang.fang")
const t = SqlStorage.tableNames()
const repoRoot = fileURLToPath(new URL("../../../../", import.meta.url))
const isRoot = process.getuid?.() === 0
/** The built packages exist and are newer than the sources this suite is about (else: npm run build). */
const built = (
  [
    ["packages/core/dist/index.js", "packages/core/src/StorageError.ts"],
    ["packages/adapters/sql/dist/index.js", "packages/adapters/sql/src/internal/faults.ts"]
  ] as const
).every(
  ([dist, src]) =>
    existsSync(join(repoRoot, dist)) && statSync(join(repoRoot, dist)).mtimeMs >= statSync(join(repoRoot, src)).mtimeMs
)
if (isRoot && !built)
  console.warn("chmod 444 as nobody: skipped, the built packages are missing or older than src — npm run build")
/** `nobody` can reach the built packages (a clone inside a private directory, e.g. `mktemp -d`'s 0700, it cannot). */
const nobodyReads =
  isRoot &&
  built &&
  spawnSync("runuser", ["-u", "nobody", "--", "test", "-r", join(repoRoot, "packages/adapters/sql/dist/index.js")])
    .status === 0
if (isRoot && built && !nobodyReads)
  console.warn(
    `chmod 444 as nobody: skipped, the user nobody cannot read ${repoRoot} (a parent directory is private); clone into a world-readable directory to run it`
  )

/** A temporary directory for the scope. */
const tempDir = Effect.acquireRelease(
  Effect.sync(() => mkdtempSync(join(tmpdir(), "liaison-faults-"))),
  (dir) => Effect.sync(() => rmSync(dir, { recursive: true, force: true }))
)

/** The service over a SQLite file, in a scope. */
const serviceOn = <E>(storage: Layer.Layer<SqlStorage.Ports | SqlClient.SqlClient, E>) =>
  Layer.build(
    Engagements.layer(policies).pipe(Layer.provideMerge(storage), Layer.provide(Directory.layerMemory(people)))
  )

/** Every row of the engagement's tables, as the database holds them. */
const snapshot = Effect.gen(function* () {
  const sql = yield* SqlClient.SqlClient
  return {
    engagements: yield* sql`SELECT * FROM ${sql(t.engagements)} ORDER BY id`,
    tasks: yield* sql`SELECT * FROM ${sql(t.tasks)} ORDER BY engagement_id, task_id`,
    ledger: yield* sql`SELECT * FROM ${sql(t.ledger)} ORDER BY seq`,
    outbox: yield* sql`SELECT * FROM ${sql(t.outbox)} ORDER BY seq`
  }
})

/** An approved visit, ready to be planned (the command each fault interrupts). */
const approved = (service: Engagements.Engagements["Type"], id: string) =>
  Effect.gen(function* () {
    yield* service.create(li, createVisit(id))
    yield* service.execute(li, id, { _tag: "Submit" })
    const e = (yield* service.execute(zhou, id, { _tag: "Decide", outcome: "approved" })).engagement
    expect(e.status).toBe("approved")
    return e
  })

/** The command under fault: planning writes the engagement, tasks, a ledger entry and messages. */
const plan = (service: Engagements.Engagements["Type"], id: string) => service.execute(wang, id, { _tag: "Plan" })

/** The failure of an effect that must fail with a StorageError. */
const storageFailure = <A, E>(effect: Effect.Effect<A, E>) =>
  Effect.map(Effect.exit(effect), (exit) => {
    if (Exit.isSuccess(exit)) throw new Error("expected a StorageError, the command succeeded")
    const failure = exit.cause._tag === "Fail" ? exit.cause.error : undefined
    if (!(failure instanceof StorageError.StorageError)) {
      throw new Error(`expected a StorageError, got ${Cause.pretty(exit.cause)}`)
    }
    return failure
  })

/** After a successful plan: one version more, its task rows, its ledger entry and its messages. */
const expectPlanned = (
  before: Effect.Effect.Success<typeof snapshot>,
  after: Effect.Effect.Success<typeof snapshot>,
  id: string,
  version: number
) => {
  expect(after.engagements.find((r) => r.id === id)).toMatchObject({ version: version + 1, status: "planned" })
  expect(after.tasks.length).toBeGreaterThan(before.tasks.length)
  expect(after.ledger.slice(before.ledger.length).map((r) => r.id)).toEqual([`${id}#${version + 1}`])
  const messages = after.outbox.slice(before.outbox.length)
  expect(messages.length).toBeGreaterThan(0)
  for (const m of messages) expect(String(m.id).startsWith(`${id}#${version + 1}/task-assigned`)).toBe(true)
}

/**
 * Another process holding a write transaction on the file (`BEGIN IMMEDIATE` and a write), until
 * told to roll back; released with the scope in any case.
 */
const LOCKER = `
const Database = require("better-sqlite3")
const db = new Database(process.argv[1])
db.exec("BEGIN IMMEDIATE")
db.exec("CREATE TABLE lock_holder (x INTEGER)")
process.stdout.write("locked\\n")
process.stdin.once("data", () => { db.exec("ROLLBACK"); db.close(); process.stdout.write("released\\n"); process.exit(0) })
`
const holdLock = (file: string): Effect.Effect<ChildProcess, never, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.async<ChildProcess>((resume) => {
      const child = spawn(process.execPath, ["-e", LOCKER, file], {
        cwd: repoRoot,
        stdio: ["pipe", "pipe", "inherit"]
      })
      child.stdout.once("data", (chunk: Buffer) =>
        chunk.toString().startsWith("locked")
          ? resume(Effect.succeed(child))
          : resume(Effect.die(new Error(`locker: ${chunk.toString()}`)))
      )
      child.once("error", (e) => resume(Effect.die(e)))
    }),
    (child) => Effect.sync(() => child.exitCode === null && child.kill())
  )
const release = (child: ChildProcess) =>
  Effect.async<void>((resume) => {
    child.once("exit", () => resume(Effect.void))
    child.stdin?.end("release\n")
  })

describe("fault classification", () => {
  const coded = (code: string, message = "x") => Object.assign(new Error(message), { code })
  it.each([
    [coded("SQLITE_BUSY"), "busy"],
    [coded("SQLITE_BUSY_SNAPSHOT"), "busy"],
    [coded("SQLITE_LOCKED_SHAREDCACHE"), "busy"],
    [coded("SQLITE_FULL"), "full"],
    [coded("SQLITE_READONLY_DBMOVED"), "readOnly"],
    [coded("SQLITE_CANTOPEN"), "unavailable"],
    [coded("40001"), "busy"],
    [coded("40P01"), "busy"],
    [coded("55P03"), "busy"],
    [coded("53100"), "full"],
    [coded("57P01"), "unavailable"],
    [coded("08006"), "unavailable"],
    [coded("25006"), "readOnly"],
    [coded("ECONNREFUSED"), "unavailable"],
    [coded("ENOSPC"), "full"],
    [new Error("Connection terminated unexpectedly"), "unavailable"],
    // Looked for through the causes, as an SqlError wraps the driver's error.
    [{ message: "Failed to execute statement", cause: { cause: coded("SQLITE_FULL") } }, "full"],
    [coded("23505", "duplicate key"), undefined],
    [coded("SQLITE_CONSTRAINT_UNIQUE"), undefined],
    [new Error("syntax error"), undefined],
    [undefined, undefined]
  ] as const)("%o is %s", (error, fault) => {
    expect(classify(error)).toBe(fault)
  })
})

describe("SQLite faults", () => {
  it.scoped(
    "a file locked by another process: busy after the busy timeout, nothing written, and the retry succeeds once the lock is released",
    () =>
      Effect.gen(function* () {
        yield* TestClock.setTime(ANNOUNCED)
        const dir = yield* tempDir
        const file = join(dir, "liaison.db")
        const context = yield* serviceOn(SqliteStorage.layer({ filename: file, busyTimeout: "300 millis" }))
        const service = Layer.succeedContext(context)
        yield* Effect.gen(function* () {
          const engagements = yield* Engagements.Engagements
          const { version } = yield* approved(engagements, "locked-1")
          const before = yield* snapshot

          const locker = yield* holdLock(file)
          const started = Date.now()
          const error = yield* storageFailure(plan(engagements, "locked-1"))
          const waited = Date.now() - started
          expect(error).toMatchObject({ _tag: "StorageError", operation: "commit", reason: "busy" })
          expect(error.message).toMatch(/database is locked/)
          expect(StorageError.isRetryable(error)).toBe(true)
          // It waited for the lock (the busy timeout) before giving up.
          expect(waited).toBeGreaterThanOrEqual(250)
          // Reads go on while another process writes (WAL), and nothing of the plan is there.
          expect(yield* snapshot).toEqual(before)
          expect((yield* engagements.get(wang, "locked-1"))?.version).toBe(version)

          // A host app's retry: each attempt waits up to the busy timeout; the other process lets
          // go before the third attempt, which plans the engagement.
          let attempts = 0
          const retried = yield* Effect.suspend(() => {
            attempts++
            return attempts === 3
              ? Effect.zipRight(release(locker), plan(engagements, "locked-1"))
              : plan(engagements, "locked-1")
          }).pipe(Effect.retry({ schedule: Schedule.recurs(10), while: StorageError.isRetryable }))
          expect(retried.engagement).toMatchObject({ status: "planned", version: version + 1 })
          expect(attempts).toBe(3)
          expectPlanned(before, yield* snapshot, "locked-1", version)
        }).pipe(Effect.provide(service))
      }),
    30_000
  )

  it.scoped(
    "a full database (max_page_count): full, nothing written, and the plan succeeds once room is made",
    () =>
      Effect.gen(function* () {
        yield* TestClock.setTime(ANNOUNCED)
        const dir = yield* tempDir
        const context = yield* serviceOn(SqliteStorage.layer({ filename: join(dir, "liaison.db") }))
        yield* Effect.gen(function* () {
          const engagements = yield* Engagements.Engagements
          const sql = yield* SqlClient.SqlClient
          const ids = Array.from({ length: 40 }, (_, i) => `full-${i}`)
          const versions = yield* Effect.forEach(ids, (id) => Effect.map(approved(engagements, id), (e) => e.version))
          const [{ page_count }] = (yield* sql`PRAGMA page_count`) as unknown as [{ page_count: number }]
          // The database may not grow by a single page: plans go in while the pages have room.
          yield* sql.unsafe(`PRAGMA max_page_count = ${page_count}`)
          let failed: { id: string; version: number; error: StorageError.StorageError } | undefined
          for (const [i, id] of ids.entries()) {
            const before = yield* snapshot
            const exit = yield* Effect.exit(plan(engagements, id))
            if (Exit.isFailure(exit)) {
              failed = { id, version: versions[i]!, error: yield* storageFailure(exit) }
              expect(yield* snapshot).toEqual(before)
              break
            }
          }
          expect(failed, "the plans filled the database").toBeDefined()
          expect(failed!.error).toMatchObject({ operation: "commit", reason: "full" })
          expect(failed!.error.message).toMatch(/database or disk is full/)
          expect(StorageError.isRetryable(failed!.error)).toBe(false)
          yield* sql.unsafe("PRAGMA max_page_count = 1073741823")
          const before = yield* snapshot
          yield* plan(engagements, failed!.id)
          expectPlanned(before, yield* snapshot, failed!.id, failed!.version)
        }).pipe(Effect.provide(Layer.succeedContext(context)))
      }),
    60_000
  )

  it.scoped.skipIf(!isRoot)(
    "a full disk (a 1 MB tmpfs, filled): full, nothing written, and the plan succeeds once space is freed",
    () =>
      Effect.gen(function* () {
        yield* TestClock.setTime(ANNOUNCED)
        const dir = yield* tempDir
        const mounted = yield* Effect.acquireRelease(
          Effect.sync(() => {
            try {
              execFileSync("mount", ["-t", "tmpfs", "-o", "size=1m", "tmpfs", dir], { stdio: "pipe" })
              return true
            } catch {
              return false
            }
          }),
          (ok) => Effect.sync(() => ok && execFileSync("umount", ["-l", dir]))
        )
        if (!mounted) {
          console.warn("a full disk: skipped, mount -t tmpfs failed (needs CAP_SYS_ADMIN)")
          return
        }
        const file = join(dir, "liaison.db")
        yield* Effect.scoped(
          Effect.gen(function* () {
            const context = yield* serviceOn(SqliteStorage.layer({ filename: file }))
            yield* Effect.gen(function* () {
              const engagements = yield* Engagements.Engagements
              const { version } = yield* approved(engagements, "disk-1")
              const before = yield* snapshot
              // Fill the disk to the last byte.
              const filler = join(dir, "filler")
              const fd = openSync(filler, "w")
              const block = Buffer.alloc(4096, 1)
              try {
                for (;;) writeSync(fd, block)
              } catch (e) {
                expect((e as NodeJS.ErrnoException).code).toBe("ENOSPC")
              }
              try {
                for (;;) writeSync(fd, block, 0, 1)
              } catch {}
              closeSync(fd)

              const error = yield* storageFailure(plan(engagements, "disk-1"))
              expect(error).toMatchObject({ operation: "commit", reason: "full" })
              expect(error.message).toMatch(/database or disk is full/)
              expect(yield* snapshot).toEqual(before)
              rmSync(filler)
              yield* plan(engagements, "disk-1")
              expectPlanned(before, yield* snapshot, "disk-1", version)
            }).pipe(Effect.provide(Layer.succeedContext(context)))
          })
        )
      }),
    30_000
  )

  it.scoped("PRAGMA query_only: readOnly at the first write, reads go on, writes resume when lifted", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(ANNOUNCED)
      const dir = yield* tempDir
      const context = yield* serviceOn(SqliteStorage.layer({ filename: join(dir, "liaison.db") }))
      yield* Effect.gen(function* () {
        const engagements = yield* Engagements.Engagements
        const sql = yield* SqlClient.SqlClient
        const { version } = yield* approved(engagements, "ro-1")
        const before = yield* snapshot
        yield* sql.unsafe("PRAGMA query_only = 1")
        const error = yield* storageFailure(plan(engagements, "ro-1"))
        expect(error).toMatchObject({ operation: "commit", reason: "readOnly" })
        expect(error.message).toMatch(/readonly database/)
        expect((yield* engagements.get(wang, "ro-1"))?.version).toBe(version)
        expect(yield* snapshot).toEqual(before)
        yield* sql.unsafe("PRAGMA query_only = 0")
        yield* plan(engagements, "ro-1")
        expectPlanned(before, yield* snapshot, "ro-1", version)
      }).pipe(Effect.provide(Layer.succeedContext(context)))
    })
  )

  it.scoped("a file opened read-only by the driver: reads work, the first write is readOnly", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(ANNOUNCED)
      const dir = yield* tempDir
      const file = join(dir, "liaison.db")
      yield* Effect.scoped(
        Effect.flatMap(serviceOn(SqliteStorage.layer({ filename: file })), (context) =>
          Effect.provide(
            Effect.flatMap(Engagements.Engagements, (s) => approved(s, "ro-2")),
            Layer.succeedContext(context)
          )
        )
      )
      const readOnly = SqlStorage.layer().pipe(
        Layer.provideMerge(SqliteClient.layer({ filename: file, readonly: true }))
      )
      const context = yield* serviceOn(readOnly)
      yield* Effect.gen(function* () {
        const engagements = yield* Engagements.Engagements
        const before = yield* snapshot
        expect((yield* engagements.get(wang, "ro-2"))?.status).toBe("approved")
        const error = yield* storageFailure(plan(engagements, "ro-2"))
        expect(error).toMatchObject({ operation: "commit", reason: "readOnly" })
        expect(yield* snapshot).toEqual(before)
      }).pipe(Effect.provide(Layer.succeedContext(context)))
    })
  )

  it.scoped.skipIf(!isRoot)(
    "a filesystem remounted read-only (root cannot write it either): a typed StorageError at open or at the first write",
    () =>
      Effect.gen(function* () {
        yield* TestClock.setTime(ANNOUNCED)
        const dir = yield* tempDir
        const mounted = yield* Effect.acquireRelease(
          Effect.sync(() => {
            try {
              execFileSync("mount", ["-t", "tmpfs", "-o", "size=4m", "tmpfs", dir], { stdio: "pipe" })
              return true
            } catch {
              return false
            }
          }),
          (ok) => Effect.sync(() => ok && execFileSync("umount", ["-l", dir]))
        )
        if (!mounted) {
          console.warn("a read-only filesystem: skipped, mount -t tmpfs failed (needs CAP_SYS_ADMIN)")
          return
        }
        const file = join(dir, "liaison.db")
        yield* Effect.scoped(
          Effect.flatMap(serviceOn(SqliteStorage.layer({ filename: file })), (context) =>
            Effect.provide(
              Effect.flatMap(Engagements.Engagements, (s) => approved(s, "rofs-1")),
              Layer.succeedContext(context)
            )
          )
        )
        execFileSync("mount", ["-o", "remount,ro", dir])
        const opened = yield* Effect.exit(serviceOn(SqliteStorage.layer({ filename: file })))
        if (Exit.isFailure(opened)) {
          // Refused at open: a typed failure of the layer, not a crash.
          const failure = opened.cause._tag === "Fail" ? opened.cause.error : undefined
          expect(failure).toBeInstanceOf(StorageError.StorageError)
          expect(failure).toMatchObject({ operation: "open", reason: "readOnly" })
          return
        }
        yield* Effect.gen(function* () {
          const engagements = yield* Engagements.Engagements
          expect((yield* engagements.get(wang, "rofs-1"))?.status).toBe("approved")
          const error = yield* storageFailure(plan(engagements, "rofs-1"))
          expect(error).toMatchObject({ operation: "commit", reason: "readOnly" })
        }).pipe(Effect.provide(Layer.succeedContext(opened.value)))
      }),
    30_000
  )
  /**
   * `chmod 444` as an ordinary user: root writes through file permissions, so the program runs as
   * `nobody` (through `runuser`), from the built packages, against a file and directory it may
   * only read.
   */
  const AS_NOBODY = `
const root = process.argv[1]
const { SqliteStorage } = await import(root + "/packages/adapters/sql/dist/index.js")
const { Ledger, LedgerRepo } = await import(root + "/packages/core/dist/index.js")
const Effect = await import(root + "/node_modules/effect/dist/esm/Effect.js")
const DateTime = await import(root + "/node_modules/effect/dist/esm/DateTime.js")
const entry = Ledger.contact({
  id: "contact-1", at: DateTime.unsafeMakeZoned(Date.now(), { timeZone: "Asia/Shanghai" }),
  actor: { personId: "x", name: "x" }, counterpart: "x", situation: "s", result: "r", ownerId: "x"
})
const program = Effect.gen(function* () {
  const ledger = yield* LedgerRepo.LedgerRepo
  const read = yield* ledger.query({})
  yield* ledger.append([entry])
  return read.length
}).pipe(Effect.provide(SqliteStorage.layer({ filename: process.argv[2] })))
const exit = await Effect.runPromiseExit(program)
const failure = exit._tag === "Failure" && exit.cause._tag === "Fail" ? exit.cause.error : undefined
console.log(JSON.stringify(exit._tag === "Success" ? { ok: true } : failure ? { tag: failure._tag, operation: failure.operation, reason: failure.reason, message: failure.message } : { defect: String(exit.cause) }))
`
  it.scoped.skipIf(!nobodyReads)(
    "chmod 444 as an ordinary user (nobody, from the built packages): a typed readOnly StorageError, the file unchanged",
    () =>
      Effect.gen(function* () {
        const dir = yield* tempDir
        const file = join(dir, "liaison.db")
        // Created and migrated by root, then closed (the WAL merged into the file).
        yield* Effect.scoped(Layer.build(SqliteStorage.layer({ filename: file })))
        for (const suffix of ["-wal", "-shm"]) rmSync(`${file}${suffix}`, { force: true })
        const before = readFileSync(file)
        chmodSync(file, 0o444)
        chmodSync(dir, 0o555)
        yield* Effect.addFinalizer(() => Effect.sync(() => chmodSync(dir, 0o755)))
        const run = spawnSync(
          "runuser",
          ["-u", "nobody", "--", process.execPath, "--input-type=module", "-e", AS_NOBODY, repoRoot, file],
          { cwd: dir, encoding: "utf8", timeout: 60_000 }
        )
        expect(run.stderr).toBe("")
        const answer = JSON.parse(run.stdout.trim().split("\n").pop()!)
        expect(answer).toMatchObject({ tag: "StorageError", reason: "readOnly" })
        expect(["open", "migrate", "append"]).toContain(answer.operation)
        expect(readFileSync(file).equals(before)).toBe(true)
      }),
    90_000
  )
})
