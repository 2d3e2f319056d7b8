import { describe, expect, it } from "@effect/vitest"
import * as Arbitrary from "effect/Arbitrary"
import * as Either from "effect/Either"
import * as FC from "effect/FastCheck"
import * as Schema from "effect/Schema"
import * as BudgetPolicy from "../src/BudgetPolicy.js"
import * as Expense from "../src/Expense.js"
import * as LocalDate from "../src/LocalDate.js"
import * as Money from "../src/Money.js"
import type * as OfficialLetter from "../src/OfficialLetter.js"
import * as ReceptionApplication from "../src/ReceptionApplication.js"
import { sampleApplication } from "./receptionFixtures.js"

const d = LocalDate.unsafeMake
const seed = BudgetPolicy.seedRuleSet
const official = BudgetPolicy.officialExample

const ok = <A, E>(result: Either.Either<A, E>): A =>
  Either.getOrThrowWith(result, (e) => new Error(`expected a value, got ${JSON.stringify(e)}`))

const meal = (
  kind: Expense.MealKind,
  yuan: number,
  date = "2026-03-10",
  extra: Partial<Expense.ExpenseLine> = {}
): Expense.ExpenseLine => ({
  category: "meals",
  meal: kind,
  date: d(date),
  amount: Money.yuan(yuan),
  ...extra
})

const verdict = (report: BudgetPolicy.Report, ruleId: string, subject?: string) => {
  const found = report.verdicts.filter((v) => v.ruleId === ruleId && (subject === undefined || v.subject === subject))
  expect(found, `${ruleId} ${subject ?? ""}`).toHaveLength(1)
  return found[0]!
}

const amountOf = (q: BudgetPolicy.Quantity): number => (q._tag === "Amount" ? q.money.minor / 100 : Number.NaN)
const countOf = (q: BudgetPolicy.Quantity): number => (q._tag === "Count" ? q.value : Number.NaN)

