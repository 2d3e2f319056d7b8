/**
 * Everything a command can report instead of an answer, and how each is shown: a message for stderr,
 * a JSON error object for `--json`, and an exit code.
 */
import type { BusinessCalendar, Deadline, Directory, Engagement, Label, StorageError } from "@liaison/core"
import * as Data from "effect/Data"
import { exitCodes } from "../CliError.js"

/**
 * One problem in an input, at a path inside a file (`offset.amount`) or an argument (`--event-start`);
 * with the field's zh-CN and English label when the Schema has one (`guests[2].title`: 职务 / Title).
 */
export interface Issue {
  readonly file?: string
  readonly path: string
  readonly message: string
  readonly label?: Label.Label
}

/** What a file was meant to hold, for messages. */
export type FileRole =
  | "rule"
  | "calendar"
  | "notice"
  | "procedure"
  | "application"
  | "expenses"
  | "rules"
  | "directory"
  | "routing"
  | "access"

const ROLE_TEXT: Readonly<Record<FileRole, string>> = {
  rule: "deadline rule",
  calendar: "calendar",
  notice: "holiday notice",
  procedure: "procedure",
  application: "reception application",
  expenses: "expense list",
  rules: "budget rule set",
  directory: "directory of people",
  routing: "approval routing policy",
  access: "access policy"
}

/**
 * A file the command could not use: unreadable, or not what it should hold (not JSON, or JSON that
 * fails its Schema), with every problem and its path.
 */
export class InvalidFile extends Data.TaggedError("InvalidFile")<{
  readonly file: string
  readonly role: FileRole
  readonly reason: "Unreadable" | "Invalid"
  readonly issues: ReadonlyArray<Issue>
}> {
  override get message(): string {
    const what = ROLE_TEXT[this.role]
    const head =
      this.reason === "Unreadable"
        ? `cannot read the ${what} file ${this.file}`
        : `${this.file} is not a valid ${what} (${this.issues.length} problem${this.issues.length === 1 ? "" : "s"})`
    return [head, ...this.issues.map(issueLine)].join("\n  ")
  }
}

/** A command line that @effect/cli refused (unknown flag, missing argument…); it printed the details. */
export class UsageError extends Data.TaggedError("UsageError")<{
  readonly reason: string
  readonly text: string
}> {
  override get message(): string {
    return this.text
  }
}

/** One rule of a file holding several that could not be evaluated: which one, and why. */
export class RuleFailed extends Data.TaggedError("RuleFailed")<{
  readonly file: string
  readonly index: number
  readonly ruleId: string | undefined
  readonly problem: Deadline.EvaluationError
}> {
  override get message(): string {
    return `${this.file}: [${this.index}]${this.ruleId !== undefined ? ` (${this.ruleId})` : ""}: ${messageOf(this.problem)}`
  }
}

/** Something asked for by id that the store does not hold (an outbox message, an engagement). */
export class NotFound extends Data.TaggedError("NotFound")<{
  readonly what: "engagement" | "message"
  readonly id: string
}> {
  override get message(): string {
    return `no ${this.what === "message" ? "outbox message" : this.what} ${this.id}`
  }
}

/** A request the store's state does not allow (retrying a message that is not parked). */
export class Conflict extends Data.TaggedError("Conflict")<{
  readonly id: string
  readonly detail: string
}> {
  override get message(): string {
    return this.detail
  }
}

/** Anything a command reports instead of an answer. */
export type Problem =
  | Deadline.EvaluationError
  | BusinessCalendar.CalendarDataError
  | BusinessCalendar.InvalidArgument
  | InvalidFile
  | UsageError
  | RuleFailed
  | NotFound
  | Conflict
  | StorageError.StorageError
  | StorageError.VersionConflict
  | Engagement.IllegalTransition
  | Engagement.NotAuthorised
  | Engagement.Rejected
  | Directory.DirectoryUnavailable

/**
 * `rule.json: offset.amount: Expected an integer, actual 1.5`; with a label,
 * `application.json: guests[2].title (职务 / Title): is missing`.
 */
