import { describe, expect, it } from "@effect/vitest"
import * as DateTime from "effect/DateTime"
import fc from "fast-check"
import { Ledger, LocalDate, Money } from "../src/index.js"

const USD = "USD" as Money.Currency
const clerk = { personId: "zhao.lei", name: "Zhao Lei 赵磊" }

const zoned = (millis: number, zone: string | number = "Asia/Shanghai") =>
  DateTime.unsafeMakeZoned(millis, { timeZone: zone })

/** A settlement entry, as `Settle` writes it. */
const settlement = (
  id: string,
  at: DateTime.Zoned,
  amount: Money.Money,
  extra: Partial<Ledger.Entry> = {}
): Ledger.Entry => ({
  id,
  at,
  actor: { personId: "sun.li", name: "Sun Li 孙丽" },
  kind: "transition",
  engagementId: id.split("#")[0]!,
  command: "Settle",
  from: "held",
  to: "settled",
  reason: `settled: ${Money.format(amount)}`,
  counterpart: "华东家具集团",
  tier: "B",
  ownerId: "wang.fang",
  amount,
  confidential: false,
  ...extra
})

const reception = (
  id: string,
  eventStart: string,
  guests: readonly [string, ...Array<string>],
  organisation = "华东家具集团",
  status?: string
) => ({
  id,
  eventStart,
  ...(status !== undefined ? { status } : {}),
  application: {
    guestOrganisation: organisation,
    guests: [{ name: guests[0], title: "总经理" }, ...guests.slice(1).map((name) => ({ name, title: "随员" }))] as const
  }
})

