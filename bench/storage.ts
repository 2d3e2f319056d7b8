/**
 * Storage benchmark (issue 5, items 7 and 12), outside the nanosecond harness of `bench/run.ts`:
 *
 * 1. **Inserts**: 100,000 planned tasks (5,000 engagements of 20 tasks each) committed through the
 *    adapter (one `commit` each, in one host transaction), against raw better-sqlite3 prepared
 *    inserts of the same rows (the engagement's row with its JSON, one row per task) into the same
 *    tables and indexes in one transaction; and the same engagements in one `importMany` call.
 * 2. **Due scan**: with 1,000,000 tasks stored (50,000 engagements of 20 tasks, events spread over
 *    ten years, the past ones closed), the open tasks due before now + 2 days — the due-soon and
 *    overdue scan, `EngagementRepo.openTasksDue` — through the partial index of open tasks, then
 *    their engagements read with `get` and decoded (as `Reminders.tick` reads them), each timed as
 *    the median of 50 runs.
 *
 *   npm run bench:storage                      # SQLite, in a temporary directory
 *   npm run bench:storage -- --pg              # also PostgreSQL at LIAISON_PG_URL (or: scripts/test-pg.sh --run …)
 *   npm run bench:storage -- --tasks 200000    # the scan at another size (--insert for the inserts)
 *   bash scripts/test-pg.sh --run npx tsx bench/storage.ts --pg --only-pg
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs"
import { createRequire } from "node:module"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath, pathToFileURL } from "node:url"
import * as SqlClient from "@effect/sql/SqlClient"
import type * as CoreSrc from "@liaison/core"
import type { Engagement } from "@liaison/core"
import type * as SqlSrc from "@liaison/sql"
import type { SqlStorage } from "@liaison/sql"
import * as DateTime from "effect/DateTime"
import * as Effect from "effect/Effect"
import type * as Layer from "effect/Layer"

// The built packages, as a host app runs them (through tsx the source runs 2-4× slower: see the
// planning suite), typed as the source they are built from.
const distOf = (path: string) => {
  const file = fileURLToPath(new URL(path, import.meta.url))
  if (!existsSync(file))
    throw new Error(`bench/storage.ts times the built packages: run \`npm run build\` first (${file})`)
  return pathToFileURL(file).href
}
const Core = (await import(distOf("../packages/core/dist/index.js"))) as typeof CoreSrc
const {
  PgStorage,
  SqliteStorage,
  SqlStorage: Storage
} = (await import(distOf("../packages/adapters/sql/dist/index.js"))) as typeof SqlSrc

/** What this script uses of better-sqlite3 (a dependency of @effect/sql-sqlite-node, without its own types here). */
interface RawDatabase {
  pragma(source: string): unknown
  exec(source: string): void
  prepare(source: string): {
    run(...params: ReadonlyArray<unknown>): unknown
    all(...params: ReadonlyArray<unknown>): ReadonlyArray<unknown>
  }
  transaction(f: () => void): () => void
  close(): void
}
const Sqlite = createRequire(import.meta.url)("better-sqlite3") as new (file: string) => RawDatabase

const args = process.argv.slice(2)
const option = (name: string, fallback: number) => {
  const i = args.indexOf(name)
  return i >= 0 ? Number(args[i + 1]) : fallback
}
const INSERT_TASKS = option("--insert", 100_000)
const SCAN_TASKS = option("--tasks", 1_000_000)
const TASKS_PER_ENGAGEMENT = 20
const DAY = 86_400_000
const NOW = Date.parse("2026-03-02T09:00:00+08:00")
const START = Date.parse("2021-03-01T00:00:00+08:00")
const SPAN = 10 * 365 * DAY

const zone = DateTime.zoneUnsafeMakeNamed("Asia/Shanghai")
const zoned = (millis: number) => DateTime.unsafeMakeZoned(millis, { timeZone: zone })
const iso = (millis: number) => DateTime.formatIsoOffset(zoned(millis))

