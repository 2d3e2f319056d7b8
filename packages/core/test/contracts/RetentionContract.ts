/**
 * The contract of personal-data retention and requests on an `EngagementRepo` + `LedgerRepo`
 * backend: written once and run against memory here, SQLite and PostgreSQL in the SQL adapter.
 * Anonymisation is committed as the engagement's next version with one ledger entry; the
 * ledger's earlier rows (append-only) are never touched, and the ledger's totals and the reception
 * list's rows are the same before and after.
 *
 * Each test makes its own ids and marker values (`PII-<test>-<n>`), and only looks at what it wrote.
 */
import { describe, expect, layer } from "@effect/vitest"
import * as DateTime from "effect/DateTime"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import type * as Layer from "effect/Layer"
import {
  type Engagement,
  EngagementRepo,
  Ledger,
  LedgerRepo,
  Money,
  Notification,
  Outbox,
  ReceptionApplication,
  Retention,
  Roster
} from "../../src/index.js"

type Backend = Layer.Layer<
  EngagementRepo.EngagementRepo | LedgerRepo.LedgerRepo | Outbox.Outbox | Roster.RosterRepo,
  unknown
>

const thanksOf = (id: string) => Effect.flatMap(Outbox.Outbox, (outbox) => outbox.get(`${id}/guest/thanks`))

let counter = 0
const unique = (tag: string) => `${tag}-${Date.now().toString(36)}-${++counter}`

/** Marker values: unique text that must never appear where it does not belong. */
export const markers = (tag: string) => {
  const m = (what: string) => `PII-${tag}-${what}`
  return {
    lead: m("lead"),
    companion: m("companion"),
    phone: `+86 139 ${String(++counter % 10_000).padStart(4, "0")} ${String(Math.floor(Math.random() * 10_000)).padStart(4, "0")}`,
    idNumber: m("ID"),
    email: `${m("mail")}@example.com`,
    plate: m("PLATE"),
    contact: m("contact")
  }
}

const zone = { timeZone: "Asia/Shanghai" } as const
const at = (iso: string) => DateTime.unsafeMakeZoned(Date.parse(iso), zone)
const clerk = { personId: "zhao.lei", name: "Zhao Lei" }

/** A finished (or not) engagement holding the markers' guests, with its ledger. */
export const engagementWith = (
  id: string,
  mk: ReturnType<typeof markers>,
  options: {
    readonly status: Engagement.Status
    readonly finishedAt: string
    readonly followUpPending?: boolean
    readonly organisation?: string
  }
) => {
  const decoded = ReceptionApplication.decode({
    applicant: "Li Na",
    department: "Marketing",
    contactPerson: mk.contact,
    guestOrganisation: options.organisation ?? "Lakeside Furniture",
    purpose: `Showroom visit with ${mk.lead}`,
    visitDate: "2026-02-24",
    budget: { amount: "900.00", currency: "CNY" },
    licencePlate: mk.plate,
    guests: [
      {
        name: mk.lead,
        title: "General manager",
        phone: mk.phone,
        idNumber: mk.idNumber,
        email: mk.email,
        religion: "none",
        age: 51
      },
      { name: mk.companion, title: "Designer" }
    ],
    partTwo: { contactPerson: mk.contact, receptionType: "business", welcomeMessage: `Welcome, ${mk.lead}!` }
  })
  if (Either.isLeft(decoded)) throw new Error(decoded.left.message)
  const created = at("2026-02-01T09:00:00+08:00")
  const finished = at(options.finishedAt)
  const engagement: Engagement.Engagement = {
    id: id as Engagement.EngagementId,
    version: 7,
    status: options.status,
    title: `Visit of ${mk.lead}`,
    procedureId: "client-reception-standard",
    counterpart: decoded.right.guestOrganisation,
    confidential: false,
    emergency: false,
    requesterId: "li.na",
    ownerId: "wang.fang",
    eventStart: "2026-02-24",
    application: decoded.right,
    budget: decoded.right.budget,
    decisions: [],
    tasks: [
      {
        id: `${id}/thank`,
        stepId: "thank",
        ownerRole: "admin-department",
        ...(options.followUpPending === true
          ? {}
          : { done: { by: "wang.fang", at: finished, note: `called ${mk.lead}` } })
      }
    ],
    createdAt: created,
    updatedAt: finished
  }
  const ledger: ReadonlyArray<Ledger.Entry> = [
    Ledger.fromTransition(
      { ...engagement, version: 0 },
      clerk,
      created,
      "Create",
      undefined,
      "draft",
      `created: ${engagement.title}`
    ),
    Ledger.fromTransition({ ...engagement, version: 6 }, clerk, finished, "Settle", "held", "settled", "settled", {
      amount: Money.yuan(612)
    }),
    Ledger.fromTransition(engagement, clerk, finished, "Close", "settled", options.status, "closed")
  ]
  // The thanks SMS to the guests, stored in the outbox with their names and contacts.
  const outbox = [
    Notification.guestMessage(engagement, finished, "thanks", [
      { name: mk.lead, phone: mk.phone, email: mk.email },
      { name: mk.companion }
    ])
  ]
  return { engagement, ledger, outbox }
}

