/**
 * The `liaison` executable: runs the command line on Node and exits with its exit code.
 */
import * as NodeContext from "@effect/platform-node/NodeContext"
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Option from "effect/Option"
import * as Cli from "./Cli.js"
import * as CliError from "./CliError.js"

Cli.run(process.argv.slice(2)).pipe(
  Effect.provide(NodeContext.layer),
  NodeRuntime.runMain({
    // Cli.run has already reported every failure; the runner only turns it into the exit code.
    disableErrorReporting: true,
    teardown: (exit, onExit) =>
      onExit(
        Exit.isSuccess(exit)
          ? 0
          : Option.match(Option.filter(Cause.failureOption(exit.cause), CliError.isCommandFailed), {
              onNone: () => (Cause.isInterruptedOnly(exit.cause) ? 130 : CliError.exitCodes.internal),
              onSome: (failed) => failed.exitCode
            })
      )
  })
)