describe("BudgetPolicy: the seed rule set", () => {
  it("allows an ordinary visitor's dinner of 400 for 2 guests, and blocks 401, saying why", () => {
    const facts = BudgetPolicy.facts({ guests: 2, dinners: 1, level: "ordinary" })
    const within = ok(BudgetPolicy.check(seed, facts, [meal("dinner", 400)]))
    expect(verdict(within, "level.ordinary.dinner").severity).toBe("ok")
    const over = ok(BudgetPolicy.check(seed, facts, [meal("dinner", 401)]))
    const v = verdict(over, "level.ordinary.dinner")
    expect(v).toMatchObject({
      severity: "block",
      code: "over-limit",
      category: "meals",
      subject: "dinner 2026-03-10",
      measured: { _tag: "Amount", money: Money.yuan(401) },
      limit: { _tag: "Amount", money: Money.yuan(400) },
      ruleKind: "per-meal-cap",
      ruleSetId: "liaison.seed",
      ruleSetVersion: "seed-1"
    })
    expect(v.derivation).toBe("400 CNY for up to 2 guests")
    expect(v.message).toBe("dinner 2026-03-10: 401 CNY is over the limit of 400 CNY by 1 CNY")
    expect(over.outcome).toBe("block")
  })

  it("raises an ordinary dinner's cap by 50 for each guest beyond 2: 550 for 5 guests", () => {
    const facts = BudgetPolicy.facts({ guests: 5, dinners: 1, level: "ordinary" })
    const at = verdict(ok(BudgetPolicy.check(seed, facts, [meal("dinner", 550)])), "level.ordinary.dinner")
    expect(at.severity).toBe("ok")
    expect(at.derivation).toBe("400 + 3 × 50 for the guests beyond 2 = 550 CNY")
    const over = verdict(
      ok(BudgetPolicy.check(seed, facts, [meal("dinner", 550), meal("dinner", 0.5 as number)])),
      "level.ordinary.dinner"
    )
    expect(over.severity).toBe("block")
    expect(amountOf(over.measured)).toBe(550.5)
  })

  it("caps each level's lunch and dinner as the seed says, with the increments past 2 guests", () => {
    const cases = [
      ["ordinary", "lunch", 2, 300],
      ["ordinary", "lunch", 4, 400],
      ["ordinary", "dinner", 3, 450],
      ["senior", "lunch", 2, 500],
      ["senior", "dinner", 5, 800],
      ["special", "lunch", 2, 1000],
      ["special", "dinner", 4, 1200]
    ] as const
    for (const [level, kind, guests, limit] of cases) {
      const facts = BudgetPolicy.facts({ guests, lunches: 1, dinners: 1, level })
      const at = ok(BudgetPolicy.check(seed, facts, [meal(kind, limit)]))
      expect(verdict(at, `level.${level}.${kind}`, `${kind} 2026-03-10`).severity, `${level} ${kind} ${guests}`).toBe(
        "ok"
      )
      const over = ok(BudgetPolicy.check(seed, facts, [meal(kind, limit + 1)]))
      const v = verdict(over, `level.${level}.${kind}`, `${kind} 2026-03-10`)
      expect(v.severity, `${level} ${kind} ${guests}`).toBe("block")
      expect(amountOf(v.limit)).toBe(limit)
    }
  })

  it("caps a senior visitor's entertainment at 700 + 200 per guest beyond 2, and an ordinary one gets none", () => {
    const senior = BudgetPolicy.facts({ guests: 3, entertainments: 1, level: "senior" })
    const v = verdict(
      ok(BudgetPolicy.check(seed, senior, [{ category: "entertainment", amount: Money.yuan(950) }])),
      "level.senior.entertainment"
    )
    expect(v.severity).toBe("block")
    expect(amountOf(v.limit)).toBe(900)
    expect(v.derivation).toBe("700 + 1 × 200 for the guests beyond 2 = 900 CNY")
    const ordinary = ok(
      BudgetPolicy.check(seed, BudgetPolicy.facts({ guests: 3, level: "ordinary" }), [
        { category: "entertainment", amount: Money.yuan(100) }
      ])
    )
    const notOffered = verdict(ordinary, "level.ordinary.not-offered")
    expect(notOffered).toMatchObject({ severity: "warning", code: "forbidden", subject: "category entertainment" })
  })

  it("caps a special visitor's entertainment at 1200 + 250 per guest beyond 2", () => {
    const facts = BudgetPolicy.facts({ guests: 4, entertainments: 1, level: "special" })
    const v = verdict(
      ok(BudgetPolicy.check(seed, facts, [{ category: "entertainment", amount: Money.yuan(1700) }])),
      "level.special.entertainment"
    )
    expect(v.severity).toBe("ok")
    expect(amountOf(v.limit)).toBe(1700)
  })

  it("blocks company-paid lodging for ordinary and senior visitors: the guests pay their own", () => {
    for (const level of ["ordinary", "senior"]) {
      const facts = BudgetPolicy.facts({ guests: 2, nights: 1, rooms: 1, level })
      const report = ok(
        BudgetPolicy.check(seed, facts, [{ category: "lodging", amount: Money.yuan(300), nights: 1, rooms: 1 }])
      )
      expect(verdict(report, `level.${level}.lodging`)).toMatchObject({ severity: "block", code: "not-covered" })
      expect(report.allowance.byCategory.find((a) => a.category === "lodging")?.limit).toEqual(Money.yuan(0))
    }
  })

  it("checks a special visitor's room rate against 400–700 per room-night: above blocks, below warns", () => {
    const facts = BudgetPolicy.facts({ guests: 3, nights: 2, rooms: 2, level: "special" })
    const line = (yuan: number, id: string): Expense.ExpenseLine => ({
      id,
      category: "lodging",
      amount: Money.yuan(yuan),
      nights: 2,
      rooms: 2
    })
    const report = ok(BudgetPolicy.check(seed, facts, [line(2800, "a"), line(2801, "b"), line(1599, "c")]))
    expect(verdict(report, "level.special.lodging", "a").severity).toBe("ok")
    const above = verdict(report, "level.special.lodging", "b")
    expect(above).toMatchObject({ severity: "block", code: "over-limit" })
    expect(above.derivation).toBe("400–700 CNY per room-night × 2 rooms × 2 nights")
    expect(verdict(report, "level.special.lodging", "c")).toMatchObject({ severity: "warning", code: "below-minimum" })
  })

  it("recommends the per-head amount of the reception type: exceeding it warns, it never blocks", () => {
    // premium 150 a head: 2 guests + 1 host = 450 for one meal
    const facts = BudgetPolicy.facts({ guests: 2, hosts: 1, dinners: 1, level: "special", receptionType: "premium" })
    const report = ok(BudgetPolicy.check(seed, facts, [meal("dinner", 500)]))
    const v = verdict(report, "type.premium.meals")
    expect(v).toMatchObject({ severity: "warning", code: "over-limit" })
    expect(amountOf(v.limit)).toBe(450)
    expect(v.derivation).toBe("150 × 3 heads (2 guests + 1 host) = 450 CNY per meal")
    expect(verdict(report, "level.special.dinner").severity).toBe("ok")
    expect(report.outcome).toBe("warning")
    for (const [type, perHead] of [
      ["simple", 50],
      ["business", 80]
    ] as const) {
      const r = ok(
        BudgetPolicy.check(seed, BudgetPolicy.facts({ guests: 2, hosts: 2, lunches: 1, receptionType: type }), [
          meal("lunch", 10)
        ])
      )
      expect(amountOf(verdict(r, `type.${type}.meals`).limit)).toBe(perHead * 4)
    }
  })

  it("computes the allowance per category and in total, the least of the caps on each", () => {
    const facts = BudgetPolicy.facts({
      guests: 3,
      hosts: 2,
      lunches: 1,
      dinners: 1,
      nights: 1,
      rooms: 2,
      entertainments: 1,
      level: "special",
      receptionType: "business"
    })
    const allowance = BudgetPolicy.allowance(seed, facts)
    const byCategory = Object.fromEntries(allowance.byCategory.map((a) => [a.category, a.limit.minor / 100]))
    // lodging 700 × 2 rooms × 1 night; meals min(80 × 5 heads × 2 meals, 1100 + 1100); entertainment 1200 + 250
    expect(byCategory).toEqual({ lodging: 1400, meals: 800, entertainment: 1450 })
    expect(allowance.total).toEqual(Money.yuan(1400 + 800 + 1450))
    expect(allowance.uncapped).toEqual(["work", "labour", "transport", "gifts", "publicity", "other"])
    const meals = allowance.byCategory.find((a) => a.category === "meals")!
    expect(meals.hardLimit).toEqual(Money.yuan(2200))
    expect(meals.derivation).toBe(
      "the least of: 80 × 5 heads (3 guests + 2 hosts) × 2 meals = 800 CNY [type.business.meals]; " +
        "1 lunch × (1000 + 1 × 100 for the guests beyond 2 = 1100 CNY) [level.special.lunch] + " +
        "1 dinner × (1000 + 1 × 100 for the guests beyond 2 = 1100 CNY) [level.special.dinner] = 2200 CNY"
    )
  })

  it("grades a category over its allowance: a warning past a recommendation, a block past a hard cap", () => {
    const facts = BudgetPolicy.facts({ guests: 2, lunches: 1, dinners: 1, level: "ordinary", receptionType: "simple" })
    // recommended 50 × 2 × 2 = 200; hard 300 + 400 = 700. Meal lines without a meal name only meet the allowance.
    const line = (yuan: number): Expense.ExpenseLine => ({ category: "meals", amount: Money.yuan(yuan) })
    expect(verdict(ok(BudgetPolicy.check(seed, facts, [line(200)])), "allowance:meals").severity).toBe("ok")
    expect(verdict(ok(BudgetPolicy.check(seed, facts, [line(500)])), "allowance:meals").severity).toBe("warning")
    expect(verdict(ok(BudgetPolicy.check(seed, facts, [line(701)])), "allowance:meals").severity).toBe("block")
  })

  it("warns when the visitor level is not set, since the level's caps could not be applied", () => {
    const report = ok(BudgetPolicy.check(seed, BudgetPolicy.facts({ guests: 2, dinners: 1 }), [meal("dinner", 5000)]))
    const missing = verdict(report, "facts:level")
    expect(missing).toMatchObject({ severity: "warning", code: "fact-missing", subject: "level" })
    expect(report.verdicts.some((v) => v.ruleId.startsWith("level."))).toBe(false)
    const unknown = ok(BudgetPolicy.check(seed, BudgetPolicy.facts({ guests: 2, level: "vip" }), []))
    expect(verdict(unknown, "facts:level").code).toBe("fact-unknown")
  })

  it("refuses expenses in another currency than the rule set's, naming the line", () => {
    const usd = Money.make(5000, "USD" as Money.Currency)
    const result = BudgetPolicy.check(seed, BudgetPolicy.facts({ guests: 2, level: "senior" }), [
      meal("dinner", 100),
      { category: "meals", meal: "lunch", amount: usd }
    ])
    expect(Either.isLeft(result)).toBe(true)
    if (Either.isLeft(result)) {
      expect(result.left).toMatchObject({
        _tag: "CurrencyMismatch",
        expected: "CNY",
        found: "USD",
        where: "lines[1].amount"
      })
    }
  })

  it("encodes a report with every verdict's derivation and message as JSON", () => {
    const report = ok(
      BudgetPolicy.check(seed, BudgetPolicy.facts({ guests: 5, dinners: 1, level: "ordinary" }), [meal("dinner", 600)])
    )
    const json = Schema.encodeSync(BudgetPolicy.Report)(report)
    const dinner = json.verdicts.find((v) => v.ruleId === "level.ordinary.dinner")
    expect(dinner?.derivation).toBe("400 + 3 × 50 for the guests beyond 2 = 550 CNY")
    expect(dinner?.limit).toEqual({ _tag: "Amount", money: { amount: "550.00", currency: "CNY" } })
    expect(JSON.parse(JSON.stringify(report.verdicts[0]))).toHaveProperty("message")
    expect(Schema.decodeUnknownEither(BudgetPolicy.Report)(json)).toSatisfy(Either.isRight)
  })
})

