/**
 * The commands that work on a database — `engagement …`, `plan --db`, `ledger`, `tick`, `outbox …` —
 * against a real SQLite file in a temporary directory, and against PostgreSQL when `LIAISON_PG_URL`
 * is set (tables of a fresh prefix, dropped afterwards). Deliveries go to a real HTTP receiver on
 * 127.0.0.1 that checks every signature, and to the console.
 *
 * The tests run on the live clock (`it.live`): the receiver refuses a signature timestamped far from
 * its own time. Commands that record a decision run on a clock set to a known moment (`at`).
 */
import { spawn, spawnSync } from "node:child_process"
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import * as SqlClient from "@effect/sql/SqlClient"
import { afterAll, beforeAll, describe, expect, it } from "@effect/vitest"
import { ApprovalRouting, Engagement, Label, StorageError } from "@liaison/core"
import { PgStorage } from "@liaison/sql"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import { simpleParser } from "mailparser"
import { SMTPServer } from "smtp-server"
import { type Sink, startSink } from "../../notify/test/webhookSink.js"
import { dropTables, freshPrefix, PG_SKIPPED, pgUrl } from "../../sql/test/backends.js"
import * as Problem from "../src/internal/problem.js"
import { jsonOf, liaison, type Run } from "./harness.js"

let dir = ""
const file = (name: string, content: unknown): string => {
  const path = join(dir, name)
  writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content, null, 2))
  return path
}

const people = [
  { id: "li.na", name: "Li Na 李娜", roles: ["requester"], supervisorId: "zhou.qiang" },
  { id: "zhou.qiang", name: "Zhou Qiang 周强", roles: ["department-head"] },
  { id: "wang.fang", name: "Wang Fang 王芳", roles: ["admin-department"] },
  { id: "chen.gang", name: "Chen Gang 陈刚", roles: ["general-manager"] },
  { id: "sun.li", name: "Sun Li 孙丽", roles: ["finance"] },
  { id: "visitor", name: "A visitor", roles: [] }
]

const application = {
  applicant: "Li Na 李娜",
  department: "Marketing 市场部",
  contactPerson: "Li Na 李娜",
  guestOrganisation: "华东家具集团",
  purpose: "考察展厅并洽谈年度合作",
  visitDate: "2026-03-10",
  budget: { amount: "900.00", currency: "CNY" },
  guests: [
    { name: "张伟", title: "总经理" },
    { name: "赵敏", title: "采购经理" }
  ],
  lunch: { place: "公司餐厅", headcount: 4, budget: { amount: "300.00", currency: "CNY" }, contact: "王芳" },
  clientTier: "C",
  visitorLevel: "senior",
  partTwo: { contactPerson: "王芳", receptionType: "business", approvedByDepartmentHead: true }
}

const expenses = [
  {
    id: "lunch",
    category: "meals",
    meal: "lunch",
    date: "2026-03-10",
    amount: { amount: "280", currency: "CNY" },
    invoice: "31001"
  }
]

/** A clock that reads `iso` now and runs on from there, so that commands are recorded at a known moment. */
const clockAt = (iso: string): Clock.Clock => {
  const offset = Date.parse(iso) - Date.now()
  const base = Clock.make()
  const millis = () => Date.now() + offset
  return {
    [Clock.ClockTypeId]: Clock.ClockTypeId,
    unsafeCurrentTimeMillis: millis,
    unsafeCurrentTimeNanos: () => BigInt(millis()) * 1_000_000n,
    currentTimeMillis: Effect.sync(millis),
    currentTimeNanos: Effect.sync(() => BigInt(millis()) * 1_000_000n),
    sleep: (duration) => base.sleep(duration)
  }
}

/** `liaison …` as if at `iso`. */
const at = (iso: string, ...args: ReadonlyArray<string>): Effect.Effect<Run> =>
  liaison(...args).pipe(Effect.withClock(clockAt(iso)))

const errorOf = (run: Run): Record<string, unknown> => jsonOf(run).error as Record<string, unknown>

interface EngagementJson {
  readonly id: string
  readonly status: string
  readonly version: number
  readonly tasks: ReadonlyArray<{ readonly id: string; readonly done?: unknown }>
}

const engagementOf = (run: Run): EngagementJson => {
  expect(run.stderr).toBe("")
  expect(run.exitCode).toBe(0)
  return jsonOf(run).engagement as EngagementJson
}

let sink: Sink
const SECRET = "s3cret-for-tests"

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "liaison-cli-store-"))
  sink = await startSink({ secret: SECRET })
})

afterAll(async () => {
  await sink.close()
  rmSync(dir, { recursive: true, force: true })
})

