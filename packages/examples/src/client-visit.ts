/**
 * A client visit on 2026-02-24, right after the 2026 Spring Festival break, from the reception
 * application to a closed engagement with its ledger (台帐), under the client-reception standard
 * (客户接待流程及标准, seed 001), stored in an embedded SQLite file.
 *
 * Run it: `npm run demo` (from the repository root). A second run finds the stored engagement and
 * shows it with its ledger instead of receiving the visit twice; `npm run demo -- --fresh` starts
 * over. The file is `liaison-demo.sqlite` (or `$LIAISON_DEMO_DB`). The plan is also written as an
 * ICS calendar for Outlook or a phone calendar, next to it: `liaison-demo.ics` (or
 * `$LIAISON_DEMO_ICS`).
 */
import { existsSync, rmSync, writeFileSync } from "node:fs"
import { resolve } from "node:path"
import { Ics } from "@liaison/calendars"
import {
  ApprovalRouting,
  BudgetPolicy,
  Directory,
  Dispatcher,
  Engagement,
  Engagements,
  Ledger,
  Money,
  Notifier,
  OfficialCalendars,
  ProcedureCatalog,
  ReceptionApplication,
  Reminders
} from "@liaison/core"
import { SqliteStorage } from "@liaison/sql"
import { Console, Effect, Either, Layer, TestClock, TestContext } from "effect"
import * as DateTime from "effect/DateTime"

// The people of the host app (its HR system would provide them through the Directory port).
const people: ReadonlyArray<Directory.Person> = [
  { id: "li.na", name: "Li Na 李娜", roles: ["requester" as never], department: "Marketing" },
  { id: "zhou.qiang", name: "Zhou Qiang 周强", roles: ["department-head" as never], department: "Marketing" },
  { id: "wang.fang", name: "Wang Fang 王芳", roles: ["admin-department" as never], department: "Admin" },
  { id: "zhao.lei", name: "Zhao Lei 赵磊", roles: ["admin-clerk" as never], department: "Admin" },
  { id: "chen.gang", name: "Chen Gang 陈刚", roles: ["general-manager" as never], department: "Management" },
  { id: "sun.li", name: "Sun Li 孙丽", roles: ["finance" as never], department: "Finance" }
]
const actor = (id: string): Engagement.Actor => {
  const p = people.find((x) => x.id === id)!
  return { personId: p.id, name: p.name, roles: p.roles }
}

// The reception application (接待申请单), as a form would post it.
const application = ReceptionApplication.decode({
  applicant: "Li Na 李娜",
  department: "Marketing 市场部",
  contactPerson: "Li Na 李娜",
  guestOrganisation: "Hangzhou Lakeside Furniture Co. 杭州湖畔家具有限公司",
  purpose: "Showroom visit and the 2026 dealer agreement 参观展厅、洽谈2026年经销协议",
  visitDate: "2026-02-24",
  budget: { amount: "900.00", currency: "CNY" },
  companionCount: 2,
  arrivalMode: "train",
  guests: [
    { name: "Zhou Min 周敏", title: "General manager 总经理" },
    { name: "Wu Tao 吴涛", title: "Purchasing director 采购总监" },
    { name: "Xu Jing 徐静", title: "Designer 设计师" }
  ],
  lunch: {
    place: "Riverside Restaurant 江畔餐厅",
    headcount: 5,
    budget: { amount: "560.00", currency: "CNY" },
    contact: "Wang Fang"
  },
  partTwo: {
    contactPerson: "Wang Fang 王芳",
    receptionType: "business",
    fruitAndSnacks: "fine",
    tea: ["green-tea", "mineral-water"],
    meetingRoom: { equipment: ["computer", "projector", "clicker"] },
    gifts: "simple",
    approvedByDepartmentHead: true
  },
  clientTier: "C",
  visitorLevel: "senior"
})

const ID = "visit-2026-02-24-hzlf"
const database = resolve(process.env.LIAISON_DEMO_DB ?? "liaison-demo.sqlite")
const icsFile = resolve(process.env.LIAISON_DEMO_ICS ?? `${database.replace(/\.sqlite$/, "")}.ics`)