/** The letter of 省商务厅 naming the four guests of the official examples. */
const letter: OfficialLetter.OfficialLetter = {
  from: "省商务厅",
  reference: "苏商函〔2026〕12号",
  guests: [
    { name: "周敏", unit: "省商务厅", title: "处长" },
    { name: "王磊", unit: "省商务厅" },
    { name: "陈静", unit: "省商务厅" },
    { name: "刘洋", unit: "省商务厅" }
  ]
}

describe("BudgetPolicy: the official-reception rules", () => {
  const base = {
    guests: 4,
    hosts: 2,
    lunches: 1,
    level: "official.bureau",
    visitDate: d("2026-04-20"),
    visitors: [{ organisation: "省商务厅", name: "周敏" }],
    documents: ["reception-list"],
    letter
  } as const

  it("passes a working lunch within the standard, with the letter and the list", () => {
    const report = ok(BudgetPolicy.check(official, BudgetPolicy.facts(base), [meal("lunch", 720, "2026-04-20")]))
    expect(report.outcome).toBe("ok")
    expect(amountOf(verdict(report, "official.meal.official.bureau").limit)).toBe(120 * 6)
  })

  it("allows at most 3 accompanying hosts for up to 10 guests, and ⅓ of the guests beyond", () => {
    const hosts = (guests: number, n: number) =>
      verdict(ok(BudgetPolicy.check(official, BudgetPolicy.facts({ ...base, guests, hosts: n }), [])), "official.hosts")
    expect(hosts(10, 3).severity).toBe("ok")
    expect(hosts(10, 4)).toMatchObject({ severity: "block", code: "ratio-exceeded" })
    expect(hosts(2, 3).severity).toBe("ok")
    expect(hosts(12, 4).severity).toBe("ok")
    expect(hosts(12, 5).severity).toBe("block")
    expect(countOf(hosts(30, 10).limit)).toBe(10)
    expect(hosts(14, 4).derivation).toBe("14 guests > 10: at most ⅓ × 14 = 4 hosts (rounded down)")
    expect(hosts(3, 1).derivation).toBe("3 guests ≤ 10: at most 3 hosts")
  })

  it("allows one working meal per visit", () => {
    const report = ok(
      BudgetPolicy.check(official, BudgetPolicy.facts({ ...base, lunches: 1 }), [
        meal("lunch", 300, "2026-04-20"),
        meal("dinner", 300, "2026-04-20")
      ])
    )
    expect(verdict(report, "official.working-meal")).toMatchObject({ severity: "block", code: "count-exceeded" })
  })

  it("keeps drinks within ⅓ of the meal standard", () => {
    // allowance: 120 × 6 heads × 1 meal = 720; a third is 240
    const lines = (drinks: number) => [
      meal("lunch", 400, "2026-04-20"),
      meal("lunch", drinks, "2026-04-20", { subcategory: "drinks" })
    ]
    expect(
      verdict(ok(BudgetPolicy.check(official, BudgetPolicy.facts(base), lines(240))), "official.drinks").severity
    ).toBe("ok")
    const over = verdict(ok(BudgetPolicy.check(official, BudgetPolicy.facts(base), lines(241))), "official.drinks")
    expect(over).toMatchObject({ severity: "block", code: "share-exceeded" })
    expect(over.derivation).toBe("⅓ of 720 CNY (the meals allowance)")
  })

  it("blocks forbidden items in a line or in the plan, and forbidden categories", () => {
    const report = ok(
      BudgetPolicy.check(official, BudgetPolicy.facts({ ...base, plannedItems: ["Premium liquor for the toast"] }), [
        meal("lunch", 300, "2026-04-20", { item: "中华香烟两条" }),
        { category: "gifts", item: "纪念品", amount: Money.yuan(200) }
      ])
    )
    const found = report.verdicts.filter((v) => v.ruleId === "official.forbidden")
    expect(found.map((v) => [v.subject, v.severity])).toEqual([
      ["category gifts", "block"],
      ["premium liquor", "block"],
      ["香烟", "block"]
    ])
    expect(report.allowance.byCategory.find((a) => a.category === "gifts")?.limit).toEqual(Money.yuan(0))
  })

  it("finds a forbidden term inside one field only, never across item, venue and subcategory", () => {
    const rules: BudgetPolicy.RuleSet = {
      ...official,
      version: "terms-1",
      rules: [{ kind: "forbidden", id: "terms", severity: "block", terms: ["shark fin", "a\u0000b"], categories: [] }]
    }
    const found = (line: Partial<Expense.ExpenseLine>) =>
      ok(BudgetPolicy.check(rules, BudgetPolicy.facts({ guests: 2 }), [{ ...meal("lunch", 100), ...line }]))
        .verdicts.filter((v) => v.ruleId === "terms")
        .map((v) => v.subject)
    expect(found({ item: "Shark Fin soup" })).toEqual(["shark fin"])
    expect(found({ item: "shark", venue: "fin restaurant" })).toEqual(["forbidden items"])
    expect(found({ item: "x", venue: "a\u0000b" })).toEqual(["a\u0000b"])
    expect(found({ item: "a", venue: "b" })).toEqual(["forbidden items"])
  })

  it("blocks the same guest within 15 days and warns within 30", () => {
    const again = (daysAgo: number) =>
      ok(
        BudgetPolicy.check(
          official,
          BudgetPolicy.facts({
            ...base,
            history: [
              { organisation: "省商务厅", name: "周敏", date: LocalDate.unsafeAddDays(d("2026-04-20"), -daysAgo) }
            ]
          }),
          []
        )
      )
    expect(verdict(again(15), "official.repeat.15")).toMatchObject({ severity: "block", code: "repeat-visit" })
    expect(countOf(verdict(again(15), "official.repeat.15").measured)).toBe(15)
    expect(verdict(again(16), "official.repeat.15").severity).toBe("ok")
    expect(verdict(again(16), "official.repeat.30").severity).toBe("warning")
    expect(verdict(again(31), "official.repeat.30").severity).toBe("ok")
  })

  it("blocks a reception without the sending unit's letter", () => {
    const { letter: _, ...withoutLetter } = base
    const report = ok(BudgetPolicy.check(official, BudgetPolicy.facts(withoutLetter), []))
    expect(verdict(report, "official.letter", "official-letter")).toMatchObject({
      severity: "block",
      code: "document-missing"
    })
    expect(verdict(report, "official.documents").severity).toBe("ok")
  })

  it("passes a visit list the letter names, whatever the case of the names", () => {
    const report = ok(
      BudgetPolicy.check(
        official,
        BudgetPolicy.facts({
          ...base,
          visitors: [
            { organisation: "省商务厅", name: "周敏" },
            { organisation: "省商务厅", name: "王磊" }
          ]
        }),
        []
      )
    )
    expect(verdict(report, "official.letter")).toMatchObject({ severity: "ok", code: "clear", subject: "visit list" })
    expect(verdict(report, "official.letter").derivation).toBe(
      "the letter of 省商务厅 (苏商函〔2026〕12号) names 4 guests: 周敏 (省商务厅), 王磊 (省商务厅), 陈静 (省商务厅), 刘洋 (省商务厅)"
    )
    const latin = { ...letter, guests: [{ name: "Anna Weber", unit: "GIZ Beijing" }] as const }
    const visitors = [{ organisation: "giz beijing", name: "ANNA WEBER" }]
    const matched = ok(
      BudgetPolicy.check(official, BudgetPolicy.facts({ ...base, guests: 1, visitors, letter: latin }), [])
    )
    expect(verdict(matched, "official.letter").code).toBe("clear")
  })

  it("flags each guest the letter does not name, one under another unit, and more guests than it names", () => {
    const report = ok(
      BudgetPolicy.check(
        official,
        BudgetPolicy.facts({
          ...base,
          guests: 6,
          visitors: [
            { organisation: "省商务厅", name: "周敏" },
            { organisation: "市商务局", name: "王磊" },
            { organisation: "省商务厅", name: "赵强" }
          ]
        }),
        []
      )
    )
    const flagged = report.verdicts.filter((v) => v.ruleId === "official.letter")
    expect(flagged.map((v) => [v.severity, v.code, v.subject, v.message])).toEqual([
      [
        "block",
        "not-in-letter",
        "headcount",
        "6 guests are received, but the letter of 省商务厅 (苏商函〔2026〕12号) names 4"
      ],
      [
        "block",
        "not-in-letter",
        "王磊 (市商务局)",
        "王磊 (市商务局) is named in the letter of 省商务厅 (苏商函〔2026〕12号) for 省商务厅, not 市商务局"
      ],
      [
        "block",
        "not-in-letter",
        "赵强 (省商务厅)",
        "赵强 (省商务厅) is not named in the letter of 省商务厅 (苏商函〔2026〕12号)"
      ]
    ])
    expect(countOf(flagged[0]!.measured)).toBe(6)
    expect(countOf(flagged[0]!.limit)).toBe(4)
  })

  it("warns that a letter only named among the documents cannot be matched to the visit list", () => {
    const { letter: _, ...withoutLetter } = base
    const report = ok(
      BudgetPolicy.check(
        official,
        BudgetPolicy.facts({ ...withoutLetter, documents: ["official-letter", "reception-list"] }),
        []
      )
    )
    expect(verdict(report, "official.letter")).toMatchObject({ severity: "warning", code: "not-measurable" })
    expect(report.outcome).toBe("warning")
  })

  it("lets a rule set grade guests the letter does not name as a warning only", () => {
    const lenient: BudgetPolicy.RuleSet = {
      ...official,
      version: "lenient-1",
      rules: official.rules.map((r) => (r.kind === "letter-match" ? { ...r, unlistedSeverity: "warning" } : r))
    }
    const report = ok(
      BudgetPolicy.check(
        lenient,
        BudgetPolicy.facts({ ...base, visitors: [{ organisation: "省商务厅", name: "赵强" }] }),
        []
      )
    )
    expect(verdict(report, "official.letter")).toMatchObject({ severity: "warning", code: "not-in-letter" })
    const { letter: _, ...withoutLetter } = base
    expect(
      verdict(ok(BudgetPolicy.check(lenient, BudgetPolicy.facts(withoutLetter), [])), "official.letter").severity
    ).toBe("block")
  })

  const expenses = (lines: ReadonlyArray<Expense.ExpenseLine>, facts = BudgetPolicy.facts(base)) =>
    ok(BudgetPolicy.check(official, facts, lines, { stage: "expenses" }))

  it("checks invoices, letter and reception list for a reimbursement, on expenses only", () => {
    const lines = [
      meal("lunch", 500, "2026-04-20", { invoice: "04412345" }),
      meal("lunch", 100, "2026-04-20", { invoice: "04412345", subcategory: "drinks" })
    ]
    expect(verdict(expenses(lines), "official.reimbursement")).toMatchObject({ severity: "ok", code: "clear" })
    const proposal = ok(BudgetPolicy.check(official, BudgetPolicy.facts(base), lines))
    expect(proposal.verdicts.filter((v) => v.ruleId === "official.reimbursement")).toEqual([])
    expect(proposal.verdicts.filter((v) => v.ruleId === "official.one-bill")).toEqual([])
  })

  it("blocks a reimbursement without an invoice on a line, without the letter, or without the reception list", () => {
    const { letter: _, ...withoutLetter } = base
    const report = expenses(
      [
        meal("lunch", 500, "2026-04-20", { invoice: "04412345" }),
        meal("lunch", 100, "2026-04-20", { subcategory: "drinks", item: "茶水" }),
        { id: "taxi-1", category: "transport", amount: Money.yuan(60) }
      ],
      BudgetPolicy.facts({ ...withoutLetter, documents: [] })
    )
    const found = report.verdicts.filter((v) => v.ruleId === "official.reimbursement")
    expect(found.map((v) => [v.severity, v.code, v.subject, v.message])).toEqual([
      [
        "block",
        "invoice-missing",
        "lunch 2026-04-20 茶水",
        "lunch 2026-04-20 茶水: 100 CNY without an invoice cannot be reimbursed"
      ],
      ["block", "invoice-missing", "taxi-1", "taxi-1: 60 CNY without an invoice cannot be reimbursed"],
      ["block", "document-missing", "official-letter", "official-letter is required for the reimbursement and missing"],
      ["block", "document-missing", "reception-list", "reception-list is required for the reimbursement and missing"]
    ])
    expect(amountOf(found[0]!.measured)).toBe(100)
    expect(found[0]!.category).toBe("meals")
  })

  it("takes a letter named among the documents as at hand for a reimbursement", () => {
    const { letter: _, ...withoutLetter } = base
    const report = expenses(
      [meal("lunch", 500, "2026-04-20", { invoice: "1" })],
      BudgetPolicy.facts({ ...withoutLetter, documents: ["Official-Letter", "reception-list"] })
    )
    expect(verdict(report, "official.reimbursement").severity).toBe("ok")
  })

  it("blocks two meals on one invoice and one meal on two invoices: one meal, one bill", () => {
    const report = expenses([
      meal("lunch", 300, "2026-04-20", { invoice: "A-1" }),
      meal("dinner", 300, "2026-04-20", { invoice: "A-1" }),
      meal("lunch", 200, "2026-04-21", { invoice: "B-1" }),
      meal("lunch", 200, "2026-04-21", { invoice: "B-2", subcategory: "drinks" }),
      meal("lunch", 50, "2026-04-21", { invoice: "B-2" })
    ])
    const found = report.verdicts.filter((v) => v.ruleId === "official.one-bill")
    expect(found.map((v) => [v.severity, v.code, v.subject, v.message])).toEqual([
      [
        "block",
        "shared-invoice",
        "invoice A-1",
        "invoice A-1 bills 2 meals (dinner 2026-04-20, lunch 2026-04-20); each meal needs its own bill"
      ],
      [
        "block",
        "split-bill",
        "lunch 2026-04-21",
        "lunch 2026-04-21 is billed on 2 invoices (B-1, B-2); one meal takes one bill"
      ]
    ])
    expect(countOf(found[0]!.measured)).toBe(2)
    expect(countOf(found[0]!.limit)).toBe(1)
  })

  it("passes food and drinks of one meal on the same invoice, and warns when a billed line names no meal", () => {
    const clear = expenses([
      meal("lunch", 300, "2026-04-20", { invoice: "A-1" }),
      meal("lunch", 100, "2026-04-20", { invoice: " A-1 ", subcategory: "drinks" })
    ])
    expect(verdict(clear, "official.one-bill")).toMatchObject({
      severity: "ok",
      code: "clear",
      message: "each of 1 meal is on its own bill"
    })
    const unnamed = expenses([{ category: "meals", date: d("2026-04-20"), invoice: "C-9", amount: Money.yuan(80) }])
    expect(verdict(unnamed, "official.one-bill")).toMatchObject({ severity: "warning", code: "not-measurable" })
  })

  it("lets a host app set its own meal standards", () => {
    const local = BudgetPolicy.official({
      version: "js-2026",
      ranks: [{ level: "official.bureau", label: { "zh-CN": "厅局级", en: "Bureau" }, perHeadPerMeal: Money.yuan(90) }]
    })
    const report = ok(BudgetPolicy.check(local, BudgetPolicy.facts(base), [meal("lunch", 600, "2026-04-20")]))
    expect(verdict(report, "official.meal.official.bureau")).toMatchObject({
      severity: "block",
      ruleSetVersion: "js-2026"
    })
  })
})

