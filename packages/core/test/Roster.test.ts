import { describe, expect, it } from "@effect/vitest"
import * as DateTime from "effect/DateTime"
import * as Either from "effect/Either"
import { OfficialCalendars, Roster } from "../src/index.js"
import { rosterRepoContract } from "./contracts/RosterRepoContract.js"

const cn = OfficialCalendars.cnMainland

const ok = <A, E>(result: Either.Either<A, E>): A =>
  Either.getOrThrowWith(result, (e) => new Error(`expected a value, got ${JSON.stringify(e)}`))

const err = <A, E>(result: Either.Either<A, E>): E =>
  Either.getOrThrowWith(Either.flip(result), (a) => new Error(`expected an error, got ${JSON.stringify(a)}`))

rosterRepoContract("memory", Roster.layerMemory)

const base: Roster.Contact = {
  id: "c-001" as Roster.ContactId,
  name: "张伟",
  organisation: "某区街道办事处",
  title: "主任",
  address: "某区解放路8号",
  category: "subDistrict",
  ownerDepartment: "综合管理部",
  confidential: false
}

describe("Roster", () => {
  describe("the June and December reviews of P7", () => {
    it("dates four reviews in 2025–2026, each from the month's first working day to its last", () => {
      const tasks = ok(Roster.reviewTasks(cn, { from: 2025, to: 2026 }))
      expect(tasks.map((t) => [t.id, t.opensDate, t.dueDate])).toEqual([
        ["liaison-roster/review/2025-06", "2025-06-03", "2025-06-30"],
        ["liaison-roster/review/2025-12", "2025-12-01", "2025-12-31"],
        ["liaison-roster/review/2026-06", "2026-06-01", "2026-06-30"],
        ["liaison-roster/review/2026-12", "2026-12-01", "2026-12-31"]
      ])
      expect(tasks.every((t) => t.ownerRole === "general-manager" && !t.provisional)).toBe(true)
    })

    it("opens the June 2025 review on Tuesday 3 June, after the Dragon Boat Festival holiday on 1–2 June", () => {
      const [june] = ok(Roster.reviewTasks(cn, { from: 2025, to: 2025 }))
      expect(june?.deadline.explanation.rolls).toEqual([
        expect.objectContaining({ end: "opens", from: "2025-06-01", to: "2025-06-03" })
      ])
      expect(june?.deadline.explanation.sentence.en).toContain("Dragon Boat Festival")
    })

    it("uses the catalog's own review rule, so a catalog change moves the tasks with it", () => {
      expect(Roster.reviewStep.deadline).toEqual({
        _tag: "Recurring",
        every: "month",
        months: [6, 12],
        rule: { _tag: "During", period: "month" }
      })
      expect(Roster.reviewStep.name.en).toBe("Half-yearly review")
    })

    it("refuses 2027, beyond the calendar's data, unless asked for provisional tasks", () => {
      expect(err(Roster.reviewTasks(cn, { from: 2026, to: 2027 }))._tag).toBe("OutsideCoverage")
      const tasks = ok(Roster.reviewTasks(cn, { from: 2027, to: 2027 }, { beyondCoverage: "provisional" }))
      expect(tasks.map((t) => [t.month, t.opensDate, t.dueDate, t.provisional])).toEqual([
        ["2027-06", "2027-06-01", "2027-06-30", true],
        ["2027-12", "2027-12-01", "2027-12-31", true]
      ])
    })

    it("refuses a range that ends before it starts", () => {
      expect(err(Roster.reviewTasks(cn, { from: 2026, to: 2025 }))._tag).toBe("InvalidArgument")
    })
  })

  describe("the review sheet", () => {
    const entry = (contact: Roster.Contact, status: "active" | "removed" = "active"): Roster.Entry => ({
      contact,
      status,
      revision: 1,
      addedAt: DateTime.unsafeMake("2026-03-02T01:30:00Z"),
      updatedAt: DateTime.unsafeMake("2026-03-02T01:30:00Z")
    })

    it("groups active contacts by owner department, in the order P1 lists the units, and leaves out the confidential", () => {
      const sheet = Roster.reviewSheet([
        entry({ ...base, id: "c-1" as Roster.ContactId, category: "publicSecurity", organisation: "某区公安分局" }),
        entry({ ...base, id: "c-2" as Roster.ContactId, category: "districtGovernment", organisation: "某区人民政府" }),
        entry({ ...base, id: "c-3" as Roster.ContactId, ownerDepartment: "市场部" }),
        entry({ ...base, id: "c-4" as Roster.ContactId, confidential: true }),
        entry({ ...base, id: "c-5" as Roster.ContactId }, "removed")
      ])
      expect(sheet.map((g) => [g.ownerDepartment, g.contacts.map((c) => c.id)])).toEqual([
        ["市场部", ["c-3"]],
        ["综合管理部", ["c-2", "c-1"]]
      ])
      const all = Roster.reviewSheet([entry({ ...base, confidential: true })], { includeConfidential: true })
      expect(all[0]?.contacts).toHaveLength(1)
    })
  })

  describe("contacts at the edge", () => {
    it("decodes a contact from a form and names every bad field with its label", () => {
      const problem = err(
        Roster.decodeContact({ ...base, name: " ", category: "taxBureau", confidential: "no", extra: 1 })
      )
      expect(problem._tag).toBe("InvalidInput")
      expect(problem.problems.map((p) => p.path).sort()).toEqual(["category", "confidential", "extra", "name"])
      expect(problem.problems.find((p) => p.path === "name")?.label).toEqual({ "zh-CN": "姓名", en: "Name" })
    })

    it("applies a patch field by field and reports only the fields that really changed", () => {
      const withPhone = { ...base, phone: "0571-1" }
      expect(Roster.applyPatch(withPhone, { title: "主任", phone: null, notes: null })).toEqual({
        contact: base,
        changed: ["phone"]
      })
      expect(Roster.applyPatch(base, { confidential: true, notes: "只寄年刊" }).changed).toEqual([
        "confidential",
        "notes"
      ])
    })

    it("labels every category in both languages", () => {
      for (const category of Roster.Category.literals) {
        expect(Roster.categoryLabels[category]["zh-CN"].length).toBeGreaterThan(0)
      }
      expect(Roster.categoryLabels.consumerAssociation).toEqual({ "zh-CN": "消协", en: "Consumer association" })
    })
  })
})