/** Engagement `n` of `count`: its event spread evenly over ten years, 20 tasks in the 30 days before it. */
const engagement = (n: number, count: number): Engagement.Engagement => {
  const event = START + Math.floor((n / count) * SPAN)
  const past = event < NOW
  const created = zoned(event - 40 * DAY)
  return {
    id: `bench-${n}` as Engagement.EngagementId,
    version: 0,
    status: past ? "closed" : "planned",
    title: `Visit ${n} 来访`,
    procedureId: "client-reception-standard",
    counterpart: "华东家具集团",
    confidential: false,
    emergency: false,
    requesterId: "li.na",
    ownerId: `owner-${n % 50}`,
    eventStart: iso(event).slice(0, 10),
    decisions: [],
    tasks: Array.from({ length: TASKS_PER_ENGAGEMENT }, (_, k) => {
      const due = event - (30 - Math.floor((k * 30) / TASKS_PER_ENGAGEMENT)) * DAY + 9 * 3_600_000
      // One past task in a thousand was never done: the overdue ones.
      const done = past && (n * TASKS_PER_ENGAGEMENT + k) % 1000 !== 0
      return {
        id: `bench-${n}/step-${k}`,
        stepId: `step-${k}`,
        ownerRole: "admin-department",
        due: iso(due),
        dueDate: iso(due).slice(0, 10),
        ...(done ? { done: { by: "wang.fang", at: zoned(due - 3_600_000) } } : {})
      }
    }),
    createdAt: created,
    updatedAt: created
  }
}

const median = (xs: ReadonlyArray<number>) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

const ms = (x: number) => `${x < 10 ? x.toFixed(2) : x.toFixed(0)} ms`

/** Commits engagements through the adapter, `perTransaction` to a transaction. */
const commitAll = (list: ReadonlyArray<Engagement.Engagement>, perTransaction: number) =>
  Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    const repo = yield* Core.EngagementRepo.EngagementRepo
    for (let i = 0; i < list.length; i += perTransaction) {
      yield* sql.withTransaction(
        Effect.forEach(
          list.slice(i, i + perTransaction),
          (e) => repo.commit({ engagement: e, expectedVersion: undefined, ledger: [], outbox: [] }),
          { discard: true }
        )
      )
    }
  })

/**
 * The due scan through the port, `EngagementRepo.openTasksDue`: the open tasks due before now + 2
 * days, then the engagements they belong to, read (`get`) and decoded, as `Reminders.tick` reads them.
 */
const scan = (t: SqlStorage.Tables) =>
  Effect.gen(function* () {
    const sql = (yield* SqlClient.SqlClient).withoutTransforms()
    const repo = yield* Core.EngagementRepo.EngagementRepo
    const before = NOW + 2 * DAY
    const taskTimes: Array<number> = []
    const engagementTimes: Array<number> = []
    let found = 0
    let foundEngagements = 0
    for (let i = 0; i < 50; i++) {
      const a = performance.now()
      const due = yield* repo.openTasksDue({ before })
      const b = performance.now()
      const ids = [...new Set(due.map((x) => x.engagementId))]
      const engagements = yield* Effect.forEach(ids, (id) => repo.get(id))
      const c = performance.now()
      found = due.length
      foundEngagements = engagements.filter((e) => e !== undefined).length
      taskTimes.push(b - a)
      engagementTimes.push(c - b)
    }
    // The statement openTasksDue runs (src/internal/engagements.ts), explained by the database.
    const statement = (explain: string) =>
      sql.unsafe<Record<string, string>>(
        `${explain} SELECT engagement_id, version, task_id, due_ms FROM ${t.tasks}
        WHERE open = 1 AND due_ms < ${before} ORDER BY due_ms, engagement_id, task_id`
      )
    const plan = yield* sql.onDialectOrElse({
      sqlite: () => Effect.map(statement("EXPLAIN QUERY PLAN"), (rows) => rows.map((r) => r.detail!)),
      orElse: () => Effect.map(statement("EXPLAIN"), (rows) => rows.map((r) => r["QUERY PLAN"]!))
    })
    return { found, foundEngagements, tasks: median(taskTimes), engagements: median(engagementTimes), plan }
  })

