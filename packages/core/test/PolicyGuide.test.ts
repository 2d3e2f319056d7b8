/**
 * Runs the worked examples of docs/policy.md and checks that the guide shows what the code does.
 */

import { readFileSync } from "node:fs"
import { describe, expect, it } from "@effect/vitest"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as ApprovalRouting from "../src/ApprovalRouting.js"
import * as BudgetPolicy from "../src/BudgetPolicy.js"
import * as ClientTier from "../src/ClientTier.js"
import type * as Expense from "../src/Expense.js"
import * as LocalDate from "../src/LocalDate.js"
import * as Money from "../src/Money.js"
import * as OfficialCalendars from "../src/OfficialCalendars.js"
import * as OfficialLetter from "../src/OfficialLetter.js"
import * as ReceptionApplication from "../src/ReceptionApplication.js"
import * as ReceptionGrade from "../src/ReceptionGrade.js"
import * as ZonedDateTime from "../src/ZonedDateTime.js"
import { sampleApplication } from "./receptionFixtures.js"

const guide = readFileSync(new URL("../../../docs/policy.md", import.meta.url), "utf8")
const d = LocalDate.unsafeMake

/** The fenced block of a language that follows a heading or phrase in the guide. */
const blockAfter = (marker: string, language: string): string => {
  const start = guide.indexOf(marker)
  expect(start, marker).toBeGreaterThanOrEqual(0)
  const open = guide.indexOf("```" + language + "\n", start)
  const close = guide.indexOf("\n```", open + 4 + language.length)
  return guide.slice(open + 4 + language.length, close)
}

const row = (...cells: ReadonlyArray<string>) => `| ${cells.join(" | ")} |`

