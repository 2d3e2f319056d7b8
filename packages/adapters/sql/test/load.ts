/**
 * The load driver of issue 8 (item 5), shared by `bench/load.ts` (`npm run load`: 50 clerks for a
 * minute, against the built packages) and `load.test.ts` (a few clerks for a few seconds in
 * `npm test` when `LIAISON_PG_URL` is set, asserting the invariants, not the speed).
 *
 * Clerks are fibers, each a person of a seeded directory with one role (requester, department
 * head, admin department, general manager). Each loops until the time is up: it creates an
 * engagement, reads the ledger, or picks an engagement of the shared pool, reads it and runs a
 * command its status and the clerk's role allow (edit budget, submit, approve, reject, plan, start,
 * hold, settle, close, cancel). A `VersionConflict` is handled as a host app would: read the
 * engagement again, decide again (the same command if it still applies), up to 5 times.
 *
 * Afterwards it checks, from the database alone:
 * - every engagement's ledger replays to it: its transition entries are `#0 … #version`, each
 *   once, the first a `Create` to draft, each one's `from` the previous one's `to`, the last one's
 *   `to` the stored status; the stored budget is the amount of its last budget edit;
 * - the commands the clerks were told succeeded are exactly those entries (no lost update, no
 *   phantom one);
 * - the outbox holds, for each entry, the messages its command produces (one for submit, decide
 *   and cancel; one per planned task for plan; none otherwise) and no other;
 * - the tasks table holds each engagement's planned tasks;
 * - PostgreSQL's deadlock counter for the database did not move.
 */
import * as SqlClient from "@effect/sql/SqlClient"
import type * as CoreSrc from "@liaison/core"
import type { Directory, Engagement as EngagementNs } from "@liaison/core"
import type * as SqlSrc from "@liaison/sql"
import * as Clock from "effect/Clock"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Schema from "effect/Schema"

/** The library, as source (tests) or as the built packages (the benchmark). */
export interface Lib {
  readonly Core: typeof CoreSrc
  readonly Sql: typeof SqlSrc
}

export interface Options {
  readonly url: string
  readonly clerks: number
  readonly seconds: number
  readonly seed: number
  readonly maxConnections: number
  /** Keep the tables afterwards (default: dropped). */
  readonly keep?: boolean
  readonly log?: (line: string) => void
}

export interface Latency {
  readonly count: number
  readonly p50: number
  readonly p95: number
  readonly p99: number
  readonly max: number
}

export interface Report {
  readonly clerks: number
  readonly seconds: number
  readonly elapsedSeconds: number
  readonly maxConnections: number
  /** Commands accepted (state changes, creations included). */
  readonly accepted: number
  readonly ledgerReads: number
  readonly conflicts: number
  /** Commands abandoned after 5 conflicts in a row, or because the engagement moved on. */
  readonly gaveUp: number
  /** Domain refusals (NotAuthorised, IllegalTransition, Rejected) by tag and reason. */
  readonly refused: Readonly<Record<string, number>>
  /** StorageErrors and other unexpected failures (must be 0). */
  readonly failures: ReadonlyArray<string>
  readonly throughput: number
  /** Each attempt's latency in ms by command (a conflict's attempt included). */
  readonly latency: Readonly<Record<string, Latency>>
  readonly engagements: number
  readonly ledgerEntries: number
  readonly outboxMessages: number
  readonly deadlocks: number
  /** Invariant violations found afterwards (must be empty). */
  readonly violations: ReadonlyArray<string>
}

