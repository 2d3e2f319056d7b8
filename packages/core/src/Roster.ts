/**
 * The liaison roster (外联名册): contacts and their history, the mailing ledger, the June and December reviews.
 *
 * The roster holds the company's contacts at government bodies and organisations. Department
 * heads supply the names (name, organisation, title, address); the admin clerk records every
 * change at once (P7 step 2: 即时补充、更新), and each change is kept as history. A contact who
 * leaves is removed with a reason, never deleted. Company materials mailed per issue (按期次寄送)
 * go into the mailing ledger (邮寄台帐), one line per contact and issue.
 *
 * {@link RosterRepo} is the port storage adapters implement; {@link layerMemory} keeps it in a
 * `Ref`. {@link reviewTasks} dates the half-yearly reviews with the catalog's own rule.
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import * as DateTime from "effect/DateTime"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Ref from "effect/Ref"
import * as Schema from "effect/Schema"
import * as BusinessCalendar from "./BusinessCalendar.js"
import * as Deadline from "./Deadline.js"
import * as DecodeProblem from "./DecodeProblem.js"
import * as Label from "./Label.js"
import * as LocalDate from "./LocalDate.js"
import { personal, placeholder, scrub } from "./PersonalData.js"
import type * as Procedure from "./Procedure.js"
import * as ProcedureCatalog from "./ProcedureCatalog.js"
import type * as Role from "./Role.js"
import type { StorageError } from "./StorageError.js"

// ---------------------------------------------------------------------------------------------
// Contacts
// ---------------------------------------------------------------------------------------------

/**
 * A contact's id, chosen by the host app (an HR number, a UUID). Ids are never reused: a removed
 * contact keeps its id and its history.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ContactId = Schema.NonEmptyTrimmedString.pipe(Schema.brand("ContactId"))

/**
 * @since 0.1.0
 * @category models
 */
export type ContactId = typeof ContactId.Type

/** A value as a message shows it: JSON where it can be, never a throw (a BigInt, a cycle). */
const shown = (value: unknown): string => {
  if (typeof value === "bigint") return `${value}n`
  try {
    return JSON.stringify(value) ?? String(value)
  } catch {
    return Object.prototype.toString.call(value)
  }
}

/**
 * The kinds of unit P1 names (省、市、区政府及工商、公安、城管、消协、技监局、街道、地方党工团).
 *
 * @since 0.1.0
 * @category schemas
 */
export const Category = Schema.Literal(
  "provincialGovernment",
  "cityGovernment",
  "districtGovernment",
  "industryAndCommerce",
  "publicSecurity",
  "cityManagement",
  "consumerAssociation",
  "qualitySupervision",
  "subDistrict",
  "partyUnionYouth",
  "other"
).annotations({
  // One message for the value, not one per literal.
  message: (issue) => ({
    message: `expected a category (provincialGovernment, cityGovernment, districtGovernment, industryAndCommerce, publicSecurity, cityManagement, consumerAssociation, qualitySupervision, subDistrict, partyUnionYouth or other), got ${shown(issue.actual)}`,
    override: true
  })
})

/**
 * @since 0.1.0
 * @category models
 */
export type Category = typeof Category.Type

/**
 * The label of each {@link Category}.
 *
 * @since 0.1.0
 * @category constants
 */
export const categoryLabels: Readonly<Record<Category, Label.Label>> = {
  provincialGovernment: Label.make("省政府", "Provincial government"),
  cityGovernment: Label.make("市政府", "City government"),
  districtGovernment: Label.make("区政府", "District government"),
  industryAndCommerce: Label.make("工商", "Industry and commerce administration"),
  publicSecurity: Label.make("公安", "Public security"),
  cityManagement: Label.make("城管", "City management"),
  consumerAssociation: Label.make("消协", "Consumer association"),
  qualitySupervision: Label.make("技监局", "Quality and technical supervision"),
  subDistrict: Label.make("街道", "Sub-district office"),
  partyUnionYouth: Label.make("党工团", "Party, union and youth bodies"),
  other: Label.make("其他", "Other")
}

const Text = Schema.NonEmptyTrimmedString