describe("docs/policy.md", () => {
  it("shows the problems of the bad application as decoding reports them", () => {
    const bad = {
      ...sampleApplication,
      department: "",
      visitDate: "2026-02-30",
      budget: { amount: "12.345", currency: "CNY" },
      arrivalTime: "2026-03-10T09:30",
      guests: [sampleApplication.guests[0], sampleApplication.guests[1], { name: "陈静" }],
      partTwo: { ...sampleApplication.partTwo, receptionType: "Premium" }
    }
    const error = Either.getOrThrowWith(
      Either.flip(ReceptionApplication.decode(bad)),
      () => new Error("expected problems")
    )
    expect(error.message).toBe(blockAfter("`error.message` is:", "text"))
    const problem = JSON.parse(blockAfter("one entry of `error.problems` reads", "json"))
    expect(error.problems).toContainEqual(problem)
  })

  it("shows tier A's refreshments and the leader announcement as computed", () => {
    const a = Option.getOrThrow(ClientTier.find(ClientTier.seed, "A"))
    expect(ClientTier.refreshmentsOn(a, d("2026-01-15"))).toEqual(
      Option.some({ season: "winter", freshFruit: 1, driedFruit: 3 })
    )
    expect(ClientTier.refreshmentsOn(a, d("2026-07-20"))).toEqual(
      Option.some({ season: "summer", freshFruit: 3, driedFruit: 1 })
    )
    expect(
      ClientTier.leaderAnnouncement(ClientTier.seed, { date: d("2026-03-10"), needsLeader: true }, d("2026-03-09"))
    ).toEqual(Either.right(Option.some({ due: "2026-03-08", inTime: false, daysLate: 1 })))
    expect(guide).toContain('// Right(Some({ due: "2026-03-08", inTime: false, daysLate: 1 }))')
  })

  it("shows the derivation of a level's cap", () => {
    const cap = Option.getOrThrow(ReceptionGrade.capOf(ReceptionGrade.ordinary, "meals", "dinner", 5))
    expect(guide).toContain(`// Some({ limit: ${Money.format(cap.limit)}, derivation: "${cap.derivation}" })`)
  })

  const facts = BudgetPolicy.facts({
    guests: 5,
    hosts: 2,
    lunches: 1,
    dinners: 1,
    level: "ordinary",
    receptionType: "business"
  })

  it("shows the allowance of the worked example", () => {
    const allowance = BudgetPolicy.allowance(BudgetPolicy.seedRuleSet, facts)
    for (const line of allowance.byCategory) {
      expect(guide).toContain(row(line.category, Money.format(line.limit), line.derivation))
    }
    expect(guide).toContain(`The total is ${Money.format(allowance.total)}.`)
    expect(allowance.uncapped).toEqual(["work", "labour", "transport", "publicity", "other"])
  })

  it("shows every verdict of the worked example, and the dinner's verdict as JSON", () => {
    const lines: ReadonlyArray<Expense.ExpenseLine> = [
      { category: "meals", meal: "lunch", date: d("2026-03-10"), amount: Money.yuan(420) },
      { category: "meals", meal: "dinner", date: d("2026-03-10"), amount: Money.yuan(520) },
      { category: "meals", meal: "dinner", date: d("2026-03-10"), subcategory: "drinks", amount: Money.yuan(80) },
      { category: "lodging", item: "金陵饭店", amount: Money.yuan(900), nights: 1, rooms: 2 }
    ]
    const report = Either.getOrThrow(BudgetPolicy.check(BudgetPolicy.seedRuleSet, facts, lines))
    for (const v of report.verdicts) expect(guide).toContain(row(v.severity, v.code, v.ruleId, v.subject, v.message))
    const dinner = report.verdicts.find((v) => v.ruleId === "level.ordinary.dinner")!
    expect(Schema.encodeSync(BudgetPolicy.Verdict)(dinner)).toEqual(
      JSON.parse(blockAfter("the dinner's verdict is:", "json"))
    )
  })

  it("decodes the example rule set of the guide", () => {
    const json = JSON.parse(blockAfter("A rule set is versioned data in one currency:", "json"))
    const ruleSet = Either.getOrThrow(BudgetPolicy.decodeRuleSet(json))
    const report = Either.getOrThrow(
      BudgetPolicy.check(ruleSet, BudgetPolicy.facts({ guests: 8, hosts: 4, level: "vip" }), [])
    )
    expect(report.verdicts.find((v) => v.ruleId === "hosts")?.severity).toBe("ok")
  })

  describe("the official example", () => {
    const names = ["周敏", "王磊", "陈静", "刘洋", "杨帆", "黄丽", "吴昊", "徐静", "孙伟", "马琳"] as const
    const facts = BudgetPolicy.facts({
      guests: 12,
      hosts: 5,
      lunches: 1,
      level: "official.bureau",
      visitDate: d("2026-04-20"),
      visitors: [{ organisation: "省商务厅", name: "周敏" }],
      history: [{ organisation: "省商务厅", name: "周敏", date: d("2026-04-08") }],
      letter: {
        from: "省商务厅",
        reference: "苏商函〔2026〕12号",
        guests: [{ name: names[0], unit: "省商务厅" }, ...names.slice(1).map((name) => ({ name, unit: "省商务厅" }))]
      }
    })
    const lunch: ReadonlyArray<Expense.ExpenseLine> = [
      { category: "meals", meal: "lunch", date: d("2026-04-20"), amount: Money.yuan(1500), invoice: "04412345" },
      {
        category: "meals",
        meal: "lunch",
        date: d("2026-04-20"),
        subcategory: "drinks",
        item: "高档酒水",
        amount: Money.yuan(800),
        invoice: "04412346"
      }
    ]
    const hidden = (v: BudgetPolicy.Verdict) => v.ruleId === "allowance:entertainment" || v.ruleId === "allowance:gifts"

    it("shows every verdict of the proposal", () => {
      const report = Either.getOrThrow(BudgetPolicy.check(BudgetPolicy.officialExample, facts, lunch))
      const shown = report.verdicts.filter((v) => !hidden(v))
      expect(shown.map((v) => v.ruleId)).toContain("official.letter")
      for (const v of shown) expect(guide).toContain(row(v.severity, v.ruleId, v.message))
    })

    it("shows the verdicts the expenses add: invoices, documents, one meal one bill", () => {
      const proposal = Either.getOrThrow(BudgetPolicy.check(BudgetPolicy.officialExample, facts, lunch))
      const taxi: Expense.ExpenseLine = { id: "taxi", category: "transport", amount: Money.yuan(60) }
      const report = Either.getOrThrow(
        BudgetPolicy.check(BudgetPolicy.officialExample, facts, [...lunch, taxi], { stage: "expenses" })
      )
      const added = report.verdicts.slice(proposal.verdicts.length)
      expect(report.verdicts.slice(0, proposal.verdicts.length).map((v) => v.message)).toEqual(
        proposal.verdicts.map((v) => v.message)
      )
      expect(added).toHaveLength(3)
      for (const v of added) expect(guide).toContain(row(v.severity, v.code, v.ruleId, v.subject, v.message))
    })

    it("shows a letter that decodes", () => {
      const json = JSON.parse(blockAfter("### The sending unit's letter (公函)", "json"))
      expect(Either.getOrThrow(OfficialLetter.decode(json)).guests).toHaveLength(2)
    })
  })

  it("shows the route of the approval example", () => {
    const route = Either.getOrThrow(
      ApprovalRouting.route(ApprovalRouting.seed, { tier: "C", level: "senior", amount: Money.yuan(6200) })
    )
    expect(route.steps).toEqual([
      {
        role: "department-head",
        ruleIds: ["department-head"],
        escalation: { afterWorkingDays: 1, escalateTo: "general-manager" }
      },
      { role: "general-manager", ruleIds: ["general-manager.amount"] }
    ])
    expect(route.timing).toBe("before")
  })

  it("shows the escalation of the application submitted before Spring Festival", () => {
    const at = (text: string) => Option.getOrThrow(ZonedDateTime.make(text))
    const route = Either.getOrThrow(
      ApprovalRouting.route(ApprovalRouting.seed, { tier: "C", amount: Money.yuan(3000) })
    )
    const state = Either.getOrThrow(
      ApprovalRouting.escalation(route, [], {
        submittedAt: at("2026-02-13T10:00+08:00[Asia/Shanghai]"),
        calendar: OfficialCalendars.cnMainland,
        now: at("2026-02-16T09:00+08:00[Asia/Shanghai]")
      })
    )
    expect(state._tag).toBe("Escalated")
    if (state._tag !== "Escalated") return
    expect(state.escalateTo).toBe("general-manager")
    expect(guide).toContain("answers `Escalated` to `general-manager`")
    expect(state.deadline.explanation.sentence.en).toBe(blockAfter("`deadline.explanation.sentence.en` reads:", "text"))
  })
})
