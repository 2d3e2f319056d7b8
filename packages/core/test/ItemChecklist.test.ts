import { describe, expect, it } from "@effect/vitest"
import type * as DateTime from "effect/DateTime"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import fc from "fast-check"
import { ItemChecklist, ReceptionApplication, ZonedDateTime } from "../src/index.js"

const ok = <A, E>(result: Either.Either<A, E>): A =>
  Either.getOrThrowWith(result, (e) => new Error(`expected a value, got ${JSON.stringify(e)}`))

const err = <A, E>(result: Either.Either<A, E>): E =>
  Either.getOrThrowWith(Either.flip(result), (a) => new Error(`expected an error, got ${JSON.stringify(a)}`))

const at = (text: string): DateTime.Zoned => Option.getOrThrow(ZonedDateTime.make(`${text}+08:00[Asia/Shanghai]`))

const chen = { id: "chen-jing", name: "陈静" }
const zhao = { id: "zhao-min", name: "赵敏" }

/** The seed's items for a meeting of 12, as the logistics group fills the list two working days before. */
const seedList = () =>
  ok(
    ItemChecklist.make({
      engagementId: "acme-0224",
      meeting: { time: at("2026-02-24T09:30"), place: "三楼会议室" },
      items: ItemChecklist.seedItems(12).map((item) => ({ ...item, owner: chen }))
    })
  )