describe("BudgetPolicy: applications", () => {
  const application = ok(ReceptionApplication.decode(sampleApplication))

  it("reads an application's facts: headcount, hosts, meals, nights, rooms, level and type", () => {
    const facts = BudgetPolicy.factsOfApplication(application)
    expect(facts).toMatchObject({
      guests: 3,
      hosts: 1,
      days: 2,
      lunches: 1,
      dinners: 1,
      nights: 1,
      rooms: 2,
      entertainments: 1,
      level: "special",
      tier: "B",
      receptionType: "business",
      visitDate: "2026-03-10"
    })
    expect(facts.visitors).toHaveLength(3)
  })

  it("checks the application's item budgets as the proposal, and the expenses when given", () => {
    const check = ok(
      BudgetPolicy.checkApplication(seed, application, {
        expenses: [meal("dinner", 1150), { category: "lodging", amount: Money.yuan(1300), nights: 1, rooms: 2 }]
      })
    )
    // dinner 1100 within 1000 + 1 × 100; business type 80 × 4 heads = 320 a meal: a warning
    expect(verdict(check.proposal, "level.special.dinner").severity).toBe("ok")
    expect(verdict(check.proposal, "type.business.meals", "dinner 2026-03-10").severity).toBe("warning")
    expect(verdict(check.proposal, "level.special.lodging", "hotel").severity).toBe("ok")
    expect(verdict(check.proposal, "allowance:total")).toMatchObject({ severity: "warning", code: "over-allowance" })
    expect(check.expenses?.spent.total).toEqual(Money.yuan(2450))
    expect(verdict(check.expenses!, "level.special.dinner").severity).toBe("block")
  })

  it("carries the application's letter into the facts, and checks the expenses as expenses", () => {
    const withLetter = ok(
      ReceptionApplication.decode({
        ...sampleApplication,
        visitorLevel: "official.bureau",
        documents: ["reception-list"],
        letter: {
          from: "华东家具集团",
          reference: "华东函〔2026〕3号",
          guests: [
            { name: "张伟", unit: "华东家具集团" },
            { name: "赵敏", unit: "华东家具集团" }
          ]
        }
      })
    )
    expect(BudgetPolicy.factsOfApplication(withLetter).letter?.reference).toBe("华东函〔2026〕3号")
    const check = ok(
      BudgetPolicy.checkApplication(official, withLetter, { expenses: [meal("dinner", 900, "2026-03-10")] })
    )
    // 陈静 came, but the letter names only 张伟 and 赵敏
    expect(
      check.proposal.verdicts.filter((v) => v.ruleId === "official.letter").map((v) => [v.code, v.subject])
    ).toEqual([
      ["not-in-letter", "headcount"],
      ["not-in-letter", "陈静 (华东家具集团)"]
    ])
    expect(check.proposal.verdicts.filter((v) => v.ruleId === "official.reimbursement")).toEqual([])
    expect(verdict(check.expenses!, "official.reimbursement")).toMatchObject({
      severity: "block",
      code: "invoice-missing",
      subject: "dinner 2026-03-10"
    })
  })

  it("refuses an application budgeted in another currency than the rule set's", () => {
    const usd = { ...application, budget: Money.make(100, "USD" as Money.Currency) }
    expect(Either.isLeft(BudgetPolicy.checkApplication(seed, usd))).toBe(true)
  })
})

