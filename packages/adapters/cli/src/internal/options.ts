/**
 * Options shared by several commands, so each is spelled and described once.
 */
import * as Options from "@effect/cli/Options"
import { OfficialCalendars } from "@liaison/core"
import * as HashMap from "effect/HashMap"
import * as Option from "effect/Option"

/** `--json`: one JSON object on stdout instead of text. */
export const json = Options.boolean("json").pipe(
  Options.withDescription("Print exactly one JSON object on stdout (ISO-8601 dates), also on failure.")
)

/** `--provisional`: answer beyond the calendar's coverage, marked provisional, instead of failing. */
export const provisional = Options.boolean("provisional").pipe(
  Options.withDescription(
    "Beyond the calendar's coverage, answer provisionally (only weekends off), marked provisional with the assumption, instead of failing with exit code 3."
  )
)

/** `--calendar id`: a shipped calendar. */
export const calendar = Options.text("calendar").pipe(
  Options.withPseudoName("id"),
  Options.withDescription(`A shipped calendar: ${OfficialCalendars.ids.join(" or ")} (default cn-mainland).`),
  Options.optional
)

/** `--calendar-file path.json`: a host app's calendar as JSON. */
export const calendarFile = Options.text("calendar-file").pipe(
  Options.withPseudoName("path.json"),
  Options.withDescription("A calendar as JSON (BusinessCalendar.CalendarData), instead of --calendar."),
  Options.optional
)

const noticeDescription =
  "A year's holiday notice as JSON (BusinessCalendar.CalendarNotice) to load into the calendar; repeat for several years."

/** In calendar commands `--notice path.json` (or `--notice-file`) loads a holiday notice. */
export const noticeFiles = Options.text("notice").pipe(
  Options.withAlias("notice-file"),
  Options.withPseudoName("path.json"),
  Options.withDescription(noticeDescription),
  Options.repeated
)

/** In `deadline`, `--notice` is when notice was received, so holiday notices come with `--notice-file`. */
export const noticeFileOnly = Options.text("notice-file").pipe(
  Options.withPseudoName("path.json"),
  Options.withDescription(noticeDescription),
  Options.repeated
)

/** `--rules seed|official|path.json`: the budget rule set (经费标准). */
export const rules = Options.text("rules").pipe(
  Options.withPseudoName("seed|official|path.json"),
  Options.withDescription(
    "The rule set: seed (seeds 001 and 003, the default), official (official-reception rules with example meal standards), or a rule set as JSON (BudgetPolicy.RuleSet)."
  ),
  Options.withDefault("seed")
)

/** A moment option: `YYYY-MM-DD` (the day's start) or an ISO-8601 instant with offset. */
export const moment = (name: string, description: string): Options.Options<string> =>
  Options.text(name).pipe(
    Options.withPseudoName("date|instant"),
    Options.withDescription(`${description}: YYYY-MM-DD (its start) or an ISO-8601 instant with offset.`)
  )

/** `--lang en|zh`: the language of the readable output (JSON carries both). */
export const lang = (what: string): Options.Options<"en" | "zh"> =>
  Options.choice("lang", ["en", "zh"]).pipe(
    Options.withDescription(`Language of ${what} (JSON carries both).`),
    Options.withDefault("en")
  )

/** `--anchor name=value`, repeatable: named anchors' moments. */
export const anchors = (description: string): Options.Options<Option.Option<HashMap.HashMap<string, string>>> =>
  Options.keyValueMap("anchor").pipe(
    Options.withPseudoName("name=value"),
    Options.withDescription(description),
    Options.optional
  )

/** The anchors given, as the record core's contexts take, or nothing. */
export const anchorsField = (
  anchors: Option.Option<HashMap.HashMap<string, string>>
): { readonly anchors?: Readonly<Record<string, string>> } =>
  Option.match(anchors, {
    onNone: () => ({}),
    onSome: (map) => ({ anchors: Object.fromEntries(HashMap.toEntries(map)) })
  })

/** The moment tasks and deadlines are judged at: `--now`, else when notice was received. */
export interface JudgedAt {
  readonly at: string
  readonly basis: "now" | "notice"
}

/** `--now` wins over `--notice`. */
export const judgedAt = (now: Option.Option<string>, notice: Option.Option<string>): Option.Option<JudgedAt> =>
  Option.orElse(
    Option.map(now, (at) => ({ at, basis: "now" as const })),
    () => Option.map(notice, (at) => ({ at, basis: "notice" as const }))
  )
