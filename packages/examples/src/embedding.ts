/**
 * Embedding liaison into an existing app: a small CRM on PostgreSQL that already has its users and
 * its in-app notifications, and adds client receptions (客户接待) to them.
 *
 * What the app provides, and what liaison brings:
 *
 * - **Its people**: a `Directory` layer over the CRM's own `crm_users` table (liaison keeps no staff
 *   list: it asks the app who holds a role and who someone is).
 * - **Its channel**: a `Notifier` layer that files liaison's notifications in the CRM's own
 *   `crm_notifications` table, the inbox its web pages already show.
 * - **Its database**: liaison's tables live in the same database, beside the CRM's, under a table
 *   prefix of their own (`crm_liaison_`); liaison creates and migrates only those, and never reads
 *   or writes the CRM's tables except through the two layers above.
 *
 * One client visit goes from the application to closed, the reminder scheduler runs, and the
 * dispatcher delivers through the CRM's inbox. At the end the example shows that the CRM's own tables
 * are as they were, and what liaison added.
 *
 * Run it against a database where it may create a schema (it works in a schema of its own,
 * `crm_example`, or `$LIAISON_EXAMPLE_SCHEMA`, dropped and created again on each run):
 *
 *   LIAISON_PG_URL=postgres://user:password@localhost:5432/dev npm run example:embedding --workspace @liaison/examples
 *
 * or, as root, with a throwaway PostgreSQL server that the repository's script starts and removes:
 *
 *   bash scripts/test-pg.sh --run npm run example:embedding --workspace @liaison/examples
 */
import { SqlClient } from "@effect/sql/SqlClient"
import {
  ApprovalRouting,
  BudgetPolicy,
  Directory,
  Dispatcher,
  Engagement,
  Engagements,
  Money,
  Notifier,
  OfficialCalendars,
  ProcedureCatalog,
  Reminders
} from "@liaison/core"
import { PgStorage, SqlStorage } from "@liaison/sql"
import { Console, Effect, Layer, TestClock, TestContext } from "effect"

const url = process.env.LIAISON_PG_URL
if (url === undefined || url === "") {
  console.error(`This example needs PostgreSQL, and LIAISON_PG_URL is not set.

Point it at a database where it may create a schema:
  LIAISON_PG_URL=postgres://user:password@localhost:5432/dev npm run example:embedding --workspace @liaison/examples

or, as root, let the repository start a throwaway server and remove it afterwards:
  bash scripts/test-pg.sh --run npm run example:embedding --workspace @liaison/examples`)
  process.exit(2)
}

// The example keeps to a schema of its own, so that it can run against any database, again and
// again: every connection of the pool starts with that schema first on its search_path.
const schema = process.env.LIAISON_EXAMPLE_SCHEMA ?? "crm_example"
if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
  console.error(`LIAISON_EXAMPLE_SCHEMA must be a lower-case SQL name, not ${JSON.stringify(schema)}`)
  process.exit(2)
}
const appUrl = new URL(url)
appUrl.searchParams.set("options", `-c search_path=${schema}`)

// ---------------------------------------------------------------------------------------------
// 1. The existing app: its connection pool and its tables
// ---------------------------------------------------------------------------------------------

// The CRM's connection pool. An app on @effect/sql-pg has `PgClient.layer({ url })` already;
// `PgStorage.layerClient` is that same client.
const appDatabase = PgStorage.layerClient({ url: appUrl.toString(), maxConnections: 4 })

