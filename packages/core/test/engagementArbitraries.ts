/**
 * Random engagements and random command sequences from random actors (fast-check 4), for the
 * lifecycle laws.
 *
 * A sequence mixes two kinds of step: a random step (any command of any shape, from anyone) and a
 * guided step, which picks among the commands that would move the engagement on in its current
 * state and among actors likely — but not sure — to be allowed. Random steps alone would almost
 * never get past an approval; guided steps alone would never try the absurd.
 */
import * as DateTime from "effect/DateTime"
import fc from "fast-check"
import { type Engagement, type Expense, LocalDate, Money, ProcedureCatalog } from "../src/index.js"
import { actor, application, applicationWith, type CreateCommand } from "./engagementFixtures.js"

export const LAW_ID = "law-visit-1" as Engagement.EngagementId
export const LAW_START = DateTime.unsafeMakeZoned(Date.parse("2026-03-01T09:00:00+08:00"), {
  timeZone: "Asia/Shanghai"
})

/** Everyone who may act: every role of the default policy, parties, and people without grants. */
export const pool: ReadonlyArray<Engagement.Actor> = [
  "li.na",
  "liu.yang",
  "zhou.qiang",
  "wang.fang",
  "zhao.lei",
  "chen.gang",
  "he.jing",
  "sun.li",
  "qian.yu",
  "gu.yan"
].map(actor)

const procedures = ["client-reception-standard", "incident-response", "visit-reception"] as const

const stepIds = [...new Set(procedures.flatMap((id) => ProcedureCatalog.builtIn.get(id)?.steps.map((s) => s.id) ?? []))]

const applications = [
  application,
  applicationWith({ visitorLevel: "ordinary" }), // blocks at Submit
  applicationWith({ visitorLevel: "special" }), // two approvers
  applicationWith({ budget: { amount: "500.00", currency: "CNY" } }), // item budgets above the budget
  applicationWith({ clientTier: "A" }) // confidential, two approvers
]

const money: fc.Arbitrary<Money.Money> = fc.oneof(
  { arbitrary: fc.integer({ min: 0, max: 2_000_000 }).map(Money.fen), weight: 9 },
  { arbitrary: fc.constant(Money.make(10_000, "USD" as Money.Currency)), weight: 1 }
)
const text = fc.constantFrom("Visit 来访", 'Lakeside 湖畔 "VIP" 🎉', "改期 rescheduled", "O'Brien & 周")
const moment = fc.constantFrom("2026-03-10", "2026-03-12", "2026-03-10T09:30:00+08:00", "2026-02-27")
const personId = fc.constantFrom("li.na", "wang.fang", "zhao.lei", "chen.gang", "nobody")

const line: fc.Arbitrary<Expense.ExpenseLine> = fc.record(
  {
    category: fc.constantFrom("meals" as const, "lodging" as const, "gifts" as const),
    amount: money,
    invoice: fc.constantFrom("INV-1", "INV-2", "INV-3"),
    date: fc.constant(LocalDate.unsafeMake("2026-03-10"))
  },
  { requiredKeys: ["category", "amount"] }
)

/** Any command, of any shape the Schema allows. */
export const anyCommand: fc.Arbitrary<Engagement.Command> = fc.oneof(
  fc.constant<Engagement.Command>({
    _tag: "Create",
    id: LAW_ID,
    title: "Again 再建",
    procedureId: "client-reception-standard",
    counterpart: "Someone",
    eventStart: "2026-03-10"
  }),
  fc
    .record(
      {
        title: text,
        counterpart: text,
        tier: fc.constantFrom("A", "B", "C", "D"),
        confidential: fc.boolean(),
        eventStart: moment,
        eventEnd: moment,
        anchors: fc.constant({ aftermathDue: "2026-03-20" }),
        ownerId: personId
      },
      { requiredKeys: [] }
    )
    .map((c): Engagement.Command => ({ _tag: "Edit", ...c })),
  fc
    .record({ budget: money, application: fc.constantFrom(...applications) }, { requiredKeys: [] })
    .map((c): Engagement.Command => ({ _tag: "EditBudget", ...c })),
  fc.constant<Engagement.Command>({ _tag: "Submit" }),
  fc
    .record(
      { outcome: fc.constantFrom("approved" as const, "rejected" as const), note: fc.constantFrom("同意", "预算过高") },
      { requiredKeys: ["outcome"] }
    )
    .map((c): Engagement.Command => ({ _tag: "Decide", ...c })),
  fc.constant<Engagement.Command>({ _tag: "Plan" }),
  fc.constant<Engagement.Command>({ _tag: "Start" }),
  fc
    .record(
      { taskId: fc.constantFrom(...stepIds.map((s) => `${LAW_ID}/${s}`), "no-such-task"), note: text },
      {
        requiredKeys: ["taskId"]
      }
    )
    .map((c): Engagement.Command => ({ _tag: "CompleteTask", ...c })),
  fc.constant<Engagement.Command>({ _tag: "Hold" }),
  fc.array(line, { maxLength: 3 }).map((expenses): Engagement.Command => ({ _tag: "Settle", expenses })),
  fc.constant<Engagement.Command>({ _tag: "Close" }),
  text.map((reason): Engagement.Command => ({ _tag: "Cancel", reason }))
)