/** A small seeded generator (mulberry32). */
const random = (seed: number) => {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** A clock that runs from 9 February 2026, 10:00 Shanghai (inside the calendar's data), at real speed. */
const clockFrom = (start: number): Clock.Clock => {
  const live = Clock.make()
  const offset = start - Date.now()
  const nanos = BigInt(offset) * 1_000_000n
  return {
    [Clock.ClockTypeId]: Clock.ClockTypeId,
    unsafeCurrentTimeMillis: () => live.unsafeCurrentTimeMillis() + offset,
    currentTimeMillis: Effect.sync(() => live.unsafeCurrentTimeMillis() + offset),
    unsafeCurrentTimeNanos: () => live.unsafeCurrentTimeNanos() + nanos,
    currentTimeNanos: Effect.sync(() => live.unsafeCurrentTimeNanos() + nanos),
    sleep: (d: Duration.Duration) => live.sleep(d)
  }
}
const START = Date.parse("2026-02-09T10:00:00+08:00")

const ROLES = ["department-head", "admin-department", "general-manager", "requester", "requester"] as const

/** The clerks: `n` people, one role each. */
export const clerks = (n: number): ReadonlyArray<Directory.Person> =>
  Array.from({ length: n }, (_, i) => ({
    id: `clerk-${String(i).padStart(2, "0")}`,
    name: `Clerk ${i} 办事员${i}`,
    roles: [ROLES[i % ROLES.length]!],
    department: "Marketing"
  }))

const percentile = (sorted: ReadonlyArray<number>, p: number) =>
  sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!

const round = (x: number) => Math.round(x * 100) / 100

/** Messages a command produces at its version, given the engagement after it. */
const expectedMessages = (command: string, tasks: number): number => {
  switch (command) {
    case "Submit":
    case "Decide":
    case "Cancel":
      return 1
    case "Plan":
      return tasks
    default:
      return 0
  }
}

/** Runs the load and checks the invariants. */
export const run = (lib: Lib, options: Options): Effect.Effect<Report, unknown> =>
  Effect.gen(function* () {
    const { Core, Sql } = lib
    const { Engagement, Money } = Core
    const log = options.log ?? (() => {})
    const people = clerks(options.clerks)
    const actors = people.map((p): EngagementNs.Actor => ({ personId: p.id, name: p.name, roles: p.roles }))
    const admins = people.filter((p) => p.roles.includes("admin-department"))
    const policies: EngagementNs.Policies = {
      routing: Core.ApprovalRouting.seed,
      budget: Core.BudgetPolicy.seedRuleSet,
      access: Engagement.defaultAccess,
      calendar: Core.OfficialCalendars.cnMainland,
      procedures: Core.ProcedureCatalog.builtIn
    }
    const tablePrefix = `load${Date.now().toString(36)}_`
    const t = Sql.SqlStorage.tableNames({ tablePrefix })
    const storage = Sql.PgStorage.layer({ url: options.url, tablePrefix, maxConnections: options.maxConnections })
    const context = yield* Layer.build(
      Core.Engagements.layer(policies).pipe(
        Layer.provideMerge(storage),
        Layer.provide(Core.Directory.layerMemory(people))
      )
    )
    const service = Core.Engagements.Engagements
    const program = Effect.gen(function* () {
      const engagements = yield* service
      const sql = yield* SqlClient.SqlClient
      if (!options.keep) {
        yield* Effect.addFinalizer(() =>
          Effect.gen(function* () {
            for (const table of Object.values(t) as ReadonlyArray<string>)
              yield* sql`DROP TABLE IF EXISTS ${sql(table)} CASCADE`
            yield* sql`DROP FUNCTION IF EXISTS ${sql(`${tablePrefix}ledger_append_only`)}() CASCADE`
          }).pipe(Effect.ignore)
        )
      }
      const deadlocks = sql<{ deadlocks: string | number }>`SELECT deadlocks FROM pg_stat_database
        WHERE datname = current_database()`.pipe(Effect.map((rows) => Number(rows[0]?.deadlocks ?? 0)))
      yield* sql`SELECT pg_stat_clear_snapshot()`
      const deadlocksBefore = yield* deadlocks

      const active: Array<string> = []
      const accepted = new Map<string, string>() // `${id}#${version}` → command
      const latencies = new Map<string, Array<number>>()
      const refused = new Map<string, number>()
      const failures: Array<string> = []
      let conflicts = 0
      let gaveUp = 0
      let ledgerReads = 0
      let created = 0
      const deadline = Date.now() + options.seconds * 1000

      const timed = <A, E>(name: string, effect: Effect.Effect<A, E>) =>
        Effect.suspend(() => {
          const t0 = performance.now()
          return Effect.ensuring(
            Effect.either(effect),
            Effect.sync(() => {
              const list = latencies.get(name) ?? []
              list.push(performance.now() - t0)
              latencies.set(name, list)
            })
          )
        })

      const clerk = (index: number) =>
        Effect.gen(function* () {
          const rnd = random(options.seed * 1000 + index)
          const me = actors[index]!
          const role = me.roles[0]!
          const gm = role === "general-manager"
          const admin = role === "admin-department"
          const head = role === "department-head"
          const pick = <A>(xs: ReadonlyArray<A>): A => xs[Math.floor(rnd() * xs.length)]!

          /** The commands this clerk may run on the engagement as it stands. */
          const candidates = (e: EngagementNs.Engagement): ReadonlyArray<EngagementNs.Command> => {
            const own = e.requesterId === me.personId
            const cancel: ReadonlyArray<EngagementNs.Command> =
              (own || gm) && rnd() < 0.05 ? [{ _tag: "Cancel", reason: `cancelled by ${me.personId} 取消` }] : []
            switch (e.status) {
              case "draft":
              case "rejected":
                return own || gm
                  ? [
                      { _tag: "EditBudget", budget: Money.yuan(500 + Math.floor(rnd() * 25) * 100) },
                      { _tag: "Submit" },
                      ...cancel
                    ]
                  : []
              case "submitted":
                return [
                  ...(head && !own
                    ? [{ _tag: "Decide", outcome: rnd() < 0.8 ? "approved" : "rejected" } as const]
                    : []),
                  ...cancel
                ]
              case "approved":
                return [...(admin || gm ? [{ _tag: "Plan" } as const] : []), ...cancel]
              case "planned":
                return [...(admin || gm ? [{ _tag: "Start" } as const] : []), ...cancel]
              case "inProgress":
                return [...(admin || gm ? [{ _tag: "Hold" } as const] : []), ...cancel]
              case "held":
                return gm ? [{ _tag: "Settle", expenses: [] }] : []
              case "settled":
                return admin || gm ? [{ _tag: "Close" }] : []
              default:
                return []
            }
          }

          const remember = (e: EngagementNs.Engagement, command: string) =>
            Effect.sync(() => {
              accepted.set(`${e.id}#${e.version}`, command)
              if (e.status === "closed" || e.status === "cancelled") {
                const i = active.indexOf(e.id)
                if (i >= 0) active.splice(i, 1)
              }
            })

          const failed = (what: string, error: unknown) =>
            Effect.sync(() => {
              const tag = typeof error === "object" && error !== null && "_tag" in error ? String(error._tag) : "?"
              if (tag === "NotAuthorised" || tag === "IllegalTransition" || tag === "Rejected") {
                const reason =
                  tag === "Rejected" && "reason" in (error as object) ? `/${(error as { reason: string }).reason}` : ""
                const key = `${what}: ${tag}${reason}`
                refused.set(key, (refused.get(key) ?? 0) + 1)
              } else {
                failures.push(
                  `${me.personId} ${what}: ${tag} ${String((error as { message?: string }).message ?? error)}`
                )
              }
            })

          const create = Effect.gen(function* () {
            const id = `E-${options.seed}-${index}-${created++}`
            const day = 2 + Math.floor(rnd() * 20)
            const command: Extract<EngagementNs.Command, { _tag: "Create" }> = {
              _tag: "Create",
              id: id as EngagementNs.EngagementId,
              title: `Visit ${id} 来访`,
              procedureId: "client-reception-standard",
              counterpart: `Counterpart ${Math.floor(rnd() * 30)} 单位`,
              eventStart: `2026-03-${String(day).padStart(2, "0")}`,
              ownerId: pick(admins).id,
              budget: Money.yuan(500 + Math.floor(rnd() * 25) * 100)
            }
            const r = yield* timed("Create", engagements.create(me, command))
            if (r._tag === "Right") {
              yield* remember(r.right, "Create")
              active.push(id)
            } else yield* failed("Create", r.left)
          })

          const act = (id: string) =>
            Effect.gen(function* () {
              let chosen: EngagementNs.Command | undefined
              for (let attempt = 0; attempt < 6; attempt++) {
                const e = yield* engagements.get(me, id)
                // Not the clerk's to see (a requester sees only their own): nothing to do.
                if (e === undefined) return
                const now = candidates(e)
                // After a conflict: the same command if it still applies, else another one that does.
                const command =
                  chosen !== undefined && now.some((c) => c._tag === chosen!._tag)
                    ? chosen
                    : now[0] === undefined
                      ? undefined
                      : pick(now)
                if (command === undefined) {
                  if (chosen !== undefined) gaveUp++
                  return
                }
                chosen = command
                const label = command._tag === "Decide" ? `Decide/${command.outcome}` : command._tag
                const r = yield* timed(label, engagements.execute(me, id, command))
                if (r._tag === "Right") return yield* remember(r.right.engagement, command._tag)
                if (r.left._tag === "VersionConflict") {
                  conflicts++
                  continue
                }
                return yield* failed(label, r.left)
              }
              gaveUp++
            })

          // A requester works on their own engagements (they may see no others); the rest on any.
          const mine = `E-${options.seed}-${index}-`
          const target = () => {
            if (role !== "requester") return pick(active)
            const own = active.filter((id) => id.startsWith(mine))
            return own.length === 0 ? pick(active) : pick(own)
          }

          while (Date.now() < deadline) {
            const roll = rnd()
            if (active.length < 10 || (roll < 0.12 && (role === "requester" || gm))) {
              if (role === "requester" || gm || active.length < 10) yield* create
              else yield* act(target())
            } else if (roll < 0.22) {
              const r = yield* timed("ledger read", engagements.ledger(me, { engagementId: pick(active) }))
              ledgerReads++
              if (r._tag === "Left") yield* failed("ledger read", r.left)
            } else {
              yield* act(target())
            }
          }
        }).pipe(Effect.catchAllCause((cause) => Effect.sync(() => failures.push(`clerk ${index}: ${String(cause)}`))))

      log(`load: ${options.clerks} clerks for ${options.seconds} s, pool of ${options.maxConnections} connections`)
      const t0 = performance.now()
      yield* Effect.forEach(
        Array.from({ length: options.clerks }, (_, i) => i),
        clerk,
        { concurrency: "unbounded", discard: true }
      )
      const elapsed = (performance.now() - t0) / 1000

      // Afterwards, from the database alone.
      const violations: Array<string> = []
      const stored = yield* sql<{ id: string; json: string }>`SELECT id, json FROM ${sql(t.engagements)} ORDER BY id`
      const entries = yield* Core.LedgerRepo.LedgerRepo.pipe(Effect.flatMap((repo) => repo.query({})))
      const messages = yield* sql<{ id: string; engagement_id: string }>`SELECT id, engagement_id FROM ${sql(t.outbox)}`
      const taskCounts = yield* sql<{ engagement_id: string; n: string | number }>`SELECT engagement_id, count(*) AS n
        FROM ${sql(t.tasks)} GROUP BY engagement_id`
      const byEngagement = new Map<string, Array<(typeof entries)[number]>>()
      for (const entry of entries) {
        if (entry.kind !== "transition" || entry.engagementId === undefined) continue
        const list = byEngagement.get(entry.engagementId) ?? []
        list.push(entry)
        byEngagement.set(entry.engagementId, list)
      }
      const messagesAt = new Map<string, number>()
      for (const m of messages) {
        const key = m.id.slice(0, m.id.indexOf("/"))
        messagesAt.set(key, (messagesAt.get(key) ?? 0) + 1)
      }
      const tasksOf = new Map(taskCounts.map((r) => [r.engagement_id, Number(r.n)]))
      const inLedger = new Set<string>()
      const decode = Core.Engagement.Engagement
      for (const row of stored) {
        const e = Schema.decodeUnknownSync(decode)(JSON.parse(row.json))
        const list = (byEngagement.get(e.id) ?? []).slice().sort((a, b) => versionOf(a.id) - versionOf(b.id))
        const versions = list.map((x) => versionOf(x.id))
        if (versions.length !== e.version + 1 || versions.some((v, i) => v !== i)) {
          violations.push(`${e.id}: transition entries ${versions.join(",")} for version ${e.version}`)
          continue
        }
        if (list[0]!.command !== "Create" || list[0]!.to !== "draft")
          violations.push(`${e.id}: does not start with Create`)
        for (let i = 1; i < list.length; i++) {
          if (list[i]!.from !== list[i - 1]!.to) {
            violations.push(`${e.id}#${i}: from ${list[i]!.from}, but #${i - 1} went to ${list[i - 1]!.to}`)
          }
        }
        if (list[list.length - 1]!.to !== e.status) {
          violations.push(`${e.id}: the ledger ends in ${list[list.length - 1]!.to}, the engagement is ${e.status}`)
        }
        const edits = list.filter((x) => x.command === "EditBudget" && x.amount !== undefined)
        const lastEdit = edits[edits.length - 1]
        if (lastEdit !== undefined && (e.budget === undefined || lastEdit.amount!.minor !== e.budget.minor)) {
          violations.push(
            `${e.id}: budget ${e.budget ? Money.format(e.budget) : "none"}, last edit ${Money.format(lastEdit.amount!)}`
          )
        }
        for (const x of list) {
          inLedger.add(x.id)
          const n = messagesAt.get(x.id) ?? 0
          const plannedTasks = x.command === "Plan" ? e.tasks.length : 0
          const want = expectedMessages(x.command ?? "", plannedTasks)
          if (want !== n) violations.push(`${x.id} (${x.command}): ${n} messages, expected ${want}`)
          messagesAt.delete(x.id)
        }
        if ((tasksOf.get(e.id) ?? 0) !== e.tasks.length) {
          violations.push(`${e.id}: ${tasksOf.get(e.id) ?? 0} task rows for ${e.tasks.length} tasks`)
        }
      }
      for (const [key, n] of messagesAt) violations.push(`${n} outbox message(s) at ${key}, which has no ledger entry`)
      for (const [key, command] of accepted) {
        if (!inLedger.has(key)) violations.push(`lost update: ${command} acknowledged at ${key}, not in the ledger`)
      }
      for (const key of inLedger)
        if (!accepted.has(key)) violations.push(`phantom update: ${key} in the ledger, never acknowledged`)

      // The statistics are flushed at the end of transactions, about once a second.
      yield* Effect.promise(() => new Promise((r) => setTimeout(r, 1500)))
      yield* sql`SELECT pg_stat_clear_snapshot()`
      const deadlocksAfter = yield* deadlocks

      const latency: Record<string, Latency> = {}
      for (const [name, list] of [...latencies].sort(([a], [b]) => a.localeCompare(b))) {
        const sorted = list.slice().sort((a, b) => a - b)
        latency[name] = {
          count: sorted.length,
          p50: round(percentile(sorted, 50)),
          p95: round(percentile(sorted, 95)),
          p99: round(percentile(sorted, 99)),
          max: round(sorted[sorted.length - 1] ?? 0)
        }
      }
      return {
        clerks: options.clerks,
        seconds: options.seconds,
        elapsedSeconds: round(elapsed),
        maxConnections: options.maxConnections,
        accepted: accepted.size,
        ledgerReads,
        conflicts,
        gaveUp,
        refused: Object.fromEntries(refused),
        failures,
        throughput: round(accepted.size / elapsed),
        latency,
        engagements: stored.length,
        ledgerEntries: entries.length,
        outboxMessages: messages.length,
        deadlocks: deadlocksAfter - deadlocksBefore,
        violations
      } satisfies Report
    })
    return yield* program.pipe(Effect.provide(Layer.succeedContext(context)), Effect.withClock(clockFrom(START)))
  }).pipe(Effect.scoped)

const versionOf = (entryId: string) => Number(entryId.slice(entryId.lastIndexOf("#") + 1))