/** The CRM's schema and data, as they were before liaison came (its own migrations made them). */
const existingApp = Effect.gen(function* () {
  const sql = yield* SqlClient
  yield* sql.unsafe(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
  yield* sql.unsafe(`CREATE SCHEMA ${schema}`)
  yield* sql`CREATE TABLE crm_users (
    login text PRIMARY KEY,
    display_name text NOT NULL,
    job text NOT NULL,
    department text NOT NULL,
    manager_login text REFERENCES crm_users (login),
    email text,
    locale text NOT NULL DEFAULT 'zh-CN',
    active boolean NOT NULL DEFAULT true
  )`
  yield* sql`CREATE TABLE crm_customers (id serial PRIMARY KEY, name text NOT NULL, tier text NOT NULL)`
  yield* sql`CREATE TABLE crm_notifications (
    id bigserial PRIMARY KEY,
    user_login text NOT NULL REFERENCES crm_users (login),
    source text NOT NULL,
    subject text NOT NULL,
    body text NOT NULL,
    dedupe_key text NOT NULL,
    read boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (user_login, dedupe_key)
  )`
  yield* sql`INSERT INTO crm_users (login, display_name, job, department, manager_login, email, locale, active) VALUES
    ('chen.gang', 'Chen Gang 陈刚', 'general manager', 'Management', NULL, 'chen.gang@example.com', 'zh-CN', true),
    ('zhou.qiang', 'Zhou Qiang 周强', 'sales director', 'Sales', 'chen.gang', 'zhou.qiang@example.com', 'zh-CN', true),
    ('li.na', 'Li Na 李娜', 'account manager', 'Sales', 'zhou.qiang', 'li.na@example.com', 'en', true),
    ('wang.fang', 'Wang Fang 王芳', 'office manager', 'Admin', 'chen.gang', 'wang.fang@example.com', 'zh-CN', true),
    ('sun.li', 'Sun Li 孙丽', 'accountant', 'Finance', 'chen.gang', 'sun.li@example.com', 'zh-CN', true),
    ('gao.jie', 'Gao Jie 高洁', 'office manager', 'Admin', 'chen.gang', NULL, 'zh-CN', false)`
  yield* sql`INSERT INTO crm_customers (name, tier) VALUES
    ('Hangzhou Lakeside Furniture Co. 杭州湖畔家具有限公司', 'B'),
    ('Ningbo Harbour Hotels 宁波港湾酒店', 'C')`
})

/** A fingerprint of each of the CRM's tables (row count and a hash of every row) and the tables in its schema. */
const fingerprint = Effect.gen(function* () {
  const sql = yield* SqlClient
  const tables = yield* sql<{ table_name: string }>`
    SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY table_name`
  const hashes: Record<string, string> = {}
  for (const table of ["crm_users", "crm_customers"]) {
    const [row] = yield* sql<{ rows: string; hash: string | null }>`
      SELECT count(*) AS rows, md5(string_agg(t::text, '|' ORDER BY t::text)) AS hash FROM ${sql(table)} t`
    hashes[table] = `${row!.rows} rows, md5 ${row!.hash}`
  }
  return { tables: tables.map((t) => t.table_name), hashes }
})

// ---------------------------------------------------------------------------------------------
// 2. The app's Directory: liaison asks the CRM's user table who holds a role
// ---------------------------------------------------------------------------------------------

// The CRM has jobs, liaison's procedures name roles: the app maps one onto the other.
const rolesOfJob: Readonly<Record<string, ReadonlyArray<string>>> = {
  "general manager": ["general-manager"],
  "sales director": ["department-head"],
  "account manager": ["requester"],
  "office manager": ["admin-department", "admin-clerk"],
  accountant: ["finance"]
}
const jobsWithRole = (role: string) => Object.keys(rolesOfJob).filter((job) => rolesOfJob[job]!.includes(role))

interface UserRow {
  readonly login: string
  readonly display_name: string
  readonly job: string
  readonly department: string
  readonly manager_login: string | null
  readonly email: string | null
}

const toPerson = (row: UserRow): Directory.Person => ({
  id: row.login,
  name: row.display_name,
  roles: rolesOfJob[row.job] ?? [],
  department: row.department,
  ...(row.manager_login !== null ? { supervisorId: row.manager_login } : {}),
  ...(row.email !== null ? { email: row.email } : {})
})

const appDirectory = Layer.effect(
  Directory.Directory,
  Effect.gen(function* () {
    const sql = yield* SqlClient
    // A database failure is the directory being unavailable: the dispatcher retries later.
    const unavailable = (e: { readonly message: string }) =>
      new Directory.DirectoryUnavailable({ message: `crm_users: ${e.message}` })
    return Directory.Directory.of({
      holdersOf: (role) => {
        const jobs = jobsWithRole(role)
        if (jobs.length === 0) return Effect.succeed([])
        return sql<UserRow>`
          SELECT login, display_name, job, department, manager_login, email FROM crm_users
          WHERE active AND job IN ${sql.in(jobs)} ORDER BY login`.pipe(
          Effect.map((rows) => rows.map(toPerson)),
          Effect.mapError(unavailable)
        )
      },
      find: (personId) =>
        sql<UserRow>`
          SELECT login, display_name, job, department, manager_login, email FROM crm_users
          WHERE login = ${personId}`.pipe(
          Effect.map((rows) => (rows[0] === undefined ? undefined : toPerson(rows[0]))),
          Effect.mapError(unavailable)
        )
    })
  })
)

// ---------------------------------------------------------------------------------------------
// 3. The app's Notifier: liaison's notifications land in the CRM's inbox table
// ---------------------------------------------------------------------------------------------

const appNotifier = Layer.effect(
  Notifier.Notifier,
  Effect.gen(function* () {
    const sql = yield* SqlClient
    return Notifier.Notifier.of({
      send: (notification) =>
        Effect.forEach(
          notification.recipients.filter((r) => r.kind === "staff"),
          (recipient) =>
            // Each user reads it in their own language. The idempotency key makes a repeated
            // delivery (after a crash, say) a no-op instead of a second inbox entry.
            sql`
              INSERT INTO crm_notifications (user_login, source, subject, body, dedupe_key)
              SELECT login, 'liaison', ${notification.content["zh-CN"].subject}, ${notification.content["zh-CN"].body}, ${notification.idempotencyKey}
              FROM crm_users WHERE login = ${recipient.id} AND locale = 'zh-CN'
              UNION ALL
              SELECT login, 'liaison', ${notification.content.en.subject}, ${notification.content.en.body}, ${notification.idempotencyKey}
              FROM crm_users WHERE login = ${recipient.id} AND locale <> 'zh-CN'
              ON CONFLICT (user_login, dedupe_key) DO NOTHING`,
          { discard: true }
        ).pipe(
          // A database failure is worth retrying; the dispatcher backs off and tries again.
          Effect.mapError(
            (e) =>
              new Notifier.NotifierError({
                channel: notification.channel,
                idempotencyKey: notification.idempotencyKey,
                retryable: true,
                message: `crm_notifications: ${e.message}`
              })
          )
        )
    })
  })
)

// ---------------------------------------------------------------------------------------------
// 4. liaison: its storage in the app's database, its policies, its service
// ---------------------------------------------------------------------------------------------

// liaison's tables go beside the CRM's, each name starting with the prefix, migrated when the
// layer is built. Over the app's own pool this is `SqlStorage.layer`; an app that lets liaison open
// its own pool writes `PgStorage.layer({ url, tablePrefix })` instead.
const tablePrefix = "crm_liaison_"
const liaisonStorage = SqlStorage.layer({ tablePrefix })

const calendar = OfficialCalendars.cnMainland
const policies: Engagement.Policies = {
  routing: ApprovalRouting.seed,
  budget: BudgetPolicy.seedRuleSet,
  access: Engagement.defaultAccess,
  calendar,
  procedures: ProcedureCatalog.builtIn
}

const liaison = Engagements.layer(policies).pipe(
  Layer.provideMerge(Layer.mergeAll(liaisonStorage, appDirectory, appNotifier))
)

// ---------------------------------------------------------------------------------------------
// 5. The app uses it: a client visit from the application to closed
// ---------------------------------------------------------------------------------------------

/** The actor of a command is the CRM's logged-in user, looked up through the app's directory. */
const actorOf = (login: string) =>
  Effect.gen(function* () {
    const person = yield* Effect.flatMap(Directory.Directory, (d) => d.find(login))
    if (person === undefined) return yield* Effect.dieMessage(`no CRM user ${login}`)
    return { personId: person.id, name: person.name, roles: person.roles } satisfies Engagement.Actor
  })

const at = (local: string) => TestClock.setTime(Date.parse(`${local}+08:00`))

const ID = "crm-visit-2026-04-14-lakeside"

const useLiaison = Effect.gen(function* () {
  const engagements = yield* Engagements.Engagements
  const { li, sun, wang, zhou } = yield* Effect.all({
    li: actorOf("li.na"),
    zhou: actorOf("zhou.qiang"),
    wang: actorOf("wang.fang"),
    sun: actorOf("sun.li")
  })
  const report = (what: string, e: Engagement.Engagement) =>
    Console.log(`  ${what.padEnd(34)} ${e.status.padEnd(10)} version ${e.version}`)

  // The account manager announces a customer's visit on Tuesday 14 April, two weeks ahead.
  yield* at("2026-03-31T10:00:00")
  const created = yield* engagements.create(li, {
    _tag: "Create",
    id: ID as Engagement.EngagementId,
    title: "Lakeside Furniture showroom visit 湖畔家具来访",
    procedureId: "client-reception-standard",
    counterpart: "Hangzhou Lakeside Furniture Co. 杭州湖畔家具有限公司",
    tier: "B",
    eventStart: "2026-04-14T09:30:00+08:00",
    notice: "2026-03-31T10:00:00+08:00",
    ownerId: "wang.fang",
    budget: Money.yuan(1_200)
  })
  yield* report("created by Li Na", created)
  yield* report("submitted", (yield* engagements.execute(li, ID, { _tag: "Submit" })).engagement)
  yield* at("2026-03-31T11:30:00")
  yield* report(
    "approved by Zhou Qiang",
    (yield* engagements.execute(zhou, ID, { _tag: "Decide", outcome: "approved" })).engagement
  )
  const planned = yield* engagements.execute(wang, ID, { _tag: "Plan" })
  yield* report(`planned: ${planned.plan!.tasks.length} tasks`, planned.engagement)
  for (const task of planned.plan!.tasks) {
    const assignees = task.assignees.map((p) => p.name).join(", ")
    yield* Console.log(`    ${task.deadline?.dueDate ?? "(undated)"}  ${task.stepId.padEnd(12)} → ${assignees}`)
  }

  // The app runs the scheduler and the dispatcher (here once each; in the app from a cron job or
  // as background fibers: `Reminders.layer`, `Dispatcher.layer`). Both reach people only through
  // the app's Directory and Notifier.
  const dispatch = Dispatcher.runOnce({ workerId: "crm-web-1", batchSize: 100 })
  let sent = yield* dispatch
  yield* Console.log(`  dispatched ${sent.delivered} message(s) to the CRM inbox (the approval, the assignments)`)
  yield* at("2026-04-07T09:00:00")
  const tick = yield* Reminders.tick({ calendar, procedures: ProcedureCatalog.builtIn })
  sent = yield* dispatch
  yield* Console.log(
    `  tick at 2026-04-07 09:00: ${tick.written.length} reminder(s) written, dispatched ${sent.delivered}`
  )

  // Each task done a little before it is due; the visit held, settled and closed.
  for (const task of planned.plan!.tasks) {
    if (task.stepId === "on-site") {
      yield* at("2026-04-14T09:00:00")
      yield* engagements.execute(wang, ID, { _tag: "Start" })
    }
    if (task.stepId === "summary") yield* engagements.execute(wang, ID, { _tag: "Hold" })
    yield* TestClock.setTime(task.deadline!.dueMillis - 2 * 3_600_000)
    yield* engagements.execute(task.ownerRole === "requester" ? li : wang, ID, {
      _tag: "CompleteTask",
      taskId: task.id
    })
  }
  yield* report("tasks done, visit held", (yield* engagements.get(wang, ID))!)
  yield* at("2026-04-16T15:00:00")
  yield* report(
    "settled by Sun Li",
    (yield* engagements.execute(sun, ID, {
      _tag: "Settle",
      expenses: [{ category: "meals", amount: Money.yuan(640), meal: "lunch", invoice: "033021900104-55230917" }]
    })).engagement
  )
  yield* report("closed", (yield* engagements.execute(wang, ID, { _tag: "Close" })).engagement)
})

// ---------------------------------------------------------------------------------------------
// 6. Put together, and what changed in the app's database
// ---------------------------------------------------------------------------------------------

const program = Effect.gen(function* () {
  yield* existingApp
  const before = yield* fingerprint
  yield* Console.log(`The CRM's database, schema ${schema}: ${before.tables.join(", ")}`)

  yield* Console.log("\nliaison in the CRM (its tables are created when its layer is built):")
  yield* useLiaison.pipe(Effect.provide(liaison))

  const after = yield* fingerprint
  const sql = yield* SqlClient
  const added = after.tables.filter((t) => !before.tables.includes(t))
  yield* Console.log(`\nTables added to the schema (${added.length}): ${added.join(", ")}`)
  yield* Console.log(`All of them under the prefix ${tablePrefix}: ${added.every((t) => t.startsWith(tablePrefix))}`)
  // The same list from liaison, for the app's grants and backups:
  const own = Object.values(SqlStorage.tableNames({ tablePrefix }))
  yield* Console.log(`Named by SqlStorage.tableNames: ${added.every((t) => own.includes(t))}`)
  for (const table of Object.keys(before.hashes)) {
    const same = before.hashes[table] === after.hashes[table]
    yield* Console.log(`${table}: ${same ? "unchanged" : "CHANGED"} (${after.hashes[table]})`)
  }

  const inbox = yield* sql<{ user_login: string; count: string; subject: string }>`
    SELECT user_login, count(*) AS count, min(subject) AS subject FROM crm_notifications
    WHERE source = 'liaison' GROUP BY user_login ORDER BY user_login`
  yield* Console.log("\nThe CRM inbox (crm_notifications), written by the app's own Notifier:")
  for (const row of inbox)
    yield* Console.log(`  ${row.user_login.padEnd(11)} ${row.count.padStart(3)}  e.g. ${row.subject}`)
  const [latest] = yield* sql<{ subject: string; body: string }>`
    SELECT subject, body FROM crm_notifications WHERE user_login = 'li.na' ORDER BY id DESC LIMIT 1`
  yield* Console.log(
    `\nLi Na's latest, in English as her CRM profile asks:\n  ${latest!.subject}\n  ${latest!.body.replaceAll("\n", "\n  ")}`
  )
})

const main = program.pipe(Effect.provide(appDatabase), Effect.provide(TestContext.TestContext))

Effect.runPromise(main).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exitCode = 1
})