describe("BudgetPolicy: rule sets as data", () => {
  it("rejects a rule set with a rule id twice or an amount in another currency, at their paths", () => {
    const encoded = Schema.encodeSync(BudgetPolicy.RuleSet)(seed)
    const rules = [...encoded.rules]
    rules[1] = { ...rules[1]!, id: rules[0]!.id }
    const first = rules[0]!
    if (first.kind === "per-head-cap") rules[0] = { ...first, amount: { amount: "150", currency: "USD" } }
    const result = BudgetPolicy.decodeRuleSet({ ...encoded, rules })
    expect(Either.isLeft(result)).toBe(true)
    if (Either.isLeft(result)) {
      expect(result.left.problems.map((p) => p.path)).toEqual(["rules[0].amount.currency", "rules[1].id"])
    }
  })

  it("checks with a prepared rule set as with the rule set, and applies an application's check to it too", () => {
    const prepared = BudgetPolicy.prepare(official)
    expect(BudgetPolicy.ruleSetOf(prepared)).toBe(official)
    expect(BudgetPolicy.ruleSetOf(official)).toBe(official)
    const facts = BudgetPolicy.facts({ guests: 3, hosts: 4, lunches: 1, level: "official.bureau" })
    const lines = [meal("lunch", 900, "2026-04-20")]
    const a = ok(BudgetPolicy.check(prepared, facts, lines))
    expect(a).toMatchObject({ ruleSetId: "cn.official-reception", ruleSetVersion: "example-2", outcome: "block" })
    expect(encodeReport(a)).toEqual(encodeReport(ok(BudgetPolicy.check(official, facts, lines))))
    // another level through the same prepared set gets its own rules, not the first one's
    const other = ok(BudgetPolicy.check(prepared, { ...facts, level: "official.provincial" }, lines))
    expect(verdict(other, "official.meal.official.provincial").severity).toBe("ok")
    expect(other.verdicts.some((v) => v.ruleId === "official.meal.official.bureau")).toBe(false)
    const application = ok(ReceptionApplication.decode(sampleApplication))
    expect(
      Either.map(BudgetPolicy.checkApplication(BudgetPolicy.prepare(seed), application), (c) => c.proposal.outcome)
    ).toEqual(Either.map(BudgetPolicy.checkApplication(seed, application), (c) => c.proposal.outcome))
  })

  it("checks a rule set made in code", () => {
    expect(Either.isRight(BudgetPolicy.makeRuleSet(seed))).toBe(true)
    expect(Either.isRight(BudgetPolicy.makeRuleSet(official))).toBe(true)
    const dup = { ...seed, rules: [...seed.rules, seed.rules[0]!] }
    expect(Either.isLeft(BudgetPolicy.makeRuleSet(dup))).toBe(true)
  })
})

