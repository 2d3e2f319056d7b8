/**
 * A plan that could not be made, as the problem behind it (which carries the exit code): shared by
 * `liaison plan` and `liaison ics`.
 *
 * @internal
 */
import { BusinessCalendar, Deadline, type Plan } from "@liaison/core"
import * as Effect from "effect/Effect"
import type { Problem } from "./problem.js"

/** The deadline or calendar error behind a plan error; `otherwise` for any other cause. */
export const planProblem = (
  error: Plan.PlanError,
  otherwise: (error: Plan.PlanError) => Effect.Effect<never, Problem>
): Effect.Effect<never, Problem> => {
  const cause = error.cause
  if (cause instanceof Deadline.DeadlineError) {
    // Core's message does not say which step: the plan error's does.
    return Effect.fail(
      new Deadline.DeadlineError({
        reason: cause.reason,
        ...(error.stepId !== undefined ? { ruleId: error.stepId } : {}),
        message: error.message
      })
    )
  }
  if (
    cause instanceof BusinessCalendar.InvalidArgument ||
    cause instanceof BusinessCalendar.OutsideCoverage ||
    cause instanceof BusinessCalendar.NotAWorkingDay ||
    cause instanceof BusinessCalendar.NoWorkingHours
  ) {
    return Effect.fail(cause)
  }
  return otherwise(error)
}
