/**
 * Reading what the command line names: dates, files, and the calendar to answer with.
 */
import * as FileSystem from "@effect/platform/FileSystem"
import { BudgetPolicy, BusinessCalendar, type DecodeProblem, LocalDate, OfficialCalendars } from "@liaison/core"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import { type FileRole, InvalidFile, type Issue, mergeAlternatives, type Problem } from "./problem.js"

/** A positional or option value as a `LocalDate`, or an error naming the argument. */
export const localDate = (
  argument: string,
  text: string
): Either.Either<LocalDate.LocalDate, BusinessCalendar.InvalidArgument> =>
  LocalDate.isLocalDate(text)
    ? Either.right(text)
    : Either.left(
        new BusinessCalendar.InvalidArgument({
          argument,
          message: `${argument}: expected a date written YYYY-MM-DD that exists, got ${JSON.stringify(text)}`
        })
      )

/** The issues of a decode, attributed to the file they came from. */
export const inFile = (file: string, issues: ReadonlyArray<BusinessCalendar.DataIssue>): ReadonlyArray<Issue> =>
  mergeAlternatives(issues.map((i) => ({ file, path: i.path, message: i.message })))

/** The text of a file, or why it cannot be read. */
export const readText = (file: string, role: FileRole): Effect.Effect<string, InvalidFile, FileSystem.FileSystem> =>
  Effect.flatMap(FileSystem.FileSystem, (fs) => fs.readFileString(file)).pipe(
    Effect.mapError(
      (e) =>
        new InvalidFile({
          file,
          role,
          reason: "Unreadable",
          issues: [
            {
              file,
              path: "",
              message: e._tag === "SystemError" ? `${e.reason}: ${e.description ?? e.message}` : e.message
            }
          ]
        })
    )
  )

/** A file's JSON, or why it is not JSON. */
export const readJson = (file: string, role: FileRole): Effect.Effect<unknown, InvalidFile, FileSystem.FileSystem> =>
  Effect.flatMap(readText(file, role), (text) =>
    Effect.try({
      try: (): unknown => JSON.parse(text),
      catch: (e) =>
        new InvalidFile({
          file,
          role,
          reason: "Invalid",
          issues: [{ file, path: "", message: `not JSON: ${e instanceof Error ? e.message : String(e)}` }]
        })
    })
  )

/**
 * Which calendar a command answers with: a shipped one by id, or a host calendar from a JSON file;
 * then the holiday notices to load into it.
 */
export interface CalendarChoice {
  readonly calendar: Option.Option<string>
  readonly calendarFile: Option.Option<string>
  readonly notices: ReadonlyArray<string>
}

/** The year a notice file says it is for, to load notices in year order whatever order they are given in. */
const yearOf = (json: unknown): number =>
  typeof json === "object" && json !== null && "year" in json && typeof json.year === "number"
    ? json.year
    : Number.POSITIVE_INFINITY

/** The calendar a command answers with, notices loaded. */
export const loadCalendar = (
  choice: CalendarChoice
): Effect.Effect<BusinessCalendar.BusinessCalendar, Problem, FileSystem.FileSystem> =>
  Effect.gen(function* () {
    if (Option.isSome(choice.calendar) && Option.isSome(choice.calendarFile)) {
      return yield* new BusinessCalendar.InvalidArgument({
        argument: "calendar",
        message: "calendar: give --calendar or --calendar-file, not both"
      })
    }
    const base = Option.isSome(choice.calendarFile)
      ? yield* calendarFromFile(choice.calendarFile.value)
      : yield* OfficialCalendars.byId(Option.getOrElse(choice.calendar, () => "cn-mainland"))
    const notices = yield* Effect.forEach(choice.notices, (file) =>
      Effect.map(readJson(file, "notice"), (json) => ({ file, json }))
    )
    let calendar = base
    for (const { file, json } of [...notices].sort((a, b) => yearOf(a.json) - yearOf(b.json))) {
      calendar = yield* BusinessCalendar.loadNotice(calendar, json).pipe(
        Either.mapLeft(
          (e) => new InvalidFile({ file, role: "notice", reason: "Invalid", issues: inFile(file, e.issues) })
        )
      )
    }
    return calendar
  })

const calendarFromFile = (
  file: string
): Effect.Effect<BusinessCalendar.BusinessCalendar, InvalidFile, FileSystem.FileSystem> =>
  Effect.flatMap(readText(file, "calendar"), (text) =>
    BusinessCalendar.fromJson(text).pipe(
      Either.mapLeft(
        (e) => new InvalidFile({ file, role: "calendar", reason: "Invalid", issues: inFile(file, e.issues) })
      )
    )
  )

/** Core's decode problems as the CLI's issues: each at its path in the file, with its label. */
export const decodeIssues = (file: string, error: DecodeProblem.InvalidInput): ReadonlyArray<Issue> =>
  mergeAlternatives(
    error.problems.map((p) => ({
      file,
      path: p.path === "(root)" ? "" : p.path,
      message: p.message,
      ...(p.label === undefined ? {} : { label: p.label })
    }))
  )

/** Reads a JSON file and decodes it with a core decoder, or reports every problem at its path. */
export const decodeFile = <A>(
  file: string,
  role: FileRole,
  decode: (input: unknown) => Either.Either<A, DecodeProblem.InvalidInput>
): Effect.Effect<A, InvalidFile, FileSystem.FileSystem> =>
  Effect.flatMap(readJson(file, role), (json) =>
    Either.match(decode(json), {
      onLeft: (e) => Effect.fail(new InvalidFile({ file, role, reason: "Invalid", issues: decodeIssues(file, e) })),
      onRight: Effect.succeed
    })
  )

/**
 * Reads a file holding one item or a JSON array of items and decodes each, reporting every problem
 * of every item, prefixed with the item's index in an array (`[1].offset.amount`).
 */
export const decodeEach = <A>(
  file: string,
  role: FileRole,
  decode: (input: unknown) => Either.Either<A, { readonly issues: ReadonlyArray<BusinessCalendar.DataIssue> }>
): Effect.Effect<{ readonly many: boolean; readonly items: ReadonlyArray<A> }, InvalidFile, FileSystem.FileSystem> =>
  Effect.flatMap(readJson(file, role), (json) => {
    const many = Array.isArray(json)
    const decoded: Array<A> = []
    const issues: Array<Issue> = []
    const inputs: ReadonlyArray<unknown> = many ? json : [json]
    inputs.forEach((input, i) => {
      Either.match(decode(input), {
        onLeft: (e) =>
          issues.push(
            ...inFile(
              file,
              many
                ? e.issues.map((issue) => ({
                    ...issue,
                    path: `[${i}]${issue.path.startsWith("[") || issue.path === "" ? "" : "."}${issue.path}`
                  }))
                : e.issues
            )
          ),
        onRight: (item) => decoded.push(item)
      })
    })
    return issues.length > 0
      ? Effect.fail(new InvalidFile({ file, role, reason: "Invalid", issues }))
      : Effect.succeed({ many, items: decoded })
  })

/** The rule sets `--rules` names without a file. */
const BUILT_IN_RULES: Readonly<Record<string, BudgetPolicy.RuleSet>> = {
  seed: BudgetPolicy.seedRuleSet,
  official: BudgetPolicy.officialExample
}

/** A built-in rule set by name, or a host's from a file (an unreadable one says what `--rules` takes). */
export const loadRules = (choice: string): Effect.Effect<BudgetPolicy.RuleSet, InvalidFile, FileSystem.FileSystem> => {
  const builtIn = BUILT_IN_RULES[choice]
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
