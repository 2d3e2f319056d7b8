/**
 * Printing a command's answer or its problem: with `--json` exactly one JSON object on stdout, otherwise
 * readable lines; problems always on stderr too.
 */
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import { CommandFailed } from "../CliError.js"
import { exitCodeOf, jsonOf, messageOf, type Problem } from "./problem.js"

/** What a command answers: the `--json` object and the lines a person reads. */
export interface Answer {
  readonly json: Readonly<Record<string, unknown>>
  readonly text: ReadonlyArray<string>
}

/** Writes a problem to stderr (and to stdout as JSON when asked) and fails with its exit code. */
export const report = (problem: Problem, json: boolean): Effect.Effect<never, CommandFailed> => {
  const message = messageOf(problem)
  return Console.error(`liaison: ${message}`).pipe(
    Effect.zipRight(json ? Console.log(JSON.stringify(jsonOf(problem))) : Effect.void),
    Effect.zipRight(Effect.fail(new CommandFailed({ exitCode: exitCodeOf(problem), message })))
  )
}

/** Runs a command's work and prints its answer or its problem. */
export const respond = <R>(
  json: boolean,
  work: Effect.Effect<Answer, Problem, R>
): Effect.Effect<void, CommandFailed, R> =>
  Effect.matchEffect(work, {
    onFailure: (problem) => report(problem, json),
    onSuccess: (answer) => Console.log(json ? JSON.stringify(answer.json) : answer.text.join("\n"))
  })
