/**
 * Retention and requests about guests' personal data in stored engagements: anonymise the guests of
 * finished engagements a host-chosen number of days after they finished, and find, export and erase
 * one person's data on request.
 *
 * An engagement is anonymised with {@link anonymised}: every field marked as personal data
 * (`PersonalData`) is removed when optional or replaced by a placeholder (`匿名 anonymised <n>`),
 * and the values it held are replaced inside the engagement's free text (title, purpose, welcome
 * message, notes, the reason for cancelling) by `‹anonymised›`. Counts, money, dates, organisations
 * and statuses stay as they were, and so do the ledger's totals and the reception list's rows: the
 * ledger never held the marked values (`Ledger.withoutPersonalData`), so its append-only rows need no
 * change. The change is committed like any other (version + 1, atomically, guarded by the version)
 * with one ledger entry (`command: "Anonymise"` or `"Erase"`) that says it happened.
 *
 * Never while an engagement is open (not closed, cancelled or rejected) or a follow-up task (thanks,
 * callback, after-sales call, survey follow-up, feedback, review, summary) is not done: retention
 * skips it, and an erasure request naming it is refused with {@link PersonInOpenEngagements}.
 *
 * @since 0.1.0
 */
import * as DateTime from "effect/DateTime"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as Engagement from "./Engagement.js"
import * as EngagementRepo from "./EngagementRepo.js"
import * as Ledger from "./Ledger.js"
import type * as Outbox from "./Outbox.js"
import * as PersonalData from "./PersonalData.js"
import * as Roster from "./Roster.js"
import type { StorageError } from "./StorageError.js"

/**
 * A host app's retention policy: anonymise the guests of an engagement this many days after it
 * finished (closed, cancelled or rejected).
 *
 * @since 0.1.0
 * @category schemas
 */
export const Policy = Schema.Struct({
  anonymiseAfterDays: Schema.Int.pipe(Schema.between(0, 36_500))
}).annotations({ identifier: "RetentionPolicy" })

/**
 * @since 0.1.0
 * @category models
 */
export interface Policy extends Schema.Schema.Type<typeof Policy> {}

/**
 * The statuses of a finished engagement, nobody works on any more.
 *
 * @since 0.1.0
 * @category models
 */
export const finished: ReadonlyArray<Engagement.Status> = ["closed", "cancelled", "rejected"]

const FOLLOW_UP_STEPS: ReadonlySet<string> = new Set([
  "thank",
  "thanks",
  "callback",
  "after-sales-call",
  "customer-feedback",
  "survey-follow-up",
  "review",
  "summary"
])

/**
 * Whether a task is a follow-up with the guests (a `FollowUp` task, thanks, a callback, a survey
 * follow-up, the review or the summary), which needs their data until it is done.
 *
 * @since 0.1.0
 * @category predicates
 */
export const isFollowUp = (task: Pick<Engagement.TaskRecord, "stepId">): boolean =>
  task.stepId.startsWith("followup/") || FOLLOW_UP_STEPS.has(task.stepId.split("/").pop() ?? "")

/**
 * Where an engagement stands for retention:
 * `open` (not finished), `followUpPending` (finished, a follow-up not done), `anonymised` (nothing
 * personal left), `kept` (finished less than the policy's days ago) or `due` (to anonymise now).
 *
 * @since 0.1.0
 * @category models
 */
export type Standing = "open" | "followUpPending" | "anonymised" | "kept" | "due"

const DAY = 86_400_000

/**
 * Where an engagement stands for retention under a policy at a moment. The moment it finished is
 * its `updatedAt` (a finished engagement takes no command; anonymising keeps `updatedAt`).
 *
 * @since 0.1.0
 * @category retention
 */