const contactFields = {
  id: ContactId,
  name: personal(Label.labelled(Text, "姓名", "Name"), "name"),
  organisation: Label.labelled(Text, "单位", "Organisation"),
  title: Label.labelled(Text, "职务", "Title"),
  address: Label.labelled(Text, "地址", "Address"),
  phone: Schema.optionalWith(personal(Label.labelled(Text, "电话", "Phone"), "phone"), { exact: true }),
  category: Label.labelled(Category, "类别", "Category"),
  /** The department that supplied the name and keeps the relation (对口部门). */
  ownerDepartment: Label.labelled(Text, "对口部门", "Owner department"),
  /** Handled as confidential (保密): not to be printed or sent beyond those cleared. */
  confidential: Label.labelled(Schema.Boolean, "保密", "Confidential"),
  notes: Schema.optionalWith(Label.labelled(Schema.String, "备注", "Notes"), { exact: true })
}

/**
 * A contact on the roster.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Contact = Schema.Struct(contactFields).annotations({ identifier: "Contact" })

/**
 * @since 0.1.0
 * @category models
 */
export type Contact = typeof Contact.Type

/**
 * The fields of a contact that can change, any subset of them. An optional field (phone, notes)
 * is cleared by `null`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ContactPatch = Schema.Struct({
  name: Schema.optionalWith(contactFields.name, { exact: true }),
  organisation: Schema.optionalWith(contactFields.organisation, { exact: true }),
  title: Schema.optionalWith(contactFields.title, { exact: true }),
  address: Schema.optionalWith(contactFields.address, { exact: true }),
  phone: Schema.optionalWith(Schema.NullOr(personal(Text, "phone")), { exact: true }),
  category: Schema.optionalWith(Category, { exact: true }),
  ownerDepartment: Schema.optionalWith(contactFields.ownerDepartment, { exact: true }),
  confidential: Schema.optionalWith(Schema.Boolean, { exact: true }),
  notes: Schema.optionalWith(Schema.NullOr(Schema.String), { exact: true })
}).annotations({ identifier: "ContactPatch" })

/**
 * @since 0.1.0
 * @category models
 */
export type ContactPatch = typeof ContactPatch.Type

/**
 * Who makes a change, and why (optional for additions and updates).
 *
 * @since 0.1.0
 * @category schemas
 */
export const ChangedBy = Schema.Struct({
  by: Schema.NonEmptyTrimmedString,
  reason: Schema.optionalWith(Schema.NonEmptyTrimmedString, { exact: true })
})

/**
 * @since 0.1.0
 * @category models
 */
export type ChangedBy = typeof ChangedBy.Type

/**
 * A contact as the roster holds it: its current fields, its revision (1 when added, +1 per
 * change) and, once removed, when, by whom and why.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Entry = Schema.Struct({
  contact: Contact,
  status: Schema.Literal("active", "removed"),
  revision: Schema.Int.pipe(Schema.positive()),
  addedAt: Schema.DateTimeUtc,
  updatedAt: Schema.DateTimeUtc,
  removal: Schema.optionalWith(
    Schema.Struct({ at: Schema.DateTimeUtc, by: Schema.NonEmptyTrimmedString, reason: Schema.NonEmptyTrimmedString }),
    { exact: true }
  ),
  /** Set once the contact's personal data was erased on request ({@link RosterRepo}'s `erase`). */
  erasure: Schema.optionalWith(
    Schema.Struct({ at: Schema.DateTimeUtc, by: Schema.NonEmptyTrimmedString, reason: Schema.NonEmptyTrimmedString }),
    { exact: true }
  )
}).annotations({ identifier: "RosterEntry" })

/**
 * @since 0.1.0
 * @category models
 */
export type Entry = typeof Entry.Type

/**
 * One change in a contact's history, with the contact as it stood after it (before it, for a
 * removal) and the fields it changed.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Revision = Schema.Struct({
  contactId: ContactId,
  revision: Schema.Int.pipe(Schema.positive()),
  change: Schema.Literal("added", "updated", "removed", "erased"),
  at: Schema.DateTimeUtc,
  by: Schema.NonEmptyTrimmedString,
  reason: Schema.optionalWith(Schema.NonEmptyTrimmedString, { exact: true }),
  changed: Schema.Array(Schema.String),
  contact: Contact
}).annotations({ identifier: "RosterRevision" })

/**
 * @since 0.1.0
 * @category models
 */
