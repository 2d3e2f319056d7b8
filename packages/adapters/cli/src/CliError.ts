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
 * - `4` not found: no engagement (or outbox message) with that id;
 * - `5` forbidden: the actor may not do this (their roles, a confidential engagement, approving their
 *   own request);
 * - `6` conflict: the engagement's state does not allow the command, it already exists, or someone
 *   changed it first (show it again and decide again);
 * - `7` refused by a rule: a budget with blocks, no budget to submit, approvals still pending, a
 *   plan the calendar cannot make, a task already done;
 * - `65` a row stored in the database no longer decodes (written by another program, or a newer liaison);
 * - `69` the database is unavailable (cannot be opened, reached or migrated; the connection was lost);
 * - `70` an internal error (a bug in liaison: please report it);
 * - `73` the database is read-only (nothing was written);
 * - `74` the disk or the database's size limit is full (nothing was written);
 * - `75` the database is busy: another writer held it past the wait (nothing was written; run again).
 *
 * 65 and 69–75 are the BSD `sysexits.h` codes for those cases, so a cron job can tell a failure
 * worth retrying (75, and 69 once the server is back) from one that needs a person.
 *
 * @since 0.1.0
 * @category constants
 */
export const exitCodes = {
  noAnswer: 1,
  badInput: 2,
  outsideCoverage: 3,
  notFound: 4,
  forbidden: 5,
  conflict: 6,
  refused: 7,
  undecodable: 65,
  unavailable: 69,
  internal: 70,
  readOnly: 73,
  full: 74,
  busy: 75
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