export const standing = (engagement: Engagement.Engagement, policy: Policy, now: DateTime.DateTime): Standing => {
  if (!finished.includes(engagement.status)) return "open"
  if (engagement.tasks.some((t) => t.done === undefined && isFollowUp(t))) return "followUpPending"
  if (isAnonymised(engagement)) return "anonymised"
  const since = DateTime.toEpochMillis(now) - DateTime.toEpochMillis(engagement.updatedAt)
  return since >= policy.anonymiseAfterDays * DAY ? "due" : "kept"
}

/**
 * Whether an engagement holds no personal data: every marked field is gone or a placeholder.
 *
 * @since 0.1.0
 * @category predicates
 */
export const isAnonymised = (engagement: Engagement.Engagement): boolean =>
  PersonalData.valuesOf(Engagement.Engagement, engagement).every((v) => PersonalData.isPlaceholder(v.value))

const ANONYMISED = "‹anonymised›"

// The texts of budget verdicts (frozen in the approved budget and the settlement) name the guest
// they measured, and the approvers' notes may: only these keys are scrubbed there, never ids,
// codes or amounts.
const VERDICT_TEXT: ReadonlySet<string> = new Set(["subject", "derivation", "message", "note"])

const scrubVerdictTexts = <A>(value: A, s: (text: string) => string, depth = 0): A => {
  if (depth > 12 || typeof value !== "object" || value === null) return value
  if (Array.isArray(value)) return value.map((v) => scrubVerdictTexts(v, s, depth + 1)) as A
  // Values of other classes (DateTime) are left as they are.
  if (Object.getPrototypeOf(value) !== Object.prototype) return value
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(value)) {
    out[k] = typeof v === "string" && VERDICT_TEXT.has(k) ? s(v) : scrubVerdictTexts(v, s, depth + 1)
  }
  return out as A
}

const scrubFreeText = (e: Engagement.Engagement, values: ReadonlyArray<PersonalData.MarkedValue>) => {
  if (values.length === 0) return e
  const s = (text: string) => PersonalData.scrub(text, values, () => ANONYMISED)
  const app = e.application
  const profile = app?.guestProfile
  return {
    ...e,
    title: s(e.title),
    ...(e.approvedBudget !== undefined ? { approvedBudget: scrubVerdictTexts(e.approvedBudget, s) } : {}),
    ...(e.settlement !== undefined ? { settlement: scrubVerdictTexts(e.settlement, s) } : {}),
    decisions: e.decisions.map((d) => (d.note === undefined ? d : { ...d, note: s(d.note) })),
    tasks: e.tasks.map((t) => (t.done?.note === undefined ? t : { ...t, done: { ...t.done, note: s(t.done.note) } })),
    ...(e.cancellation !== undefined ? { cancellation: { ...e.cancellation, reason: s(e.cancellation.reason) } } : {}),
    ...(app !== undefined
      ? {
          application: {
            ...app,
            purpose: s(app.purpose),
            partTwo: {
              ...app.partTwo,
              ...(app.partTwo.welcomeMessage !== undefined ? { welcomeMessage: s(app.partTwo.welcomeMessage) } : {}),
              ...(app.partTwo.otherMaterials !== undefined ? { otherMaterials: s(app.partTwo.otherMaterials) } : {})
            },
            ...(profile !== undefined
              ? { guestProfile: { ...profile, purposeAndRequests: s(profile.purposeAndRequests) } }
              : {})
          }
        }
      : {})
  } satisfies Engagement.Engagement
}

/**
 * An engagement with its personal data anonymised (all of it, or the marked values `select`
 * accepts, and those values inside its free text). The version and `updatedAt` are left as they
 * were: the caller commits it as the next version.
 *
 * @since 0.1.0
 * @category retention
 */
export const anonymised = (
  engagement: Engagement.Engagement,
  select: (marked: PersonalData.MarkedValue) => boolean = () => true
): Engagement.Engagement => {
  const values = PersonalData.valuesOf(Engagement.Engagement, engagement).filter(
    (v) => select(v) && !PersonalData.isPlaceholder(v.value)
  )
  return scrubFreeText(
    PersonalData.anonymise(Engagement.Engagement, engagement, select),
    PersonalData.identifying(values)
  )
}