export type Revision = typeof Revision.Type

/**
 * Which entries to list. Without `includeRemoved`, only active ones.
 *
 * @since 0.1.0
 * @category models
 */
export interface ListFilter {
  readonly category?: Category
  readonly ownerDepartment?: string
  readonly includeRemoved?: boolean
}

// ---------------------------------------------------------------------------------------------
// Mailing ledger
// ---------------------------------------------------------------------------------------------

/**
 * How materials were sent.
 *
 * @since 0.1.0
 * @category schemas
 */
export const MailingMethod = Schema.Literal("post", "courier", "email", "hand")

/**
 * A mailing of company materials to a contact: one line of the mailing ledger (邮寄台帐). A contact
 * receives each issue (期次) once.
 *
 * @since 0.1.0
 * @category schemas
 */
export const MailingInput = Schema.Struct({
  contactId: ContactId,
  /** The issue (期次), e.g. "2026年第2期". */
  issue: Label.labelled(Text, "期次", "Issue"),
  /** What was sent (资料名称), e.g. "第一家居 company brochure". */
  material: Label.labelled(Text, "资料", "Material"),
  sentOn: Label.labelled(LocalDate.LocalDate, "寄送日期", "Sent on"),
  by: Label.labelled(Text, "经办人", "Sent by"),
  method: Schema.optionalWith(MailingMethod, { exact: true }),
  trackingNumber: Schema.optionalWith(Text, { exact: true })
}).annotations({ identifier: "MailingInput" })

/**
 * @since 0.1.0
 * @category models
 */
export type MailingInput = typeof MailingInput.Type

/**
 * A recorded mailing.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Mailing = Schema.Struct({
  ...MailingInput.fields,
  recordedAt: Schema.DateTimeUtc
}).annotations({ identifier: "Mailing" })

/**
 * @since 0.1.0
 * @category models
 */
export type Mailing = typeof Mailing.Type

/**
 * Mailings sent in a period (both ends included), to one contact or to all.
 *
 * @since 0.1.0
 * @category models
 */
export interface MailingQuery {
  readonly contactId?: ContactId
  readonly from: LocalDate.LocalDate
  readonly to: LocalDate.LocalDate
}

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

/**
 * No such contact (`unknown`), or it was removed and cannot change or receive mail (`removed`).
 *
 * @since 0.1.0
 * @category errors
 */
export class ContactNotFound extends Schema.TaggedError<ContactNotFound>()("ContactNotFound", {
  contactId: Schema.String,
  reason: Schema.Literal("unknown", "removed")
}) {
  override get message(): string {
    return this.reason === "unknown"
      ? `no contact ${this.contactId} on the roster`
      : `contact ${this.contactId} was removed from the roster`
  }
}

/**
 * A contact with this id is (or was) on the roster: ids are never reused.
 *
 * @since 0.1.0
 * @category errors
 */
export class DuplicateContact extends Schema.TaggedError<DuplicateContact>()("DuplicateContact", {
  contactId: Schema.String
}) {
  override get message(): string {
    return `contact ${this.contactId} is already on the roster (ids are never reused)`
  }
}

/**
 * The contact already received this issue.
 *
 * @since 0.1.0
 * @category errors
 */
export class DuplicateMailing extends Schema.TaggedError<DuplicateMailing>()("DuplicateMailing", {
  contactId: Schema.String,
  issue: Schema.String
}) {
  override get message(): string {
    return `contact ${this.contactId} already received issue ${JSON.stringify(this.issue)}`
  }
}

// ---------------------------------------------------------------------------------------------
// The port
// ---------------------------------------------------------------------------------------------

/**
 * The roster store. Every write is recorded at once with the time from the effect `Clock`; lists
 * come in contact-id order, mailings by date sent, then contact id, then issue. Storage failures
 * an adapter cannot recover from are defects.
 *
 * @since 0.1.0
 * @category ports
 */