/** The whole office flow against one database: `db` is a SQLite path or a PostgreSQL URL. */
const officeFlow = (backend: string, store: () => ReadonlyArray<string>) =>
  describe(`an office on ${backend}`, () => {
    const ID = "E-2026-031"
    const base = () => [...store(), "--directory", file("people.json", people)]
    const as = (actor: string) => [...base(), "--actor", actor, "--json"]

    it.live("creates, submits, approves, plans and shows an engagement, each as its actor", () =>
      Effect.gen(function* () {
        const app = file("application.json", application)
        const created = engagementOf(
          yield* at(
            "2026-03-02T09:00:00+08:00",
            "engagement",
            "create",
            app,
            "--id",
            ID,
            "--owner",
            "wang.fang",
            "--notice",
            "2026-03-02T09:00:00+08:00",
            ...as("li.na")
          )
        )
        expect(created).toMatchObject({ id: ID, status: "draft", version: 0 })

        const twice = yield* at("2026-03-02T09:01:00+08:00", "engagement", "create", app, "--id", ID, ...as("li.na"))
        expect(twice.exitCode).toBe(6)
        expect(errorOf(twice)).toMatchObject({ _tag: "Rejected", reason: "AlreadyExists", exitCode: 6 })

        // Decided on a version that is not the stored one: refused, nothing applied.
        const stale = yield* at(
          "2026-03-02T09:04:00+08:00",
          "engagement",
          "submit",
          ID,
          "--expected-version",
          "5",
          ...as("li.na")
        )
        expect(stale.exitCode).toBe(6)
        expect(errorOf(stale)).toMatchObject({ _tag: "VersionConflict", expected: 5, actual: 0, exitCode: 6 })
        const submitted = engagementOf(
          yield* at("2026-03-02T09:05:00+08:00", "engagement", "submit", ID, "--expected-version", "0", ...as("li.na"))
        )
        expect(submitted).toMatchObject({ status: "submitted", version: 1 })

        // Separation of duties: the requester cannot approve their own request.
        const own = yield* at("2026-03-02T09:10:00+08:00", "engagement", "approve", ID, ...as("li.na"))
        expect(own.exitCode).toBe(5)
        expect(errorOf(own)).toMatchObject({ _tag: "NotAuthorised", actorId: "li.na", command: "Decide" })
        expect(own.stderr).toContain("an approver cannot approve their own request")

        const approved = engagementOf(
          yield* at("2026-03-02T11:00:00+08:00", "engagement", "approve", ID, "--note", "同意", ...as("zhou.qiang"))
        )
        expect(approved).toMatchObject({ status: "approved", version: 2 })

        // Approving what is approved already: the state does not allow it.
        const again = yield* at("2026-03-02T11:05:00+08:00", "engagement", "approve", ID, ...as("chen.gang"))
        expect(again.exitCode).toBe(6)
        expect(errorOf(again)).toMatchObject({ _tag: "IllegalTransition", status: "approved" })

        const planned = yield* at("2026-03-02T14:00:00+08:00", "engagement", "plan", ID, ...as("wang.fang"))
        expect(engagementOf(planned).status).toBe("planned")
        const plan = jsonOf(planned).plan as {
          tasks: ReadonlyArray<{ id: string; dueDate?: string; assignees: ReadonlyArray<{ id: string }> }>
        }
        const definition = plan.tasks.find((t) => t.id === `${ID}/definition`)
        expect(definition?.dueDate).toBe("2026-03-03")
        expect(definition?.assignees.map((p) => p.id)).toEqual(["li.na"])
        expect(plan.tasks.find((t) => t.id === `${ID}/assignment`)?.assignees.map((p) => p.id)).toEqual(["wang.fang"])

        const shown = yield* liaison("engagement", "show", ID, ...as("chen.gang"))
        expect(shown.exitCode).toBe(0)
        const show = jsonOf(shown) as {
          engagement: EngagementJson
          approvals: {
            state: string
            steps: ReadonlyArray<string>
            decisions: ReadonlyArray<{ by: string; note?: string }>
          }
          tasks: ReadonlyArray<unknown>
          ledger: ReadonlyArray<{ to?: string; kind: string; actor: { personId: string } }>
        }
        expect(show.engagement.status).toBe("planned")
        expect(show.approvals).toMatchObject({ state: "approved", steps: ["department-head"] })
        expect(show.approvals.decisions).toMatchObject([{ by: "Zhou Qiang 周强", note: "同意" }])
        expect(show.tasks).toHaveLength(6)
        expect(show.ledger.map((e) => e.to ?? e.kind)).toEqual([
          "draft",
          "budgetVerdicts",
          "submitted",
          "approved",
          "planned"
        ])

        const text = (yield* liaison("engagement", "show", ID, ...as("chen.gang").filter((a) => a !== "--json"))).stdout
        expect(text).toContain("department-head      approved by Zhou Qiang 周强 2026-03-02 11:00: 同意")
        expect(text).toContain("Ledger (5 entries):")
      })
    )

    it.live("lists engagements by status and owner, and shows the stored plan with plan --db", () =>
      Effect.gen(function* () {
        const listed = jsonOf(yield* liaison("engagement", "list", "--status", "planned", ...as("wang.fang")))
        expect(listed.engagements).toMatchObject([
          {
            id: ID,
            status: "planned",
            ownerId: "wang.fang",
            openTasks: 6,
            budget: { amount: "900.00", currency: "CNY" }
          }
        ])
        const none = jsonOf(yield* liaison("engagement", "list", "--status", "closed", ...as("wang.fang")))
        expect(none.engagements).toEqual([])
        const byOwner = jsonOf(yield* liaison("engagement", "list", "--owner", "zhou.qiang", ...as("chen.gang")))
        expect(byOwner.engagements).toEqual([])

        const plan = yield* liaison("plan", "--engagement", ID, "--now", "2026-03-03T19:00:00+08:00", ...as("li.na"))
        expect(plan.exitCode).toBe(0)
        const json = jsonOf(plan) as {
          engagementId: string
          missed: ReadonlyArray<string>
          stored: { status: string; tasks: ReadonlyArray<{ id: string }> }
        }
        expect(json.engagementId).toBe(ID)
        expect(json.missed).toEqual([`${ID}/definition`])
        expect(json.stored.status).toBe("planned")
        expect(json.stored.tasks).toHaveLength(6)
      })
    )

    it.live("refuses an unknown id (4), a person who may not view it (5) and an unknown actor (2)", () =>
      Effect.gen(function* () {
        const unknown = yield* liaison("engagement", "show", "E-404", ...as("chen.gang"))
        expect(unknown.exitCode).toBe(4)
        expect(errorOf(unknown)).toMatchObject({ _tag: "NotFound", what: "engagement", id: "E-404" })
        const submitUnknown = yield* liaison("engagement", "submit", "E-404", ...as("li.na"))
        expect(submitUnknown.exitCode).toBe(4)
        expect(errorOf(submitUnknown)).toMatchObject({ _tag: "Rejected", reason: "UnknownEngagement" })

        const forbidden = yield* liaison("engagement", "show", ID, ...as("visitor"))
        expect(forbidden.exitCode).toBe(5)
        expect(errorOf(forbidden)).toMatchObject({ _tag: "NotAuthorised", actorId: "visitor" })
        // A person without the view permission sees no engagement in a list, rather than a refusal.
        expect(jsonOf(yield* liaison("engagement", "list", ...as("visitor"))).engagements).toEqual([])

        const stranger = yield* liaison("engagement", "show", ID, ...as("nobody"))
        expect(stranger.exitCode).toBe(2)
        expect(errorOf(stranger)).toMatchObject({ _tag: "InvalidArgument", argument: "--actor" })
        expect(stranger.stderr).toContain('nobody with id "nobody"')
      })
    )

    it.live("ticks reminders once however often it runs, and delivers them to a signed webhook", () =>
      Effect.gen(function* () {
        // A moment that does not exist is refused, not read as another day (30 February as 2 March).
        for (const now of ["2026-02-30T14:15:00+08:00", "2026-03-03T24:00:00+08:00"]) {
          const refused = yield* liaison("tick", ...base(), "--now", now, "--json")
          expect(refused.exitCode).toBe(2)
          expect(errorOf(refused).message).toContain(now)
        }
        const tick = [...base(), "--now", "2026-03-03T14:15:00+08:00", "--json"]
        const first = jsonOf(yield* liaison("tick", ...tick)) as {
          tick: { engagements: number; written: ReadonlyArray<string> }
        }
        expect(first.tick.engagements).toBe(1)
        expect(first.tick.written).toContain(`${ID}/definition/due-soon/75pct@2026-03-03T18:00:00.000+08:00`)
        expect(first.tick.written).toContain("digest/li.na/2026-03-03")
        const second = jsonOf(yield* liaison("tick", ...tick)) as {
          tick: { due: number; written: ReadonlyArray<string> }
        }
        expect(second.tick.due).toBeGreaterThan(0)
        expect(second.tick.written).toEqual([])

        // Every signed request the receiver took (another backend's run sends the same keys: it counts them too).
        const before = sink.deliveries.length
        const refusedBefore = sink.refused.length
        const run = yield* liaison("tick", ...tick, "--dispatch", "--webhook", sink.url, "--secret", SECRET)
        expect(run.exitCode).toBe(0)
        const report = jsonOf(run) as {
          dispatch: { delivered: number; parked: number; retried: number; claimed: number }
        }
        // Everything the commands and the tick wrote: approval needed, approved, 6 assignments, reminders, digests.
        expect(report.dispatch.claimed).toBeGreaterThanOrEqual(8 + first.tick.written.length)
        expect(report.dispatch).toMatchObject({ parked: 0, retried: 0 })
        expect(report.dispatch.delivered).toBe(report.dispatch.claimed)
        const keys = sink.deliveries.slice(before)
        expect(keys).toHaveLength(report.dispatch.delivered)
        expect(keys).toContain(`${ID}#3/task-assigned/${ID}/definition`)
        expect(keys).toContain("digest/li.na/2026-03-03")
        expect(sink.refused.slice(refusedBefore)).toEqual([])

        const idle = jsonOf(yield* liaison("tick", ...tick, "--dispatch", "--webhook", sink.url, "--secret", SECRET))
        expect(idle).toMatchObject({ dispatch: { claimed: 0, delivered: 0 } })
      })
    )

    it.live("parks messages the receiver refuses, lists them, and sends one again on request", () =>
      Effect.gen(function* () {
        const tick = [...base(), "--now", "2026-03-03T18:01:00+08:00", "--json"]
        sink.failNext(100, 400)
        const refused = jsonOf(
          yield* liaison("tick", ...tick, "--dispatch", "--webhook", sink.url, "--secret", SECRET)
        ) as {
          tick: { written: ReadonlyArray<string> }
          dispatch: { parked: number; delivered: number }
        }
        sink.failNext(0, 400)
        const overdue = `${ID}/definition/overdue@2026-03-03T18:00:00.000+08:00`
        expect(refused.tick.written).toContain(overdue)
        expect(refused.dispatch).toMatchObject({ delivered: 0, parked: refused.tick.written.length })

        const parked = yield* liaison("outbox", "parked", ...store(), "--json")
        const list = (jsonOf(parked).parked as ReadonlyArray<{ id: string; lastError: string; status: string }>).filter(
          (m) => m.id === overdue
        )
        expect(list).toMatchObject([{ id: overdue, status: "parked" }])
        expect(list[0]?.lastError).toContain("400")

        const retried = yield* liaison("outbox", "retry", overdue, ...store(), "--json")
        expect(retried.exitCode).toBe(0)
        expect(jsonOf(retried)).toMatchObject({ retried: { id: overdue, status: "pending", attempts: 0 } })
        const twice = yield* liaison("outbox", "retry", overdue, ...store(), "--json")
        expect(twice.exitCode).toBe(6)
        expect(errorOf(twice)).toMatchObject({ _tag: "Conflict", id: overdue })
        const unknown = yield* liaison("outbox", "retry", "no-such-message", ...store(), "--json")
        expect(unknown.exitCode).toBe(4)

        const resent = jsonOf(yield* liaison("tick", ...tick, "--dispatch", "--webhook", sink.url, "--secret", SECRET))
        expect(resent).toMatchObject({ tick: { written: [] }, dispatch: { claimed: 1, delivered: 1 } })
        expect(sink.deliveries.at(-1)).toBe(overdue)
      })
    )

    it.live("runs the engagement to its close, then lists the period's ledger with its costs", () =>
      Effect.gen(function* () {
        const step = (iso: string, actor: string, ...args: ReadonlyArray<string>) =>
          Effect.map(at(iso, "engagement", ...args, ...as(actor)), engagementOf)
        yield* step("2026-03-03T16:00:00+08:00", "li.na", "complete-task", ID, "definition", "--note", "定案")
        expect((yield* step("2026-03-10T09:00:00+08:00", "wang.fang", "start", ID)).status).toBe("inProgress")
        expect((yield* step("2026-03-10T18:00:00+08:00", "wang.fang", "hold", ID)).status).toBe("held")
        const settled = yield* step(
          "2026-03-11T10:00:00+08:00",
          "sun.li",
          "settle",
          ID,
          "--expenses",
          file("expenses.json", expenses)
        )
        expect(settled.status).toBe("settled")
        // Finance may settle but not close; the owner closes.
        const notFinance = yield* at("2026-03-11T11:00:00+08:00", "engagement", "close", ID, ...as("sun.li"))
        expect(notFinance.exitCode).toBe(5)
        expect((yield* step("2026-03-11T11:00:00+08:00", "wang.fang", "close", ID)).status).toBe("closed")
        const late = yield* at(
          "2026-03-11T12:00:00+08:00",
          "engagement",
          "cancel",
          ID,
          "--reason",
          "too late",
          ...as("chen.gang")
        )
        expect(late.exitCode).toBe(6)

        const ledger = jsonOf(
          yield* liaison("ledger", "--from", "2026-03-01", "--to", "2026-03-31", ...as("chen.gang"))
        ) as {
          entries: ReadonlyArray<{ command?: string; to?: string }>
          totals: {
            entries: number
            byKind: Record<string, number>
            costs: ReadonlyArray<{ quarter: string; total: unknown }>
          }
        }
        expect(ledger.entries.map((e) => e.to ?? "budgetVerdicts")).toEqual([
          "draft",
          "budgetVerdicts",
          "submitted",
          "approved",
          "planned",
          "planned",
          "inProgress",
          "held",
          "settled",
          "closed"
        ])
        expect(ledger.totals).toMatchObject({ entries: 10, byKind: { transition: 9, budgetVerdicts: 1 } })
        expect(ledger.totals.costs).toEqual([
          {
            quarter: "2026-Q1",
            currency: "CNY",
            total: { amount: "280.00", currency: "CNY" },
            byTier: [{ tier: "C", total: { amount: "280.00", currency: "CNY" } }],
            byCounterpart: [{ counterpart: "华东家具集团", total: { amount: "280.00", currency: "CNY" } }],
            entries: 1
          }
        ])
        const april = jsonOf(yield* liaison("ledger", "--from", "2026-04-01", "--to", "2026-04-30", ...as("chen.gang")))
        expect(april).toMatchObject({ entries: [], totals: { entries: 0, costs: [] } })
        // Without the view permission a person sees the entries they made or own only.
        const own = jsonOf(yield* liaison("ledger", "--from", "2026-03-01", "--to", "2026-03-31", ...as("li.na"))) as {
          entries: ReadonlyArray<{ actor: { personId: string }; to?: string }>
        }
        expect(own.entries.map((e) => `${e.actor.personId} ${e.to}`)).toEqual([
          "li.na draft",
          "li.na undefined",
          "li.na submitted",
          "li.na planned"
        ])
      })
    )
  })