/**
 * Who anonymises when the host app names nobody.
 *
 * @since 0.1.0
 * @category models
 */
export const systemActor: { readonly personId: string; readonly name: string } = {
  personId: "liaison:retention",
  name: "retention"
}

/**
 * A stored outgoing message of the engagement with the given values anonymised: the guests it is
 * addressed to (all of them, or those holding one of the values) lose their phone and e-mail and
 * are named by a placeholder; the values are replaced in its other texts.
 *
 * @since 0.1.0
 * @category retention
 */
export const anonymisedMessage =
  (values: ReadonlyArray<Pick<PersonalData.MarkedValue, "value">>, everyone: boolean) =>
  (message: Outbox.Message): Outbox.Message => {
    if (values.length === 0) return message
    // Each field of an addressed guest is compared with the values as its own kind is written:
    // a name as a name, a phone number by its digits (and only against values written like phone
    // numbers), an e-mail address without spaces and case. Never across kinds: the digits of an
    // e-mail address or a name are not a phone number, and another guest must keep their name.
    const texts = values.map((v) => String(v.value).trim())
    const names = new Set(texts.map((t) => normalise("name", t)))
    const phones = new Set(
      texts
        .filter((t) => PHONE_LIKE.test(t))
        .map((t) => normalise("phone", t))
        .filter((d) => d.length >= 5)
    )
    const emails = new Set(texts.map((t) => normalise("email", t)))
    const holds = (guest: Record<string, unknown>) =>
      (typeof guest.name === "string" && names.has(normalise("name", guest.name))) ||
      (typeof guest.phone === "string" && phones.has(normalise("phone", guest.phone))) ||
      (typeof guest.email === "string" && emails.has(normalise("email", guest.email)))
    const s = (text: string) => PersonalData.scrub(text, values, () => ANONYMISED)
    const payload: Record<string, unknown> = {}
    for (const [key, value] of Object.entries(message.payload)) {
      if (key === "guests" && Array.isArray(value)) {
        payload[key] = value.map((g: unknown, i) => {
          if (typeof g !== "object" || g === null) return g
          const guest = g as Record<string, unknown>
          if (!everyone && !holds(guest)) return g
          const { phone, email, ...rest } = guest
          return { ...rest, name: PersonalData.placeholder(i + 1) }
        })
      } else payload[key] = typeof value === "string" ? s(value) : value
    }
    return { ...message, payload }
  }

const commitAnonymised = (
  repo: EngagementRepo.EngagementRepo["Type"],
  before: Engagement.Engagement,
  after: Engagement.Engagement,
  command: "Anonymise" | "Erase",
  reason: string,
  actor: { readonly personId: string; readonly name: string },
  at: DateTime.Zoned,
  message: (message: Outbox.Message) => Outbox.Message
) => {
  const next = { ...after, version: before.version + 1 }
  return repo.replacePersonalData({
    engagement: next,
    expectedVersion: before.version,
    ledger: [Ledger.fromTransition(next, actor, at, command, before.status, before.status, reason)],
    message
  })
}

/**
 * What a retention run did: the engagements it anonymised, and how many finished ones it left and
 * why (`changed`: someone changed it during the run; the next run takes it).
 *
 * @since 0.1.0
 * @category models
 */
export interface Report {
  readonly anonymised: ReadonlyArray<string>
  readonly kept: number
  readonly followUpPending: number
  readonly alreadyAnonymised: number
  readonly changed: ReadonlyArray<string>
}