export class RosterRepo extends Context.Tag("@liaison/core/RosterRepo")<
  RosterRepo,
  {
    /** Adds a contact (revision 1). */
    readonly add: (contact: Contact, change: ChangedBy) => Effect.Effect<Entry, DuplicateContact | StorageError>
    /** Changes an active contact; a patch that changes nothing returns the entry as it is. */
    readonly update: (
      id: ContactId,
      patch: ContactPatch,
      change: ChangedBy
    ) => Effect.Effect<Entry, ContactNotFound | StorageError>
    /** Removes an active contact with a reason; the entry and its history stay. */
    readonly remove: (
      id: ContactId,
      change: { readonly by: string; readonly reason: string }
    ) => Effect.Effect<Entry, ContactNotFound | StorageError>
    /**
     * Erases a contact's personal data on request (删除): the name becomes a placeholder and the
     * phone number goes, in the entry and in every revision of its history (notes are scrubbed of
     * every name and number the contact ever had); an active contact is removed; one revision
     * `erased` records who did it and why. The mailing ledger keeps its lines (contact id, issue,
     * material, dates). Erasing an erased contact changes nothing. See {@link erased}.
     */
    readonly erase: (
      id: ContactId,
      change: { readonly by: string; readonly reason: string }
    ) => Effect.Effect<Entry, ContactNotFound | StorageError>
    /** A contact, active or removed. */
    readonly get: (id: ContactId) => Effect.Effect<Entry, ContactNotFound | StorageError>
    /** Entries matching the filter, in contact-id order. */
    readonly list: (filter?: ListFilter) => Effect.Effect<ReadonlyArray<Entry>, StorageError>
    /** Every change of a contact, oldest first. */
    readonly history: (id: ContactId) => Effect.Effect<ReadonlyArray<Revision>, ContactNotFound | StorageError>
    /** Records a mailing to an active contact. */
    readonly recordMailing: (
      mailing: MailingInput
    ) => Effect.Effect<Mailing, ContactNotFound | DuplicateMailing | StorageError>
    /** Mailings sent in the period. */
    readonly mailings: (query: MailingQuery) => Effect.Effect<ReadonlyArray<Mailing>, StorageError>
  }
>() {}

// ---------------------------------------------------------------------------------------------
// Pure helpers shared by every backend
// ---------------------------------------------------------------------------------------------

const PATCH_KEYS = [
  "name",
  "organisation",
  "title",
  "address",
  "phone",
  "category",
  "ownerDepartment",
  "confidential",
  "notes"
] as const

/**
 * Applies a patch to a contact: the new contact and the names of the fields that really changed.
 * Adapters use it so that every backend records the same history.
 *
 * @since 0.1.0
 * @category utils
 */
export const applyPatch = (
  contact: Contact,
  patch: ContactPatch
): { readonly contact: Contact; readonly changed: ReadonlyArray<string> } => {
  const next: Record<string, unknown> = { ...contact }
  const changed: Array<string> = []
  for (const key of PATCH_KEYS) {
    if (!(key in patch)) continue
    const value = patch[key]
    if (value === null) {
      if (key in next) {
        delete next[key]
        changed.push(key)
      }
    } else if (value !== undefined && next[key] !== value) {
      next[key] = value
      changed.push(key)
    }
  }
  return { contact: next as Contact, changed }
}

/**
 * A contact's erasure, the same on every backend: the entry and each revision of its history with
 * the name replaced by a placeholder, the phone number gone and the notes scrubbed of every name and
 * number the contact ever had, the entry removed (if it was active) and marked erased, and the
 * revision that records the erasure. `undefined` when the entry was erased already.
 *
 * @since 0.1.0
 * @category utils
 */