describe("ItemChecklist", () => {
  it("lists the seed's items numbered 1 to 9, with paper, pencils and pens as consumables", () => {
    const list = seedList()
    expect(list.items.map((i) => [i.no, i.id, i.name["zh-CN"], i.quantity, i.returnable])).toEqual([
      [1, "glasses", "玻璃杯", 12, true],
      [2, "tea-sets", "茶具", 1, true],
      [3, "fruit-plates", "果碟", 4, true],
      [4, "computer", "电脑", 1, true],
      [5, "paper", "白纸", 12, false],
      [6, "pencils", "铅笔", 12, false],
      [7, "pens", "签字笔", 12, false],
      [8, "projector", "投影仪", 1, true],
      [9, "clicker", "翻页笔", 1, true]
    ])
  })

  it("reports at wrap-up a missing glass, a chipped one and the paper used, after check-out and return", () => {
    let list = seedList()
    const step = (next: Either.Either<ItemChecklist.ItemChecklist, unknown>) => {
      list = ok(next)
    }
    step(ItemChecklist.checkOut(list, { item: "glasses", quantity: 12, by: chen, at: at("2026-02-24T08:30") }))
    step(ItemChecklist.checkOut(list, { item: "projector", quantity: 1, by: chen, at: at("2026-02-24T08:30") }))
    step(ItemChecklist.checkOut(list, { item: "paper", quantity: 12, by: zhao, at: at("2026-02-24T08:40") }))
    step(
      ItemChecklist.returnItem(list, {
        item: "glasses",
        quantity: 11,
        damaged: 1,
        note: "杯口破损",
        by: zhao,
        at: at("2026-02-24T12:10")
      })
    )
    step(ItemChecklist.returnItem(list, { item: "projector", quantity: 1, by: chen, at: at("2026-02-24T12:15") }))
    step(ItemChecklist.returnItem(list, { item: "paper", quantity: 3, by: zhao, at: at("2026-02-24T12:20") }))
    step(ItemChecklist.markChecked(list, { item: "glasses", by: chen, at: at("2026-02-24T12:30"), note: "少一只" }))

    const glasses = list.items[0]!
    expect(ItemChecklist.tally(glasses)).toEqual({ checkedOut: 12, returned: 11, damaged: 1, outstanding: 1 })

    const report = ItemChecklist.lossReport(list)
    expect(report.lines).toEqual([
      {
        no: 1,
        itemId: "glasses",
        name: { "zh-CN": "玻璃杯", en: "Glasses" },
        category: "tableware",
        owner: chen,
        checkedOut: 12,
        returned: 11,
        missing: 1,
        damaged: 1,
        notes: ["杯口破损", "少一只"]
      }
    ])
    expect(report.consumed).toEqual([{ no: 5, itemId: "paper", name: { "zh-CN": "白纸", en: "Paper" }, used: 9 }])
    expect(report.unchecked).toEqual(["paper", "projector"])
    expect([report.missing, report.damaged, report.complete]).toEqual([1, 1, false])
  })

  it("is complete when everything that went out came back whole and was checked", () => {
    let list = seedList()
    list = ok(ItemChecklist.checkOut(list, { item: "clicker", quantity: 1, by: chen, at: at("2026-02-24T08:30") }))
    list = ok(ItemChecklist.returnItem(list, { item: "clicker", quantity: 1, by: chen, at: at("2026-02-24T12:00") }))
    list = ok(ItemChecklist.markChecked(list, { item: "clicker", by: chen, at: at("2026-02-24T12:05") }))
    expect(ItemChecklist.lossReport(list)).toMatchObject({ lines: [], unchecked: [], complete: true })
  })

  describe("refuses what cannot happen, with typed errors", () => {
    const out = ok(
      ItemChecklist.checkOut(seedList(), { item: "tea-sets", quantity: 1, by: chen, at: at("2026-02-24T08:00") })
    )

    it("returning an item that is not on the list", () => {
      const e = err(
        ItemChecklist.returnItem(out, { item: "microphone", quantity: 1, by: chen, at: at("2026-02-24T12:00") })
      )
      expect(e._tag).toBe("UnknownItem")
      expect(e.message).toBe(`acme-0224: no item "microphone" on the list (return)`)
    })

    it("returning more than was checked out", () => {
      const e = err(
        ItemChecklist.returnItem(out, { item: "tea-sets", quantity: 2, by: chen, at: at("2026-02-24T12:00") })
      )
      expect(e).toMatchObject({ _tag: "ReturnExceedsCheckOut", itemId: "tea-sets", outstanding: 1, requested: 2 })
    })

    it("returning an item never checked out", () => {
      const e = err(
        ItemChecklist.returnItem(out, { item: "computer", quantity: 1, by: chen, at: at("2026-02-24T12:00") })
      )
      expect(e).toMatchObject({ _tag: "ReturnExceedsCheckOut", outstanding: 0 })
    })

    it("checking out more than listed, a fraction, more damaged than returned, a quantity below what is out", () => {
      const more = err(
        ItemChecklist.checkOut(out, { item: "tea-sets", quantity: 1, by: chen, at: at("2026-02-24T08:05") })
      )
      expect(more).toMatchObject({ _tag: "InvalidQuantity", reason: "more-than-listed" })
      const half = err(
        ItemChecklist.checkOut(out, { item: "glasses", quantity: 0.5, by: chen, at: at("2026-02-24T08:05") })
      )
      expect(half).toMatchObject({ _tag: "InvalidQuantity", reason: "not-positive" })
      const damaged = err(
        ItemChecklist.returnItem(out, {
          item: "tea-sets",
          quantity: 1,
          damaged: 2,
          by: chen,
          at: at("2026-02-24T12:00")
        })
      )
      expect(damaged).toMatchObject({ _tag: "InvalidQuantity", reason: "damaged-more-than-returned" })
      expect(err(ItemChecklist.setQuantity(out, "tea-sets", 0))).toMatchObject({ reason: "below-checked-out" })
      expect(ok(ItemChecklist.setQuantity(out, "tea-sets", 2)).items[1]?.quantity).toBe(2)
    })

    it("adding an item twice", () => {
      const e = err(ItemChecklist.addItem(out, ItemChecklist.seedItems(1)[0]!))
      expect(e).toMatchObject({ _tag: "DuplicateItem", itemId: "glasses" })
    })
  })

  it("builds the list an application asks for: meeting-room items, tea and fruit, per person", () => {
    const application = ok(
      ReceptionApplication.decode({
        applicant: "张伟",
        department: "市场部",
        contactPerson: "张伟",
        guestOrganisation: "华东建材有限公司",
        purpose: "考察展厅，洽谈年度合作",
        visitDate: "2026-02-24",
        budget: { amount: "2000", currency: "CNY" },
        companionCount: 3,
        guests: [{ name: "周总", title: "总经理" }],
        supportStaff: [{ name: "王芳", title: "行政专员" }],
        partTwo: {
          contactPerson: "王芳",
          receptionType: "business",
          tea: ["green-tea"],
          meetingRoom: { equipment: ["computer", "projector", "clicker", "pens"] }
        }
      })
    )
    const list = ok(ItemChecklist.fromApplication(application, { engagementId: "acme-0224", owner: chen }))
    expect(list.items.map((i) => [i.no, i.id, i.quantity])).toEqual([
      [1, "glasses", 5],
      [2, "tea-sets", 1],
      [3, "computer", 1],
      [4, "pens", 5],
      [5, "projector", 1],
      [6, "clicker", 1]
    ])
  })

  it("decodes a stored list and refuses one with more returned than checked out, at that item's path", () => {
    let list = seedList()
    list = ok(ItemChecklist.checkOut(list, { item: "computer", quantity: 1, by: chen, at: at("2026-02-24T08:00") }))
    const json = JSON.parse(JSON.stringify(ok(ItemChecklist.encode(list))))
    expect(ok(ItemChecklist.decode(json))).toEqual(list)
    json.items[3].returns = [{ by: chen, at: "2026-02-24T12:00+08:00[Asia/Shanghai]", quantity: 2, damaged: 0 }]
    const problem = err(ItemChecklist.decode(json))
    expect(problem.problems.map((p) => [p.path, p.message])).toEqual([
      ["items[3].returns", "2 returned of 1 checked out"]
    ])
  })

  describe("laws", () => {
    const ids = ItemChecklist.seedItems(4).map((i) => i.id)
    const operation = fc.oneof(
      fc.record({
        kind: fc.constant("checkOut" as const),
        item: fc.constantFrom(...ids, "microphone"),
        quantity: fc.integer({ min: -1, max: 5 })
      }),
      fc.record({
        kind: fc.constant("return" as const),
        item: fc.constantFrom(...ids, "microphone"),
        quantity: fc.integer({ min: -1, max: 5 }),
        damaged: fc.integer({ min: 0, max: 3 })
      }),
      fc.record({
        kind: fc.constant("setQuantity" as const),
        item: fc.constantFrom(...ids),
        quantity: fc.integer({ min: 0, max: 8 })
      })
    )
    type Operation = typeof operation extends fc.Arbitrary<infer O> ? O : never
    const run = (operations: ReadonlyArray<Operation>) => {
      let list = ok(ItemChecklist.make({ engagementId: "law", items: ItemChecklist.seedItems(4) }))
      const when = at("2026-02-24T09:00")
      for (const op of operations) {
        const next =
          op.kind === "checkOut"
            ? ItemChecklist.checkOut(list, { item: op.item, quantity: op.quantity, by: chen, at: when })
            : op.kind === "return"
              ? ItemChecklist.returnItem(list, {
                  item: op.item,
                  quantity: op.quantity,
                  damaged: op.damaged,
                  by: chen,
                  at: when
                })
              : ItemChecklist.setQuantity(list, op.item, op.quantity)
        if (Either.isRight(next)) list = next.right
      }
      return list
    }

    it("never has more returned than checked out, nor more checked out than listed", () => {
      fc.assert(
        fc.property(fc.array(operation, { maxLength: 40 }), (operations) => {
          for (const item of run(operations).items) {
            const t = ItemChecklist.tally(item)
            expect(t.returned).toBeLessThanOrEqual(t.checkedOut)
            expect(t.checkedOut).toBeLessThanOrEqual(item.quantity)
            expect(t.damaged).toBeLessThanOrEqual(t.returned)
          }
        }),
        { numRuns: 500 }
      )
    })

    it("reports as missing exactly what was checked out and not returned, and consumables as used", () => {
      fc.assert(
        fc.property(fc.array(operation, { maxLength: 40 }), (operations) => {
          const list = run(operations)
          const report = ItemChecklist.lossReport(list)
          for (const item of list.items) {
            const t = ItemChecklist.tally(item)
            const line = report.lines.find((l) => l.itemId === item.id)
            const used = report.consumed.find((c) => c.itemId === item.id)
            if (item.returnable) {
              expect(line?.missing ?? 0).toBe(t.checkedOut - t.returned)
              expect(line?.damaged ?? 0).toBe(t.damaged)
              expect(used).toBeUndefined()
            } else {
              expect(used?.used ?? 0).toBe(t.checkedOut - t.returned)
              expect(line).toBeUndefined()
            }
          }
          expect(report.missing).toBe(report.lines.reduce((n, l) => n + l.missing, 0))
        }),
        { numRuns: 500 }
      )
    })

    it("encodes and decodes every reachable list unchanged", () => {
      fc.assert(
        fc.property(fc.array(operation, { maxLength: 20 }), (operations) => {
          const list = run(operations)
          expect(ok(ItemChecklist.decode(JSON.parse(JSON.stringify(ok(ItemChecklist.encode(list))))))).toEqual(list)
        }),
        { numRuns: 200 }
      )
    })
  })
})
