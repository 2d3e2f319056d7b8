/**
 * `liaison budget check`: a reception application's budget checked against a rule set (经费标准).
 *
 * `budget check application.json` reads a reception application (接待申请单, `ReceptionApplication`
 * as JSON), derives the engagement's facts, and checks its item budgets (hotel, lunch, dinner, outing)
 * against a rule set: the allowance per category and in total, and every verdict with its severity,
 * code, category, measured amount, limit, derivation, rule id and rule-set version. With
 * `--expenses expenses.json` (a JSON array of `Expense.ExpenseLine`) the actual expenses are checked
 * too, as expenses (invoices and bills count). `--rules` picks the rule set: `seed` (the default, seeds
 * 001 and 003), `official` (the Chinese official-reception rules with example standards), or a path to
 * a host's rule set as JSON (`BudgetPolicy.RuleSet`).
 *
 * A verdict of `block` is an answer, not a failure: the command exits 0 and says `outcome: block`. A
 * file that is unreadable, not JSON, or not what it should hold exits 2 with every problem at its path.
 *
 * @since 0.1.0
 */
import * as Args from "@effect/cli/Args"
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import { BudgetPolicy, Expense, Money, ReceptionApplication } from "@liaison/core"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import { decodeFile, loadRules } from "./internal/inputs.js"
import * as Opt from "./internal/options.js"
import { type FileRole, InvalidFile } from "./internal/problem.js"
import { respond } from "./internal/respond.js"
import { plural, table } from "./internal/text.js"

// ---------------------------------------------------------------------------------------------
// Inputs
// ---------------------------------------------------------------------------------------------

/**
 * An amount in another currency than the rule set's, as an issue of the file it came from: the
 * application's budget, or an expense line.
 */
const mismatchFile = (
  mismatch: Money.CurrencyMismatch,
  ruleSet: BudgetPolicy.RuleSet,
  files: { readonly application: string; readonly expenses: Option.Option<string> }
): InvalidFile => {
  const line = /^lines\[(\d+)\]\.amount$/.exec(mismatch.where)
  const [file, role, path]: readonly [string, FileRole, string] =
    line !== null && Option.isSome(files.expenses)
      ? [files.expenses.value, "expenses", `[${line[1]}].amount.currency`]
      : [files.application, "application", "budget.currency"]
  return new InvalidFile({
    file,
    role,
    reason: "Invalid",
    issues: [
      {
        file,
        path,
        message: `${mismatch.found}, but the rule set ${ruleSet.id} ${ruleSet.version} is in ${mismatch.expected}; amounts are never converted implicitly`
      }
    ]
  })
}

// ---------------------------------------------------------------------------------------------
// Text
// ---------------------------------------------------------------------------------------------

const quantityText = (q: BudgetPolicy.Quantity): string =>
  q._tag === "Amount" ? Money.format(q.money) : `${q.value} ${q.unit}`

const factsLine = (facts: BudgetPolicy.EngagementFacts): string =>
  [
    plural(facts.guests, "guest"),
    plural(facts.hosts, "host"),
    plural(facts.days, "day"),
    `${facts.lunches} lunch${facts.lunches === 1 ? "" : "es"}`,
    plural(facts.dinners, "dinner"),
    `${plural(facts.nights, "night")} × ${plural(facts.rooms, "room")}`,
    ...(facts.level === undefined ? [] : [`level ${facts.level}`]),
    ...(facts.tier === undefined ? [] : [`tier ${facts.tier}`]),
    ...(facts.receptionType === undefined ? [] : [`type ${facts.receptionType}`]),
    ...(facts.letter === undefined ? [] : [`letter of ${facts.letter.from} naming ${facts.letter.guests.length}`]),
    ...(facts.documents.length === 0 ? [] : [`documents: ${facts.documents.join(", ")}`])
  ].join(", ")

const allowanceLines = (allowance: BudgetPolicy.Allowance): ReadonlyArray<string> => [
  "Allowance:",
  ...table(
    allowance.byCategory.map((a) => [
      `  ${a.category}`,
      Money.format(a.limit),
      `${a.derivation}${a.hardLimit === undefined ? "" : ` (blocks above ${Money.format(a.hardLimit)})`}`
    ])
  ),
  `  total ${Money.format(allowance.total)}${allowance.uncapped.length === 0 ? "" : `; no cap on ${allowance.uncapped.join(", ")}`}`
]

/** A verdict in three lines: grade, code, rule and category; the message; measured, limit and derivation. */
const verdictLines = (v: BudgetPolicy.Verdict): ReadonlyArray<string> => [
  `  ${v.severity.padEnd(7)} ${v.code}  ${v.ruleId}${v.category === undefined ? "" : ` (${v.category})`}`,
  `          ${v.message}`,
  `          measured ${quantityText(v.measured)}, limit ${quantityText(v.limit)}: ${v.derivation}`
]