// ---------------------------------------------------------------------------------------------

officeFlow("SQLite", () => ["--db", join(dir, "office.db")])

if (pgUrl === undefined) {
  describe(PG_SKIPPED, () => {
    it.skip("the office flow against PostgreSQL", () => {})
  })
} else {
  const url = pgUrl
  const prefix = freshPrefix()
  afterAll(() =>
    Effect.runPromise(
      Effect.flatMap(SqlClient.SqlClient, (sql) => dropTables(sql, prefix)).pipe(
        Effect.provide(Layer.orDie(PgStorage.layerClient({ url: Redacted.make(url) })))
      )
    )
  )
  officeFlow("PostgreSQL", () => ["--db", url, "--table-prefix", prefix])
}

describe("liaison engagement edit", () => {
  it.live("reschedules a planned visit and re-dates its tasks; refuses what needs approval or is under way", () =>
    Effect.gen(function* () {
      const db = join(dir, "edit.db")
      const as = (actor: string) => ["--db", db, "--directory", file("people.json", people), "--actor", actor, "--json"]
      const ID = "E-edit"
      const app = file("application.json", application)
      yield* at(
        "2026-03-02T09:00:00+08:00",
        "engagement",
        "create",
        app,
        "--id",
        ID,
        "--owner",
        "wang.fang",
        ...as("li.na")
      )
      yield* at("2026-03-02T09:05:00+08:00", "engagement", "submit", ID, ...as("li.na"))
      yield* at("2026-03-02T11:00:00+08:00", "engagement", "approve", ID, ...as("zhou.qiang"))
      const planned = yield* at("2026-03-02T14:00:00+08:00", "engagement", "plan", ID, ...as("wang.fang"))
      const dueOf = (run: Run, task: string) =>
        (jsonOf(run).engagement as { tasks: ReadonlyArray<{ id: string; dueDate?: string }> }).tasks.find(
          (t) => t.id === `${ID}/${task}`
        )?.dueDate
      expect(dueOf(planned, "on-site")).toBe("2026-03-10")

      // The visit moves a week: the tasks follow, on working days.
      const moved = yield* at(
        "2026-03-03T10:00:00+08:00",
        "engagement",
        "edit",
        ID,
        "--event-start",
        "2026-03-17",
        "--title",
        "华东家具集团 来访（改期）",
        ...as("wang.fang")
      )
      expect(engagementOf(moved)).toMatchObject({ status: "planned", version: 4 })
      expect(jsonOf(moved).engagement).toMatchObject({ eventStart: "2026-03-17", title: "华东家具集团 来访（改期）" })
      expect(dueOf(moved, "on-site")).toBe("2026-03-17")
      expect(dueOf(moved, "definition")! > dueOf(planned, "definition")!).toBe(true)

      const nothing = yield* at("2026-03-03T10:01:00+08:00", "engagement", "edit", ID, ...as("wang.fang"))
      expect(nothing.exitCode).toBe(2)
      expect(errorOf(nothing).message).toContain("nothing to change")
      const badDate = yield* at(
        "2026-03-03T10:01:00+08:00",
        "engagement",
        "edit",
        ID,
        "--event-start",
        "2026-02-30",
        ...as("wang.fang")
      )
      expect(badDate.exitCode).toBe(2)
      expect(errorOf(badDate).message).toContain("--event-start")
      // What the approval rested on goes back through approval.
      const tier = yield* at("2026-03-03T10:02:00+08:00", "engagement", "edit", ID, "--tier", "A", ...as("wang.fang"))
      expect(tier.exitCode).toBe(7)
      expect(errorOf(tier)).toMatchObject({ _tag: "Rejected", reason: "NeedsReapproval" })
      // Under way, only its end and anchors are recorded.
      yield* at("2026-03-17T08:00:00+08:00", "engagement", "start", ID, ...as("wang.fang"))
      const renamed = yield* at(
        "2026-03-17T09:00:00+08:00",
        "engagement",
        "edit",
        ID,
        "--title",
        "x",
        ...as("wang.fang")
      )
      expect(renamed.exitCode).toBe(7)
      expect(errorOf(renamed)).toMatchObject({ _tag: "Rejected", reason: "UnderWay" })
      const ended = yield* at(
        "2026-03-17T18:00:00+08:00",
        "engagement",
        "edit",
        ID,
        "--event-end",
        "2026-03-17T17:30:00+08:00",
        ...as("wang.fang")
      )
      expect(jsonOf(ended).engagement).toMatchObject({ status: "inProgress", eventEnd: "2026-03-17T17:30:00+08:00" })
      // Someone without a part in it may not edit it.
      const stranger = yield* at(
        "2026-03-17T18:01:00+08:00",
        "engagement",
        "edit",
        ID,
        "--event-end",
        "2026-03-18",
        ...as("sun.li")
      )
      expect(stranger.exitCode).toBe(5)
    })
  )
})