/**
 * Applies a retention policy to the stored engagements: each finished engagement whose standing
 * is `due` is anonymised and committed (version + 1, one ledger entry `Anonymise`). Open
 * engagements are never read for it; finished ones with a follow-up not done are skipped. Each
 * engagement is committed on its own: a run stopped half-way leaves whole engagements, and the next
 * run finishes the rest.
 *
 * @example
 * import { DateTime, Effect } from "effect"
 * import { MemoryStorage, Retention } from "@liaison/core"
 *
 * const run = Retention.applyRetention({ anonymiseAfterDays: 180 }, { now: DateTime.unsafeMakeZoned(0, { timeZone: "Asia/Shanghai" }) })
 * Effect.runPromise(run.pipe(Effect.provide(MemoryStorage.layer)))
 *
 * @since 0.1.0
 * @category retention
 */
export const applyRetention = (
  policy: Policy,
  options: { readonly now: DateTime.Zoned; readonly actor?: { readonly personId: string; readonly name: string } }
): Effect.Effect<Report, StorageError, EngagementRepo.EngagementRepo> =>
  Effect.gen(function* () {
    const repo = yield* EngagementRepo.EngagementRepo
    const candidates = yield* repo.list({ status: finished })
    const anonymisedIds: Array<string> = []
    const changed: Array<string> = []
    let kept = 0
    let followUpPending = 0
    let alreadyAnonymised = 0
    for (const e of candidates) {
      const s = standing(e, policy, options.now)
      if (s === "kept") kept++
      else if (s === "followUpPending") followUpPending++
      else if (s === "anonymised") alreadyAnonymised++
      else if (s === "due") {
        const outcome = yield* commitAnonymised(
          repo,
          e,
          anonymised(e),
          "Anonymise",
          `personal data anonymised: ${policy.anonymiseAfterDays} days after it finished`,
          options.actor ?? systemActor,
          options.now,
          anonymisedMessage(PersonalData.identifying(PersonalData.valuesOf(Engagement.Engagement, e)), true)
        ).pipe(
          Effect.as(true),
          Effect.catchTag("VersionConflict", () => Effect.succeed(false))
        )
        if (outcome) anonymisedIds.push(e.id)
        else changed.push(e.id)
      }
    }
    return { anonymised: anonymisedIds, kept, followUpPending, alreadyAnonymised, changed }
  }).pipe(Effect.withSpan("Retention.applyRetention"))

// ---------------------------------------------------------------------------------------------
// One person's data
// ---------------------------------------------------------------------------------------------

/**
 * How to find a person: a marked field's kind and its value (`{ kind: "idNumber", value: "…" }`).
 * Values are compared as people write them differently: phone numbers by their digits (with or
 * without China's country code, `+86`/`0086`, before an 11-digit number), e-mail
 * addresses, plates and ID numbers without spaces and case, names without surrounding or repeated
 * spaces and case.
 *
 * @since 0.1.0
 * @category models
 */
export const PersonQuery = Schema.Struct({
  kind: PersonalData.Kind,
  value: Schema.NonEmptyTrimmedString
}).annotations({ identifier: "PersonQuery" })

/**
 * @since 0.1.0
 * @category models
 */
export interface PersonQuery extends Schema.Schema.Type<typeof PersonQuery> {}

const PHONE_LIKE = /^[+\d\s\-().]+$/

const normalise = (kind: PersonalData.Kind, value: string | number | boolean): string => {
  const text = String(value)
  switch (kind) {
    case "phone": {
      // China's country code, written +86 or 0086, or not at all: one number.
      const digits = text.replace(/\D/g, "")
      return digits.length === 15 && digits.startsWith("0086")
        ? digits.slice(4)
        : digits.length === 13 && digits.startsWith("86") && /^\s*(\+|86)/.test(text)
          ? digits.slice(2)
          : digits
    }
    case "email":
    case "plate":
    case "idNumber":
      return text.replace(/\s/g, "").toLowerCase()
    default:
      return text.trim().replace(/\s+/g, " ").toLowerCase()
  }
}

/**
 * One place a person's data is held: an engagement, the record in it (`application.guests[2]`)
 * and the marked fields of that record.
 *
 * @since 0.1.0
 * @category models
 */