/** One step: a random one, or a guided one resolved against the engagement's state. */
export type Step =
  | { readonly _tag: "Random"; readonly actor: Engagement.Actor; readonly command: Engagement.Command }
  | {
      readonly _tag: "Guided"
      readonly pick: number
      readonly who: number
      readonly expenses: ReadonlyArray<Expense.ExpenseLine>
    }

export const step: fc.Arbitrary<{ readonly step: Step; readonly minutes: number }> = fc.record({
  step: fc.oneof(
    {
      arbitrary: fc
        .record({ actor: fc.constantFrom(...pool), command: anyCommand })
        .map((s): Step => ({ _tag: "Random", ...s })),
      weight: 1
    },
    {
      arbitrary: fc
        .record({ pick: fc.nat(), who: fc.nat(), expenses: fc.array(line, { maxLength: 2 }) })
        .map((s): Step => ({ _tag: "Guided", ...s })),
      weight: 4
    }
  ),
  minutes: fc.integer({ min: 0, max: 2 * 24 * 60 })
})

/** The command and actor a step stands for, on an engagement. */
export const resolve = (s: Step, e: Engagement.Engagement): readonly [Engagement.Actor, Engagement.Command] => {
  if (s._tag === "Random") return [s.actor, s.command]
  const undone = e.tasks.find((t) => t.done === undefined)
  const task: Engagement.Command = { _tag: "CompleteTask", taskId: undone?.id ?? `${e.id}/definition` }
  const byStatus: Record<Engagement.Status, ReadonlyArray<Engagement.Command>> = {
    draft: [{ _tag: "Submit" }, { _tag: "Start" }, { _tag: "EditBudget", budget: Money.yuan(800) }],
    submitted: [
      { _tag: "Decide", outcome: "approved" },
      { _tag: "Decide", outcome: "approved" },
      { _tag: "Decide", outcome: "rejected" }
    ],
    rejected: [{ _tag: "EditBudget", application }, { _tag: "Submit" }, { _tag: "Cancel", reason: "不再接待" }],
    approved: [{ _tag: "Plan" }, { _tag: "Edit", eventStart: "2026-03-12" }],
    planned: [{ _tag: "Start" }, task, { _tag: "Plan" }],
    inProgress: [{ _tag: "Hold" }, { _tag: "Decide", outcome: "approved" }, task],
    held: [{ _tag: "Settle", expenses: s.expenses }, task],
    settled: [{ _tag: "Close" }, { _tag: "Decide", outcome: "approved" }],
    closed: [{ _tag: "Close" }, { _tag: "Cancel", reason: "太晚" }],
    cancelled: [{ _tag: "Submit" }, { _tag: "Cancel", reason: "再取消" }]
  }
  const options = byStatus[e.status]
  const command = options[s.pick % options.length]!
  const party = (id: string) => pool.find((p) => p.personId === id) ?? actor("qian.yu")
  const candidates: ReadonlyArray<Engagement.Actor> =
    command._tag === "Decide"
      ? [actor("zhou.qiang"), actor("chen.gang"), party(e.requesterId)]
      : command._tag === "Settle"
        ? [actor("sun.li"), actor("chen.gang"), party(e.ownerId)]
        : command._tag === "Submit" || command._tag === "EditBudget" || command._tag === "Cancel"
          ? [party(e.requesterId), actor("chen.gang"), actor("wang.fang")]
          : [party(e.ownerId), actor("chen.gang"), actor("wang.fang"), party(e.requesterId)]
  return [candidates[s.who % candidates.length]!, command]
}

/** The Create command of a random engagement, and who creates it (someone allowed to). */
export const initial: fc.Arbitrary<{ readonly by: Engagement.Actor; readonly command: CreateCommand }> = fc
  .record(
    {
      procedureId: fc.constantFrom(...procedures),
      emergency: fc.boolean(),
      confidential: fc.boolean(),
      tier: fc.constantFrom("A", "B", "C", "D"),
      application: fc.constantFrom(...applications),
      budget: money,
      ownerId: fc.constantFrom("li.na", "wang.fang", "zhao.lei")
    },
    { requiredKeys: ["procedureId", "emergency"] }
  )
  .chain((fields) =>
    fc.constantFrom("li.na", "wang.fang", "zhou.qiang", "chen.gang").map((by) => ({
      by: actor(by),
      command: {
        _tag: "Create" as const,
        id: LAW_ID,
        title: "Law visit 规律来访",
        counterpart: "Guest unit 来宾单位",
        eventStart: "2026-03-10",
        eventEnd: "2026-03-10",
        notice: "2026-03-01T09:00:00+08:00",
        ...fields
      }
    }))
  )