describe("the host's own policies: --routing and --access", () => {
  it.live("a routing where the GM approves everything, and an access policy letting finance edit", () =>
    Effect.gen(function* () {
      const db = join(dir, "policies.db")
      const ID = "E-policies"
      const routing = file(
        "routing.json",
        Schema.encodeSync(ApprovalRouting.RoutingPolicy)({
          ...ApprovalRouting.seed,
          version: "host-1",
          rules: [
            {
              id: "gm-approves-all",
              label: Label.make("总经理审批全部接待", "the GM approves every reception"),
              when: {},
              steps: [{ role: "general-manager" }]
            }
          ]
        })
      )
      const financeEdits = file(
        "access.json",
        Schema.encodeSync(Engagement.AccessPolicy)({
          grants: {
            ...Engagement.defaultAccess.grants,
            finance: [...(Engagement.defaultAccess.grants.finance ?? []), "edit"]
          }
        })
      )
      const as = (actor: string, ...policies: ReadonlyArray<string>) => [
        "--db",
        db,
        "--directory",
        file("people.json", people),
        "--actor",
        actor,
        "--routing",
        routing,
        ...policies,
        "--json"
      ]
      const app = file("application.json", application)
      yield* at("2026-03-02T09:00:00+08:00", "engagement", "create", app, "--id", ID, ...as("li.na"))
      yield* at("2026-03-02T09:05:00+08:00", "engagement", "submit", ID, ...as("li.na"))
      // The seeds would have the department head approve; this host's routing says the GM.
      const head = yield* at("2026-03-02T10:00:00+08:00", "engagement", "approve", ID, ...as("zhou.qiang"))
      expect(head.exitCode).toBe(5)
      const gm = yield* at("2026-03-02T10:05:00+08:00", "engagement", "approve", ID, ...as("chen.gang"))
      expect(engagementOf(gm)).toMatchObject({ status: "approved" })

      const denied = yield* at("2026-03-02T11:00:00+08:00", "engagement", "edit", ID, "--title", "改", ...as("sun.li"))
      expect(denied.exitCode).toBe(5)
      const allowed = yield* at(
        "2026-03-02T11:01:00+08:00",
        "engagement",
        "edit",
        ID,
        "--title",
        "改",
        ...as("sun.li", "--access", financeEdits)
      )
      expect(engagementOf(allowed)).toMatchObject({ status: "approved", version: 3 })

      // A policy file that is not one: bad input, at its path.
      const bad = file("bad-access.json", { grants: { finance: ["fly"] } })
      const refused = yield* at(
        "2026-03-02T11:02:00+08:00",
        "engagement",
        "show",
        ID,
        ...as("chen.gang", "--access", bad)
      )
      expect(refused.exitCode).toBe(2)
      expect(errorOf(refused)).toMatchObject({ _tag: "InvalidFile", file: bad })
      expect(refused.stderr).toContain("grants")
    })
  )
})