export const issueLine = (issue: Issue): string =>
  [
    issue.file,
    issue.path === ""
      ? undefined
      : issue.label === undefined
        ? issue.path
        : `${issue.path} (${issue.label["zh-CN"]} / ${issue.label.en})`,
    issue.message
  ]
    .filter((s) => s !== undefined)
    .join(": ")

/** Core names arguments as its API does (`eventStart`); the CLI spells them as its options. */
const OPTION_OF: Readonly<Record<string, string>> = {
  eventStart: "--event-start",
  eventEnd: "--event-end",
  notice: "--notice",
  now: "--now",
  calendar: "--calendar"
}

const cliArgument = (argument: string): string =>
  OPTION_OF[argument] ?? (argument.startsWith("anchors.") ? `--anchor ${argument.slice(8)}` : argument)

/** Core's argument messages start `eventStart: …`: the message without that prefix. */
const argumentProblem = (e: BusinessCalendar.InvalidArgument): string =>
  e.message.startsWith(`${e.argument}: `) ? e.message.slice(e.argument.length + 2) : e.message

/** `--event-start: expected …`: core's message with the argument spelled as the CLI option. */
const argumentMessage = (e: BusinessCalendar.InvalidArgument): string =>
  `${cliArgument(e.argument)}: ${argumentProblem(e)}`

/** The exit code for a problem: see {@link exitCodes}. */
export const exitCodeOf = (problem: Problem): number => {
  switch (problem._tag) {
    case "OutsideCoverage":
      return exitCodes.outsideCoverage
    case "InvalidArgument":
    case "CalendarDataError":
    case "InvalidFile":
    case "UsageError":
      return exitCodes.badInput
    case "DeadlineError":
      // A missing anchor is a missing option on the command line.
      return problem.reason === "MissingAnchor" || problem.reason === "InvalidContext"
        ? exitCodes.badInput
        : exitCodes.noAnswer
    case "NotAWorkingDay":
    case "NoWorkingHours":
      return exitCodes.noAnswer
    case "RuleFailed":
      return exitCodeOf(problem.problem)
    case "NotFound":
      return exitCodes.notFound
    case "NotAuthorised":
      return exitCodes.forbidden
    case "IllegalTransition":
    case "VersionConflict":
    case "Conflict":
      return exitCodes.conflict
    case "Rejected":
      switch (problem.reason) {
        case "UnknownEngagement":
        case "UnknownTask":
          return exitCodes.notFound
        case "AlreadyExists":
          return exitCodes.conflict
        case "UnknownProcedure":
          return exitCodes.badInput
        default:
          return exitCodes.refused
      }
    case "StorageError":
      // The storage refuses its options (a bad --table-prefix) before it opens anything.
      if (problem.operation === "configure") return exitCodes.badInput
      switch (problem.reason) {
        case "busy":
          return exitCodes.busy
        case "full":
          return exitCodes.full
        case "readOnly":
          return exitCodes.readOnly
        case "cannotStore":
          return exitCodes.badInput
        case "undecodable":
          return exitCodes.undecodable
        default:
          return exitCodes.unavailable
      }
    case "DirectoryUnavailable":
      return exitCodes.unavailable
  }
}

/** The text for stderr: one line, or a head line and one indented line per issue. */
export const messageOf = (problem: Problem): string => {
  switch (problem._tag) {
    case "InvalidArgument":
      return argumentMessage(problem)
    case "CalendarDataError":
      return ["invalid calendar data", ...problem.issues.map(issueLine)].join("\n  ")
    case "DeadlineError":
      // Core names the context's fields (eventStart); say which options give them.
      return problem.reason === "MissingAnchor"
        ? `${problem.message} (give it with --event-start, --event-end, --notice or --anchor name=value)`
        : problem.message
    default:
      return problem.message
  }
}

const issuesOf = (problem: Problem): ReadonlyArray<Issue> => {
  switch (problem._tag) {
    case "InvalidFile":
    case "CalendarDataError":
      return problem.issues
    case "InvalidArgument":
      return [{ path: cliArgument(problem.argument), message: argumentProblem(problem) }]
    case "RuleFailed":
      return issuesOf(problem.problem)
    default:
      return []
  }
}