const store = (e: ReturnType<typeof engagementWith>) =>
  Effect.flatMap(EngagementRepo.EngagementRepo, (repo) =>
    repo.commit({ engagement: e.engagement, expectedVersion: undefined, ledger: e.ledger, outbox: e.outbox })
  )

const NOW = at("2026-09-01T09:00:00+08:00")
const markerValues = (mk: ReturnType<typeof markers>) => Object.values(mk)

export const retentionContract = (name: string, backend: Backend) =>
  describe(`Retention on ${name}`, () => {
    layer(backend)((it) => {
      it.effect("anonymises finished engagements past the policy's days; statistics stay the same", () =>
        Effect.gen(function* () {
          const repo = yield* EngagementRepo.EngagementRepo
          const ledgerRepo = yield* LedgerRepo.LedgerRepo
          const tag = unique("ret")
          const org = `Org ${tag}`
          const old = markers(`${tag}-old`)
          const recent = markers(`${tag}-recent`)
          const open = markers(`${tag}-open`)
          const pending = markers(`${tag}-pending`)
          const rows = [
            engagementWith(`${tag}-old`, old, {
              status: "closed",
              finishedAt: "2026-03-01T18:00:00+08:00",
              organisation: org
            }),
            engagementWith(`${tag}-recent`, recent, {
              status: "closed",
              finishedAt: "2026-08-20T18:00:00+08:00",
              organisation: org
            }),
            engagementWith(`${tag}-open`, open, {
              status: "inProgress",
              finishedAt: "2026-02-24T18:00:00+08:00",
              organisation: org
            }),
            engagementWith(`${tag}-pending`, pending, {
              status: "closed",
              finishedAt: "2026-03-01T18:00:00+08:00",
              followUpPending: true,
              organisation: org
            })
          ]
          for (const r of rows) yield* store(r)
          const ledgerBefore = yield* ledgerRepo.query({ counterpart: org })
          const listsBefore = rows.map((r) => Ledger.receptionList(r.engagement).length)

          const report = yield* Retention.applyRetention({ anonymiseAfterDays: 30 }, { now: NOW })
          expect(report.anonymised).toContain(`${tag}-old`)
          expect(report.anonymised).not.toContain(`${tag}-recent`)
          expect(report.anonymised).not.toContain(`${tag}-open`)
          expect(report.anonymised).not.toContain(`${tag}-pending`)

          const after = yield* repo.get(`${tag}-old`)
          expect(after?.version).toBe(8)
          const text = JSON.stringify(after)
          for (const v of markerValues(old)) expect(text).not.toContain(v)
          expect(after?.application?.guests.length).toBe(2)
          expect(after?.application?.guests[0]?.phone).toBeUndefined()
          expect(Retention.isAnonymised(after!)).toBe(true)
          // The others keep their guests.
          for (const id of ["recent", "open", "pending"]) {
            const kept = yield* repo.get(`${tag}-${id}`)
            expect(kept?.version).toBe(7)
          }
          const stillOpen = yield* repo.get(`${tag}-open`)
          expect(JSON.stringify(stillOpen)).toContain(open.idNumber)
          // The thanks SMS stored in the outbox is rewritten with it; the open one's is not.
          const thanks = yield* thanksOf(`${tag}-old`)
          expect(thanks?.message.payload.guests).toEqual([{ name: "匿名 anonymised 1" }, { name: "匿名 anonymised 2" }])
          for (const v of markerValues(old)) expect(JSON.stringify(thanks)).not.toContain(v)
          expect(JSON.stringify(yield* thanksOf(`${tag}-open`))).toContain(open.phone)

          const ledgerAfter = yield* ledgerRepo.query({ counterpart: org })
          expect(ledgerAfter.length).toBe(ledgerBefore.length + 1)
          expect(
            ledgerAfter
              .slice(0, ledgerBefore.length)
              .map((e) => e.id)
              .sort()
          ).toEqual(ledgerBefore.map((e) => e.id).sort())
          expect(Ledger.quarterlyCosts(ledgerAfter)).toEqual(Ledger.quarterlyCosts(ledgerBefore))
          const anonymiseEntry = ledgerAfter.find((e) => e.command === "Anonymise")
          expect(anonymiseEntry?.id).toBe(`${tag}-old#8`)
          const listsAfter = yield* Effect.forEach(rows, (r) => repo.get(r.engagement.id))
          expect(listsAfter.map((e) => Ledger.receptionList(e!).length)).toEqual(listsBefore)
          // No ledger row ever held a marked value.
          for (const v of [...markerValues(old), ...markerValues(recent)])
            expect(JSON.stringify(ledgerAfter)).not.toContain(v)

          // A second run changes nothing.
          const again = yield* Retention.applyRetention({ anonymiseAfterDays: 30 }, { now: NOW })
          expect(again.anonymised).not.toContain(`${tag}-old`)
          expect((yield* repo.get(`${tag}-old`))?.version).toBe(8)
        })
      )

      it.effect("replacePersonalData writes all or nothing, guarded by the version", () =>
        Effect.gen(function* () {
          const repo = yield* EngagementRepo.EngagementRepo
          const ledgerRepo = yield* LedgerRepo.LedgerRepo
          const tag = unique("rpd")
          const mk = markers(tag)
          const row = engagementWith(tag, mk, { status: "closed", finishedAt: "2026-03-01T18:00:00+08:00" })
          yield* store(row)
          const next = { ...Retention.anonymised(row.engagement), version: 8 }
          const entry = Ledger.fromTransition(next, clerk, NOW, "Anonymise", "closed", "closed", "anonymised")
          const emptied = (m: Outbox.Message): Outbox.Message => ({ ...m, payload: {} })
          const unchanged = function* () {
            expect((yield* repo.get(tag))?.version).toBe(7)
            expect(JSON.stringify(yield* repo.get(tag))).toContain(mk.idNumber)
            expect((yield* ledgerRepo.query({ engagementId: tag })).length).toBe(row.ledger.length)
            expect(JSON.stringify(yield* thanksOf(tag))).toContain(mk.phone)
          }
          // Decided on a stale version: a conflict, nothing written.
          const stale = yield* Effect.flip(
            repo.replacePersonalData({ engagement: next, expectedVersion: 6, ledger: [entry], message: emptied })
          )
          expect(stale._tag).toBe("VersionConflict")
          yield* unchanged()
          // A ledger entry that exists: refused whole, the engagement and its messages as they were.
          const taken = yield* Effect.flip(
            repo.replacePersonalData({
              engagement: next,
              expectedVersion: 7,
              ledger: [row.ledger[0]!],
              message: emptied
            })
          )
          expect(taken._tag).toBe("StorageError")
          yield* unchanged()
          // Then it goes through: the next version, one more entry, the message rewritten.
          yield* repo.replacePersonalData({ engagement: next, expectedVersion: 7, ledger: [entry], message: emptied })
          expect((yield* repo.get(tag))?.version).toBe(8)
          expect((yield* ledgerRepo.query({ engagementId: tag })).length).toBe(row.ledger.length + 1)
          expect((yield* thanksOf(tag))?.message.payload).toEqual({})
        })
      )

      it.effect("finds, exports and erases one person; refuses while an engagement holding them is open", () =>
        Effect.gen(function* () {
          const repo = yield* EngagementRepo.EngagementRepo
          const tag = unique("req")
          const mk = markers(tag)
          const other = markers(`${tag}-other`)
          yield* store(engagementWith(`${tag}-a`, mk, { status: "closed", finishedAt: "2026-08-30T18:00:00+08:00" }))
          yield* store(engagementWith(`${tag}-b`, mk, { status: "planned", finishedAt: "2026-08-30T18:00:00+08:00" }))
          yield* store(engagementWith(`${tag}-c`, other, { status: "closed", finishedAt: "2026-08-30T18:00:00+08:00" }))
          // The same person is a roster contact too, under an old number now changed; another is not.
          const roster = yield* Roster.RosterRepo
          const rosterContact = (id: string, name: string, phone: string): Roster.Contact => ({
            id: id as Roster.ContactId,
            name,
            organisation: "Lakeside Furniture",
            title: "General manager",
            address: "1 Lake Road",
            phone,
            category: "other",
            ownerDepartment: `${tag} marketing`,
            confidential: false
          })
          yield* roster.add(rosterContact(`${tag}-r1`, mk.lead, mk.phone), { by: "li.na" })
          yield* roster.update(`${tag}-r1` as Roster.ContactId, { phone: "+86 21 5555 0000" }, { by: "li.na" })
          yield* roster.add(rosterContact(`${tag}-r2`, other.lead, other.phone), { by: "li.na" })

          // Found by the phone number written differently.
          const query = { kind: "phone" as const, value: mk.phone.replace(/ /g, "-") }
          const found = yield* Retention.findPerson(query)
          expect(found.map((r) => r.engagementId).sort()).toEqual([`${tag}-a`, `${tag}-b`])
          const exported = yield* Retention.exportPerson(query)
          expect(exported.engagements.map((e) => e.id).sort()).toEqual([`${tag}-a`, `${tag}-b`])
          const fields = exported.engagements[0]!.records[0]!.fields
          expect(exported.engagements[0]!.records[0]!.record).toBe("application.guests[0]")
          expect(fields.map((f) => f.path)).toEqual(
            expect.arrayContaining([
              "application.guests[0].name",
              "application.guests[0].phone",
              "application.guests[0].idNumber",
              "application.guests[0].email"
            ])
          )
          expect(JSON.parse(JSON.stringify(exported))).toEqual(exported)
          expect(exported.roster.map((r) => r.contactId)).toEqual([`${tag}-r1`])
          expect(exported.roster[0]!.fields).toEqual(
            expect.arrayContaining([{ path: "name", kind: "name", value: mk.lead }])
          )
          expect(exported.roster[0]!.earlier).toEqual([{ path: "phone", kind: "phone", value: mk.phone }])

          const refused = yield* Effect.flip(Retention.erasePerson(query, { now: NOW }))
          expect(refused._tag).toBe("PersonInOpenEngagements")
          if (refused._tag === "PersonInOpenEngagements") expect(refused.engagementIds).toEqual([`${tag}-b`])
          expect((yield* repo.get(`${tag}-a`))?.version).toBe(7)
          expect((yield* roster.get(`${tag}-r1` as Roster.ContactId)).contact.name).toBe(mk.lead)

          // Once b is finished the erasure goes through everywhere, and leaves the other guest.
          const b = (yield* repo.get(`${tag}-b`))!
          yield* repo.commit({
            engagement: { ...b, version: b.version + 1, status: "cancelled" },
            expectedVersion: b.version,
            ledger: [],
            outbox: []
          })
          const erased = yield* Retention.erasePerson(
            { kind: "idNumber", value: mk.idNumber.toLowerCase() },
            { now: NOW }
          )
          expect([...erased.erased].sort()).toEqual([`${tag}-a`, `${tag}-b`])
          expect(erased.contacts).toEqual([`${tag}-r1`])
          const contactText = JSON.stringify([
            yield* roster.get(`${tag}-r1` as Roster.ContactId),
            yield* roster.history(`${tag}-r1` as Roster.ContactId)
          ])
          for (const v of [mk.lead, mk.phone]) expect(contactText).not.toContain(v)
          expect((yield* roster.get(`${tag}-r2` as Roster.ContactId)).contact.name).toBe(other.lead)
          for (const id of [`${tag}-a`, `${tag}-b`]) {
            const e = (yield* repo.get(id))!
            const text = JSON.stringify(e)
            for (const v of [mk.lead, mk.phone, mk.idNumber, mk.email]) expect(text).not.toContain(v)
            expect(text).toContain(mk.companion)
            const thanks = JSON.stringify(yield* thanksOf(id))
            for (const v of [mk.lead, mk.phone, mk.email]) expect(thanks).not.toContain(v)
            expect(thanks).toContain(mk.companion)
          }
          expect(JSON.stringify(yield* repo.get(`${tag}-c`))).toContain(other.idNumber)
          expect(yield* Retention.findPerson(query)).toEqual([])
        })
      )
    })
  })