describe("the store commands refuse bad input", () => {
  it.live("a --db whose directory does not exist (69, the path in one line), a bad --table-prefix (2)", () =>
    Effect.gen(function* () {
      const db = join(dir, "missing", "office.db")
      const run = yield* liaison(
        "engagement",
        "list",
        "--db",
        db,
        "--directory",
        file("people.json", people),
        "--actor",
        "chen.gang",
        "--json"
      )
      expect(run.exitCode).toBe(69)
      expect(errorOf(run)).toMatchObject({ _tag: "StorageError", operation: "open", exitCode: 69 })
      expect(run.stderr.split("\n")).toHaveLength(1)
      expect(run.stderr).toContain(db)

      const prefix = yield* liaison(
        "engagement",
        "list",
        "--db",
        join(dir, "prefix.db"),
        "--table-prefix",
        "Bad-Prefix",
        "--directory",
        file("people.json", people),
        "--actor",
        "chen.gang",
        "--json"
      )
      expect(prefix.exitCode).toBe(2)
      expect(errorOf(prefix)).toMatchObject({ _tag: "StorageError", operation: "configure" })
      expect(prefix.stderr).toContain('tablePrefix "Bad-Prefix"')
    })
  )

  it.live(
    "a database another process holds locked: exit 75 (busy: run again), nothing stored; then it goes through",
    () =>
      Effect.gen(function* () {
        const db = join(dir, "busy.db")
        const common = ["--db", db, "--directory", file("people.json", people), "--actor", "li.na"]
        const app = file("application.json", application)
        expect((yield* liaison("engagement", "list", ...common)).exitCode).toBe(0)
        // Another program (a backup, a second office tool) takes the write lock and keeps it.
        const holder = spawn(
          process.execPath,
          [
            "-e",
            `const D = require("better-sqlite3"); const d = new D(${JSON.stringify(db)});
             d.exec("BEGIN EXCLUSIVE"); console.log("locked"); setInterval(() => {}, 1000)`
          ],
          { cwd: fileURLToPath(new URL("../../../..", import.meta.url)), stdio: ["ignore", "pipe", "inherit"] }
        )
        yield* Effect.addFinalizer(() => Effect.sync(() => holder.kill("SIGKILL")))
        yield* Effect.async<void>((resume) => {
          holder.stdout!.once("data", () => resume(Effect.void))
        })
        const busy = yield* liaison("engagement", "create", app, "--id", "E-busy", ...common, "--json")
        expect(busy.exitCode).toBe(75)
        expect(errorOf(busy)).toMatchObject({ _tag: "StorageError", reason: "busy", exitCode: 75 })
        holder.kill("SIGKILL")
        yield* Effect.async<void>((resume) => {
          if (holder.exitCode !== null || holder.signalCode !== null) resume(Effect.void)
          else holder.once("exit", () => resume(Effect.void))
        })
        const shown = yield* liaison("engagement", "show", "E-busy", ...common, "--json")
        expect(shown.exitCode).toBe(4)
        expect((yield* liaison("engagement", "create", app, "--id", "E-busy", ...common, "--json")).exitCode).toBe(0)
      }).pipe(Effect.scoped),
    30_000
  )

  it("each kind of storage failure has its exit code, and its reason in the JSON error", () => {
    const cases = [
      [undefined, 69],
      ["unavailable", 69],
      ["busy", 75],
      ["full", 74],
      ["readOnly", 73],
      ["undecodable", 65],
      ["cannotStore", 2]
    ] as const
    for (const [reason, code] of cases) {
      const error = new StorageError.StorageError({
        operation: "commit",
        message: "failed",
        ...(reason !== undefined ? { reason } : {})
      })
      expect(Problem.exitCodeOf(error)).toBe(code)
      expect(Problem.jsonOf(error).error).toMatchObject({ _tag: "StorageError", exitCode: code, operation: "commit" })
      expect(Problem.jsonOf(error).error.reason).toBe(reason)
    }
    // The options refused before anything is opened: bad input, whatever the reason.
    expect(Problem.exitCodeOf(new StorageError.StorageError({ operation: "configure", message: "x" }))).toBe(2)
  })

  it.live("an invalid application: every problem at its path in the file, nothing stored", () =>
    Effect.gen(function* () {
      const db = join(dir, "bad-input.db")
      const bad = file("bad-application.json", {
        ...application,
        budget: { amount: "12.345", currency: "CNY" },
        guests: [{ name: "张伟", title: "总经理" }, { name: "赵敏" }]
      })
      const common = ["--db", db, "--directory", file("people.json", people), "--actor", "li.na"]
      const run = yield* liaison("engagement", "create", bad, "--id", "E-1", ...common, "--json")
      expect(run.exitCode).toBe(2)
      expect(errorOf(run)).toMatchObject({ _tag: "InvalidFile", file: bad })
      const issues = errorOf(run).issues as ReadonlyArray<{ path: string }>
      expect(issues.map((i) => i.path)).toEqual(["budget.amount", "guests[1].title"])
      expect(run.stderr).toContain(`${bad}: guests[1].title (职务 / Title): is missing`)

      const notJson = yield* liaison("engagement", "create", file("not.json", "{"), "--id", "E-1", ...common)
      expect(notJson.exitCode).toBe(2)
      expect(notJson.stderr).toContain("not JSON")

      const badId = yield* liaison(
        "engagement",
        "create",
        file("application.json", application),
        "--id",
        "E 1",
        ...common,
        "--json"
      )
      expect(badId.exitCode).toBe(2)
      expect(errorOf(badId)).toMatchObject({ _tag: "InvalidArgument", argument: "--id" })

      const badDirectory = yield* liaison(
        "engagement",
        "list",
        "--db",
        db,
        "--directory",
        file("people-bad.json", [{ id: "x" }]),
        "--actor",
        "x"
      )
      expect(badDirectory.exitCode).toBe(2)
      expect(badDirectory.stderr).toContain("[0].name")

      expect(jsonOf(yield* liaison("engagement", "list", ...common, "--json")).engagements).toEqual([])
    })
  )

  it.live("plan --db without --engagement, and a tick with half a webhook", () =>
    Effect.gen(function* () {
      const db = join(dir, "bad-input.db")
      const plan = yield* liaison(
        "plan",
        "--db",
        db,
        "--directory",
        file("people.json", people),
        "--actor",
        "li.na",
        "--json"
      )
      expect(plan.exitCode).toBe(2)
      expect(errorOf(plan)).toMatchObject({ _tag: "InvalidArgument", argument: "--engagement" })
      const tick = yield* liaison(
        "tick",
        "--db",
        db,
        "--directory",
        file("people.json", people),
        "--dispatch",
        "--webhook",
        "http://127.0.0.1:9/x",
        "--json"
      )
      expect(tick.exitCode).toBe(2)
      expect(errorOf(tick)).toMatchObject({ argument: "--secret" })
      const now = yield* liaison(
        "tick",
        "--db",
        db,
        "--directory",
        file("people.json", people),
        "--now",
        "2026-03-03",
        "--json"
      )
      expect(now.exitCode).toBe(2)
      expect(errorOf(now)).toMatchObject({ argument: "--now" })
    })
  )

  it.live("tick --dispatch to the console prints each notification, on stderr with --json", () =>
    Effect.gen(function* () {
      const db = join(dir, "console.db")
      const common = ["--db", db, "--directory", file("people.json", people)]
      const app = file("application.json", application)
      yield* at("2026-03-02T09:00:00+08:00", "engagement", "create", app, "--id", "E-7", ...common, "--actor", "li.na")
      yield* at("2026-03-02T09:05:00+08:00", "engagement", "submit", "E-7", ...common, "--actor", "li.na")
      const run = yield* liaison("tick", ...common, "--now", "2026-03-02T09:10:00+08:00", "--dispatch", "--json")
      expect(run.exitCode).toBe(0)
      expect(jsonOf(run)).toMatchObject({ dispatch: { notifier: "console", claimed: 1, delivered: 1 } })
      expect(run.stderr).toContain("── approval-needed → Zhou Qiang 周强 [console] E-7#1/approval-needed")
      expect(run.stderr).toContain("Approval needed:")
      const text = yield* liaison("tick", ...common, "--now", "2026-03-02T09:10:00+08:00", "--dispatch")
      expect(text.stdout).toContain("dispatch through console: 0 claimed, 0 delivered")
    })
  )
})