/** The fields a script may branch on, beside `_tag`, `message` and `issues`. */
const detailsOf = (problem: Problem): Readonly<Record<string, unknown>> => {
  switch (problem._tag) {
    case "OutsideCoverage":
      return {
        calendarId: problem.calendarId,
        version: problem.version,
        date: problem.date,
        coverage: { from: problem.coverageFrom, to: problem.coverageTo }
      }
    case "NotAWorkingDay":
      return { calendarId: problem.calendarId, date: problem.date, reason: problem.reason }
    case "NoWorkingHours":
      return { calendarId: problem.calendarId }
    case "DeadlineError":
      return { reason: problem.reason, ...(problem.ruleId !== undefined ? { ruleId: problem.ruleId } : {}) }
    case "InvalidArgument":
      return { argument: cliArgument(problem.argument) }
    case "InvalidFile":
      return { file: problem.file, reason: problem.reason }
    case "UsageError":
      return { reason: problem.reason }
    case "CalendarDataError":
      return {}
    case "RuleFailed":
      return {
        ...detailsOf(problem.problem),
        rule: {
          file: problem.file,
          index: problem.index,
          ...(problem.ruleId !== undefined ? { id: problem.ruleId } : {})
        }
      }
    case "NotFound":
      return { what: problem.what, id: problem.id }
    case "Conflict":
      return { id: problem.id }
    case "NotAuthorised":
      return {
        engagementId: problem.engagementId,
        actorId: problem.actorId,
        command: problem.command,
        reason: problem.reason
      }
    case "IllegalTransition":
      return {
        engagementId: problem.engagementId,
        command: problem.command,
        status: problem.status,
        allowedFrom: problem.allowedFrom
      }
    case "VersionConflict":
      return {
        engagementId: problem.engagementId,
        expected: problem.expected,
        ...(problem.actual !== undefined ? { actual: problem.actual } : {})
      }
    case "Rejected":
      return {
        engagementId: problem.engagementId,
        command: problem.command,
        reason: problem.reason,
        ...(problem.details !== undefined ? { details: problem.details } : {})
      }
    case "StorageError":
      return {
        operation: problem.operation,
        ...(problem.reason !== undefined ? { reason: problem.reason } : {}),
        ...(problem.path !== undefined ? { path: problem.path } : {})
      }
    case "DirectoryUnavailable":
      return {}
  }
}

/**
 * The `--json` error object: `{"error":{"_tag", "message", "issues", …details, "exitCode"}}`. A rule of
 * several that failed reports its own error's `_tag`, with the rule's place in `rule`.
 */
export const jsonOf = (
  problem: Problem
): {
  readonly error: {
    readonly _tag: string
    readonly message: string
    readonly issues: ReadonlyArray<Issue>
    readonly exitCode: number
    readonly [detail: string]: unknown
  }
} => ({
  error: {
    _tag: problem._tag === "RuleFailed" ? problem.problem._tag : problem._tag,
    message: messageOf(problem),
    issues: issuesOf(problem),
    ...detailsOf(problem),
    exitCode: exitCodeOf(problem)
  }
})

/**
 * Schema reports a literal union as one issue per member (`Expected "workingDays", actual "x"`,
 * `Expected "calendarDays", actual "x"`, …); a reader wants one line listing what was expected.
 */
export const mergeAlternatives = (issues: ReadonlyArray<Issue>): ReadonlyArray<Issue> => {
  const out: Array<Issue> = []
  const ALTERNATIVE = /^Expected (.+), actual (.+)$/
  for (const issue of issues) {
    const last = out[out.length - 1]
    const here = ALTERNATIVE.exec(issue.message)
    const there = last ? ALTERNATIVE.exec(last.message) : null
    if (last && here && there && last.path === issue.path && last.file === issue.file && here[2] === there[2]) {
      out[out.length - 1] = { ...last, message: `Expected ${there[1]} | ${here[1]}, actual ${here[2]}` }
    } else out.push(issue)
  }
  return out
}