export interface PersonRecord {
  readonly engagementId: string
  readonly status: Engagement.Status
  readonly version: number
  readonly record: string
  readonly fields: ReadonlyArray<{
    readonly path: string
    readonly kind: PersonalData.Kind
    readonly value: string | number | boolean
  }>
}

const recordsOf = (engagement: Engagement.Engagement, query: PersonQuery): ReadonlyArray<PersonRecord> => {
  const values = PersonalData.valuesOf(Engagement.Engagement, engagement)
  const wanted = normalise(query.kind, query.value)
  const out: Array<PersonRecord> = []
  const seen = new Set<string>()
  for (const v of values) {
    if (v.kind !== query.kind || normalise(v.kind, v.value) !== wanted || wanted === "") continue
    const parent = v.segments.slice(0, -1)
    const record = pathOf(parent)
    if (seen.has(record)) continue
    seen.add(record)
    const fields = values
      .filter((f) => f.segments.length === parent.length + 1 && parent.every((s, i) => f.segments[i] === s))
      .map((f) => ({ path: f.path, kind: f.kind, value: f.value }))
    out.push({ engagementId: engagement.id, status: engagement.status, version: engagement.version, record, fields })
  }
  return out
}

const pathOf = (segments: ReadonlyArray<string | number>): string => {
  let out = ""
  for (const s of segments) out += typeof s === "number" ? `[${s}]` : out === "" ? s : `.${s}`
  return out === "" ? "(root)" : out
}

/**
 * Every record of a person in the stored engagements, by engagement (oldest event first). Reads
 * every engagement: a request, not a hot path.
 *
 * @since 0.1.0
 * @category requests
 */
export const findPerson = (
  query: PersonQuery
): Effect.Effect<ReadonlyArray<PersonRecord>, StorageError, EngagementRepo.EngagementRepo> =>
  Effect.gen(function* () {
    const repo = yield* EngagementRepo.EngagementRepo
    const all = yield* repo.list({})
    return all.flatMap((e) => recordsOf(e, query))
  }).pipe(Effect.withSpan("Retention.findPerson"))

/**
 * A person as a contact on the liaison roster (外联名册): the contact's marked fields as they
 * stand, and the values they had in earlier revisions of its history (an old phone number).
 *
 * @since 0.1.0
 * @category models
 */
export interface RosterRecord {
  readonly contactId: string
  readonly status: Roster.Entry["status"]
  readonly organisation: string
  readonly title: string
  readonly fields: ReadonlyArray<{
    readonly path: string
    readonly kind: PersonalData.Kind
    readonly value: string | number | boolean
  }>
  readonly earlier: ReadonlyArray<{
    readonly path: string
    readonly kind: PersonalData.Kind
    readonly value: string | number | boolean
  }>
}

/**
 * Everything held about a person, as JSON-ready data: which engagements (id, status, title, event
 * start), which records in them and which fields with their values; and, when the host provides a
 * `RosterRepo`, the roster contacts that are (or were) that person.
 *
 * @since 0.1.0
 * @category models
 */
export interface PersonExport {
  readonly query: { readonly kind: PersonalData.Kind }
  readonly engagements: ReadonlyArray<{
    readonly id: string
    readonly status: Engagement.Status
    readonly title: string
    readonly counterpart: string
    readonly eventStart: string
    readonly records: ReadonlyArray<Omit<PersonRecord, "engagementId" | "status" | "version">>
  }>
  /** Empty when no `RosterRepo` is provided. */
  readonly roster: ReadonlyArray<RosterRecord>
}

const markedOf = (contact: Roster.Contact) =>
  PersonalData.valuesOf(Roster.Contact, contact).map((v) => ({ path: v.path, kind: v.kind, value: v.value }))

/**
 * How the person is looked for on the roster: by the query, and by every phone number their
 * engagement records hold (a strong identifier, where a name alone is not: many people share one).
 */
