/**
 * An emergency incident (突发事件) under the built-in procedure for administrative enforcement and
 * emergencies (行政执法与突发事件, seed 000 §3, `incident-response`), stored in a SQLite file.
 *
 * On Thursday 12 March 2026 at 14:20 a water pipe bursts in the second-floor showroom and a customer
 * slips and is hurt. The manager on duty acts first and records the incident afterwards: the
 * emergency path of the lifecycle (act first, approvals afterwards: 事后补办). The reminder
 * scheduler treats an emergency as a major matter (重大事项): a step not done in time goes to the
 * general manager at once, and the written review (总结反省) falls due one week after the incident.
 *
 * Run it from the repository root: `npm run example:incident --workspace @liaison/examples`. It
 * prints a timeline. Time is driven by effect's `TestClock`, so a week passes in a second; a host
 * app runs the same calls on the real clock (`Reminders.layer` and `Dispatcher.layer`, or cron). The
 * SQLite file is a fresh temporary one (or `$LIAISON_INCIDENT_DB`, replaced on each run).
 */
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join, resolve } from "node:path"
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
import { SqliteStorage } from "@liaison/sql"
import { Console, DateTime, Effect, Layer, TestClock, TestContext } from "effect"

const calendar = OfficialCalendars.cnMainland
const zone = calendar.zone // Asia/Shanghai

// ---------------------------------------------------------------------------------------------
// The people (the host app's HR system would provide them through the Directory port)
// ---------------------------------------------------------------------------------------------

const people: ReadonlyArray<Directory.Person> = [
  { id: "liu.yang", name: "Liu Yang 刘洋", roles: ["on-duty-manager"], department: "Store operations" },
  {
    id: "zhou.qiang",
    name: "Zhou Qiang 周强",
    roles: ["department-head"],
    department: "Store operations",
    supervisorId: "chen.gang"
  },
  { id: "chen.gang", name: "Chen Gang 陈刚", roles: ["general-manager"], department: "Management" },
  { id: "sun.li", name: "Sun Li 孙丽", roles: ["finance"], department: "Finance" }
]
const actor = (id: string): Engagement.Actor => {
  const p = people.find((x) => x.id === id)!
  return { personId: p.id, name: p.name, roles: p.roles }
}

// The incident procedure gives its first steps to the manager on duty (值班负责人). The default access
// policy lets that role open an incident, see what is on and complete its tasks; as the owner of the
// incident they opened, the manager on duty also starts, plans and holds it.
const policies: Engagement.Policies = {
  routing: ApprovalRouting.seed, // emergencies are reported to the GM at once, approved afterwards
  budget: BudgetPolicy.seedRuleSet,
  access: Engagement.defaultAccess,
  calendar,
  procedures: ProcedureCatalog.builtIn
}

// The reminder scheduler's settings. Its default policy treats an emergency (or a tier-A guest) as a
// major matter: an overdue task is escalated to the general manager at once, not a working day later.
const reminders: Reminders.Settings = { calendar, procedures: ProcedureCatalog.builtIn }

// ---------------------------------------------------------------------------------------------
// Printing the timeline
// ---------------------------------------------------------------------------------------------

const localTime = (millis: number) =>
  DateTime.formatIsoOffset(DateTime.unsafeMakeZoned(millis, { timeZone: zone }))
    .slice(0, 16)
    .replace("T", " ")

/** Moves the clock to a local time in Shanghai (`2026-03-12 14:20`). */
const at = (local: string) => TestClock.setTime(Date.parse(`${local.replace(" ", "T")}:00+08:00`))

/** One line of the timeline, stamped with the clock's time. */
const say = (who: string, what: string) =>
  Effect.flatMap(DateTime.now, (now) =>
    Console.log(`${localTime(DateTime.toEpochMillis(now))}  ${who.padEnd(16)} ${what}`)
  )

// The notifier prints one line per notification in the timeline. A host app gives the dispatcher its
// e-mail or webhook notifier instead (`@liaison/notify`).
const timelineNotifier = Layer.succeed(
  Notifier.Notifier,
  Notifier.Notifier.of({
    send: (n) => {
      const step = n.taskId === undefined ? "" : ` (${n.taskId.slice(n.taskId.lastIndexOf("/") + 1)})`
      const to = n.recipients.map((r) => r.name).join(", ")
      return Console.log(`${"".padEnd(18)}→ ${n.template}${step} to ${to}: ${n.content.en.subject}`)
    }
  })
)

/** The dispatcher delivers whatever is waiting in the outbox (state changes write their messages there). */
const dispatch = Effect.gen(function* () {
  const report = yield* Dispatcher.runOnce({ workerId: "incident-example", batchSize: 100 }).pipe(
    Effect.provide(timelineNotifier)
  )
  if (report.parked + report.retried > 0) yield* say("dispatcher", `${report.parked + report.retried} not delivered`)
})

/** One pass of the reminder scheduler (a host runs it every minute), then the dispatcher. */
const tick = Effect.gen(function* () {
  const report = yield* Reminders.tick(reminders)
  yield* say("scheduler", `reminder tick: ${report.written.length} new reminder(s)`)
  yield* dispatch
})

