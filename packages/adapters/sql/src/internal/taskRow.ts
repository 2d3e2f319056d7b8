/**
 * The row of a planned task in the tasks table, from the task as an engagement encodes it.
 *
 * @internal
 */

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

/** An instant with its offset; a due text without one has no instant of its own. */
const INSTANT = /T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/

/** The row of one task of an engagement in a status. */
export const make = (engagementId: string, status: string, task: EncodedTask) => {
  const dueMs = task.due !== undefined && INSTANT.test(task.due) ? Date.parse(task.due) : Number.NaN
  return {
    engagement_id: engagementId,
    task_id: task.id,
    step_id: task.stepId,
    owner_role: task.ownerRole,
    due_ms: Number.isFinite(dueMs) ? dueMs : null,
    due_date: task.dueDate ?? null,
    status,
    open: task.done === undefined && !FINISHED.has(status) ? 1 : 0
  }
}
