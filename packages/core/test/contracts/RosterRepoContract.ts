/**
 * The contract every `RosterRepo` backend keeps, written once and run against each of them:
 * memory here, SQLite and PostgreSQL in the storage adapters.
 *
 * The suite shares one layer between its tests, as an application shares one database, so it
 * never assumes an empty store: every test makes its own ids and its own owner department, and
 * only looks at what it wrote.
 */
import { randomUUID } from "node:crypto"
import { describe, expect, layer } from "@effect/vitest"
import * as DateTime from "effect/DateTime"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import type * as Layer from "effect/Layer"
import * as TestClock from "effect/TestClock"
import { LocalDate, Roster } from "../../src/index.js"

const MARCH_2 = Date.parse("2026-03-02T09:30:00+08:00")
const MARCH_3 = Date.parse("2026-03-03T14:00:00+08:00")
const d = LocalDate.unsafeMake

/** A fresh prefix per test, so that tests sharing a store never see each other's rows. */
const fresh = Effect.sync(() => `t${randomUUID().replaceAll("-", "").slice(0, 12)}`)

const contact = (prefix: string, suffix: string, overrides: Partial<Roster.Contact> = {}): Roster.Contact => ({
  id: `${prefix}-${suffix}` as Roster.ContactId,
  name: "王建国",
  organisation: "某市市场监督管理局",
  title: "科长",
  address: "某市人民路1号",
  phone: "0571-87000000",
  category: "industryAndCommerce",
  ownerDepartment: `${prefix} 综合管理部`,
  confidential: false,
  ...overrides
})

const clerk = { by: "clerk-li" } as const

const utc = (millis: number) => DateTime.unsafeMake(millis)

/**
 * Runs the contract against a backend.
 *
 * @param name what the backend is ("memory", "SQLite", "PostgreSQL")
 * @param backend a layer serving `RosterRepo`; built once for the suite
 */
