/**
 * Values the storage contracts write and read back: engagements, ledger entries and outbox
 * messages built with the library's own constructors, from the smallest to one with every field
 * filled with the awkward (money at its bounds and in 0- and 3-digit currencies, instants in named
 * and fixed-offset zones with milliseconds, a nested application, unicode, emoji, quotes, SQL).
 */
import { randomUUID } from "node:crypto"
import * as DateTime from "effect/DateTime"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import { Engagement, Ledger, LocalDate, Money, Outbox } from "../../src/index.js"
import { actor, decodeApplication, policies } from "../engagementFixtures.js"
import { sampleApplication } from "../receptionFixtures.js"

/** A fresh prefix per test, so that tests sharing a store never see each other's rows. */
export const fresh = Effect.sync(() => `t${randomUUID().replaceAll("-", "").slice(0, 12)}`)

export const at = (iso: string, zone: string | number = "Asia/Shanghai"): DateTime.Zoned => {
  const millis = Date.parse(iso)
  if (Number.isNaN(millis)) throw new Error(`not an instant: ${iso}`)
  return DateTime.unsafeMakeZoned(millis, { timeZone: zone })
}

export const AT = at("2026-03-01T09:30:00+08:00")
export const clerk = { personId: "zhao.lei", name: "Zhao Lei 赵磊" }

/** Text a careless adapter would mangle: quotes, backslashes, SQL, emoji (with joiners), astral CJK. */
export const AWKWARD = `Visit "VIP" 'O'Brien' \\ back\\slash %s $1 '); DROP TABLE engagements; -- 🎉👨‍👩‍👧 𠀀𪚥 湖畔家具 Ünïcødé\n第二行\tend`

/** The smallest engagement: no optional field. */
export const draft = (id: string, overrides: Partial<Engagement.Engagement> = {}): Engagement.Engagement => ({
  id: id as Engagement.EngagementId,
  version: 0,
  status: "draft",
  title: "Visit 来访",
  procedureId: "client-reception-standard",
  counterpart: "华东家具集团",
  confidential: false,
  emergency: false,
  requesterId: "li.na",
  ownerId: "wang.fang",
  eventStart: "2026-03-10",
  decisions: [],
  tasks: [],
  createdAt: AT,
  updatedAt: AT,
  ...overrides
})

/** The engagement one version on, with some fields changed. */
export const next = (
  e: Engagement.Engagement,
  changes: Partial<Engagement.Engagement> = {}
): Engagement.Engagement => ({
  ...e,
  ...changes,
  version: e.version + 1,
  updatedAt: DateTime.add(e.updatedAt, { minutes: 1 })
})

/** The ledger entry of a change to `e` (at its version). */
export const entryOf = (e: Engagement.Engagement, reason: string, when: DateTime.Zoned = e.updatedAt): Ledger.Entry =>
  Ledger.fromTransition(e, clerk, when, e.version === 0 ? "Create" : "Edit", undefined, e.status, reason)

/** A message about `e` (at its version). */
export const messageOf = (e: Engagement.Engagement, template: Outbox.Template = "approval-needed"): Outbox.Message =>
  Outbox.message(e, e.updatedAt, template, { roles: ["department-head"], personIds: ["li.na"] }, { step: "definition" })

/** The change that inserts `e`, with its ledger entry. */
export const insertion = (e: Engagement.Engagement) => ({
  engagement: e,
  expectedVersion: undefined,
  ledger: [entryOf(e, "created")],
  outbox: []
})

/** A value as storage gives it back: through its Schema's encoding and JSON (plain data, no getters). */
export const plain = <A, I>(schema: Schema.Schema<A, I>, value: A): A =>
  Schema.decodeUnknownSync(schema)(JSON.parse(JSON.stringify(Schema.encodeSync(schema)(value))))

const accepted = (result: Either.Either<Engagement.Decision, Engagement.CommandError>): Engagement.Decision => {
  if (Either.isLeft(result)) throw new Error(result.left.message)
  return result.right
}

/**
 * An engagement with every field filled: created from a full application, approved by two,
 * planned with a task done, settled against its frozen budget; then given a cancellation record,
 * the awkward text, money at its bounds and instants in several zones.
 */
