/**
 * The ledger (台帐): an append-only record of every contact and reception, every transition,
 * approval, budget verdict and completed task, with actor, time and reason.
 *
 * Entries are never changed or removed. Reports are computed from them: the reception list
 * (接待清单) of an engagement, the quarterly cost summary, and anomaly checks (the same guest again
 * within 15 days blocks and within 30 days warns; an invoice number used twice).
 *
 * @since 0.1.0
 */
import * as DateTime from "effect/DateTime"
import * as Schema from "effect/Schema"
import * as BudgetPolicy from "./BudgetPolicy.js"
import * as LocalDate from "./LocalDate.js"
import * as Money from "./Money.js"
import * as PersonalData from "./PersonalData.js"
import * as ReceptionApplication from "./ReceptionApplication.js"
import { ZonedDateTime } from "./ZonedDateTime.js"

/**
 * A ledger entry.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Entry = Schema.Struct({
  /** `<engagement>#<version>` for a command's entry; unique. */
  id: Schema.NonEmptyTrimmedString,
  at: ZonedDateTime,
  actor: Schema.Struct({ personId: Schema.String, name: Schema.String }),
  kind: Schema.Literal("transition", "budgetVerdicts", "contact"),
  engagementId: Schema.optionalWith(Schema.String, { exact: true }),
  command: Schema.optionalWith(Schema.String, { exact: true }),
  from: Schema.optionalWith(Schema.String, { exact: true }),
  to: Schema.optionalWith(Schema.String, { exact: true }),
  reason: Schema.String,
  /** The counterpart unit or guest organisation (外联单位 / 来宾单位). */
  counterpart: Schema.String,
  tier: Schema.optionalWith(Schema.String, { exact: true }),
  ownerId: Schema.String,
  amount: Schema.optionalWith(Money.Money, { exact: true }),
  taskId: Schema.optionalWith(Schema.String, { exact: true }),
  /** An emergency action, or a settlement over its approved budget. */
  flagged: Schema.optionalWith(Schema.Boolean, { exact: true }),
  invoices: Schema.optionalWith(Schema.Array(Schema.String), { exact: true }),
  verdicts: Schema.optionalWith(Schema.Array(BudgetPolicy.Verdict), { exact: true }),
  ruleSet: Schema.optionalWith(Schema.Struct({ id: Schema.String, version: Schema.String }), { exact: true }),
  /** For a contact (P1 台帐): the situation and the result. */
  situation: Schema.optionalWith(Schema.String, { exact: true }),
  result: Schema.optionalWith(Schema.String, { exact: true }),
  confidential: Schema.Boolean
}).annotations({ identifier: "LedgerEntry" })

/**
 * @since 0.1.0
 * @category models
 */
export interface Entry extends Schema.Schema.Type<typeof Entry> {}

/**
 * @since 0.1.0
 * @category models
 */
export type EntryEncoded = Schema.Schema.Encoded<typeof Entry>

/**
 * What the ledger needs of an engagement (structural, so this module does not import it).
 *
 * @since 0.1.0
 * @category models
 */
export interface EngagementRef {
  readonly id: string
  readonly version: number
  readonly counterpart: string
  readonly tier?: string
  readonly ownerId: string
  readonly confidential: boolean
  /** Its application, whose marked personal data no entry repeats ({@link withoutPersonalData}). */
  readonly application?: ReceptionApplication.ReceptionApplication
}

/**
 * Free text of an entry with the personal data of the engagement's application (guests' names,
 * phones, ID numbers, plates, contacts) replaced by the path it came from (`‹guests[1].name›`):
 * the ledger is append-only, so what it must not keep for ever it never receives. Budget verdicts
 * name the guest they measured (a repeat visit, a guest the letter does not name); the reasons of
 * transitions repeat titles and notes that may name them.
 *
 * @since 0.1.0
 * @category constructors
 */
export const withoutPersonalData = (e: Pick<EngagementRef, "application">, text: string): string => {
  if (e.application === undefined) return text
  const values = PersonalData.identifying(
    PersonalData.valuesOf(ReceptionApplication.ReceptionApplication, e.application)
  )
  return PersonalData.scrub(text, values, (v) => `‹${v.path ?? "personal data"}›`)
}