export const erased = (
  entry: Entry,
  history: ReadonlyArray<Revision>,
  change: { readonly by: string; readonly reason: string },
  now: DateTime.Utc
): { readonly entry: Entry; readonly history: ReadonlyArray<Revision>; readonly revision: Revision } | undefined => {
  if (entry.erasure !== undefined) return undefined
  const seen = [entry.contact, ...history.map((r) => r.contact)]
  const values = seen.flatMap((c) => [c.name, ...(c.phone !== undefined ? [c.phone] : [])]).map((value) => ({ value }))
  const anonymised = (contact: Contact): Contact => {
    const { phone: _phone, notes, ...rest } = contact
    const scrubbed = notes === undefined ? undefined : scrub(notes, values)
    return { ...rest, name: placeholder(1), ...(scrubbed !== undefined ? { notes: scrubbed } : {}) }
  }
  const contact = anonymised(entry.contact)
  const revision = entry.revision + 1
  const next: Entry = {
    ...entry,
    contact,
    status: "removed",
    revision,
    updatedAt: now,
    removal: entry.removal ?? { at: now, by: change.by, reason: change.reason },
    erasure: { at: now, by: change.by, reason: change.reason }
  }
  return {
    entry: next,
    history: history.map((r) => ({
      ...r,
      contact: anonymised(r.contact),
      // A reason may name them too ("moved to the district office, call 0571…").
      ...(r.reason !== undefined ? { reason: scrub(r.reason, values) } : {})
    })),
    revision: {
      contactId: entry.contact.id,
      revision,
      change: "erased",
      at: now,
      by: change.by,
      reason: change.reason,
      changed: ["name", ...(entry.contact.phone !== undefined ? ["phone"] : [])],
      contact
    }
  }
}

/**
 * Whether an entry matches a list filter.
 *
 * @since 0.1.0
 * @category utils
 */
export const matches = (entry: Entry, filter: ListFilter | undefined): boolean =>
  (filter?.includeRemoved === true || entry.status === "active") &&
  (filter?.category === undefined || entry.contact.category === filter.category) &&
  (filter?.ownerDepartment === undefined || entry.contact.ownerDepartment === filter.ownerDepartment)

const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

/**
 * The order of the mailing ledger: date sent, then contact id, then issue.
 *
 * @since 0.1.0
 * @category utils
 */
export const mailingOrder = (a: Mailing, b: Mailing): number =>
  byString(a.sentOn, b.sentOn) || byString(a.contactId, b.contactId) || byString(a.issue, b.issue)

// ---------------------------------------------------------------------------------------------
// In memory
// ---------------------------------------------------------------------------------------------

interface Store {
  readonly entries: ReadonlyMap<string, Entry>
  readonly history: ReadonlyMap<string, ReadonlyArray<Revision>>
  readonly mailings: ReadonlyArray<Mailing>
}

const withReason = (reason: string | undefined) => (reason === undefined ? {} : { reason })