describe("two clerks at once", () => {
  it.live("two cancellations of one engagement at once: one wins, the other gets a conflict (6)", () =>
    Effect.gen(function* () {
      const common = ["--db", join(dir, "race.db"), "--directory", file("people.json", people), "--json"]
      yield* at(
        "2026-03-02T09:00:00+08:00",
        "engagement",
        "create",
        file("application.json", application),
        "--id",
        "E-8",
        ...common,
        "--actor",
        "li.na"
      )
      yield* at("2026-03-02T09:05:00+08:00", "engagement", "submit", "E-8", ...common, "--actor", "li.na")
      const cancel = (actor: string, reason: string) =>
        at("2026-03-02T10:00:00+08:00", "engagement", "cancel", "E-8", "--reason", reason, ...common, "--actor", actor)
      const [byRequester, byManager] = yield* Effect.all(
        [cancel("li.na", "客户改期"), cancel("chen.gang", "预算取消")],
        { concurrency: 2 }
      )
      expect([byRequester.exitCode, byManager.exitCode].sort()).toEqual([0, 6])
      const loser = byRequester.exitCode === 6 ? byRequester : byManager
      // Decided on the same version (VersionConflict) or after the winner's commit (IllegalTransition).
      expect(["VersionConflict", "IllegalTransition"]).toContain(errorOf(loser)._tag)
      const shown = jsonOf(yield* liaison("engagement", "show", "E-8", ...common, "--actor", "chen.gang")) as {
        engagement: { status: string; version: number }
        ledger: ReadonlyArray<unknown>
      }
      expect(shown.engagement.version).toBe(2)
      expect(shown.engagement.status).toBe("cancelled")
      expect(shown.ledger).toHaveLength(4)
    })
  )
})

