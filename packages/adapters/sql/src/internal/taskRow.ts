/**
 * The row of a planned task in the tasks table, from the task as an engagement encodes it.
 *
 * @internal
 */

import { EngagementRepo } from "@liaison/core"

/** A task as the engagement's JSON holds it (the encoded `Engagement.TaskRecord`). */
export interface EncodedTask {
  readonly id: string
  readonly stepId: string
  readonly ownerRole: string
  readonly due?: string
  readonly dueDate?: string
  readonly done?: unknown
}

/** Engagements whose tasks nobody works on any more. */
const FINISHED: ReadonlySet<string> = new Set(["closed", "cancelled", "rejected"])

/** The row of one task of an engagement in a status. */
export const make = (engagementId: string, status: string, task: EncodedTask) => {
  // The due moment as the core reads it (an instant with its offset), so that every backend finds the same tasks.
  const dueMs = EngagementRepo.dueMillisOf(task)
  return {
    engagement_id: engagementId,
    task_id: task.id,
    step_id: task.stepId,
    owner_role: task.ownerRole,
    due_ms: dueMs ?? null,
    due_date: task.dueDate ?? null,
    status,
    open: task.done === undefined && !FINISHED.has(status) ? 1 : 0
  }
}