/**
 * A roster held in a `Ref`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const makeMemory: Effect.Effect<Context.Tag.Service<RosterRepo>> = Effect.map(
  Ref.make<Store>({ entries: new Map(), history: new Map(), mailings: [] }),
  (store) => {
    /** Runs a decision against the store at `now`, writing the new store when it succeeds. */
    const modify = <A, E>(
      decide: (s: Store, now: DateTime.Utc) => Either.Either<readonly [A, Store], E>
    ): Effect.Effect<A, E> =>
      Effect.flatMap(DateTime.now, (now) =>
        Effect.flatten(
          Ref.modify(store, (s): [Either.Either<A, E>, Store] => {
            const result = decide(s, now)
            return Either.isLeft(result)
              ? [Either.left(result.left), s]
              : [Either.right(result.right[0]), result.right[1]]
          })
        )
      )

    const active = (s: Store, id: string): Either.Either<Entry, ContactNotFound> => {
      const entry = s.entries.get(id)
      if (entry === undefined) return Either.left(new ContactNotFound({ contactId: id, reason: "unknown" }))
      if (entry.status === "removed") return Either.left(new ContactNotFound({ contactId: id, reason: "removed" }))
      return Either.right(entry)
    }

    const write = (s: Store, entry: Entry, revision: Revision, mailings = s.mailings): Store => {
      const entries = new Map(s.entries)
      entries.set(entry.contact.id, entry)
      const history = new Map(s.history)
      history.set(entry.contact.id, [...(s.history.get(entry.contact.id) ?? []), revision])
      return { entries, history, mailings }
    }

    return RosterRepo.of({
      add: (contact, change) =>
        modify((s, now) => {
          if (s.entries.has(contact.id)) return Either.left(new DuplicateContact({ contactId: contact.id }))
          const entry: Entry = { contact, status: "active", revision: 1, addedAt: now, updatedAt: now }
          const revision: Revision = {
            contactId: contact.id,
            revision: 1,
            change: "added",
            at: now,
            by: change.by,
            ...withReason(change.reason),
            changed: [],
            contact
          }
          return Either.right([entry, write(s, entry, revision)] as const)
        }),
      update: (id, patch, change) =>
        modify((s, now) =>
          Either.map(active(s, id), (entry) => {
            const next = applyPatch(entry.contact, patch)
            if (next.changed.length === 0) return [entry, s] as const
            const updated: Entry = { ...entry, contact: next.contact, revision: entry.revision + 1, updatedAt: now }
            const revision: Revision = {
              contactId: id,
              revision: updated.revision,
              change: "updated",
              at: now,
              by: change.by,
              ...withReason(change.reason),
              changed: next.changed,
              contact: next.contact
            }
            return [updated, write(s, updated, revision)] as const
          })
        ),
      remove: (id, change) =>
        modify((s, now) =>
          Either.map(active(s, id), (entry) => {
            const removed: Entry = {
              ...entry,
              status: "removed",
              revision: entry.revision + 1,
              updatedAt: now,
              removal: { at: now, by: change.by, reason: change.reason }
            }
            const revision: Revision = {
              contactId: id,
              revision: removed.revision,
              change: "removed",
              at: now,
              by: change.by,
              reason: change.reason,
              changed: [],
              contact: entry.contact
            }
            return [removed, write(s, removed, revision)] as const
          })
        ),
      erase: (id, change) =>
        modify((s, now) => {
          const entry = s.entries.get(id)
          if (entry === undefined) return Either.left(new ContactNotFound({ contactId: id, reason: "unknown" }))
          const done = erased(entry, s.history.get(id) ?? [], change, now)
          if (done === undefined) return Either.right([entry, s] as const)
          const entries = new Map(s.entries)
          entries.set(id, done.entry)
          const history = new Map(s.history)
          history.set(id, [...done.history, done.revision])
          return Either.right([done.entry, { ...s, entries, history }] as const)
        }),
      get: (id) =>
        Effect.flatMap(Ref.get(store), (s) => {
          const entry = s.entries.get(id)
          return entry === undefined
            ? Effect.fail(new ContactNotFound({ contactId: id, reason: "unknown" }))
            : Effect.succeed(entry)
        }),
      list: (filter) =>
        Effect.map(Ref.get(store), (s) =>
          [...s.entries.values()].filter((e) => matches(e, filter)).sort((a, b) => byString(a.contact.id, b.contact.id))
        ),
      history: (id) =>
        Effect.flatMap(Ref.get(store), (s) => {
          const revisions = s.history.get(id)
          return revisions === undefined
            ? Effect.fail(new ContactNotFound({ contactId: id, reason: "unknown" }))
            : Effect.succeed(revisions)
        }),
      recordMailing: (input) =>
        modify((s, now) =>
          Either.flatMap(active(s, input.contactId), () => {
            if (s.mailings.some((m) => m.contactId === input.contactId && m.issue === input.issue)) {
              return Either.left(new DuplicateMailing({ contactId: input.contactId, issue: input.issue }))
            }
            const mailing: Mailing = { ...input, recordedAt: now }
            return Either.right([mailing, { ...s, mailings: [...s.mailings, mailing] }] as const)
          })
        ),
      mailings: (query) =>
        Effect.map(Ref.get(store), (s) =>
          s.mailings
            .filter(
              (m) =>
                (query.contactId === undefined || m.contactId === query.contactId) &&
                m.sentOn >= query.from &&
                m.sentOn <= query.to
            )
            .sort(mailingOrder)
        )
    })
  }
)

/**
 * A roster held in memory, empty when the layer is built.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerMemory: Layer.Layer<RosterRepo> = Layer.effect(RosterRepo, makeMemory)

// ---------------------------------------------------------------------------------------------
// Reviews (P7 step 3)
// ---------------------------------------------------------------------------------------------

/**
 * P7's review step as the catalog defines it: every June and December (每年6月、12月), the GM and
 * department heads review the printed roster; the clerk corrects and archives it.
 *
 * @since 0.1.0
 * @category reviews
 */
