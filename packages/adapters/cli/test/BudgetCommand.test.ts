import { spawnSync } from "node:child_process"
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { afterAll, beforeAll, describe, expect, it } from "@effect/vitest"
import { BudgetPolicy } from "@liaison/core"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import { jsonOf, liaison } from "./harness.js"

const decodeReport = Schema.decodeUnknownSync(BudgetPolicy.Report)
const reportOf = (json: Record<string, unknown>, key: "proposal" | "expenses"): BudgetPolicy.Report =>
  decodeReport(json[key])

const verdictOf = (report: BudgetPolicy.Report, ruleId: string, subject?: string): BudgetPolicy.Verdict => {
  const found = report.verdicts.filter((v) => v.ruleId === ruleId && (subject === undefined || v.subject === subject))
  expect(found, `${ruleId} ${subject ?? ""}`).toHaveLength(1)
  return found[0]!
}

interface ErrorJson {
  readonly error: {
    readonly _tag: string
    readonly message: string
    readonly issues: ReadonlyArray<{
      readonly file?: string
      readonly path: string
      readonly message: string
      readonly label?: { readonly "zh-CN": string; readonly en: string }
    }>
    readonly file?: string
    readonly reason?: string
    readonly exitCode: number
  }
}

let dir = ""
const file = (name: string, content: unknown): string => {
  const path = join(dir, name)
  writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content, null, 2))
  return path
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "liaison-budget-"))
})

afterAll(() => {
  rmSync(dir, { recursive: true, force: true })
})

const yuan = (amount: string) => ({ amount, currency: "CNY" })

/** A special-level visit of three guests (seed 001's application form), items adding up to its budget. */
const application = {
  applicant: "王芳",
  department: "市场部",
  contactPerson: "李雷",
  guestOrganisation: "华东家具集团",
  purpose: "考察展厅并洽谈年度合作",
  visitDate: "2026-03-10",
  departureDate: "2026-03-11",
  budget: yuan("4000"),
  guests: [
    { name: "张伟", title: "总经理" },
    { name: "赵敏", title: "采购经理" },
    { name: "陈静", title: "设计师" }
  ],
  supportStaff: [{ name: "刘洋", title: "区域经理" }],
  hotel: { hotel: "金陵饭店", roomNumbers: ["1201", "1202"], nights: 1, budget: yuan("1300"), contact: "前台王经理" },
  lunch: { place: "公司餐厅", headcount: 5, budget: yuan("500"), contact: "李雷" },
  dinner: { place: "金陵饭店中餐厅", headcount: 5, budget: yuan("1100"), contact: "李雷" },
  entertainment: { place: "夫子庙", headcount: 4, budget: yuan("1100"), contact: "刘洋" },
  clientTier: "B",
  visitorLevel: "special",
  partTwo: { contactPerson: "李雷", receptionType: "business", mealsOrdered: true, approvedByDepartmentHead: true }
}

const expenses = [
  { id: "lunch", category: "meals", meal: "lunch", date: "2026-03-10", amount: yuan("460"), invoice: "31001" },
  { id: "dinner", category: "meals", meal: "dinner", date: "2026-03-10", amount: yuan("1150"), invoice: "31002" },
  { id: "hotel", category: "lodging", item: "金陵饭店", amount: yuan("1280"), nights: 1, rooms: 2, invoice: "31003" },
  { id: "outing", category: "entertainment", venue: "夫子庙", amount: yuan("1000") }
]