const scrubVerdict = (e: EngagementRef, v: BudgetPolicy.Verdict): BudgetPolicy.Verdict => ({
  ...v,
  subject: withoutPersonalData(e, v.subject),
  derivation: withoutPersonalData(e, v.derivation),
  message: withoutPersonalData(e, v.message)
})

const confidentialOf = (e: EngagementRef) => e.confidential || e.tier === "A"

/**
 * The entry of an accepted command.
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromTransition = (
  e: EngagementRef,
  actor: { readonly personId: string; readonly name: string },
  at: DateTime.Zoned,
  command: string,
  from: string | undefined,
  to: string,
  reason: string,
  extra?: Partial<Entry>
): Entry => ({
  id: `${e.id}#${e.version}`,
  at,
  actor: { personId: actor.personId, name: actor.name },
  kind: "transition",
  engagementId: e.id,
  command,
  ...(from !== undefined ? { from } : {}),
  to,
  reason: withoutPersonalData(e, reason),
  counterpart: e.counterpart,
  ...(e.tier !== undefined ? { tier: e.tier } : {}),
  ownerId: e.ownerId,
  confidential: confidentialOf(e),
  ...extra
})

/**
 * The entry recording the budget verdicts of a submission (the engagement before the command).
 *
 * @since 0.1.0
 * @category constructors
 */
export const budgetVerdicts = (
  e: EngagementRef,
  actor: { readonly personId: string; readonly name: string },
  at: DateTime.Zoned,
  ruleSet: { readonly id: string; readonly version: string },
  verdicts: ReadonlyArray<BudgetPolicy.Verdict>
): Entry => ({
  id: `${e.id}#${e.version + 1}/verdicts`,
  at,
  actor: { personId: actor.personId, name: actor.name },
  kind: "budgetVerdicts",
  engagementId: e.id,
  command: "Submit",
  reason: `budget checked against ${ruleSet.id} ${ruleSet.version}: ${BudgetPolicy.worst(verdicts)}`,
  counterpart: e.counterpart,
  ...(e.tier !== undefined ? { tier: e.tier } : {}),
  ownerId: e.ownerId,
  verdicts: e.application === undefined ? verdicts : verdicts.map((v) => scrubVerdict(e, v)),
  ruleSet: { id: ruleSet.id, version: ruleSet.version },
  confidential: confidentialOf(e)
})

/**
 * A contact ledger entry (P1/P2: 外联台帐), outside any engagement: target, situation, result, cost.
 *
 * @since 0.1.0
 * @category constructors
 */
export const contact = (input: {
  readonly id: string
  readonly at: DateTime.Zoned
  readonly actor: { readonly personId: string; readonly name: string }
  readonly counterpart: string
  readonly situation: string
  readonly result: string
  readonly cost?: Money.Money
  readonly ownerId: string
  readonly confidential?: boolean
}): Entry => ({
  id: input.id,
  at: input.at,
  actor: input.actor,
  kind: "contact",
  reason: `${input.situation} → ${input.result}`,
  counterpart: input.counterpart,
  ownerId: input.ownerId,
  situation: input.situation,
  result: input.result,
  ...(input.cost ? { amount: input.cost } : {}),
  confidential: input.confidential ?? false
})

// ---------------------------------------------------------------------------------------------
// Queries
// ---------------------------------------------------------------------------------------------

/**
 * A ledger query. Every given field must match; `from` and `to` bound the entry's instant
 * (inclusive), given as instants or dates (a date `to` includes the whole day in UTC+0 terms of
 * the instant's own offset: compare by the entry's local date).
 *
 * @since 0.1.0
 * @category queries
 */
export interface Query {
  readonly from?: LocalDate.LocalDate
  readonly to?: LocalDate.LocalDate
  readonly engagementId?: string
  readonly counterpart?: string
  readonly tier?: string
  readonly ownerId?: string
  readonly kinds?: ReadonlyArray<Entry["kind"]>
}

/**
 * The local date of an entry (in the zone it was recorded in).
 *
 * @since 0.1.0
 * @category queries
 */