export const rosterRepoContract = (name: string, backend: Layer.Layer<Roster.RosterRepo, unknown>) =>
  describe(`RosterRepo contract: ${name}`, () => {
    layer(backend)((it) => {
      it.effect("adds a contact at revision 1, active, stamped with the clock's time", () =>
        Effect.gen(function* () {
          yield* TestClock.setTime(MARCH_2)
          const repo = yield* Roster.RosterRepo
          const p = yield* fresh
          const added = yield* repo.add(contact(p, "a"), clerk)
          expect(added.contact).toEqual(contact(p, "a"))
          expect(added.status).toBe("active")
          expect(added.revision).toBe(1)
          expect(DateTime.toEpochMillis(added.addedAt)).toBe(MARCH_2)
          expect(DateTime.toEpochMillis(added.updatedAt)).toBe(MARCH_2)
          expect(added.removal).toBeUndefined()
          const read = yield* repo.get(contact(p, "a").id)
          expect(read.contact).toEqual(contact(p, "a"))
          expect(read.revision).toBe(1)
        })
      )

      it.effect("keeps optional fields absent rather than empty", () =>
        Effect.gen(function* () {
          const repo = yield* Roster.RosterRepo
          const p = yield* fresh
          const { phone: _, ...withoutPhone } = contact(p, "a")
          yield* repo.add(withoutPhone, clerk)
          const read = yield* repo.get(withoutPhone.id)
          expect("phone" in read.contact).toBe(false)
          expect("notes" in read.contact).toBe(false)
          expect(read.contact).toEqual(withoutPhone)
        })
      )

      it.effect("refuses a second contact with the same id", () =>
        Effect.gen(function* () {
          const repo = yield* Roster.RosterRepo
          const p = yield* fresh
          yield* repo.add(contact(p, "a"), clerk)
          const again = yield* Effect.either(repo.add(contact(p, "a", { name: "李四" }), clerk))
          expect(again).toEqual(Either.left(new Roster.DuplicateContact({ contactId: `${p}-a` })))
          expect((yield* repo.get(contact(p, "a").id)).contact.name).toBe("王建国")
        })
      )

      it.effect("applies an update at once, with a new revision and the changed fields in the history", () =>
        Effect.gen(function* () {
          yield* TestClock.setTime(MARCH_2)
          const repo = yield* Roster.RosterRepo
          const p = yield* fresh
          const id = contact(p, "a").id
          yield* repo.add(contact(p, "a"), clerk)
          yield* TestClock.setTime(MARCH_3)
          const updated = yield* repo.update(
            id,
            { title: "副局长", phone: "0571-87000001" },
            { by: "head-wang", reason: "升职" }
          )
          expect(updated.revision).toBe(2)
          expect(updated.contact.title).toBe("副局长")
          expect(DateTime.toEpochMillis(updated.addedAt)).toBe(MARCH_2)
          expect(DateTime.toEpochMillis(updated.updatedAt)).toBe(MARCH_3)
          expect((yield* repo.get(id)).contact).toEqual({ ...contact(p, "a"), title: "副局长", phone: "0571-87000001" })
          const history = yield* repo.history(id)
          expect(history.map((r) => [r.revision, r.change, r.by, r.reason, [...r.changed].sort()])).toEqual([
            [1, "added", "clerk-li", undefined, []],
            [2, "updated", "head-wang", "升职", ["phone", "title"]]
          ])
          expect(history[0]!.contact).toEqual(contact(p, "a"))
          expect(history[1]!.contact.title).toBe("副局长")
          expect(DateTime.toEpochMillis(history[1]!.at)).toBe(MARCH_3)
        })
      )

      it.effect("clears an optional field given null, and records nothing for a patch that changes nothing", () =>
        Effect.gen(function* () {
          const repo = yield* Roster.RosterRepo
          const p = yield* fresh
          const id = contact(p, "a").id
          yield* repo.add(contact(p, "a"), clerk)
          const same = yield* repo.update(id, { title: "科长", confidential: false }, clerk)
          expect(same.revision).toBe(1)
          const cleared = yield* repo.update(id, { phone: null }, clerk)
          expect(cleared.revision).toBe(2)
          expect("phone" in (yield* repo.get(id)).contact).toBe(false)
          expect((yield* repo.history(id)).map((r) => r.changed)).toEqual([[], ["phone"]])
        })
      )

      it.effect("refuses to update, remove, read or list the history of a contact it never had", () =>
        Effect.gen(function* () {
          const repo = yield* Roster.RosterRepo
          const p = yield* fresh
          const id = `${p}-nobody` as Roster.ContactId
          const unknown = Either.left(new Roster.ContactNotFound({ contactId: id, reason: "unknown" }))
          expect(yield* Effect.either(repo.update(id, { title: "x" }, clerk))).toEqual(unknown)
          expect(yield* Effect.either(repo.remove(id, { by: "clerk-li", reason: "left" }))).toEqual(unknown)
          expect(yield* Effect.either(repo.get(id))).toEqual(unknown)
          expect(yield* Effect.either(repo.history(id))).toEqual(unknown)
        })
      )

      it.effect("removes a contact with a reason but keeps it, its history and its id", () =>
        Effect.gen(function* () {
          yield* TestClock.setTime(MARCH_2)
          const repo = yield* Roster.RosterRepo
          const p = yield* fresh
          const id = contact(p, "a").id
          yield* repo.add(contact(p, "a"), clerk)
          yield* TestClock.setTime(MARCH_3)
          const removed = yield* repo.remove(id, { by: "clerk-li", reason: "调离原单位" })
          expect(removed.status).toBe("removed")
          expect(removed.revision).toBe(2)
          expect(removed.removal?.reason).toBe("调离原单位")
          expect(removed.removal?.by).toBe("clerk-li")
          expect(removed.removal && DateTime.toEpochMillis(removed.removal.at)).toBe(MARCH_3)
          expect(removed.contact).toEqual(contact(p, "a"))
          expect((yield* repo.get(id)).status).toBe("removed")
          const history = yield* repo.history(id)
          expect(history.map((r) => r.change)).toEqual(["added", "removed"])
          expect(history[1]!.reason).toBe("调离原单位")

          const gone = Either.left(new Roster.ContactNotFound({ contactId: id, reason: "removed" }))
          expect(yield* Effect.either(repo.update(id, { title: "x" }, clerk))).toEqual(gone)
          expect(yield* Effect.either(repo.remove(id, { by: "clerk-li", reason: "again" }))).toEqual(gone)
          expect(yield* Effect.either(repo.add(contact(p, "a"), clerk))).toEqual(
            Either.left(new Roster.DuplicateContact({ contactId: id }))
          )

          const department = contact(p, "a").ownerDepartment
          expect(yield* repo.list({ ownerDepartment: department })).toEqual([])
          const all = yield* repo.list({ ownerDepartment: department, includeRemoved: true })
          expect(all.map((e) => [e.contact.id, e.status])).toEqual([[id, "removed"]])
        })
      )

      it.effect("erases a contact's name and phone from the entry and every revision; the mailing lines stay", () =>
        Effect.gen(function* () {
          yield* TestClock.setTime(MARCH_2)
          const repo = yield* Roster.RosterRepo
          const p = yield* fresh
          const id = contact(p, "a").id
          const other = contact(p, "b")
          yield* repo.add(contact(p, "a", { name: `${p} 王建国`, phone: `${p}-0571-87000000` }), clerk)
          yield* repo.add(other, clerk)
          yield* repo.update(
            id,
            { phone: `${p}-139 0000 0000`, notes: `${p} 王建国 prefers calls; old number ${p}-0571-87000000` },
            { by: "clerk-li", reason: `new mobile for ${p} 王建国` }
          )
          yield* repo.recordMailing({
            contactId: id,
            issue: `${p} 2026年第1期`,
            material: "企业内刊",
            sentOn: d("2026-03-02"),
            by: "clerk-li"
          })
          yield* TestClock.setTime(MARCH_3)
          const erased = yield* repo.erase(id, { by: "dpo-zhou", reason: "erasure request 2026-017" })
          expect(erased.status).toBe("removed")
          expect(erased.revision).toBe(3)
          expect(erased.erasure).toMatchObject({ by: "dpo-zhou", reason: "erasure request 2026-017" })
          expect(erased.erasure && DateTime.toEpochMillis(erased.erasure.at)).toBe(MARCH_3)
          expect(erased.removal?.reason).toBe("erasure request 2026-017")
          // What is not personal stays: the organisation, title, category, department.
          expect(erased.contact).toMatchObject({ id, organisation: other.organisation, title: other.title })
          expect("phone" in erased.contact).toBe(false)

          const history = yield* repo.history(id)
          expect(history.map((r) => r.change)).toEqual(["added", "updated", "erased"])
          expect(history[2]).toMatchObject({
            by: "dpo-zhou",
            reason: "erasure request 2026-017",
            changed: ["name", "phone"]
          })
          const stored = JSON.stringify([yield* repo.get(id), history, yield* repo.list({ includeRemoved: true })])
          for (const gone of [`${p} 王建国`, `${p}-0571-87000000`, `${p}-139 0000 0000`])
            expect(stored).not.toContain(gone)
          expect(history[1]!.contact.notes).toContain("prefers calls")
          expect(yield* repo.mailings({ contactId: id, from: d("2026-01-01"), to: d("2026-12-31") })).toHaveLength(1)
          // The other contact is untouched; erasing again changes nothing.
          expect((yield* repo.get(other.id)).contact).toEqual(other)
          expect(yield* repo.erase(id, { by: "dpo-zhou", reason: "again" })).toEqual(erased)
          expect(yield* repo.history(id)).toHaveLength(3)
          expect(yield* Effect.either(repo.erase(contact(p, "never").id, { by: "dpo-zhou", reason: "x" }))).toEqual(
            Either.left(new Roster.ContactNotFound({ contactId: contact(p, "never").id, reason: "unknown" }))
          )
        })
      )

      it.effect("lists by owner department and by category, in id order", () =>
        Effect.gen(function* () {
          const repo = yield* Roster.RosterRepo
          const p = yield* fresh
          const other = `${p} 市场部`
          yield* repo.add(contact(p, "c", { category: "publicSecurity" }), clerk)
          yield* repo.add(contact(p, "a"), clerk)
          yield* repo.add(contact(p, "b", { category: "publicSecurity", ownerDepartment: other }), clerk)
          yield* repo.add(contact(p, "d", { category: "cityManagement" }), clerk)

          const ids = (entries: ReadonlyArray<Roster.Entry>) => entries.map((e) => e.contact.id)
          const department = contact(p, "a").ownerDepartment
          expect(ids(yield* repo.list({ ownerDepartment: department }))).toEqual([`${p}-a`, `${p}-c`, `${p}-d`])
          expect(ids(yield* repo.list({ ownerDepartment: other }))).toEqual([`${p}-b`])
          expect(ids(yield* repo.list({ ownerDepartment: department, category: "publicSecurity" }))).toEqual([`${p}-c`])
          const security = ids(yield* repo.list({ category: "publicSecurity" })).filter((id) => id.startsWith(p))
          expect(security).toEqual([`${p}-b`, `${p}-c`])
          const everything = ids(yield* repo.list())
          expect(everything.filter((id) => id.startsWith(p))).toEqual([`${p}-a`, `${p}-b`, `${p}-c`, `${p}-d`])
          expect([...everything].sort()).toEqual(everything)
        })
      )

      it.effect("records one mailing per contact and issue, and finds it by contact and period", () =>
        Effect.gen(function* () {
          yield* TestClock.setTime(MARCH_3)
          const repo = yield* Roster.RosterRepo
          const p = yield* fresh
          const a = contact(p, "a").id
          const b = contact(p, "b").id
          yield* repo.add(contact(p, "a"), clerk)
          yield* repo.add(contact(p, "b"), clerk)
          const mailing = (contactId: Roster.ContactId, issue: string, sentOn: string): Roster.MailingInput => ({
            contactId,
            issue: `${p} ${issue}`,
            material: "第一家居 企业内刊",
            sentOn: d(sentOn),
            by: "clerk-li",
            method: "post"
          })
          const recorded = yield* repo.recordMailing(mailing(a, "2026年第1期", "2026-03-03"))
          expect(recorded).toMatchObject(mailing(a, "2026年第1期", "2026-03-03"))
          expect(DateTime.toEpochMillis(recorded.recordedAt)).toBe(MARCH_3)
          yield* repo.recordMailing(mailing(b, "2026年第1期", "2026-03-03"))
          yield* repo.recordMailing(mailing(a, "2026年第2期", "2026-06-30"))
          yield* repo.recordMailing({ ...mailing(b, "2026年第2期", "2026-07-01"), trackingNumber: "SF1234567890" })

          expect(yield* Effect.either(repo.recordMailing(mailing(a, "2026年第1期", "2026-03-05")))).toEqual(
            Either.left(new Roster.DuplicateMailing({ contactId: a, issue: `${p} 2026年第1期` }))
          )

          const toA = yield* repo.mailings({ contactId: a, from: d("2026-01-01"), to: d("2026-12-31") })
          expect(toA.map((m) => m.issue)).toEqual([`${p} 2026年第1期`, `${p} 2026年第2期`])
          const firstHalf = yield* repo.mailings({ contactId: a, from: d("2026-03-03"), to: d("2026-06-30") })
          expect(firstHalf).toHaveLength(2)
          expect(yield* repo.mailings({ contactId: a, from: d("2026-03-04"), to: d("2026-06-29") })).toEqual([])

          const all = (yield* repo.mailings({ from: d("2026-03-01"), to: d("2026-07-01") })).filter((m) =>
            m.issue.startsWith(p)
          )
          expect(all.map((m) => [m.sentOn, m.contactId, m.issue.slice(p.length + 1)])).toEqual([
            ["2026-03-03", a, "2026年第1期"],
            ["2026-03-03", b, "2026年第1期"],
            ["2026-06-30", a, "2026年第2期"],
            ["2026-07-01", b, "2026年第2期"]
          ])
          expect(all[3]!.trackingNumber).toBe("SF1234567890")
          expect("trackingNumber" in all[0]!).toBe(false)
        })
      )

      it.effect("refuses a mailing to a contact it does not have or has removed", () =>
        Effect.gen(function* () {
          const repo = yield* Roster.RosterRepo
          const p = yield* fresh
          const id = contact(p, "a").id
          const send = (contactId: Roster.ContactId) =>
            Effect.either(
              repo.recordMailing({
                contactId,
                issue: `${p} 第1期`,
                material: "简介",
                sentOn: d("2026-03-03"),
                by: "clerk-li"
              })
            )
          expect(yield* send(id)).toEqual(Either.left(new Roster.ContactNotFound({ contactId: id, reason: "unknown" })))
          yield* repo.add(contact(p, "a"), clerk)
          yield* repo.remove(id, { by: "clerk-li", reason: "退休" })
          expect(yield* send(id)).toEqual(Either.left(new Roster.ContactNotFound({ contactId: id, reason: "removed" })))
          expect(yield* repo.mailings({ contactId: id, from: d("2026-01-01"), to: d("2026-12-31") })).toEqual([])
        })
      )

      it.effect("numbers concurrent updates of one contact without gaps or repeats", () =>
        Effect.gen(function* () {
          const repo = yield* Roster.RosterRepo
          const p = yield* fresh
          const id = contact(p, "a").id
          yield* repo.add(contact(p, "a"), clerk)
          const titles = Array.from({ length: 8 }, (_, i) => `科长${i + 1}`)
          yield* Effect.forEach(titles, (title) => repo.update(id, { title }, clerk), { concurrency: "unbounded" })
          const history = yield* repo.history(id)
          expect(history.map((r) => r.revision)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9])
          const last = yield* repo.get(id)
          expect(last.revision).toBe(9)
          expect(last.contact.title).toBe(history[8]!.contact.title)
          expect([...history.slice(1).map((r) => r.contact.title)].sort()).toEqual([...titles].sort())
        })
      )

      it.effect("stamps each change with the clock, whatever the host's zone", () =>
        Effect.gen(function* () {
          const repo = yield* Roster.RosterRepo
          const p = yield* fresh
          yield* TestClock.setTime(MARCH_2)
          yield* repo.add(contact(p, "a"), clerk)
          yield* TestClock.setTime(MARCH_3)
          yield* repo.update(contact(p, "a").id, { title: "处长" }, clerk)
          const history = yield* repo.history(contact(p, "a").id)
          expect(history.map((r) => DateTime.formatIso(r.at))).toEqual([
            DateTime.formatIso(utc(MARCH_2)),
            DateTime.formatIso(utc(MARCH_3))
          ])
        })
      )
    })
  })
