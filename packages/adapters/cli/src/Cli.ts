/**
 * The `liaison` command line (命令行): the root command, its subcommands, and `run`.
 *
 * Later features add a command by writing a `…Command.ts` module and listing its `command` in
 * {@link subcommands}. `run` never throws and never lets a defect escape unreported: every failure
 * has been written to stderr (and, with `--json`, as one JSON error object to stdout) and ends as a
 * {@link CliError.CommandFailed} carrying the exit code.
 *
 * @since 0.1.0
 */
import type * as CliApp from "@effect/cli/CliApp"
import * as Command from "@effect/cli/Command"
import * as HelpDoc from "@effect/cli/HelpDoc"
import * as ValidationError from "@effect/cli/ValidationError"
import * as Cause from "effect/Cause"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as BudgetCommand from "./BudgetCommand.js"
import * as CalendarCommand from "./CalendarCommand.js"
import * as CliError from "./CliError.js"
import * as DeadlineCommand from "./DeadlineCommand.js"
import * as EngagementCommand from "./EngagementCommand.js"
import * as IcsCommand from "./IcsCommand.js"
import { exitCodeOf, jsonOf, UsageError } from "./internal/problem.js"
import * as LedgerCommand from "./LedgerCommand.js"
import * as OutboxCommand from "./OutboxCommand.js"
import * as PlanCommand from "./PlanCommand.js"

/** Replaced by tsup with the package version; absent when run from source. */
declare const __LIAISON_CLI_VERSION__: string | undefined

/**
 * The version `liaison --version` prints.
 *
 * @since 0.1.0
 * @category constants
 */
export const version: string = typeof __LIAISON_CLI_VERSION__ === "string" ? __LIAISON_CLI_VERSION__ : "0.0.0-source"

/**
 * The commands under `liaison`.
 *
 * @since 0.1.0
 * @category commands
 */
export const subcommands = [
  CalendarCommand.command,
  DeadlineCommand.command,
  PlanCommand.command,
  PlanCommand.procedures,
  IcsCommand.command,
  BudgetCommand.command,
  EngagementCommand.command,
  LedgerCommand.command,
  OutboxCommand.tick,
  OutboxCommand.command
] as const

/**
 * The root command, `liaison`.
 *
 * @since 0.1.0
 * @category commands
 */
export const command = Command.make("liaison").pipe(
  Command.withDescription(
    "Business calendars, deadline rules and procedure plans for Chinese reception (接待) and liaison (外联) procedures."
  ),
  Command.withSubcommands(subcommands)
)

const cli = Command.run(command, { name: "liaison", version, executable: "liaison" })

// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escapes are control characters
const ANSI = /\u001b\[[0-9;]*m/g

/** Whether the command line asks for JSON (before any `--`, after which everything is an argument). */
const wantsJson = (args: ReadonlyArray<string>): boolean => {
  const end = args.indexOf("--")
  return (end === -1 ? args : args.slice(0, end)).includes("--json")
}

/**
 * What was wrong, for a usage error @effect/cli raised without any text (it does for `-2147483649`
 * read as a cluster of one-letter flags, and for some combinations of its built-in options).
 */
const usageText = (e: ValidationError.ValidationError): string => {
  switch (e._tag) {
    case "UnclusteredFlag": {
      const cluster = `-${e.unclustered.map((flag) => flag.slice(1)).join("")}`
      return e.unclustered.length === 0
        ? `an argument starting with "-" is not an option of this command${e.rest.length > 0 ? ` (before ${e.rest.join(" ")})` : ""}`
        : `${cluster} is neither an option of this command nor a cluster of its one-letter flags (${e.unclustered.join(" ")})`
    }
    case "NoBuiltInMatch":
      return "the built-in options (--help, --version, --completions, --wizard, --log-level) cannot be combined this way"
    case "MissingValue":
      return "an option or argument is missing its value"
    case "MissingFlag":
      return "a required option is missing"
    case "MissingSubcommand":
      return "a command is missing (see liaison --help)"
    case "MultipleValuesDetected":
      return `an option was given more than once (${e.values.join(", ")})`
    case "CommandMismatch":
      return "unknown command (see liaison --help)"
    default:
      return `the command line is not valid (${e._tag}); see liaison --help`
  }
}

/**
 * Runs `liaison` on its arguments (without the `node` and script path): prints the answer, or the
 * problem on stderr, and fails with {@link CliError.CommandFailed} carrying the exit code. Needs a
 * file system, paths and a terminal: provide `NodeContext.layer`.
 *
 * @since 0.1.0
 * @category running
 */
export const run = (
  args: ReadonlyArray<string>
): Effect.Effect<void, CliError.CommandFailed, CliApp.CliApp.Environment> =>
  cli(["node", "liaison", ...args]).pipe(
    Effect.catchIf(ValidationError.isValidationError, (e) => {
      // @effect/cli has already written the usage error to stderr (with --json it goes to stdout too),
      // unless its text is empty: then the message is ours and written here.
      const text = HelpDoc.toAnsiText(e.error).replace(ANSI, "").trim()
      const problem = new UsageError({ reason: e._tag, text: text === "" ? usageText(e) : text })
      return (text === "" ? Console.error(`liaison: ${problem.message}`) : Effect.void).pipe(
        Effect.zipRight(wantsJson(args) ? Console.log(JSON.stringify(jsonOf(problem))) : Effect.void),
        Effect.zipRight(
          Effect.fail(new CliError.CommandFailed({ exitCode: exitCodeOf(problem), message: problem.message }))
        )
      )
    }),
    Effect.catchAllDefect((defect) => {
      const message = `internal error (a bug in liaison, please report it): ${Cause.pretty(Cause.die(defect))}`
      return Console.error(`liaison: ${message}`).pipe(
        Effect.zipRight(
          wantsJson(args)
            ? Console.log(
                JSON.stringify({
                  error: { _tag: "InternalError", message, issues: [], exitCode: CliError.exitCodes.internal }
                })
              )
            : Effect.void
        ),
        Effect.zipRight(Effect.fail(new CliError.CommandFailed({ exitCode: CliError.exitCodes.internal, message })))
      )
    })
  )