export const dateOf = (entry: Entry): LocalDate.LocalDate => {
  const p = DateTime.toParts(entry.at)
  return `${String(p.year).padStart(4, "0")}-${String(p.month).padStart(2, "0")}-${String(p.day).padStart(2, "0")}` as LocalDate.LocalDate
}

/**
 * Whether an entry matches a query. Storage adapters answer the same question in SQL; this is the
 * reference.
 *
 * @since 0.1.0
 * @category queries
 */
export const matches = (entry: Entry, query: Query): boolean => {
  if (query.engagementId !== undefined && entry.engagementId !== query.engagementId) return false
  if (query.counterpart !== undefined && entry.counterpart !== query.counterpart) return false
  if (query.tier !== undefined && entry.tier !== query.tier) return false
  if (query.ownerId !== undefined && entry.ownerId !== query.ownerId) return false
  if (query.kinds !== undefined && !query.kinds.includes(entry.kind)) return false
  if (query.from !== undefined || query.to !== undefined) {
    const d = dateOf(entry)
    if (query.from !== undefined && d < query.from) return false
    if (query.to !== undefined && d > query.to) return false
  }
  return true
}

// ---------------------------------------------------------------------------------------------
// Reports
// ---------------------------------------------------------------------------------------------

/**
 * One row of a reception list (接待清单): guest unit, name, title, activity, time, place, cost.
 *
 * @since 0.1.0
 * @category reports
 */
export interface ReceptionListRow {
  readonly guestUnit: string
  readonly name: string
  readonly title: string
  readonly activity: string
  readonly time: string
  readonly place: string
  readonly cost: string
}

/**
 * The reception list of an engagement (接待清单), one row per guest; the cost is the settled total
 * when settled, else the approved budget, on the lead guest's row.
 *
 * @since 0.1.0
 * @category reports
 */
export const receptionList = (engagement: {
  readonly counterpart: string
  readonly title: string
  readonly eventStart: string
  readonly application?: ReceptionApplication.ReceptionApplication
  readonly budget?: Money.Money
  readonly settlement?: { readonly report: { readonly spent: { readonly total: Money.Money } } }
}): ReadonlyArray<ReceptionListRow> => {
  const app = engagement.application
  const place = app?.lunch?.place ?? app?.dinner?.place ?? app?.hotel?.hotel ?? ""
  const cost = engagement.settlement?.report.spent.total ?? engagement.budget
  const guests = app?.guests ?? []
  const rows = guests.length > 0 ? guests : [{ name: "", title: "" }]
  return rows.map((g, i) => ({
    guestUnit: app?.guestOrganisation ?? engagement.counterpart,
    name: g.name,
    title: g.title,
    activity: app?.purpose ?? engagement.title,
    time: engagement.eventStart,
    place,
    cost: i === 0 && cost ? Money.format(cost) : ""
  }))
}

/**
 * Costs by quarter: the settled amounts of the ledger (settlement entries and contacts with a
 * cost), per currency, by tier and by counterpart.
 *
 * @since 0.1.0
 * @category reports
 */
export interface QuarterCosts {
  readonly quarter: string
  readonly currency: string
  readonly total: Money.Money
  readonly byTier: ReadonlyArray<{ readonly tier: string; readonly total: Money.Money }>
  readonly byCounterpart: ReadonlyArray<{ readonly counterpart: string; readonly total: Money.Money }>
  readonly entries: number
}

/**
 * The quarterly cost summary of ledger entries.
 *
 * @since 0.1.0
 * @category reports
 */
