/**
 * The adapter's table names under a prefix, and the migrations that create them.
 *
 * @internal
 */
import * as Migrator from "@effect/sql/Migrator"
import * as SqlClient from "@effect/sql/SqlClient"
import * as Effect from "effect/Effect"
import * as TaskRow from "./taskRow.js"

/** The prefix when none is given. */
export const DEFAULT_PREFIX = "liaison_"

/**
 * Lower-case letters, digits and underscores, at most 24 characters: with the longest suffix the
 * adapter adds, every name stays within PostgreSQL's 63-byte identifiers, and needs no quoting
 * for a person typing SQL against it.
 */
export const PREFIX_PATTERN = /^([a-z_][a-z0-9_]{0,23})?$/

/** The names of the adapter's tables (and the migrations table) under a prefix. */
export const names = (prefix: string) => ({
  migrations: `${prefix}migrations`,
  engagements: `${prefix}engagements`,
  ledger: `${prefix}ledger`,
  outbox: `${prefix}outbox`,
  contacts: `${prefix}roster_contacts`,
  contactHistory: `${prefix}roster_history`,
  mailings: `${prefix}roster_mailings`,
  tasks: `${prefix}tasks`
})

/** The table names of one prefix. */
export type Names = ReturnType<typeof names>

/**
 * An index to find rows by a free-text column (an owner, a counterpart), which may be as long as
 * the text it copies (100,000 characters). PostgreSQL's B-tree refuses an entry over about 2.7 kB,
 * so there the index is a hash of the column (equality only, any length); SQLite's B-tree takes
 * any length, and the second column saves a sort.
 */
const lookupIndex =
  (sql: SqlClient.SqlClient, isPg: boolean) =>
  (name: string, table: string, column: string, then: string, where?: string) => {
    const partial = sql.literal(where === undefined ? "" : `WHERE ${where}`)
    return isPg
      ? sql`CREATE INDEX ${sql(name)} ON ${sql(table)} USING hash (${sql(column)}) ${partial}`
      : sql`CREATE INDEX ${sql(name)} ON ${sql(table)} (${sql(column)}, ${sql(then)}) ${partial}`
  }

/**
 * The migrations, in order. A migration, once released, never changes: a change of schema is a new
 * entry. Statements go one per call, as SQLite prepares one statement at a time.
 */
