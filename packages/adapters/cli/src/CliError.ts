/**
 * How a `liaison` command fails: the exit code scripts can branch on, and the message already shown.
 *
 * @since 0.1.0
 */
import * as Predicate from "effect/Predicate"
import * as Schema from "effect/Schema"

/**
 * The exit codes of `liaison`:
 * - `0` an answer was printed;
 * - `1` the question has no answer (a rule that cannot be evaluated, a day the strict roll refuses);
 * - `2` bad input: a usage error, a date that does not exist, an unreadable or invalid file;
 * - `3` the answer needs days beyond the calendar's coverage (ask again with `--provisional`, or load the
 *   year's notice);
 * - `70` an internal error (a bug in liaison: please report it).
 *
 * @since 0.1.0
 * @category constants
 */
export const exitCodes = {
  noAnswer: 1,
  badInput: 2,
  outsideCoverage: 3,
  internal: 70
} as const

/**
 * A command that failed. Its message has already been written to stderr (and, with `--json`, a JSON
 * error object to stdout) when this is raised: the runner only has to exit with `exitCode`.
 *
 * @since 0.1.0
 * @category errors
 */
export class CommandFailed extends Schema.TaggedError<CommandFailed>()("CommandFailed", {
  exitCode: Schema.Int,
  message: Schema.String
}) {}

/**
 * @since 0.1.0
 * @category guards
 */
export const isCommandFailed = (u: unknown): u is CommandFailed => Predicate.isTagged(u, "CommandFailed")