describe("Ledger", () => {
  describe("matches", () => {
    it("compares a period with the entry's local date in the zone it was recorded in", () => {
      const lateEvening = settlement("e#1", zoned(Date.parse("2026-03-31T23:30:00+08:00")), Money.yuan(1))
      expect(Ledger.dateOf(lateEvening)).toBe("2026-03-31")
      expect(Ledger.matches(lateEvening, { from: LocalDate.unsafeMake("2026-04-01") })).toBe(false)
      expect(Ledger.matches(lateEvening, { to: LocalDate.unsafeMake("2026-03-31") })).toBe(true)
    })
  })

  describe("quarterly costs", () => {
    it("sums settlements and contacts with a cost by quarter and currency, and leaves out budgets and approvals", () => {
      const at = (iso: string) => zoned(Date.parse(iso))
      const entries: ReadonlyArray<Ledger.Entry> = [
        settlement("a#6", at("2026-03-31T23:30:00+08:00"), Money.yuan(538)),
        settlement("b#6", at("2026-04-01T00:10:00+08:00"), Money.yuan(1200), { tier: "A", counterpart: "省商务厅" }),
        Ledger.contact({
          id: "c1",
          at: at("2026-02-10T15:00:00+08:00"),
          actor: clerk,
          counterpart: "区市场监管局",
          situation: "拜访",
          result: "顺利",
          cost: Money.yuan(300),
          ownerId: "wang.fang"
        }),
        { ...settlement("d#1", at("2026-02-10T15:00:00+08:00"), Money.yuan(9999)), command: "Submit" },
        Ledger.contact({
          id: "c2",
          at: at("2026-02-11T15:00:00+08:00"),
          actor: clerk,
          counterpart: "区市场监管局",
          situation: "电话",
          result: "无",
          ownerId: "wang.fang"
        })
      ]
      const report = Ledger.quarterlyCosts(entries)
      expect(report.map((q) => [q.quarter, q.currency, Money.format(q.total), q.entries])).toEqual([
        ["2026-Q1", "CNY", "838 CNY", 2],
        ["2026-Q2", "CNY", "1200 CNY", 1]
      ])
      expect(report[0]!.byTier.map((t) => [t.tier, Money.format(t.total)])).toEqual([
        ["-", "300 CNY"],
        ["B", "538 CNY"]
      ])
    })

    describe("laws", () => {
      const entry: fc.Arbitrary<Ledger.Entry> = fc
        .record({
          n: fc.nat(),
          millis: fc.integer({ min: Date.parse("2024-01-01T00:00:00Z"), max: Date.parse("2027-12-31T00:00:00Z") }),
          zone: fc.constantFrom<string | number>("Asia/Shanghai", "UTC", "America/New_York", -5 * 3_600_000),
          minor: fc.integer({ min: 0, max: 10_000_000 }),
          currency: fc.constantFrom(Money.CNY, USD),
          kind: fc.constantFrom("settle", "contact", "contactWithoutCost", "submit", "decide", "verdicts"),
          tier: fc.option(fc.constantFrom("A", "B", "C"), { nil: undefined }),
          counterpart: fc.constantFrom("华东家具集团", "区税务局", "Lakeside 湖畔")
        })
        .map(({ n, millis, zone, minor, currency, kind, tier, counterpart }): Ledger.Entry => {
          const base = settlement(`e${n}#1`, zoned(millis, zone), Money.make(minor, currency), {
            counterpart,
            ...(tier !== undefined ? { tier } : {})
          })
          const { tier: _, ...untiered } = base
          const e = tier === undefined ? untiered : base
          const { command: _c, amount: _a, ...bare } = e
          switch (kind) {
            case "settle":
              return e
            case "contact":
              return { ...bare, kind: "contact", amount: e.amount! }
            case "contactWithoutCost":
              return { ...bare, kind: "contact" }
            case "submit":
              return { ...e, command: "Submit" }
            case "decide":
              return { ...e, command: "Decide" }
            default: // "verdicts"
              return { ...bare, kind: "budgetVerdicts", command: "Submit" }
          }
        })

      const costed = (e: Ledger.Entry) => e.amount !== undefined && (e.kind === "contact" || e.command === "Settle")
      const quarterOf = (e: Ledger.Entry) => {
        const d = Ledger.dateOf(e)
        return `${d.slice(0, 4)}-Q${Math.ceil(Number(d.slice(5, 7)) / 3)}`
      }

      it("totals each quarter and currency to the sum of its costed entries, and nothing else", () => {
        fc.assert(
          fc.property(fc.array(entry, { maxLength: 40 }), (entries) => {
            const report = Ledger.quarterlyCosts(entries)
            const expected = new Map<string, { minor: number; count: number }>()
            for (const e of entries.filter(costed)) {
              const key = `${quarterOf(e)} ${e.amount!.currency}`
              const was = expected.get(key) ?? { minor: 0, count: 0 }
              expected.set(key, { minor: was.minor + e.amount!.minor, count: was.count + 1 })
            }
            expect(report.map((q) => `${q.quarter} ${q.currency}`).sort()).toEqual([...expected.keys()].sort())
            for (const q of report) {
              const want = expected.get(`${q.quarter} ${q.currency}`)!
              expect(q.total).toEqual(Money.make(want.minor, q.currency as Money.Currency))
              expect(q.entries).toBe(want.count)
            }
          }),
          { numRuns: 300 }
        )
      })

      it("splits each total by tier and by counterpart without losing or adding a fen", () => {
        fc.assert(
          fc.property(fc.array(entry, { maxLength: 40 }), (entries) => {
            for (const q of Ledger.quarterlyCosts(entries)) {
              const byTier = q.byTier.reduce((s, t) => s + t.total.minor, 0)
              const byCounterpart = q.byCounterpart.reduce((s, c) => s + c.total.minor, 0)
              expect(byTier).toBe(q.total.minor)
              expect(byCounterpart).toBe(q.total.minor)
              for (const t of [...q.byTier.map((x) => x.total), ...q.byCounterpart.map((x) => x.total)]) {
                expect(t.currency).toBe(q.currency)
              }
            }
          }),
          { numRuns: 300 }
        )
      })
    })
  })

  describe("anomalies", () => {
    it("blocks the same guest again within 15 days and warns within 30, counting days between event dates", () => {
      const found = Ledger.anomalies(
        [
          reception("v1", "2026-03-01", ["张伟"]),
          reception("v2", "2026-03-16T10:00:00+08:00", ["张伟"]),
          reception("v3", "2026-04-15", ["张伟"])
        ],
        []
      )
      expect(found.map((a) => (a._tag === "RepeatGuest" ? [a.severity, a.engagements, a.daysApart] : a._tag))).toEqual([
        ["block", ["v1", "v2"], 15],
        ["warning", ["v2", "v3"], 30]
      ])
    })

    it("does not count cancelled or rejected receptions, nor another organisation's guest of the same name", () => {
      const found = Ledger.anomalies(
        [
          reception("v1", "2026-03-01", ["张伟"]),
          reception("v2", "2026-03-02", ["张伟"], "华东家具集团", "cancelled"),
          reception("v3", "2026-03-03", ["张伟"], "华东家具集团", "rejected"),
          reception("v4", "2026-03-04", ["张伟"], "华南家具集团")
        ],
        []
      )
      expect(found).toEqual([])
    })

    it("recognises the same guest as the budget check does: ignoring case and surrounding spaces", () => {
      const found = Ledger.anomalies(
        [
          reception("v1", "2026-03-01", ["Zhou Min"], "Lakeside"),
          reception("v2", "2026-03-05", ["ZHOU MIN"], "lakeside ")
        ],
        []
      )
      expect(found.map((a) => a._tag === "RepeatGuest" && [a.severity, a.guest])).toEqual([
        ["block", { organisation: "lakeside ", name: "ZHOU MIN" }]
      ])
    })

    it("blocks an invoice number in two settlements, not one invoice on two lines of the same settlement", () => {
      const at = zoned(Date.parse("2026-03-05T10:00:00+08:00"))
      const one = settlement("v1#6", at, Money.yuan(900), { invoices: ["INV-7", "INV-7"] })
      expect(Ledger.anomalies([], [one])).toEqual([])
      const two = settlement("v2#6", at, Money.yuan(100), { invoices: ["INV-7"] })
      expect(Ledger.anomalies([], [one, two])).toEqual([
        { _tag: "DuplicateInvoice", severity: "block", invoice: "INV-7", entries: ["v1#6", "v2#6"] }
      ])
    })

    describe("laws", () => {
      it("flags a repeat guest within 15 days as a block, within 30 as a warning, and not beyond", () => {
        fc.assert(
          fc.property(
            fc.integer({ min: LocalDate.toEpochDay("2024-01-01"), max: LocalDate.toEpochDay("2026-12-31") }),
            fc.integer({ min: 0, max: 90 }),
            fc.boolean(),
            (first, apart, swapped) => {
              const a = reception("a", LocalDate.fromEpochDay(first), ["张伟", "赵敏"])
              const b = reception("b", LocalDate.fromEpochDay(first + apart), ["张伟"])
              const found = Ledger.anomalies(swapped ? [b, a] : [a, b], [])
              const expected = apart <= 15 ? "block" : apart <= 30 ? "warning" : undefined
              expect(found.map((x) => x._tag === "RepeatGuest" && [x.severity, x.daysApart, x.guest.name])).toEqual(
                expected === undefined ? [] : [[expected, apart, "张伟"]]
              )
            }
          ),
          { numRuns: 300 }
        )
      })

      it("honours other thresholds the same way", () => {
        fc.assert(
          fc.property(
            fc.integer({ min: 1, max: 20 }),
            fc.integer({ min: 0, max: 20 }),
            fc.integer({ min: 0, max: 50 }),
            (block, more, apart) => {
              const warn = block + more
              const found = Ledger.anomalies(
                [
                  reception("a", "2026-01-01", ["张伟"]),
                  reception("b", LocalDate.unsafeAddDays(LocalDate.unsafeMake("2026-01-01"), apart), ["张伟"])
                ],
                [],
                { blockWithinDays: block, warnWithinDays: warn }
              )
              const expected = apart <= block ? ["block"] : apart <= warn ? ["warning"] : []
              expect(found.map((x) => x.severity)).toEqual(expected)
            }
          ),
          { numRuns: 300 }
        )
      })
    })
  })
})