// ---------------------------------------------------------------------------------------------------

const small = (max: number) => FC.integer({ min: 0, max })
const factsArb = FC.record({
  guests: small(40),
  hosts: small(15),
  days: FC.integer({ min: 1, max: 5 }),
  breakfasts: small(3),
  lunches: small(5),
  dinners: small(5),
  nights: small(4),
  rooms: small(6),
  entertainments: small(2),
  level: FC.option(FC.constantFrom("ordinary", "senior", "special", "official.bureau", "official.other"), {
    nil: undefined
  }),
  receptionType: FC.option(FC.constantFrom("simple", "business", "premium"), { nil: undefined })
}).map(({ level, receptionType, ...counts }) =>
  BudgetPolicy.facts({
    ...counts,
    ...(level === undefined ? {} : { level }),
    ...(receptionType === undefined ? {} : { receptionType })
  })
)
const linesArb = Arbitrary.make(Expense.ExpenseLines)
const ruleSetArb = FC.oneof(FC.constant(seed), FC.constant(official), Arbitrary.make(BudgetPolicy.RuleSet))
const encodeVerdicts = Schema.encodeSync(Schema.Array(BudgetPolicy.Verdict))
const encodeReport = Schema.encodeSync(BudgetPolicy.Report)
const encodeAllowance = Schema.encodeSync(BudgetPolicy.Allowance)
const tieredFactsArb = FC.tuple(factsArb, FC.option(FC.constantFrom("A", "B", "C", "D"), { nil: undefined })).map(
  ([facts, tier]) => (tier === undefined ? facts : { ...facts, tier })
)