/**
 * Inserts through the adapter into a fresh store: the time of the commits alone. `commit`: one
 * `EngagementRepo.commit` per engagement, all in one host transaction (what the goal measures);
 * `importMany`: the same engagements in one `EngagementRepo.importMany` call (the bulk import).
 */
const insertThroughAdapter = (
  storage: Layer.Layer<SqlStorage.Ports | SqlClient.SqlClient, unknown>,
  path: "commit" | "importMany" = "commit"
) => {
  const list = Array.from({ length: INSERT_TASKS / TASKS_PER_ENGAGEMENT }, (_, n) =>
    engagement(n, INSERT_TASKS / TASKS_PER_ENGAGEMENT)
  )
  return Effect.runPromise(
    Effect.gen(function* () {
      const repo = yield* Core.EngagementRepo.EngagementRepo
      const start = performance.now()
      if (path === "commit") yield* commitAll(list, list.length)
      else yield* repo.importMany(list.map((engagement) => ({ engagement, ledger: [], outbox: [] })))
      return performance.now() - start
    }).pipe(Effect.provide(storage))
  )
}

/** Fills a fresh store with the scan's tasks through the adapter, then times the due scan. */
const scanThroughAdapter = async (
  name: string,
  storage: Layer.Layer<SqlStorage.Ports | SqlClient.SqlClient, unknown>,
  t: SqlStorage.Tables,
  sqliteFile?: string
) => {
  const list = Array.from({ length: SCAN_TASKS / TASKS_PER_ENGAGEMENT }, (_, n) =>
    engagement(n, SCAN_TASKS / TASKS_PER_ENGAGEMENT)
  )
  const result = await Effect.runPromise(
    Effect.gen(function* () {
      const start = performance.now()
      yield* commitAll(list, 2_000)
      const filled = performance.now() - start
      return { filled, ...(yield* scan(t)) }
    }).pipe(Effect.provide(storage))
  )
  console.log(
    `${name}: filled ${SCAN_TASKS} tasks (${list.length} engagements, 2,000 a transaction) in ${ms(result.filled)}`
  )
  console.log(
    `${name}: due scan, open tasks due before now + 2 days: ${result.found} tasks in ${ms(result.tasks)} (median of 50)`
  )
  console.log(
    `${name}:   … and their ${result.foundEngagements} engagements, read (get) and decoded: ${ms(result.engagements)}`
  )
  console.log(`${name}:   plan: ${result.plan.join(" / ")}`)
  if (sqliteFile !== undefined) {
    // What a host would otherwise write: the same statement, prepared once, straight through better-sqlite3.
    const db = new Sqlite(sqliteFile)
    const statement = db.prepare(`SELECT engagement_id, version, task_id, due_ms FROM ${t.tasks}
      WHERE open = 1 AND due_ms < ? ORDER BY due_ms, engagement_id, task_id`)
    const times: Array<number> = []
    let rows = 0
    for (let i = 0; i < 50; i++) {
      const a = performance.now()
      rows = statement.all(NOW + 2 * DAY).length
      times.push(performance.now() - a)
    }
    db.close()
    console.log(
      `${name}:   the same statement straight through better-sqlite3: ${rows} rows in ${ms(median(times))} (median of 50)`
    )
  }
}

/** The same rows as the adapter writes, by better-sqlite3 prepared statements in one transaction. */
const raw = async (file: string) => {
  // The adapter's own tables and indexes, made by its migrations, so that both sides write the same.
  await Effect.runPromise(Effect.provide(Effect.void, SqliteStorage.layer({ filename: file })))
  const db = new Sqlite(file)
  db.pragma("journal_mode = WAL")
  const insertEngagement = db.prepare(
    "INSERT INTO liaison_engagements (id, version, status, owner_id, tier, event_start, event_date, json) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
  )
  const insertTask = db.prepare(
    "INSERT INTO liaison_tasks (engagement_id, task_id, step_id, owner_role, due_ms, due_date, status, open) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
  )
  const list = Array.from({ length: INSERT_TASKS / TASKS_PER_ENGAGEMENT }, (_, n) =>
    engagement(n, INSERT_TASKS / TASKS_PER_ENGAGEMENT)
  )
  const start = performance.now()
  db.transaction(() => {
    for (const e of list) {
      insertEngagement.run(
        e.id,
        e.version,
        e.status,
        e.ownerId,
        e.tier ?? null,
        e.eventStart,
        e.eventStart.slice(0, 10),
        JSON.stringify(e)
      )
      for (const task of e.tasks) {
        const due = task.due === undefined ? null : Date.parse(task.due)
        insertTask.run(
          e.id,
          task.id,
          task.stepId,
          task.ownerRole,
          due,
          task.dueDate ?? null,
          e.status,
          task.done ? 0 : 1
        )
      }
    }
  })()
  const elapsed = performance.now() - start
  db.close()
  return elapsed
}