describe("tick --dispatch --smtp", () => {
  it.live("e-mails the approval request to the approver's address through an SMTP server on 127.0.0.1", () =>
    Effect.gen(function* () {
      const mails: Array<{ readonly to: ReadonlyArray<string>; readonly raw: string }> = []
      const server = new SMTPServer({
        authOptional: true,
        disabledCommands: ["STARTTLS"],
        onData(stream, session, callback) {
          const chunks: Array<Buffer> = []
          stream.on("data", (c: Buffer) => chunks.push(c))
          stream.on("end", () => {
            mails.push({
              to: session.envelope.rcptTo.map((r) => r.address),
              raw: Buffer.concat(chunks).toString("utf8")
            })
            callback()
          })
        }
      })
      const port = yield* Effect.async<number>((resume) => {
        server.listen(0, "127.0.0.1", () => resume(Effect.succeed((server.server.address() as { port: number }).port)))
      })
      yield* Effect.addFinalizer(() => Effect.promise(() => new Promise<void>((done) => server.close(() => done()))))
      const withMail = people.map((p) => ({ ...p, email: `${p.id}@office.example` }))
      const common = ["--db", join(dir, "smtp.db"), "--directory", file("people-mail.json", withMail)]
      yield* at(
        "2026-03-02T09:00:00+08:00",
        "engagement",
        "create",
        file("application.json", application),
        "--id",
        "E-9",
        ...common,
        "--actor",
        "li.na"
      )
      yield* at("2026-03-02T09:05:00+08:00", "engagement", "submit", "E-9", ...common, "--actor", "li.na")
      const run = yield* liaison(
        "tick",
        ...common,
        "--now",
        "2026-03-02T09:10:00+08:00",
        "--dispatch",
        "--smtp",
        `127.0.0.1:${port}`,
        "--from",
        "liaison@office.example",
        "--json"
      )
      expect(run.exitCode).toBe(0)
      expect(jsonOf(run)).toMatchObject({ dispatch: { notifier: `smtp 127.0.0.1:${port}`, claimed: 1, delivered: 1 } })
      expect(mails.map((m) => m.to)).toEqual([["zhou.qiang@office.example"]])
      const mail = yield* Effect.promise(() => simpleParser(mails[0]?.raw ?? ""))
      expect(mail.subject).toContain("【待审批】")
      expect(mail.headers.get("x-liaison-idempotency-key")).toBe("E-9#1/approval-needed")
      expect(mail.text).toContain("awaits your approval as Department head")
    }).pipe(Effect.scoped)
  )
})

describe("the liaison executable on a database (spawned)", () => {
  const bin = fileURLToPath(new URL("../src/bin.ts", import.meta.url))

  it("takes --db, --directory and --actor from LIAISON_DB, LIAISON_DIRECTORY and LIAISON_ACTOR, and exits with the code", () => {
    const env = {
      ...process.env,
      LIAISON_DB: join(dir, "spawned.db"),
      LIAISON_DIRECTORY: file("people.json", people),
      LIAISON_ACTOR: "chen.gang"
    }
    const spawn = (...args: ReadonlyArray<string>) =>
      spawnSync(process.execPath, ["--import", "tsx", bin, ...args], { encoding: "utf8", timeout: 60_000, env })
    const list = spawn("engagement", "list", "--json")
    expect(list.status).toBe(0)
    expect(JSON.parse(list.stdout)).toEqual({ engagements: [] })
    const missing = spawn("engagement", "show", "E-404", "--json")
    expect(missing.status).toBe(4)
    expect(JSON.parse(missing.stdout)).toMatchObject({ error: { _tag: "NotFound", exitCode: 4 } })
    expect(missing.stderr.trim()).toBe("liaison: no engagement E-404")
  })
})