/** Lines within every cap of the seed rule set, by the seed's own table (not by the code under test). */
const SEED_CAPS = {
  ordinary: { lunch: [300, 50], dinner: [400, 50], entertainment: undefined },
  senior: { lunch: [500, 100], dinner: [500, 100], entertainment: [700, 200] },
  special: { lunch: [1000, 100], dinner: [1000, 100], entertainment: [1200, 250] }
} as const

/** The example standards of `officialExample`, per head per meal, in yuan. */
const OFFICIAL_STANDARDS = { "official.provincial": 150, "official.bureau": 120, "official.other": 100 } as const

const withinSeedArb = FC.record({
  level: FC.constantFrom<"ordinary" | "senior" | "special">("ordinary", "senior", "special"),
  guests: small(20),
  hosts: small(6),
  lunchDays: FC.uniqueArray(small(6), { maxLength: 3 }),
  dinnerDays: FC.uniqueArray(small(6), { maxLength: 3 }),
  shares: FC.array(FC.integer({ min: 0, max: 1000 }), { minLength: 40, maxLength: 40 }),
  nights: small(3),
  rooms: FC.integer({ min: 1, max: 4 }),
  receptionType: FC.option(FC.constantFrom("simple", "business", "premium"), { nil: undefined })
}).map(({ dinnerDays, guests, hosts, level, lunchDays, nights, receptionType, rooms, shares }) => {
  const caps = SEED_CAPS[level]
  const extra = Math.max(0, guests - 2)
  let s = 0
  const share = (limitFen: number) => Math.floor((limitFen * shares[s++ % shares.length]!) / 1000)
  const lines: Array<Expense.ExpenseLine> = []
  for (const [kind, days] of [
    ["lunch", lunchDays],
    ["dinner", dinnerDays]
  ] as const) {
    const [base, increment] = caps[kind]
    for (const day of days) {
      const limit = (base + extra * increment) * 100
      const food = share(limit)
      const drinks = share(limit - food)
      const date = LocalDate.unsafeAddDays(d("2026-06-01"), day)
      lines.push({ category: "meals", meal: kind, date, amount: Money.fen(food) })
      lines.push({ category: "meals", meal: kind, date, subcategory: "drinks", amount: Money.fen(drinks) })
    }
  }
  const entertainment = caps.entertainment
  if (entertainment !== undefined) {
    lines.push({
      category: "entertainment",
      amount: Money.fen(share((entertainment[0] + extra * entertainment[1]) * 100))
    })
  }
  if (level === "special") {
    for (let night = 0; night < nights; night++) {
      const rate = 40000 + share(30000)
      lines.push({ category: "lodging", nights: 1, rooms, amount: Money.fen(rate * rooms) })
    }
  }
  lines.push({ category: "transport", amount: Money.fen(share(100000)) })
  const facts = BudgetPolicy.facts({
    guests,
    hosts,
    lunches: lunchDays.length,
    dinners: dinnerDays.length,
    nights: level === "special" ? nights : 0,
    rooms: level === "special" ? rooms : 0,
    entertainments: entertainment === undefined ? 0 : 1,
    level,
    ...(receptionType === undefined ? {} : { receptionType })
  })
  return { facts, lines }
})