const reportLines = (title: string, report: BudgetPolicy.Report): ReadonlyArray<string> => [
  `${title}: ${Money.format(report.spent.total)} (${report.spent.byCategory.map((c) => `${c.category} ${Money.format(c.amount)}`).join(", ") || "no lines"}), outcome ${report.outcome}`,
  ...report.verdicts.flatMap(verdictLines)
]

// ---------------------------------------------------------------------------------------------
// liaison budget check
// ---------------------------------------------------------------------------------------------

const encodeCheck = Schema.encodeSync(BudgetPolicy.ApplicationCheck)

/**
 * `liaison budget check application.json [--expenses expenses.json] [--rules seed|official|path.json]`:
 * `{"ruleSet": {"id", "version", "currency", "label", "source"?}, "application": {"file", …}, "facts",
 * "proposal": {"allowance", "spent", "verdicts", "outcome", …}, "expenses"?, "outcome"}`; each verdict
 * `{"severity", "code", "ruleId", "ruleKind", "ruleSetId", "ruleSetVersion", "category"?, "subject",
 * "measured", "limit", "derivation", "message"}`.
 *
 * @since 0.1.0
 * @category commands
 */
export const check = Command.make(
  "check",
  {
    application: Args.text({ name: "application.json" }).pipe(
      Args.withDescription("A reception application (接待申请单) as JSON (ReceptionApplication).")
    ),
    expenses: Options.text("expenses").pipe(
      Options.withPseudoName("expenses.json"),
      Options.withDescription(
        "The actual expenses as a JSON array of lines (Expense.ExpenseLine), checked as expenses (invoices count)."
      ),
      Options.optional
    ),
    rules: Opt.rules,
    json: Opt.json
  },
  (args) =>
    respond(
      args.json,
      Effect.gen(function* () {
        const ruleSet = yield* loadRules(args.rules)
        const application = yield* decodeFile(args.application, "application", ReceptionApplication.decode)
        const expenses: Option.Option<ReadonlyArray<Expense.ExpenseLine>> = Option.isSome(args.expenses)
          ? Option.some(yield* decodeFile(args.expenses.value, "expenses", Expense.decodeLines))
          : Option.none()
        const checked = yield* Either.mapLeft(
          BudgetPolicy.checkApplication(
            ruleSet,
            application,
            Option.match(expenses, { onNone: () => ({}), onSome: (expenses) => ({ expenses }) })
          ),
          (mismatch) => mismatchFile(mismatch, ruleSet, { application: args.application, expenses: args.expenses })
        )
        const outcome = BudgetPolicy.worst([
          { severity: checked.proposal.outcome },
          ...(checked.expenses === undefined ? [] : [{ severity: checked.expenses.outcome }])
        ])
        const encoded = encodeCheck(checked)
        return {
          json: {
            ruleSet: {
              id: ruleSet.id,
              version: ruleSet.version,
              currency: ruleSet.currency,
              label: ruleSet.label,
              ...(ruleSet.source === undefined ? {} : { source: ruleSet.source })
            },
            application: {
              file: args.application,
              guestOrganisation: application.guestOrganisation,
              visitDate: application.visitDate,
              budget: Schema.encodeSync(Money.Money)(application.budget)
            },
            ...encoded,
            outcome
          },
          text: [
            `Budget check of ${args.application}: ${application.guestOrganisation}, visit ${application.visitDate}, budget ${Money.format(application.budget)}`,
            `Rule set ${ruleSet.id} ${ruleSet.version}: ${ruleSet.label["zh-CN"]} / ${ruleSet.label.en}`,
            `Facts: ${factsLine(checked.facts)}`,
            "",
            ...allowanceLines(checked.proposal.allowance),
            "",
            ...reportLines("Proposal", checked.proposal),
            ...(checked.expenses === undefined
              ? []
              : ["", ...reportLines(`Expenses (${Option.getOrElse(args.expenses, () => "")})`, checked.expenses)]),
            "",
            `Outcome: ${outcome}`
          ]
        }
      })
    )
).pipe(
  Command.withDescription(
    "Checks a reception application's budget, and its expenses, against a rule set: the allowance and every graded verdict."
  )
)

/**
 * `liaison budget …`: budget checks (经费标准).
 *
 * @since 0.1.0
 * @category commands
 */
export const command = Command.make("budget").pipe(
  Command.withDescription("Reception budgets (接待经费) against a rule set."),
  Command.withSubcommands([check])
)