export const migrations = (t: Names) =>
  Migrator.fromRecord({
    "0001_engagements_ledger_outbox": Effect.gen(function* () {
      const sql = (yield* SqlClient.SqlClient).withoutTransforms()
      const isPg = sql.onDialectOrElse({ pg: () => true, orElse: () => false })
      // Identity columns keep insertion order (ties in time, the outbox's "oldest first").
      const seq = sql.literal(
        isPg ? "seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY" : "seq INTEGER PRIMARY KEY AUTOINCREMENT"
      )
      const millis = sql.literal(isPg ? "BIGINT" : "INTEGER")
      // Ordering by these must be by code point, whatever the database's collation.
      const ordered = sql.literal(isPg ? 'TEXT COLLATE "C"' : "TEXT")
      const lookup = lookupIndex(sql, isPg)

      yield* sql`CREATE TABLE ${sql(t.engagements)} (
        id ${ordered} PRIMARY KEY NOT NULL,
        version INTEGER NOT NULL,
        status TEXT NOT NULL,
        owner_id TEXT NOT NULL,
        tier TEXT,
        event_start ${ordered} NOT NULL,
        event_date ${ordered} NOT NULL,
        json TEXT NOT NULL
      )`
      yield* sql`CREATE INDEX ${sql(`${t.engagements}_date`)} ON ${sql(t.engagements)} (event_date, event_start, id)`
      yield* sql`CREATE INDEX ${sql(`${t.engagements}_status`)} ON ${sql(t.engagements)} (status, event_date)`
      yield* lookup(`${t.engagements}_owner`, t.engagements, "owner_id", "event_date")

      yield* sql`CREATE TABLE ${sql(t.ledger)} (
        ${seq},
        id TEXT NOT NULL UNIQUE,
        engagement_id TEXT,
        at_ms ${millis} NOT NULL,
        local_date ${ordered} NOT NULL,
        counterpart TEXT NOT NULL,
        tier TEXT,
        owner_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        json TEXT NOT NULL
      )`
      yield* lookup(`${t.ledger}_engagement`, t.ledger, "engagement_id", "at_ms")
      yield* sql`CREATE INDEX ${sql(`${t.ledger}_date`)} ON ${sql(t.ledger)} (local_date)`
      yield* lookup(`${t.ledger}_counterpart`, t.ledger, "counterpart", "local_date")
      yield* lookup(`${t.ledger}_owner`, t.ledger, "owner_id", "local_date")

      // The ledger is append-only in the database too (台帐不得改动): the adapter has no UPDATE nor
      // DELETE for it, and these triggers refuse one from anyone else.
      if (isPg) {
        const fn = sql(`${t.ledger}_append_only`)
        yield* sql`CREATE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the ledger % is append-only: % refused', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'restrict_violation';
END
$$`
        yield* sql`CREATE TRIGGER ${sql(`${t.ledger}_no_change`)} BEFORE UPDATE OR DELETE ON ${sql(t.ledger)}
          FOR EACH ROW EXECUTE FUNCTION ${fn}()`
        yield* sql`CREATE TRIGGER ${sql(`${t.ledger}_no_truncate`)} BEFORE TRUNCATE ON ${sql(t.ledger)}
          FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`
      } else {
        yield* sql`CREATE TRIGGER ${sql(`${t.ledger}_no_update`)} BEFORE UPDATE ON ${sql(t.ledger)}
          BEGIN SELECT RAISE(ABORT, 'the ledger is append-only: UPDATE refused'); END`
        yield* sql`CREATE TRIGGER ${sql(`${t.ledger}_no_delete`)} BEFORE DELETE ON ${sql(t.ledger)}
          BEGIN SELECT RAISE(ABORT, 'the ledger is append-only: DELETE refused'); END`
      }

      yield* sql`CREATE TABLE ${sql(t.outbox)} (
        ${seq},
        id TEXT NOT NULL UNIQUE,
        engagement_id TEXT NOT NULL,
        template TEXT NOT NULL,
        created_at_ms ${millis} NOT NULL,
        status TEXT NOT NULL,
        attempts INTEGER NOT NULL,
        not_before ${millis} NOT NULL,
        last_error TEXT,
        lease_worker TEXT,
        lease_until ${millis},
        delivered_at ${millis},
        json TEXT NOT NULL
      )`
      // Partial indexes: dispatchers scan what is still to send, never the delivered history.
      yield* sql`CREATE INDEX ${sql(`${t.outbox}_open`)} ON ${sql(t.outbox)} (seq)
        WHERE status IN ('pending', 'leased')`
      yield* lookup(`${t.outbox}_open_engagement`, t.outbox, "engagement_id", "seq", "status IN ('pending', 'leased')")
      yield* sql`CREATE INDEX ${sql(`${t.outbox}_parked`)} ON ${sql(t.outbox)} (seq) WHERE status = 'parked'`
    }),
    "0002_roster": Effect.gen(function* () {
      const sql = (yield* SqlClient.SqlClient).withoutTransforms()
      const isPg = sql.onDialectOrElse({ pg: () => true, orElse: () => false })
      const seq = sql.literal(
        isPg ? "seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY" : "seq INTEGER PRIMARY KEY AUTOINCREMENT"
      )
      const ordered = sql.literal(isPg ? 'TEXT COLLATE "C"' : "TEXT")
      const lookup = lookupIndex(sql, isPg)

      yield* sql`CREATE TABLE ${sql(t.contacts)} (
        id ${ordered} PRIMARY KEY NOT NULL,
        status TEXT NOT NULL,
        category TEXT NOT NULL,
        owner_department TEXT NOT NULL,
        revision INTEGER NOT NULL,
        json TEXT NOT NULL
      )`
      yield* lookup(`${t.contacts}_department`, t.contacts, "owner_department", "id")
      yield* sql`CREATE INDEX ${sql(`${t.contacts}_category`)} ON ${sql(t.contacts)} (category, id)`

      yield* sql`CREATE TABLE ${sql(t.contactHistory)} (
        contact_id TEXT NOT NULL,
        revision INTEGER NOT NULL,
        json TEXT NOT NULL,
        PRIMARY KEY (contact_id, revision)
      )`

      yield* sql`CREATE TABLE ${sql(t.mailings)} (
        ${seq},
        contact_id ${ordered} NOT NULL,
        issue ${ordered} NOT NULL,
        sent_on ${ordered} NOT NULL,
        json TEXT NOT NULL,
        UNIQUE (contact_id, issue)
      )`
      yield* sql`CREATE INDEX ${sql(`${t.mailings}_sent`)} ON ${sql(t.mailings)} (sent_on)`
    }),
    "0003_tasks": Effect.gen(function* () {
      const sql = (yield* SqlClient.SqlClient).withoutTransforms()
      const isPg = sql.onDialectOrElse({ pg: () => true, orElse: () => false })
      const millis = sql.literal(isPg ? "BIGINT" : "INTEGER")
      // The engagements' planned tasks, one row each, kept by every commit: the due-soon and
      // overdue scans read the open ones by due time instead of every engagement.
      yield* sql`CREATE TABLE ${sql(t.tasks)} (
        engagement_id TEXT NOT NULL,
        task_id TEXT NOT NULL,
        step_id TEXT NOT NULL,
        owner_role TEXT NOT NULL,
        due_ms ${millis},
        due_date TEXT,
        status TEXT NOT NULL,
        open INTEGER NOT NULL,
        PRIMARY KEY (engagement_id, task_id)
      )`
      // Partial: done tasks and those of closed, cancelled or rejected engagements are not in it.
      // Covering: the scan reads the task's keys from the index, not from the table.
      yield* sql`CREATE INDEX ${sql(`${t.tasks}_open_due`)} ON ${sql(t.tasks)} (due_ms, engagement_id, task_id)
        WHERE open = 1`
      // Engagements stored before this migration get their rows now.
      const stored = yield* sql<{ id: string; status: string; json: string }>`SELECT id, status, json
        FROM ${sql(t.engagements)}`
      for (const row of stored) {
        const tasks = (JSON.parse(row.json) as { tasks?: ReadonlyArray<TaskRow.EncodedTask> }).tasks ?? []
        const rows = tasks.map((task) => TaskRow.make(row.id, row.status, task))
        if (rows.length > 0) yield* sql`INSERT INTO ${sql(t.tasks)} ${sql.insert(rows)}`
      }
    }),
    "0004_open_tasks_scan": Effect.gen(function* () {
      const sql = (yield* SqlClient.SqlClient).withoutTransforms()
      const isPg = sql.onDialectOrElse({ pg: () => true, orElse: () => false })
      const tasks = sql(t.tasks)
      const index = sql(`${t.tasks}_open_due`)
      // EngagementRepo.openTasksDue answers with each task's engagement version, ordered by due
      // moment, engagement and task: the index gives all four, in that order, without the table.
      yield* sql`DROP INDEX ${index}`
      if (isPg) {
        // Ordered by code point, as SQLite and JavaScript order them, whatever the database's collation.
        yield* sql`ALTER TABLE ${tasks} ALTER COLUMN engagement_id TYPE TEXT COLLATE "C",
          ALTER COLUMN task_id TYPE TEXT COLLATE "C"`
      }
      yield* sql`ALTER TABLE ${tasks} ADD COLUMN version INTEGER NOT NULL DEFAULT 0`
      yield* sql`UPDATE ${tasks} SET version = COALESCE((SELECT e.version FROM ${sql(t.engagements)} e
        WHERE e.id = ${tasks}.engagement_id), 0)`
      yield* sql`CREATE INDEX ${index} ON ${tasks} (due_ms, engagement_id, task_id, version) WHERE open = 1`
    })
  })