describe("liaison budget check", () => {
  it.effect("prints the allowance and every verdict of the proposal as JSON, with the rule set's id and version", () =>
    Effect.gen(function* () {
      const run = yield* liaison("budget", "check", file("application.json", application), "--json")
      expect(run.exitCode).toBe(0)
      expect(run.stderr).toBe("")
      const json = jsonOf(run)
      expect(json.ruleSet).toMatchObject({ id: "liaison.seed", version: "seed-1", currency: "CNY" })
      expect(json.application).toMatchObject({ guestOrganisation: "华东家具集团", budget: yuan("4000.00") })
      expect(json.expenses).toBeUndefined()
      const proposal = reportOf(json, "proposal")
      // 700 a room-night × 2 rooms × 1 night; 80 a head × 4 heads × 2 meals; 1200 + 250 for the third guest
      expect(proposal.allowance.byCategory.map((a) => [a.category, a.limit.minor / 100])).toEqual([
        ["lodging", 1400],
        ["meals", 640],
        ["entertainment", 1450]
      ])
      const dinner = verdictOf(proposal, "type.business.meals", "dinner 2026-03-10")
      expect(dinner).toMatchObject({
        severity: "warning",
        code: "over-limit",
        category: "meals",
        ruleSetId: "liaison.seed",
        ruleSetVersion: "seed-1",
        derivation: "80 × 4 heads (3 guests + 1 host) = 320 CNY per meal"
      })
      expect(dinner.measured).toEqual({ _tag: "Amount", money: { minor: 110000, currency: "CNY" } })
      expect(proposal.verdicts.every((v) => v.ruleSetVersion === "seed-1")).toBe(true)
      expect(json.outcome).toBe("warning")
    })
  )

  it.effect("checks the expenses too, and says a block is the outcome without failing", () =>
    Effect.gen(function* () {
      const run = yield* liaison(
        "budget",
        "check",
        file("application.json", application),
        "--expenses",
        file("expenses.json", expenses),
        "--json"
      )
      expect(run.exitCode).toBe(0)
      const json = jsonOf(run)
      const spent = reportOf(json, "expenses")
      expect(spent.spent.total.minor).toBe(389000)
      expect(verdictOf(spent, "level.special.dinner")).toMatchObject({
        severity: "block",
        code: "over-limit",
        message: "dinner 2026-03-10: 1150 CNY is over the limit of 1100 CNY by 50 CNY"
      })
      expect(json.outcome).toBe("block")
    })
  )

  it.effect("checks against the official-reception rules: the letter, and on expenses the invoices", () =>
    Effect.gen(function* () {
      const official = {
        ...application,
        visitorLevel: "official.bureau",
        documents: ["reception-list"],
        letter: {
          from: "华东家具集团",
          guests: [
            { name: "张伟", unit: "华东家具集团" },
            { name: "赵敏", unit: "华东家具集团" }
          ]
        }
      }
      const json = jsonOf(
        yield* liaison(
          "budget",
          "check",
          file("official.json", official),
          "--expenses",
          file("expenses.json", expenses),
          "--rules",
          "official",
          "--json"
        )
      )
      expect(json.ruleSet).toMatchObject({ id: "cn.official-reception", version: "example-2" })
      expect(verdictOf(reportOf(json, "proposal"), "official.letter", "陈静 (华东家具集团)").code).toBe("not-in-letter")
      expect(reportOf(json, "proposal").verdicts.some((v) => v.ruleId === "official.reimbursement")).toBe(false)
      expect(verdictOf(reportOf(json, "expenses"), "official.reimbursement", "outing")).toMatchObject({
        severity: "block",
        code: "invoice-missing"
      })
    })
  )

  it.effect("takes a host's rule set from a file", () =>
    Effect.gen(function* () {
      const rules = {
        id: "acme.reception",
        version: "2026.1",
        currency: "CNY",
        label: { "zh-CN": "本公司接待标准", en: "Acme reception standards" },
        rules: [
          {
            kind: "per-meal-cap",
            id: "dinner",
            severity: "block",
            meal: "dinner",
            base: yuan("1000"),
            baseHeadcount: 2,
            increment: yuan("50")
          }
        ]
      }
      const json = jsonOf(
        yield* liaison(
          "budget",
          "check",
          file("application.json", application),
          "--rules",
          file("rules.json", rules),
          "--json"
        )
      )
      expect(json.ruleSet).toMatchObject({ id: "acme.reception", version: "2026.1" })
      expect(verdictOf(reportOf(json, "proposal"), "dinner")).toMatchObject({
        severity: "block",
        limit: { _tag: "Amount", money: { minor: 105000, currency: "CNY" } },
        ruleSetVersion: "2026.1"
      })
    })
  )

  it.effect("prints readable lines without --json: the allowance, each verdict with its derivation, the outcome", () =>
    Effect.gen(function* () {
      const run = yield* liaison(
        "budget",
        "check",
        file("application.json", application),
        "--expenses",
        file("expenses.json", expenses)
      )
      expect(run.exitCode).toBe(0)
      const lines = run.stdout.split("\n")
      expect(lines[1]).toBe(
        "Rule set liaison.seed seed-1: 客户接待标准（种子文件 001、003） / Client reception standards (seeds 001 and 003)"
      )
      expect(lines[2]).toBe(
        "Facts: 3 guests, 1 host, 2 days, 1 lunch, 1 dinner, 1 night × 2 rooms, level special, tier B, type business"
      )
      expect(lines).toContain(
        "  entertainment  1450 CNY  1200 + 1 × 250 for the guests beyond 2 = 1450 CNY [level.special.entertainment]"
      )
      const at = lines.indexOf("  block   over-limit  level.special.dinner (meals)")
      expect(at).toBeGreaterThan(0)
      expect(lines[at + 1]).toBe("          dinner 2026-03-10: 1150 CNY is over the limit of 1100 CNY by 50 CNY")
      expect(lines[at + 2]).toBe(
        "          measured 1150 CNY, limit 1100 CNY: 1000 + 1 × 100 for the guests beyond 2 = 1100 CNY"
      )
      expect(lines[lines.length - 1]).toBe("Outcome: block")
    })
  )

  it.effect("reports every problem of a bad application at its path, with its label, and exits 2", () =>
    Effect.gen(function* () {
      const bad = file("bad-application.json", {
        ...application,
        department: "",
        visitDate: "2026-02-30",
        guests: [application.guests[0], { name: "陈静" }]
      })
      const run = yield* liaison("budget", "check", bad, "--json")
      expect(run.exitCode).toBe(2)
      const { error } = jsonOf(run) as unknown as ErrorJson
      expect(error).toMatchObject({ _tag: "InvalidFile", file: bad, reason: "Invalid", exitCode: 2 })
      expect(error.issues.map((i) => [i.path, i.label?.en])).toEqual([
        ["department", "Department"],
        ["visitDate", "Visit date"],
        ["guests[1].title", "Title"]
      ])
      expect(run.stderr.split("\n")).toEqual([
        `liaison: ${bad} is not a valid reception application (3 problems)`,
        `  ${bad}: department (申请部门 / Department): Expected a non empty string, actual ""`,
        `  ${bad}: visitDate (来访日期 / Visit date): expected a date written YYYY-MM-DD that exists, got "2026-02-30"`,
        `  ${bad}: guests[1].title (职务 / Title): is missing`
      ])
    })
  )

  it.effect("reports every problem of a bad expense list at its path, the alternatives of a choice on one line", () =>
    Effect.gen(function* () {
      const bad = file("bad-expenses.json", [
        { category: "food", amount: { amount: "12.345", currency: "CNY" } },
        { category: "meals", meal: "supper", amount: yuan("10"), nights: 0 }
      ])
      const run = yield* liaison("budget", "check", file("application.json", application), "--expenses", bad)
      expect(run.exitCode).toBe(2)
      expect(run.stdout).toBe("")
      expect(run.stderr.split("\n")).toEqual([
        `liaison: ${bad} is not a valid expense list (4 problems)`,
        `  ${bad}: [0].category (费用类别 / Category): Expected "work" | "lodging" | "meals" | "labour" | "transport" | "entertainment" | "gifts" | "publicity" | "other", actual "food"`,
        `  ${bad}: [0].amount.amount: CNY has 2 decimal digits, got "12.345"`,
        `  ${bad}: [1].meal (餐次 / Meal): Expected "breakfast" | "lunch" | "dinner", actual "supper"`,
        `  ${bad}: [1].nights (晚数 / Nights): Expected a number between 1 and 10000, actual 0`
      ])
    })
  )

  it.effect("refuses a file that is not JSON, a missing file, and a bad rule set, each with exit code 2", () =>
    Effect.gen(function* () {
      const notJson = yield* liaison("budget", "check", file("broken.json", "{ nope"), "--json")
      expect(notJson.exitCode).toBe(2)
      const broken = (jsonOf(notJson) as unknown as ErrorJson).error
      expect(broken.issues[0]?.message).toMatch(/^not JSON: /)

      const missing = yield* liaison("budget", "check", file("application.json", application), "--rules", "offical")
      expect(missing.exitCode).toBe(2)
      expect(missing.stderr).toContain("cannot read the budget rule set file offical")
      expect(missing.stderr).toContain("(--rules takes seed, official or the path of a rule set as JSON)")

      const rules = file("bad-rules.json", {
        id: "x",
        version: "1",
        currency: "CNY",
        label: { "zh-CN": "x", en: "x" },
        rules: [{ kind: "host-ratio", id: "h", severity: "fatal", steps: [], beyond: { numerator: 1, denominator: 0 } }]
      })
      const run = yield* liaison("budget", "check", file("application.json", application), "--rules", rules, "--json")
      expect(run.exitCode).toBe(2)
      expect((jsonOf(run) as unknown as ErrorJson).error.issues.map((i) => i.path)).toEqual([
        "rules[0].severity",
        "rules[0].beyond.denominator"
      ])
    })
  )

  it.effect("refuses amounts in another currency than the rule set's, at the field, never converting them", () =>
    Effect.gen(function* () {
      const usd = file("usd-expenses.json", [
        expenses[0],
        { ...expenses[1], amount: { amount: "150", currency: "USD" } }
      ])
      const run = yield* liaison("budget", "check", file("application.json", application), "--expenses", usd, "--json")
      expect(run.exitCode).toBe(2)
      const { error } = jsonOf(run) as unknown as ErrorJson
      expect(error.issues).toEqual([
        {
          file: usd,
          path: "[1].amount.currency",
          message: "USD, but the rule set liaison.seed seed-1 is in CNY; amounts are never converted implicitly"
        }
      ])
      const inUsd = {
        ...application,
        budget: { amount: "600", currency: "USD" },
        hotel: undefined,
        lunch: undefined,
        dinner: undefined,
        entertainment: undefined
      }
      const app = yield* liaison("budget", "check", file("usd.json", JSON.parse(JSON.stringify(inUsd))), "--json")
      expect(app.exitCode).toBe(2)
      expect((jsonOf(app) as unknown as ErrorJson).error.issues[0]).toMatchObject({ path: "budget.currency" })
    })
  )
})

describe("liaison budget check, spawned", () => {
  it("exits 0 with an answer and 2 with a bad file, as a process", () => {
    const bin = fileURLToPath(new URL("../src/bin.ts", import.meta.url))
    const spawn = (...args: ReadonlyArray<string>) =>
      spawnSync(process.execPath, ["--import", "tsx", bin, ...args], { encoding: "utf8", timeout: 60_000 })
    const ok = spawn("budget", "check", file("application.json", application), "--json")
    expect(ok.status).toBe(0)
    expect(JSON.parse(ok.stdout)).toMatchObject({ ruleSet: { id: "liaison.seed" }, outcome: "warning" })
    const bad = spawn("budget", "check", file("broken.json", "[1,"))
    expect(bad.status).toBe(2)
    expect(bad.stdout).toBe("")
  })
})