const rosterQueries = (query: PersonQuery, records: ReadonlyArray<PersonRecord>): ReadonlyArray<PersonQuery> => [
  query,
  ...records.flatMap((r) =>
    r.fields.flatMap((f) => (f.kind === "phone" ? [{ kind: "phone" as const, value: String(f.value) }] : []))
  )
]

/**
 * The roster's contacts that are the person (by any of the queries), now or in an earlier
 * revision, with their history; none when the host provides no `RosterRepo`.
 */
const rosterMatches = (
  queries: ReadonlyArray<PersonQuery>
): Effect.Effect<
  ReadonlyArray<{ readonly entry: Roster.Entry; readonly history: ReadonlyArray<Roster.Revision> }>,
  StorageError
> =>
  Effect.flatMap(Effect.serviceOption(Roster.RosterRepo), (roster) => {
    if (Option.isNone(roster)) return Effect.succeed([])
    const repo = roster.value
    const wanted = new Set(
      queries.map((q) => `${q.kind}\u0000${normalise(q.kind, q.value)}`).filter((k) => !k.endsWith("\u0000"))
    )
    const holds = (contact: Roster.Contact) =>
      markedOf(contact).some((v) => wanted.has(`${v.kind}\u0000${normalise(v.kind, v.value)}`))
    return Effect.flatMap(repo.list({ includeRemoved: true }), (entries) =>
      Effect.map(
        Effect.forEach(entries, (entry) =>
          Effect.map(
            Effect.catchTag(repo.history(entry.contact.id), "ContactNotFound", () =>
              Effect.succeed<ReadonlyArray<Roster.Revision>>([])
            ),
            (history) => ({ entry, history })
          )
        ),
        (all) => all.filter(({ entry, history }) => holds(entry.contact) || history.some((r) => holds(r.contact)))
      )
    )
  })

/**
 * Exports everything held about a person (the answer to a subject access request, 查阅复制):
 * the engagements' records, and — when a `RosterRepo` is provided — the roster contacts that are the
 * person, found by the query or by a phone number their records hold, with the values of earlier
 * revisions. Reads every engagement and every contact's history: a request, not a hot path.
 *
 * @since 0.1.0
 * @category requests
 */
export const exportPerson = (
  query: PersonQuery
): Effect.Effect<PersonExport, StorageError, EngagementRepo.EngagementRepo> =>
  Effect.gen(function* () {
    const repo = yield* EngagementRepo.EngagementRepo
    const all = yield* repo.list({})
    const engagements: Array<PersonExport["engagements"][number]> = []
    const held: Array<PersonRecord> = []
    for (const e of all) {
      const records = recordsOf(e, query)
      if (records.length === 0) continue
      held.push(...records)
      engagements.push({
        id: e.id,
        status: e.status,
        title: e.title,
        counterpart: e.counterpart,
        eventStart: e.eventStart,
        records: records.map(({ fields, record }) => ({ record, fields }))
      })
    }
    const roster = (yield* rosterMatches(rosterQueries(query, held))).map(({ entry, history }): RosterRecord => {
      const fields = markedOf(entry.contact)
      const now = new Set(fields.map((f) => `${f.path}\u0000${String(f.value)}`))
      const earlier = new Map<string, RosterRecord["earlier"][number]>()
      for (const r of history) {
        for (const f of markedOf(r.contact)) {
          const key = `${f.path}\u0000${String(f.value)}`
          if (!now.has(key)) earlier.set(key, f)
        }
      }
      return {
        contactId: entry.contact.id,
        status: entry.status,
        organisation: entry.contact.organisation,
        title: entry.contact.title,
        fields,
        earlier: [...earlier.values()]
      }
    })
    return { query: { kind: query.kind }, engagements, roster }
  }).pipe(Effect.withSpan("Retention.exportPerson"))

/**
 * A person to erase is in engagements still open or with a follow-up not done: nothing was erased.
 * Erase again once they are finished (or ask the host to cancel them).
 *
 * @since 0.1.0
 * @category errors
 */
