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
import type * as FileSystem from "@effect/platform/FileSystem"
import { BudgetPolicy, type DecodeProblem, Expense, Money, ReceptionApplication } from "@liaison/core"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import { readJson } from "./internal/inputs.js"
import * as Opt from "./internal/options.js"
import { type FileRole, InvalidFile, type Issue, mergeAlternatives } from "./internal/problem.js"
import { respond } from "./internal/respond.js"

// ---------------------------------------------------------------------------------------------
// Inputs
// ---------------------------------------------------------------------------------------------

/** Core's decode problems as the CLI's issues: each at its path in the file, with its label. */
const issuesOf = (file: string, error: DecodeProblem.InvalidInput): ReadonlyArray<Issue> =>
  mergeAlternatives(
    error.problems.map((p) => ({
      file,
      path: p.path === "(root)" ? "" : p.path,
      message: p.message,
      ...(p.label === undefined ? {} : { label: p.label })
    }))
  )

/** Reads a JSON file and decodes it with a core decoder, or reports every problem at its path. */
const decodeFile = <A>(
  file: string,
  role: FileRole,
  decode: (input: unknown) => Either.Either<A, DecodeProblem.InvalidInput>
): Effect.Effect<A, InvalidFile, FileSystem.FileSystem> =>
  Effect.flatMap(readJson(file, role), (json) =>
    Either.match(decode(json), {
      onLeft: (e) => Effect.fail(new InvalidFile({ file, role, reason: "Invalid", issues: issuesOf(file, e) })),
      onRight: Effect.succeed
    })
  )

/** The rule sets `--rules` names without a file. */
const BUILT_IN: Readonly<Record<string, BudgetPolicy.RuleSet>> = {
  seed: BudgetPolicy.seedRuleSet,
  official: BudgetPolicy.officialExample
}

/** A built-in rule set by name, or a host's from a file (an unreadable one says what `--rules` takes). */
const loadRules = (choice: string): Effect.Effect<BudgetPolicy.RuleSet, InvalidFile, FileSystem.FileSystem> => {
  const builtIn = BUILT_IN[choice]
  if (builtIn !== undefined) return Effect.succeed(builtIn)
  return decodeFile(choice, "rules", BudgetPolicy.decodeRuleSet).pipe(
    Effect.mapError((e) =>
      e.reason === "Unreadable"
        ? new InvalidFile({
            ...e,
            issues: e.issues.map((i) => ({
              ...i,
              message: `${i.message} (--rules takes seed, official or the path of a rule set as JSON)`
            }))
          })
        : e
    )
  )
}

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

/** Columns a string takes in a terminal: CJK characters and full-width forms take two. */
const width = (text: string): number => {
  let n = 0
  for (const ch of text)
    n += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch)
      ? 2
      : 1
  return n
}

/** Columns padded to their widest cell (by terminal width); the last column is not padded. */
const table = (rows: ReadonlyArray<ReadonlyArray<string>>): ReadonlyArray<string> => {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => width(r[i] ?? "")))) ?? []
  return rows.map((r) =>
    r
      .map((cell, i) => (i === r.length - 1 ? cell : cell + " ".repeat((widths[i] ?? 0) - width(cell))))
      .join("  ")
      .trimEnd()
  )
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`

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
    rules: Options.text("rules").pipe(
      Options.withPseudoName("seed|official|path.json"),
      Options.withDescription(
        "The rule set: seed (seeds 001 and 003, the default), official (official-reception rules with example meal standards), or a rule set as JSON (BudgetPolicy.RuleSet)."
      ),
      Options.withDefault("seed")
    ),
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