export const everyField = (id: string): Engagement.Engagement => {
  const application = decodeApplication({
    ...sampleApplication,
    budget: { amount: "4200.00", currency: "CNY" },
    purpose: AWKWARD,
    guests: [...sampleApplication.guests, { name: 'O\'Brien "Ned" 🎉', title: "顾问\\Adviser" }],
    companionCount: 3
  })
  const t0 = at("2026-03-01T09:30:00.123+08:00")
  let d = accepted(
    Engagement.create(
      policies,
      actor("li.na"),
      {
        _tag: "Create",
        id: id as Engagement.EngagementId,
        title: AWKWARD,
        procedureId: "client-reception-standard",
        counterpart: `华东家具集团 ${AWKWARD}`,
        eventStart: "2026-03-10T09:30:00+08:00",
        eventEnd: "2026-03-11",
        notice: "2026-03-01T09:00:00.5+08:00",
        anchors: { departureArrival: "2026-03-11T18:45:00+08:00", "weird key ✓'\"": "2026-03-12" },
        ownerId: "wang.fang",
        confidential: true,
        application
      },
      t0
    )
  )
  const go = (who: string, command: Engagement.Command, minutes: number) => {
    d = accepted(Engagement.decide(policies, d.engagement, actor(who), command, DateTime.add(t0, { minutes })))
  }
  go("li.na", { _tag: "Submit" }, 1)
  go("zhou.qiang", { _tag: "Decide", outcome: "approved", note: `同意 ${AWKWARD}` }, 2)
  go("chen.gang", { _tag: "Decide", outcome: "approved" }, 3)
  go("wang.fang", { _tag: "Plan" }, 4)
  go("li.na", { _tag: "CompleteTask", taskId: `${id}/definition`, note: AWKWARD }, 5)
  go("wang.fang", { _tag: "Start" }, 6)
  go("wang.fang", { _tag: "Hold" }, 7)
  // Finance has no clearance for a confidential engagement: the general manager settles it.
  go(
    "chen.gang",
    {
      _tag: "Settle",
      expenses: [
        {
          category: "meals",
          meal: "dinner",
          date: LocalDate.unsafeMake("2026-03-10"),
          amount: Money.fen(110_001),
          invoice: "044031900111-07731208"
        },
        { category: "lodging", amount: Money.yuan(1300), nights: 1, rooms: 2, venue: "金陵饭店", item: AWKWARD }
      ]
    },
    8
  )
  const e = d.engagement
  return plain(Engagement.Engagement, {
    ...e,
    level: "special",
    receptionType: "business",
    budget: Money.make(Money.MAX_MINOR, Money.CNY),
    cancellation: { reason: AWKWARD, by: "li.na", at: at("2026-03-09T23:59:59.999-05:00", "America/New_York") },
    createdAt: at("2026-03-01T09:30:00.123+05:45", 5 * 3_600_000 + 45 * 60_000),
    updatedAt: at("2026-03-31T23:59:59.999+08:00")
  })
}

/** A ledger entry with every field filled. */
export const everyEntryField = (id: string, engagementId: string): Ledger.Entry => {
  const verdicts = everyField(engagementId).approvedBudget!.report.verdicts
  return plain(Ledger.Entry, {
    id,
    at: at("2026-03-31T23:30:00.007+08:00"),
    actor: { personId: "sun.li", name: `Sun Li 孙丽 ${AWKWARD}` },
    kind: "transition",
    engagementId,
    command: "Settle",
    from: "held",
    to: "settled",
    reason: AWKWARD,
    counterpart: `华东家具集团 ${AWKWARD}`,
    tier: "A",
    ownerId: "wang.fang",
    amount: Money.make(1_234_567, "KWD" as Money.Currency),
    taskId: `${engagementId}/definition`,
    flagged: true,
    invoices: ["044031900111-07731208", AWKWARD],
    verdicts,
    ruleSet: { id: "liaison.seed", version: "seed-1" },
    situation: AWKWARD,
    result: "顺利 ✓",
    confidential: true
  })
}