export class PersonInOpenEngagements extends Schema.TaggedError<PersonInOpenEngagements>()("PersonInOpenEngagements", {
  engagementIds: Schema.Array(Schema.String)
}) {
  override get message(): string {
    return `the person is in engagements still open or with a follow-up to do (${this.engagementIds.join(", ")}): nothing was erased`
  }
}

/**
 * What an erasure did: the engagements it anonymised the person in (`changed`: someone changed
 * one during the request; erase again), and the roster contacts it erased.
 *
 * @since 0.1.0
 * @category models
 */
export interface Erasure {
  readonly erased: ReadonlyArray<string>
  readonly changed: ReadonlyArray<string>
  /** The roster contacts erased ({@link Roster.RosterRepo}'s `erase`); none without a `RosterRepo`. */
  readonly contacts: ReadonlyArray<string>
}

/**
 * Erases a person everywhere (删除): in each engagement holding them, the marked fields of their
 * records and every other marked field or free text holding one of those values are anonymised,
 * and the engagement is committed (version + 1, one ledger entry `Erase`). Refused as a whole with
 * {@link PersonInOpenEngagements} when one of those engagements is open or has a follow-up to do:
 * the data is still needed there. Erasing a person no longer held erases nothing. When a
 * `RosterRepo` is provided, the roster contacts that are the person (found as {@link exportPerson}
 * finds them) are erased too (`RosterRepo.erase`: name and phone out of the entry and its history).
 *
 * @since 0.1.0
 * @category requests
 */
export const erasePerson = (
  query: PersonQuery,
  options: { readonly now: DateTime.Zoned; readonly actor?: { readonly personId: string; readonly name: string } }
): Effect.Effect<Erasure, StorageError | PersonInOpenEngagements, EngagementRepo.EngagementRepo> =>
  Effect.gen(function* () {
    const repo = yield* EngagementRepo.EngagementRepo
    const all = yield* repo.list({})
    const held = all.map((e) => ({ e, records: recordsOf(e, query) })).filter((h) => h.records.length > 0)
    const busy = held
      .filter(({ e }) => !finished.includes(e.status) || e.tasks.some((t) => t.done === undefined && isFollowUp(t)))
      .map(({ e }) => e.id)
    if (busy.length > 0) return yield* new PersonInOpenEngagements({ engagementIds: busy })
    const erased: Array<string> = []
    const changed: Array<string> = []
    for (const { e, records } of held) {
      const paths = new Set(records.flatMap((r) => r.fields.map((f) => f.path)))
      const texts = new Set(
        records.flatMap((r) => r.fields.filter((f) => f.kind !== "sensitive").map((f) => String(f.value).trim()))
      )
      const select = (v: PersonalData.MarkedValue) => paths.has(v.path) || texts.has(String(v.value).trim())
      const ok = yield* commitAnonymised(
        repo,
        e,
        anonymised(e, select),
        "Erase",
        "personal data erased on request",
        options.actor ?? systemActor,
        options.now,
        anonymisedMessage(
          [...texts].map((value) => ({ value })),
          false
        )
      ).pipe(
        Effect.as(true),
        Effect.catchTag("VersionConflict", () => Effect.succeed(false))
      )
      if (ok) erased.push(e.id)
      else changed.push(e.id)
    }
    const contacts: Array<string> = []
    const roster = yield* Effect.serviceOption(Roster.RosterRepo)
    if (Option.isSome(roster)) {
      const queries = rosterQueries(
        query,
        held.flatMap((h) => h.records)
      )
      for (const { entry } of yield* rosterMatches(queries)) {
        yield* roster.value
          .erase(entry.contact.id, {
            by: (options.actor ?? systemActor).personId,
            reason: "personal data erased on request"
          })
          .pipe(Effect.catchTag("ContactNotFound", () => Effect.void))
        contacts.push(entry.contact.id)
      }
    }
    return { erased, changed, contacts }
  }).pipe(Effect.withSpan("Retention.erasePerson"))
