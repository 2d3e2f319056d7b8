/**
 * Running `liaison` in-process for tests: a console that captures stdout and stderr, and the exit
 * code the command failed with. Shared by every CLI test file.
 */
import * as NodeContext from "@effect/platform-node/NodeContext"
import { expect } from "@effect/vitest"
import type * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import { Cli, CliError } from "../src/index.js"

export interface Run {
  readonly stdout: string
  readonly stderr: string
  readonly exitCode: number
}

/** Runs `liaison …` in-process with a console that captures stdout and stderr. */
export const liaison = (...args: ReadonlyArray<string>): Effect.Effect<Run> =>
  Effect.gen(function* () {
    const base = yield* Effect.console
    const out: Array<string> = []
    const err: Array<string> = []
    const line = (args: ReadonlyArray<unknown>) => args.map(String).join(" ")
    const capture: Console.Console = {
      ...base,
      log: (...a: ReadonlyArray<unknown>) => Effect.sync(() => void out.push(line(a))),
      info: (...a: ReadonlyArray<unknown>) => Effect.sync(() => void out.push(line(a))),
      error: (...a: ReadonlyArray<unknown>) => Effect.sync(() => void err.push(line(a))),
      warn: (...a: ReadonlyArray<unknown>) => Effect.sync(() => void err.push(line(a)))
    }
    const exit = yield* Effect.exit(Cli.run(args).pipe(Effect.withConsole(capture)))
    const exitCode = Exit.match(exit, {
      onSuccess: () => 0,
      onFailure: (cause) => {
        const failure = cause._tag === "Fail" ? cause.error : undefined
        if (failure === undefined || !CliError.isCommandFailed(failure)) throw new Error(`unexpected cause: ${cause}`)
        return failure.exitCode
      }
    })
    return { stdout: out.join("\n"), stderr: err.join("\n"), exitCode }
  }).pipe(Effect.provide(NodeContext.layer))

/** The one JSON object a `--json` run printed: stdout must hold exactly one, on one line. */
export const jsonOf = (run: Run): Record<string, unknown> => {
  const lines = run.stdout.split("\n").filter((l) => l.trim() !== "")
  expect(lines).toHaveLength(1)
  const parsed: unknown = JSON.parse(lines[0] ?? "")
  expect(typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)).toBe(true)
  return parsed as Record<string, unknown>
}