/** The ledger (台帐) and the reception list (接待清单) of the visit, as the GM sees them. */
const report = Effect.gen(function* () {
  const engagements = yield* Engagements.Engagements
  const entries = yield* engagements.ledger(actor("chen.gang"), { engagementId: ID })
  yield* Console.log(`\nLedger (${entries.length} entries):`)
  for (const e of entries) {
    yield* Console.log(
      `  ${DateTime.formatIsoOffset(e.at).slice(0, 16)}  ${e.actor.name.padEnd(16)} ${(e.to ?? e.kind).padEnd(10)} ${e.reason}`
    )
  }
  const closed = yield* engagements.get(actor("chen.gang"), ID)
  yield* Console.log(`\nReception list (接待清单), engagement ${closed?.status}:`)
  for (const row of Ledger.receptionList(closed!)) {
    yield* Console.log(`  ${row.guestUnit} | ${row.name} | ${row.title} | ${row.place} | ${row.cost}`)
  }
})

const program = Effect.gen(function* () {
  if (Either.isLeft(application)) return yield* Console.error(application.left.message)
  const engagements = yield* Engagements.Engagements
  const calendar = OfficialCalendars.cnMainland
  yield* Console.log(`Stored in ${database}`)
  const stored = yield* engagements.get(actor("chen.gang"), ID)
  if (stored !== undefined) {
    yield* Console.log(
      `The visit is already stored (status ${stored.status}, version ${stored.version}): not received twice.` +
        " Run `npm run demo -- --fresh` to start over."
    )
    return yield* report
  }
  // The visit was announced on Monday 9 February at 10:00.
  yield* TestClock.setTime(Date.parse("2026-02-09T10:00:00+08:00"))

  yield* Console.log("Client visit on 2026-02-24 (Tuesday), announced 2026-02-09 10:00")
  yield* Console.log(`Calendar: ${calendar.id}, data ${calendar.data.version}\n`)

  // 1. The requester files the application (接待定案).
  yield* engagements.create(actor("li.na"), {
    _tag: "Create",
    id: ID as Engagement.EngagementId,
    title: "Lakeside Furniture visit 湖畔家具来访",
    procedureId: "client-reception-standard",
    counterpart: application.right.guestOrganisation,
    eventStart: "2026-02-24",
    eventEnd: "2026-02-24",
    notice: "2026-02-09T10:00:00+08:00",
    ownerId: "wang.fang",
    application: application.right
  })

  // 2. Budget check against the seed rule set, then submission for approval.
  const check = BudgetPolicy.checkApplication(BudgetPolicy.seedRuleSet, application.right)
  if (Either.isRight(check)) {
    yield* Console.log(`Budget ${Money.format(application.right.budget)} against ${BudgetPolicy.seedRuleSet.id}:`)
    yield* Console.log(`  allowance ${Money.format(check.right.proposal.allowance.total)}`)
    for (const v of check.right.proposal.verdicts) {
      yield* Console.log(`  ${v.severity.padEnd(7)} ${v.code} ${v.category ?? ""} ${v.derivation ?? ""}`)
    }
  }
  const submitted = yield* engagements.execute(actor("li.na"), ID, { _tag: "Submit" })
  const route = submitted.engagement.route!
  yield* Console.log(`\nApproval route: ${route.steps.map((s) => s.role).join(" → ")}`)

  // 3. Each approver in turn.
  for (const step of route.steps) {
    const approver = people.find((p) => p.roles.includes(step.role))!
    yield* TestClock.adjust("2 hours")
    yield* engagements.execute(actor(approver.id), ID, { _tag: "Decide", outcome: "approved" })
    yield* Console.log(`  approved by ${approver.name} (${step.role})`)
  }

  // 4. The admin department plans the reception: dated tasks with owners and explanations.
  const planned = yield* engagements.execute(actor("wang.fang"), ID, { _tag: "Plan" })
  yield* Console.log("\nPlan:")
  for (const task of planned.plan!.tasks) {
    const d = task.deadline!
    yield* Console.log(`${d.dueDate}  ${task.name.en} / ${task.name["zh-CN"]}`)
    yield* Console.log(
      `            owner: ${task.ownerRole} (${task.assignees.map((p) => p.name).join(", ") || "unassigned"})`
    )
    yield* Console.log(
      `            at planning: ${task.atPlanning?.status}, ${task.atPlanning?.workingDaysLeft} working days left`
    )
    yield* Console.log(`            ${d.explanation.sentence.en}`)
    yield* Console.log(`            ${d.explanation.sentence["zh-CN"]}\n`)
  }

  // The plan as an ICS calendar: the visit and every task's deadline in Asia/Shanghai time, with an
  // alarm a day ahead, for Outlook or a phone calendar. Re-exporting after a re-plan updates the
  // same entries (their UIDs are the task ids).
  const exported = Ics.fromPlan(planned.plan!, {
    calendar,
    stamp: yield* DateTime.now,
    engagement: planned.engagement,
    viewer: actor("wang.fang")
  })
  if (Either.isLeft(exported)) return yield* Console.error(exported.left.message)
  yield* Effect.try(() => writeFileSync(icsFile, exported.right.ics))
  yield* Console.log(`Plan written as an ICS calendar (${exported.right.entries.length} entries): ${icsFile}\n`)

  // Reminders: the next morning's tick writes due-soon reminders and digests to the outbox, and
  // the dispatcher delivers what is waiting (the assignments of the plan too), here on the console.
  yield* TestClock.setTime(Date.parse("2026-02-10T08:30:00+08:00"))
  const tick = yield* Reminders.tick({ calendar, procedures: ProcedureCatalog.builtIn })
  yield* Console.log(`Reminders at 2026-02-10 08:30: ${tick.written.length} written to the outbox. Sending:`)
  const sent = yield* Dispatcher.runOnce({ workerId: "demo", batchSize: 100 }).pipe(
    Effect.provide(Notifier.layerConsole({ locales: ["en"] }))
  )
  yield* Console.log(`Delivered ${sent.delivered} notifications.\n`)

  // 5. Each task is done a little before it is due; the visit starts, is held, and is settled
  //    against the frozen budget.
  const id = ID
  for (const task of planned.plan!.tasks) {
    const due = task.deadline!.dueMillis
    if (task.stepId === "on-site") {
      yield* TestClock.setTime(Date.parse("2026-02-24T09:00:00+08:00"))
      yield* engagements.execute(actor("wang.fang"), id, { _tag: "Start" })
    }
    if (task.stepId === "summary") yield* engagements.execute(actor("wang.fang"), id, { _tag: "Hold" })
    yield* TestClock.setTime(due - 3 * 3_600_000)
    const who = task.ownerRole === "requester" ? "li.na" : "wang.fang"
    yield* engagements.execute(actor(who), id, { _tag: "CompleteTask", taskId: task.id })
  }
  yield* TestClock.setTime(Date.parse("2026-02-27T16:00:00+08:00"))
  const settled = yield* engagements.execute(actor("sun.li"), id, {
    _tag: "Settle",
    expenses: [
      { category: "meals", amount: Money.yuan(538), meal: "lunch", headcount: 5, invoice: "044031900111-07731208" }
    ] as never
  })
  yield* Console.log(`Settlement against the frozen budget: ${settled.engagement.settlement?.outcome}`)
  yield* engagements.execute(actor("wang.fang"), id, { _tag: "Close" })

  // 6. The ledger (台帐) and the reception list (接待清单).
  yield* report
})

const policies: Engagement.Policies = {
  routing: ApprovalRouting.seed,
  budget: BudgetPolicy.seedRuleSet,
  access: Engagement.defaultAccess,
  calendar: OfficialCalendars.cnMainland,
  procedures: ProcedureCatalog.builtIn
}

if (process.argv.includes("--fresh")) {
  for (const suffix of ["", "-wal", "-shm"]) if (existsSync(database + suffix)) rmSync(database + suffix)
  rmSync(icsFile, { force: true })
}

const storage = SqliteStorage.layer({ filename: database })
const layer = Engagements.layer(policies).pipe(
  Layer.provideMerge(storage),
  Layer.provideMerge(Directory.layerMemory(people))
)

Effect.runPromise(program.pipe(Effect.provide(layer), Effect.provide(TestContext.TestContext))).catch(
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error)
    process.exitCode = 1
  }
)