const main = async () => {
  const dir = mkdtempSync(join(tmpdir(), "liaison-bench-"))
  let n = 0
  const sqlite = () => SqliteStorage.layer({ filename: join(dir, `liaison-${n++}.db`) })
  const url = process.env.LIAISON_PG_URL
  const pgPrefix = () => `bench${n++}_`
  const pg =
    args.includes("--pg") && url !== undefined
      ? (tablePrefix = pgPrefix()) => PgStorage.layer({ url, tablePrefix })
      : undefined
  const onlyPg = args.includes("--only-pg")
  try {
    console.log(`# Storage benchmark (node ${process.version}, ${INSERT_TASKS} tasks inserted, ${SCAN_TASKS} scanned)`)
    if (!onlyPg) {
      // Three rounds, the two sides alternating on fresh files, after a warm-up of each: the medians.
      await insertThroughAdapter(sqlite())
      await insertThroughAdapter(sqlite(), "importMany")
      await raw(join(dir, "raw-warm.db"))
      const adapter: Array<number> = []
      const bulk: Array<number> = []
      const direct: Array<number> = []
      for (let round = 0; round < 3; round++) {
        adapter.push(await insertThroughAdapter(sqlite()))
        bulk.push(await insertThroughAdapter(sqlite(), "importMany"))
        direct.push(await raw(join(dir, `raw-${round}.db`)))
      }
      console.log(
        `SQLite: ${INSERT_TASKS} tasks through the adapter, one transaction: ${ms(median(adapter))} (rounds ${adapter.map(ms).join(", ")})`
      )
      console.log(
        `SQLite: the same rows, raw better-sqlite3 prepared inserts, one transaction: ${ms(median(direct))} (rounds ${direct.map(ms).join(", ")})`
      )
      console.log(
        `SQLite: the same engagements in one importMany call: ${ms(median(bulk))} (rounds ${bulk.map(ms).join(", ")})`
      )
      console.log(`SQLite: adapter / raw = ${(median(adapter) / median(direct)).toFixed(2)}×`)
      console.log(`SQLite: importMany / raw = ${(median(bulk) / median(direct)).toFixed(2)}×`)
    }
    if (pg !== undefined) {
      await insertThroughAdapter(pg())
      await insertThroughAdapter(pg(), "importMany")
      const rounds: Array<number> = []
      const bulk: Array<number> = []
      for (let round = 0; round < 3; round++) {
        rounds.push(await insertThroughAdapter(pg()))
        bulk.push(await insertThroughAdapter(pg(), "importMany"))
      }
      console.log(
        `PostgreSQL: ${INSERT_TASKS} tasks through the adapter, one transaction: ${ms(median(rounds))} (rounds ${rounds.map(ms).join(", ")})`
      )
      console.log(
        `PostgreSQL: the same engagements in one importMany call: ${ms(median(bulk))} (rounds ${bulk.map(ms).join(", ")})`
      )
    } else if (args.includes("--pg")) console.log("PostgreSQL: skipped, LIAISON_PG_URL is not set")
    if (!onlyPg) {
      const file = join(dir, "scan.db")
      await scanThroughAdapter("SQLite", SqliteStorage.layer({ filename: file }), Storage.tableNames(), file)
    }
    if (pg !== undefined) {
      const tablePrefix = pgPrefix()
      await scanThroughAdapter("PostgreSQL", pg(tablePrefix), Storage.tableNames({ tablePrefix }))
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

await main()