describe("laws", () => {
  it.prop(
    "the allowance never decreases as guests are added",
    [ruleSetArb, factsArb, small(30)],
    ([ruleSet, facts, more]) => {
      const before = BudgetPolicy.allowance(ruleSet, facts)
      const after = BudgetPolicy.allowance(ruleSet, { ...facts, guests: facts.guests + more })
      expect(after.total.minor).toBeGreaterThanOrEqual(before.total.minor)
      for (const line of before.byCategory) {
        const later = after.byCategory.find((a) => a.category === line.category)
        expect(later?.limit.minor).toBeGreaterThanOrEqual(line.limit.minor)
      }
    }
  )

  it.prop(
    "verdicts do not depend on the order of expense lines",
    [ruleSetArb, factsArb, linesArb, FC.array(FC.nat(), { minLength: 60, maxLength: 60 })],
    ([ruleSet, facts, lines, keys]) => {
      const shuffled = lines
        .map((line, i) => [keys[i % keys.length]! * 1000 + i, line] as const)
        .sort((a, b) => a[0] - b[0])
        .map(([, line]) => line)
      for (const stage of ["proposal", "expenses"] as const) {
        const a = ok(BudgetPolicy.check(ruleSet, facts, lines, { stage }))
        const b = ok(BudgetPolicy.check(ruleSet, facts, shuffled, { stage }))
        expect(encodeVerdicts(b.verdicts)).toEqual(encodeVerdicts(a.verdicts))
        expect(b.spent).toEqual(a.spent)
        expect(b.outcome).toBe(a.outcome)
      }
    }
  )

  it.prop("totals equal the sum of the lines exactly", [ruleSetArb, factsArb, linesArb], ([ruleSet, facts, lines]) => {
    const report = ok(BudgetPolicy.check(ruleSet, facts, lines))
    const exact = lines.reduce((sum, line) => sum + BigInt(line.amount.minor), 0n)
    expect(BigInt(report.spent.total.minor)).toBe(exact)
    expect(report.spent.byCategory.reduce((sum, c) => sum + BigInt(c.amount.minor), 0n)).toBe(exact)
    for (const c of report.spent.byCategory) {
      const inCategory = lines
        .filter((l) => l.category === c.category)
        .reduce((sum, l) => sum + BigInt(l.amount.minor), 0n)
      expect(BigInt(c.amount.minor)).toBe(inCategory)
    }
  })

  it.prop(
    "an expense list within every cap of the seed rule set never yields a block",
    [withinSeedArb],
    ([{ facts, lines }]) => {
      const report = ok(BudgetPolicy.check(seed, facts, lines))
      expect(report.verdicts.filter((v) => v.severity === "block").map((v) => v.message)).toEqual([])
      expect(report.outcome).not.toBe("block")
    }
  )

  it.prop(
    "an official reception within every rule never yields a block, as a proposal or as expenses",
    [
      FC.integer({ min: 1, max: 40 }),
      FC.integer({ min: 0, max: 1000 }),
      FC.integer({ min: 0, max: 1000 }),
      FC.constantFrom("official.provincial", "official.bureau", "official.other")
    ],
    ([guests, foodShare, drinkShare, level]) => {
      const maxHosts = guests <= 10 ? 3 : Math.floor(guests / 3)
      const hosts = Math.min(maxHosts, Math.floor(guests / 2))
      const perHead = OFFICIAL_STANDARDS[level as keyof typeof OFFICIAL_STANDARDS]
      const standard = perHead * (guests + hosts) * 100
      const drinks = Math.floor((Math.floor(standard / 3) * drinkShare) / 1000)
      const food = Math.floor(((standard - drinks) * foodShare) / 1000)
      const named = Array.from({ length: guests }, (_, i) => ({ name: `来宾${i + 1}`, unit: "省商务厅" }))
      const facts = BudgetPolicy.facts({
        guests,
        hosts,
        lunches: 1,
        level,
        visitors: named.slice(0, 3).map((g) => ({ name: g.name, organisation: g.unit })),
        documents: ["reception-list"],
        letter: { from: "省商务厅", guests: [named[0]!, ...named.slice(1)] }
      })
      const lines: Array<Expense.ExpenseLine> = [
        meal("lunch", 0, "2026-04-20", { amount: Money.fen(food), invoice: "F-1" }),
        meal("lunch", 0, "2026-04-20", { amount: Money.fen(drinks), subcategory: "drinks", invoice: "F-1" })
      ]
      for (const stage of ["proposal", "expenses"] as const) {
        const report = ok(BudgetPolicy.check(official, facts, lines, { stage }))
        expect(report.verdicts.filter((v) => v.severity === "block").map((v) => v.message)).toEqual([])
        expect(report.outcome).toBe("ok")
      }
    }
  )

  it.prop(
    "a prepared rule set gives the same report as the rule set, texts included, engagement after engagement",
    [
      ruleSetArb,
      FC.array(FC.tuple(tieredFactsArb, linesArb, FC.constantFrom("proposal" as const, "expenses" as const)), {
        minLength: 1,
        maxLength: 6
      })
    ],
    ([ruleSet, engagements]) => {
      const prepared = BudgetPolicy.prepare(ruleSet)
      // twice over: the first pass makes the plans, the second reuses them
      for (const _ of [1, 2]) {
        for (const [facts, lines, stage] of engagements) {
          const plain = BudgetPolicy.check(ruleSet, facts, lines, { stage })
          const fast = BudgetPolicy.check(prepared, facts, lines, { stage })
          expect(Either.map(fast, encodeReport)).toEqual(Either.map(plain, encodeReport))
          expect(encodeAllowance(BudgetPolicy.allowance(prepared, facts))).toEqual(
            encodeAllowance(BudgetPolicy.allowance(ruleSet, facts))
          )
        }
      }
    }
  )

  it.prop("decode(encode(x)) = x for every rule set", [BudgetPolicy.RuleSet], ([ruleSet]) => {
    expect(BudgetPolicy.decodeRuleSet(Schema.encodeSync(BudgetPolicy.RuleSet)(ruleSet))).toEqual(Either.right(ruleSet))
  })

  it("decode(encode(x)) = x for the shipped rule sets", () => {
    for (const ruleSet of [seed, official]) {
      expect(BudgetPolicy.decodeRuleSet(Schema.encodeSync(BudgetPolicy.RuleSet)(ruleSet))).toEqual(
        Either.right(ruleSet)
      )
    }
  })

  it.prop(
    "decode(encode(x)) = x for every engagement's facts and every expense list",
    [BudgetPolicy.EngagementFacts, Expense.ExpenseLines],
    ([facts, lines]) => {
      expect(
        Schema.decodeUnknownEither(BudgetPolicy.EngagementFacts)(Schema.encodeSync(BudgetPolicy.EngagementFacts)(facts))
      ).toEqual(Either.right(facts))
      expect(Expense.decodeLines(Schema.encodeSync(Expense.ExpenseLines)(lines))).toEqual(Either.right(lines))
    }
  )
})
