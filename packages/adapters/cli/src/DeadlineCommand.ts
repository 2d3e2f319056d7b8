/**
 * `liaison deadline`: evaluates deadline rules (期限规则) from a JSON file, with their explanation.
 *
 * `--rule rule.json` holds one rule (`Deadline.Rule` as JSON) or an array of rules. The context
 * comes from `--event-start`, `--event-end`, `--notice` (when notice was received) and `--anchor
 * name=value` for named anchors; each is `YYYY-MM-DD` or an ISO-8601 instant with offset. With
 * `--now` or `--notice`, each deadline also says whether it can still be met then (feasibility at
 * notice time). Holiday notices for the calendar come with `--notice-file`, as `--notice` names a
 * moment here.
 *
 * @since 0.1.0
 */

import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import type * as FileSystem from "@effect/platform/FileSystem"
import { type BusinessCalendar, Deadline } from "@liaison/core"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import type * as Schema from "effect/Schema"
import { decodeEach, loadCalendar } from "./internal/inputs.js"
import * as Opt from "./internal/options.js"
import type { InvalidFile, Problem } from "./internal/problem.js"
import { RuleFailed } from "./internal/problem.js"
import { respond } from "./internal/respond.js"

const moment = (name: string, description: string) => Opt.moment(name, description).pipe(Options.optional)

/**
 * A deadline rule. Spelled from its Schema: core's bundled declarations keep only the value side of
 * `Deadline.Rule` (a Schema and a type of one name), so `Deadline.Rule` as a type fails against dist.
 */
type Rule = Schema.Schema.Type<typeof Deadline.Rule>

/** The rules a file holds: one rule, or an array of rules. */
interface RuleFile {
  readonly many: boolean
  readonly rules: ReadonlyArray<Rule>
}

/** Reads and decodes a rule file, reporting every problem of every rule with its path. */
const readRules = (file: string): Effect.Effect<RuleFile, InvalidFile, FileSystem.FileSystem> =>
  Effect.map(decodeEach(file, "rule", Deadline.decodeRule), ({ items, many }) => ({ many, rules: items }))

/** One evaluated rule as JSON, with its feasibility when asked. */
const evaluationJson = (
  evaluation: Deadline.Evaluation,
  feasibility: Option.Option<FeasibilityAt>
): Readonly<Record<string, unknown>> => ({
  ...Deadline.toJson(evaluation),
  assumptions: evaluation.explanation.assumptions,
  ...(Option.isSome(feasibility) ? { feasibility: feasibility.value } : {})
})

interface FeasibilityAt extends Deadline.Feasibility {
  /** The moment it was judged at, as given. */
  readonly at: string
  /** Which option gave it. */
  readonly basis: "now" | "notice"
}

/**
 * `liaison deadline --rule rule.json --event-start …`: `{"due", "dueDate", "opens"?, "provisional",
 * "explanation", "feasibility"?}`, or `{"deadlines": [...]}` for a file of several rules.
 *
 * @since 0.1.0
 * @category commands
 */
export const command = Command.make(
  "deadline",
  {
    rule: Options.text("rule").pipe(
      Options.withPseudoName("path.json"),
      Options.withDescription("A deadline rule as JSON (Deadline.Rule), or a JSON array of rules.")
    ),
    eventStart: moment("event-start", "When the event starts"),
    eventEnd: moment("event-end", "When the event ends (default: its start)"),
    notice: moment("notice", "When notice was received; also the moment feasibility is judged at, unless --now"),
    now: moment("now", "Judge feasibility at this moment"),
    anchors: Opt.anchors("A named anchor's value, name=YYYY-MM-DD or name=instant; repeatable."),
    lang: Opt.lang("the text output"),
    calendar: Opt.calendar,
    calendarFile: Opt.calendarFile,
    notices: Opt.noticeFileOnly,
    provisional: Opt.provisional,
    json: Opt.json
  },
  (args) =>
    respond(
      args.json,
      Effect.gen(function* () {
        const file = yield* readRules(args.rule)
        const calendar = yield* loadCalendar(args)
        const context: Deadline.Context = {
          calendar,
          ...Option.match(args.eventStart, { onNone: () => ({}), onSome: (eventStart) => ({ eventStart }) }),
          ...Option.match(args.eventEnd, { onNone: () => ({}), onSome: (eventEnd) => ({ eventEnd }) }),
          ...Option.match(args.notice, { onNone: () => ({}), onSome: (notice) => ({ notice }) }),
          ...Opt.anchorsField(args.anchors),
          beyondCoverage: args.provisional ? "provisional" : "fail"
        }
        const judgeAt = Opt.judgedAt(args.now, args.notice)
        const results = yield* Effect.forEach(file.rules, (rule, index) =>
          evaluateOne(calendar, rule, context, judgeAt).pipe(
            Effect.mapError(
              (problem): Problem =>
                file.many ? new RuleFailed({ file: args.rule, index, ruleId: rule.id, problem }) : problem
            )
          )
        )
        const locale = args.lang === "zh" ? "zh-CN" : "en"
        const text = results.map(({ evaluation, feasibility }, index) => {
          const lines = [
            evaluation.explanation.sentence[locale],
            ...Option.match(feasibility, {
              onNone: () => [],
              onSome: (f) => [
                args.lang === "zh"
                  ? `可行性（${f.basis === "now" ? "当前" : "接到通知"} ${f.at}）：${f.sentence["zh-CN"]}`
                  : `Feasibility at ${f.at} (${f.basis === "now" ? "--now" : "notice received"}): ${f.sentence.en}`
              ]
            })
          ]
          if (!file.many) return lines
          const rule = file.rules[index]
          const name = rule?.label?.[locale] ?? rule?.id ?? evaluation.explanation.rule[locale]
          return [`[${index}] ${name}`, ...lines.map((l) => `  ${l}`)]
        })
        const json = results.map(({ evaluation, feasibility }) => evaluationJson(evaluation, feasibility))
        return {
          json: file.many ? { deadlines: json } : (json[0] ?? {}),
          text: text.flat()
        }
      })
    )
).pipe(Command.withDescription("Evaluates deadline rules (期限规则) with their explanation and feasibility."))

const evaluateOne = (
  calendar: BusinessCalendar.BusinessCalendar,
  rule: Rule,
  context: Deadline.Context,
  judgeAt: Option.Option<Opt.JudgedAt>
): Either.Either<
  { readonly evaluation: Deadline.Evaluation; readonly feasibility: Option.Option<FeasibilityAt> },
  Deadline.EvaluationError
> =>
  Either.flatMap(Deadline.evaluate(rule, context), (evaluation) =>
    Option.match(judgeAt, {
      onNone: () => Either.right({ evaluation, feasibility: Option.none() }),
      onSome: ({ at, basis }) =>
        Either.map(Deadline.feasibility(calendar, evaluation, at), (f) => ({
          evaluation,
          feasibility: Option.some({ at, basis, ...f })
        }))
    })
  )