export const quarterlyCosts = (entries: ReadonlyArray<Entry>): ReadonlyArray<QuarterCosts> => {
  const groups = new Map<string, Array<Entry>>()
  for (const e of entries) {
    const costed = e.amount !== undefined && (e.kind === "contact" || e.command === "Settle")
    if (!costed) continue
    const d = dateOf(e)
    const quarter = `${d.slice(0, 4)}-Q${Math.floor((Number(d.slice(5, 7)) - 1) / 3) + 1}`
    const key = `${quarter} ${e.amount!.currency}`
    groups.set(key, [...(groups.get(key) ?? []), e])
  }
  const sumBy = (list: ReadonlyArray<Entry>, keyOf: (e: Entry) => string) => {
    const totals = new Map<string, number>()
    for (const e of list) totals.set(keyOf(e), (totals.get(keyOf(e)) ?? 0) + e.amount!.minor)
    return [...totals.entries()].sort(([a], [b]) => a.localeCompare(b))
  }
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, list]) => {
      const [quarter, currency] = key.split(" ") as [string, string]
      const c = currency as Money.Currency
      return {
        quarter,
        currency,
        total: Money.make(
          list.reduce((s, e) => s + e.amount!.minor, 0),
          c
        ),
        byTier: sumBy(list, (e) => e.tier ?? "-").map(([tier, minor]) => ({ tier, total: Money.make(minor, c) })),
        byCounterpart: sumBy(list, (e) => e.counterpart).map(([counterpart, minor]) => ({
          counterpart,
          total: Money.make(minor, c)
        })),
        entries: list.length
      }
    })
}

/**
 * An anomaly the ledger shows.
 *
 * @since 0.1.0
 * @category reports
 */
export type Anomaly =
  | {
      readonly _tag: "RepeatGuest"
      readonly severity: "warning" | "block"
      readonly guest: { readonly organisation: string; readonly name: string }
      readonly engagements: readonly [string, string]
      readonly daysApart: number
    }
  | {
      readonly _tag: "DuplicateInvoice"
      readonly severity: "block"
      readonly invoice: string
      readonly entries: ReadonlyArray<string>
    }

const sameGuest = (s: string): string => s.trim().toLowerCase()

/**
 * Anomaly checks over receptions and the ledger: the same guest (organisation and name, case and
 * surrounding spaces aside) received again within `blockWithinDays` (default 15) blocks, within
 * `warnWithinDays` (default 30) warns; an invoice number in more than one settlement blocks.
 *
 * @since 0.1.0
 * @category reports
 */
export const anomalies = (
  receptions: ReadonlyArray<{
    readonly id: string
    readonly eventStart: string
    readonly status?: string
    readonly application?: Pick<ReceptionApplication.ReceptionApplication, "guestOrganisation" | "guests">
  }>,
  entries: ReadonlyArray<Entry>,
  options: { readonly blockWithinDays?: number; readonly warnWithinDays?: number } = {}
): ReadonlyArray<Anomaly> => {
  const block = options.blockWithinDays ?? 15
  const warn = options.warnWithinDays ?? 30
  const out: Array<Anomaly> = []
  const seen = new Map<string, Array<{ id: string; day: number }>>()
  const live = receptions
    .filter((r) => r.status !== "cancelled" && r.status !== "rejected")
    .map((r) => ({ r, day: LocalDate.toEpochDay(r.eventStart.slice(0, 10)) }))
    .sort((a, b) => a.day - b.day || a.r.id.localeCompare(b.r.id))
  for (const { day, r } of live) {
    for (const g of r.application?.guests ?? []) {
      // The same guest as the budget check's repeat-visit rule sees it: case and spaces aside.
      const key = `${sameGuest(r.application!.guestOrganisation)}\u0000${sameGuest(g.name)}`
      for (const earlier of seen.get(key) ?? []) {
        const apart = day - earlier.day
        if (earlier.id !== r.id && apart <= warn) {
          out.push({
            _tag: "RepeatGuest",
            severity: apart <= block ? "block" : "warning",
            guest: { organisation: r.application!.guestOrganisation, name: g.name },
            engagements: [earlier.id, r.id],
            daysApart: apart
          })
        }
      }
      seen.set(key, [...(seen.get(key) ?? []), { id: r.id, day }])
    }
  }
  const invoices = new Map<string, Array<string>>()
  for (const e of entries) {
    // One invoice may cover several lines of one settlement.
    for (const inv of new Set(e.invoices ?? [])) invoices.set(inv, [...(invoices.get(inv) ?? []), e.id])
  }
  for (const [invoice, ids] of invoices) {
    if (ids.length > 1) out.push({ _tag: "DuplicateInvoice", severity: "block", invoice, entries: ids })
  }
  return out
}