// ---------------------------------------------------------------------------------------------
// The incident
// ---------------------------------------------------------------------------------------------

const ID = "incident-2026-03-12-showroom-leak"

const program = Effect.gen(function* () {
  const engagements = yield* Engagements.Engagements
  yield* Console.log(`Emergency incident, Thursday 2026-03-12, stored in ${database}`)
  yield* Console.log(`Procedure: incident-response (${ProcedureCatalog.incidentResponse.name.en})\n`)

  // 1. 14:20 the pipe bursts. The manager on duty is on the scene at once and opens the incident:
  //    `emergency: true`, the incident's moment as the notice and the event start, and an estimate
  //    of the costs (medical costs, repairs) for the approvals that will follow. The procedure
  //    counts the report and the review from the end of the handling on site (the event end), which
  //    is not known yet: it is recorded when the handling ends (step 5).
  yield* at("2026-03-12 14:24")
  yield* engagements.create(actor("liu.yang"), {
    _tag: "Create",
    id: ID as Engagement.EngagementId,
    title: "Burst pipe, customer hurt 水管爆裂顾客受伤",
    procedureId: "incident-response",
    counterpart: "Ms Huang (customer) and family 黄女士及家属",
    emergency: true,
    notice: "2026-03-12T14:20:00+08:00",
    eventStart: "2026-03-12T14:20:00+08:00",
    budget: Money.yuan(8_000)
  })
  yield* say("Liu Yang 刘洋", "opens the incident (emergency, estimated costs 8,000 CNY)")

  // 2. Act first: `Start` goes straight from draft to in progress on the emergency path. The
  //    lifecycle routes the approvals for afterwards and reports the incident to the GM at once.
  const started = yield* engagements.execute(actor("liu.yang"), ID, { _tag: "Start" })
  const route = started.engagement.route!
  yield* say(
    "Liu Yang 刘洋",
    `starts it at once: ${started.engagement.status}, approvals ${route.timing} by ${route.steps.map((s) => s.role).join(" → ")}`
  )

  // 3. The plan: the procedure's steps with their due moments. Steps due "at once" were due at
  //    14:20, before anyone could plan: the plan says they are missed instead of hiding them.
  const planned = yield* engagements.execute(actor("liu.yang"), ID, { _tag: "Plan" })
  yield* say("Liu Yang 刘洋", "plans the incident:")
  for (const task of planned.plan!.tasks) {
    const due =
      task.deadline === undefined ? `not dated yet: ${task.unscheduled}` : `due ${localTime(task.deadline.dueMillis)}`
    const missed = task.atPlanning?.status === "missed" ? "  (missed)" : ""
    yield* Console.log(`${"".padEnd(18)}${task.stepId.padEnd(10)} ${task.ownerRole.padEnd(16)} ${due}${missed}`)
  }
  const review = planned.plan!.tasks.find((t) => t.stepId === "review")!
  yield* Console.log(`${"".padEnd(18)}review: ${review.deadline!.explanation.sentence.en}`)
  // The aftermath's deadline is the period the GM sets (the procedure's named anchor
  // `aftermathDue`). Nobody knows it yet, so the task waits unscheduled; see the end of the example.

  // The dispatcher delivers what the commands wrote to the outbox: the report to the GM and the
  // task assignments.
  yield* dispatch

  // 4. The scheduler runs (here by hand; in a host every minute). The two steps due at once are
  //    overdue: for a major matter the overdue notice goes to the owner and the escalation to the GM
  //    in the same pass, not a working day later. The day's digests go out with them.
  yield* at("2026-03-12 14:25")
  yield* tick

  // 5. The manager on duty ticks off what he did on the scene; the department head takes over the
  //    handling and finishes it on site.
  yield* at("2026-03-12 14:30")
  for (const step of ["respond", "notify"]) {
    yield* engagements.execute(actor("liu.yang"), ID, { _tag: "CompleteTask", taskId: `${ID}/${step}` })
  }
  yield* say("Liu Yang 刘洋", "records: responded on site, department head and GM notified")
  yield* at("2026-03-12 17:10")
  yield* engagements.execute(actor("zhou.qiang"), ID, {
    _tag: "CompleteTask",
    taskId: `${ID}/handle`,
    note: "Customer taken to hospital, area closed, pipe shut off"
  })
  yield* say("Zhou Qiang 周强", "handling on site finished")
  // Under way, `Edit` records what the plan is timed from (the event end, named anchors) and
  // nothing else; the tasks are re-dated from it.
  yield* engagements.execute(actor("liu.yang"), ID, { _tag: "Edit", eventEnd: "2026-03-12T17:10:00+08:00" })
  yield* say("Liu Yang 刘洋", "records the end of on-site handling (event end 17:10)")
  yield* engagements.execute(actor("liu.yang"), ID, { _tag: "Hold" })
  yield* say("Liu Yang 刘洋", "marks the on-site phase over (held)")

  // 6. The written report is due the same day. Nobody sends it by 18:00: at the next tick it is
  //    overdue, and being a major matter it is escalated to the GM at once.
  yield* at("2026-03-12 18:05")
  yield* tick

  // 7. The next morning: the daily digest, the report, and the costs settled.
  yield* at("2026-03-13 08:30")
  yield* tick
  yield* at("2026-03-13 09:40")
  yield* engagements.execute(actor("zhou.qiang"), ID, { _tag: "CompleteTask", taskId: `${ID}/report` })
  yield* say("Zhou Qiang 周强", "sends the report (situation, result, aftermath proposal)")
  yield* at("2026-03-13 11:00")
  const settled = yield* engagements.execute(actor("sun.li"), ID, {
    _tag: "Settle",
    expenses: [
      { category: "other", subcategory: "medical", amount: Money.yuan(2_360), invoice: "044031900111-08812001" },
      { category: "work", subcategory: "repairs", amount: Money.yuan(3_850), invoice: "044031900111-08812002" }
    ]
  })
  yield* say("Sun Li 孙丽", `settles the costs (medical 2,360 CNY, repairs 3,850 CNY): ${settled.engagement.status}`)

  // 8. Closing waits for the approvals afterwards (事后补办): the lifecycle refuses it until they
  //    are in. The department head approves first, then the GM (the estimate is 5,000 CNY or more).
  const early = yield* Effect.either(engagements.execute(actor("liu.yang"), ID, { _tag: "Close" }))
  if (early._tag === "Left") yield* say("Liu Yang 刘洋", `tries to close: refused, ${early.left.message}`)
  yield* at("2026-03-13 14:00")
  yield* engagements.execute(actor("zhou.qiang"), ID, { _tag: "Decide", outcome: "approved" })
  yield* say("Zhou Qiang 周强", "approves afterwards as department head")
  yield* dispatch
  yield* at("2026-03-13 16:00")
  yield* engagements.execute(actor("chen.gang"), ID, {
    _tag: "Decide",
    outcome: "approved",
    note: "aftermath: settle with the family by 20 March"
  })
  yield* say("Chen Gang 陈刚", "approves afterwards as general manager, sets the aftermath")
  yield* dispatch
  // The GM's period becomes the `aftermathDue` anchor: the aftermath task gets its date, and the
  // scheduler its reminders.
  const dated = yield* engagements.execute(actor("chen.gang"), ID, {
    _tag: "Edit",
    anchors: { aftermathDue: "2026-03-20T18:00:00+08:00" }
  })
  const aftermath = dated.engagement.tasks.find((t) => t.stepId === "aftermath")!
  yield* say("Chen Gang 陈刚", `sets the aftermath period: the aftermath task is due ${aftermath.due?.slice(0, 16)}`)

  yield* at("2026-03-16 15:00")
  yield* engagements.execute(actor("zhou.qiang"), ID, {
    _tag: "CompleteTask",
    taskId: `${ID}/aftermath`,
    note: "Settled with the family; pipe replaced"
  })
  yield* say("Zhou Qiang 周强", "aftermath done")

  // 9. The review is due within a week: the scheduler reminds the department head the working day
  //    before, and he hands it in.
  yield* at("2026-03-18 09:00")
  yield* tick
  yield* at("2026-03-19 10:30")
  yield* engagements.execute(actor("zhou.qiang"), ID, {
    _tag: "CompleteTask",
    taskId: `${ID}/review`,
    note: "Written review, contingency plan for leaks, staff briefing"
  })
  yield* say("Zhou Qiang 周强", "hands in the review (written review and contingency plan)")
  const closed = yield* engagements.execute(actor("liu.yang"), ID, { _tag: "Close" })
  yield* say("Liu Yang 刘洋", `closes the incident: ${closed.engagement.status}`)

  // 10. The ledger (台帐): every accepted command, the emergency start flagged.
  const entries = yield* engagements.ledger(actor("chen.gang"), { engagementId: ID })
  yield* Console.log(`\nLedger (${entries.length} entries):`)
  for (const e of entries) {
    yield* Console.log(
      `  ${localTime(DateTime.toEpochMillis(e.at))}  ${e.actor.name.padEnd(16)} ${(e.to ?? e.kind).padEnd(11)} ${e.flagged ? "⚑ " : ""}${e.reason}`
    )
  }
})

// ---------------------------------------------------------------------------------------------
// Wiring: SQLite storage, the directory, the engagement service; the TestClock drives the time
// ---------------------------------------------------------------------------------------------

const database = process.env.LIAISON_INCIDENT_DB
  ? resolve(process.env.LIAISON_INCIDENT_DB)
  : join(mkdtempSync(join(tmpdir(), "liaison-incident-")), "incident.sqlite")
for (const suffix of ["", "-wal", "-shm"]) rmSync(database + suffix, { force: true })

const layer = Engagements.layer(policies).pipe(
  Layer.provideMerge(SqliteStorage.layer({ filename: database })),
  Layer.provideMerge(Directory.layerMemory(people))
)

Effect.runPromise(program.pipe(Effect.provide(layer), Effect.provide(TestContext.TestContext))).catch(
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error)
    process.exitCode = 1
  }
)