export const reviewStep: Procedure.Step = ProcedureCatalog.liaisonRoster.steps.find((s) => s.id === "review")!

/**
 * A dated review of the roster.
 *
 * @since 0.1.0
 * @category reviews
 */
export interface ReviewTask {
  /** `liaison-roster/review/YYYY-MM`: stable, so re-generating a range gives the same ids. */
  readonly id: string
  readonly month: string
  readonly name: Label.Label
  readonly work: Label.Label | undefined
  readonly ownerRole: Role.RoleId
  readonly opensDate: LocalDate.LocalDate
  readonly dueDate: LocalDate.LocalDate
  readonly provisional: boolean
  /** The evaluated window with its explanation. */
  readonly deadline: Deadline.Evaluation
}

/**
 * The roster reviews due in a range of years (both included): one in June and one in December of
 * each, from the first working day of the month to its last. Years beyond the calendar's
 * coverage are refused unless `beyondCoverage: "provisional"`.
 *
 * @since 0.1.0
 * @category reviews
 */
export const reviewTasks = (
  calendar: BusinessCalendar.BusinessCalendar,
  years: { readonly from: number; readonly to: number },
  options?: { readonly beyondCoverage?: "fail" | "provisional" }
): Either.Either<ReadonlyArray<ReviewTask>, Deadline.EvaluationError> => {
  if (!Number.isInteger(years.from) || !Number.isInteger(years.to) || years.from > years.to || years.from < 1) {
    return Either.left(
      new BusinessCalendar.InvalidArgument({
        argument: "years",
        message: `years: expected whole years from ≤ to, got ${years.from}–${years.to}`
      })
    )
  }
  const year = (y: number) => String(y).padStart(4, "0")
  return Either.map(
    Deadline.occurrences(
      reviewStep.deadline,
      { calendar, ...(options?.beyondCoverage ? { beyondCoverage: options.beyondCoverage } : {}) },
      {
        from: `${year(years.from)}-01-01` as LocalDate.LocalDate,
        to: `${year(years.to)}-12-31` as LocalDate.LocalDate
      }
    ),
    (evaluations) =>
      evaluations.map((deadline) => {
        const month = deadline.dueDate.slice(0, 7)
        return {
          id: `${ProcedureCatalog.liaisonRoster.id}/${reviewStep.id}/${month}`,
          month,
          name: reviewStep.name,
          work: reviewStep.work,
          ownerRole: reviewStep.ownerRole,
          opensDate: deadline.opensDate ?? deadline.dueDate,
          dueDate: deadline.dueDate,
          provisional: deadline.provisional,
          deadline
        }
      })
  )
}

/**
 * The roster as printed for a review (打印外联名单): active contacts grouped by owner department,
 * each group by category then organisation then name. Confidential contacts are left out unless
 * `includeConfidential`.
 *
 * @since 0.1.0
 * @category reviews
 */
export const reviewSheet = (
  entries: ReadonlyArray<Entry>,
  options?: { readonly includeConfidential?: boolean }
): ReadonlyArray<{ readonly ownerDepartment: string; readonly contacts: ReadonlyArray<Contact> }> => {
  const order = Category.literals
  const groups = new Map<string, Array<Contact>>()
  for (const entry of entries) {
    if (entry.status !== "active") continue
    if (entry.contact.confidential && options?.includeConfidential !== true) continue
    const list = groups.get(entry.contact.ownerDepartment) ?? []
    list.push(entry.contact)
    groups.set(entry.contact.ownerDepartment, list)
  }
  return [...groups.entries()]
    .sort(([a], [b]) => byString(a, b))
    .map(([ownerDepartment, contacts]) => ({
      ownerDepartment,
      contacts: contacts.sort(
        (a, b) =>
          order.indexOf(a.category) - order.indexOf(b.category) ||
          byString(a.organisation, b.organisation) ||
          byString(a.name, b.name) ||
          byString(a.id, b.id)
      )
    }))
}

/**
 * Decodes a contact from unknown input (a form, JSON), reporting every problem with its path.
 *
 * @since 0.1.0
 * @category constructors
 */
export const decodeContact: (input: unknown) => Either.Either<Contact, DecodeProblem.InvalidInput> =
  DecodeProblem.decoder("contact", Contact)
