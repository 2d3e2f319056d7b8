/**
 * Plans (接待方案 / 工作计划): a procedure instantiated for one engagement on a business calendar,
 * as dated tasks with owners, assignees and explanations.
 *
 * Task ids are `<engagement>/<step>`, so planning the same engagement again after a reschedule
 * gives the same ids and {@link diff} says what moved, what was added and what was removed.
 * Deadlines already missed when the plan is made are reported, not hidden; steps whose anchor
 * the engagement does not give yet (a guest's return flight), or whose date lies beyond the
 * calendar's data (until next year's notice is loaded), are kept as unscheduled tasks with the reason.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import type * as BusinessCalendar from "./BusinessCalendar.js"
import * as Deadline from "./Deadline.js"
import * as Directory from "./Directory.js"
import type * as Label from "./Label.js"
import type * as LocalDate from "./LocalDate.js"
import * as Procedure from "./Procedure.js"
import type * as Role from "./Role.js"

/**
 * What a plan is made from: the engagement's moments.
 *
 * @since 0.1.0
 * @category models
 */
export interface PlanInput {
  readonly engagementId: string
  readonly eventStart: Deadline.MomentInput
  readonly eventEnd?: Deadline.MomentInput
  readonly notice?: Deadline.MomentInput
  /** Values of the procedure's named anchors that are known. */
  readonly anchors?: Readonly<Record<string, Deadline.MomentInput>>
  /** When the plan is made, for reporting missed deadlines; defaults to the notice. */
  readonly now?: Deadline.MomentInput
  readonly beyondCoverage?: "fail" | "provisional"
}

/**
 * Where a task stood when the plan was made.
 *
 * @since 0.1.0
 * @category models
 */
export interface AtPlanning {
  readonly status: "notYetOpen" | "open" | "missed"
  readonly lateByWorkingDays: number
  readonly lateByMillis: number
  readonly workingDaysLeft: number
}

/**
 * A dated task, or one waiting for an anchor the engagement has not given yet.
 *
 * @since 0.1.0
 * @category models
 */
export interface Task {
  /** `<engagement>/<step>`: stable across re-planning. */
  readonly id: string
  readonly stepId: string
  readonly name: Label.Label
  readonly ownerRole: Role.RoleId
  readonly assignees: ReadonlyArray<Directory.Person>
  readonly dependsOn: ReadonlyArray<string>
  readonly artefacts: ReadonlyArray<Procedure.Artefact>
  /** The evaluated deadline (due, window, explanation), or undefined while unscheduled. */
  readonly deadline: Deadline.Evaluation | undefined
  /** Why the task has no date yet. */
  readonly unscheduled: string | undefined
  /** Undefined when no "now" was known at planning, or while unscheduled. */
  readonly atPlanning: AtPlanning | undefined
  readonly escalation: Procedure.Escalation | undefined
}

/**
 * A plan.
 *
 * @since 0.1.0
 * @category models
 */
export interface Plan {
  readonly engagementId: string
  readonly procedure: { readonly id: string; readonly version: string; readonly name: Label.Label }
  readonly calendar: { readonly id: string; readonly version: string }
  readonly input: PlanInput
  /** In dependency order. */
  readonly tasks: ReadonlyArray<Task>
  /** Tasks already missed when the plan was made. */
  readonly missed: ReadonlyArray<string>
  /** A task due before a task it depends on, and the like. */
  readonly warnings: ReadonlyArray<string>
  readonly provisional: boolean
}

/**
 * A plan that could not be made: the calendar refused (outside its coverage), or the input was bad.
 *
 * @since 0.1.0
 * @category errors
 */
export class PlanError extends Schema.TaggedError<PlanError>()("PlanError", {
  engagementId: Schema.String,
  procedureId: Schema.String,
  stepId: Schema.optional(Schema.String),
  cause: Schema.Unknown,
  message: Schema.String
}) {}

/**
 * A procedure made ready for planning many engagements: its steps in dependency order with each
 * step's dependencies as positions in that order, computed once.
 *
 * @since 0.1.0
 * @category models
 */
export interface PreparedProcedure {
  readonly procedure: Procedure.Procedure
  readonly order: ReadonlyArray<Procedure.Step>
  /** `dependencies[i]` = positions in `order` of the steps `order[i]` depends on. */
  readonly dependencies: ReadonlyArray<ReadonlyArray<number>>
  /** The labels of the procedure's named anchors, for explanations. */
  readonly anchorLabels: Readonly<Record<string, Label.Label>> | undefined
  /** Why the procedure cannot be planned, when it is not valid. */
  readonly invalid: Procedure.InvalidProcedure | undefined
}

/**
 * Prepares a (valid) procedure for planning many engagements with it.
 *
 * @since 0.1.0
 * @category constructors
 */
export const prepare = (procedure: Procedure.Procedure): PreparedProcedure => {
  const order = Procedure.topologicalOrder(procedure)
  const position = new Map(order.map((s, i) => [s.id, i] as const))
  return {
    procedure,
    order,
    dependencies: order.map((s) => (s.dependsOn ?? []).flatMap((d) => (position.has(d) ? [position.get(d)!] : []))),
    anchorLabels: procedure.anchors ? Object.fromEntries(procedure.anchors.map((a) => [a.name, a.label])) : undefined,
    invalid: Either.getLeft(Procedure.validate(procedure)).pipe((o) => (o._tag === "Some" ? o.value : undefined))
  }
}

const isPrepared = (u: Procedure.Procedure | PreparedProcedure): u is PreparedProcedure => "order" in u

/**
 * What leaves one task unscheduled rather than failing the plan: an anchor the engagement does not
 * know yet, or a date beyond the calendar's data (until the next year's notice is loaded).
 */
const leavesUnscheduled = (e: Deadline.EvaluationError): boolean =>
  (e._tag === "DeadlineError" && (e.reason === "MissingAnchor" || e.reason === "UnknownHoliday")) ||
  e._tag === "OutsideCoverage"

/**
 * The deadline context of an engagement's moments (what a plan, and its follow-ups, evaluate
 * against).
 *
 * @since 0.1.0
 * @category constructors
 */
export const deadlineContext = (
  input: PlanInput,
  calendar: BusinessCalendar.BusinessCalendar,
  anchorLabels?: Readonly<Record<string, Label.Label>>
): Deadline.Context => ({
  calendar,
  eventStart: input.eventStart,
  ...(input.eventEnd !== undefined ? { eventEnd: input.eventEnd } : {}),
  ...(input.notice !== undefined ? { notice: input.notice } : {}),
  ...(input.anchors !== undefined ? { anchors: input.anchors } : {}),
  ...(input.beyondCoverage !== undefined ? { beyondCoverage: input.beyondCoverage } : {}),
  ...(anchorLabels !== undefined ? { anchorLabels } : {})
})

/**
 * Makes a plan. Pure: the assignees of each role come from `assign` (see {@link plan} for the
 * version that asks the {@link Directory.Directory}).
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (
  procedureOrPrepared: Procedure.Procedure | PreparedProcedure,
  input: PlanInput,
  calendar: BusinessCalendar.BusinessCalendar,
  assign: (role: Role.RoleId) => ReadonlyArray<Directory.Person> = () => []
): Either.Either<Plan, PlanError> => {
  const prepared = isPrepared(procedureOrPrepared) ? procedureOrPrepared : prepare(procedureOrPrepared)
  const { dependencies, order, procedure } = prepared
  if (prepared.invalid !== undefined) return Either.left(planError(procedure, input, undefined, prepared.invalid))
  const context = Deadline.prepare(deadlineContext(input, calendar, prepared.anchorLabels))
  const nowInput = input.now ?? input.notice
  let now: { readonly millis: number; readonly day: number } | undefined
  if (nowInput !== undefined) {
    const read = Deadline.readMoment(calendar, nowInput, input.now !== undefined ? "now" : "notice")
    if (Either.isLeft(read)) return Either.left(planError(procedure, input, undefined, read.left))
    now = read.right
  }
  const tasks: Array<Task> = []
  const missed: Array<string> = []
  let provisional = false
  const prefix = `${input.engagementId}/`
  for (const step of order) {
    const evaluated = Deadline.evaluate(step.deadline, context)
    let deadline: Deadline.Evaluation | undefined
    let unscheduled: string | undefined
    if (Either.isLeft(evaluated)) {
      if (!leavesUnscheduled(evaluated.left)) return Either.left(planError(procedure, input, step.id, evaluated.left))
      unscheduled = evaluated.left.message
    } else {
      deadline = evaluated.right
      if (deadline.provisional) provisional = true
    }
    const atPlanning =
      deadline !== undefined && now !== undefined
        ? Deadline.standing(calendar, deadline, now.millis, now.day)
        : undefined
    const id = prefix + step.id
    if (atPlanning?.status === "missed") missed.push(id)
    tasks.push({
      id,
      stepId: step.id,
      name: step.name,
      ownerRole: step.ownerRole,
      assignees: assign(step.ownerRole),
      dependsOn: step.dependsOn ? step.dependsOn.map((d) => prefix + d) : [],
      artefacts: step.artefacts ?? [],
      deadline,
      unscheduled,
      atPlanning,
      escalation: step.escalation
    })
  }
  return Either.right({
    engagementId: input.engagementId,
    procedure: { id: procedure.id, version: procedure.version, name: procedure.name },
    calendar: { id: calendar.id, version: calendar.data.version },
    input,
    tasks,
    missed,
    warnings: orderWarnings(tasks, dependencies),
    provisional
  })
}

const planError = (
  procedure: Procedure.Procedure,
  input: PlanInput,
  stepId: string | undefined,
  cause: { readonly message: string }
): PlanError =>
  new PlanError({
    engagementId: input.engagementId,
    procedureId: procedure.id,
    ...(stepId !== undefined ? { stepId } : {}),
    cause,
    message: `${procedure.id}${stepId !== undefined ? ` step ${stepId}` : ""}: ${cause.message}`
  })

/** A task due before a task it depends on is a plan nobody can follow: say so. */
const orderWarnings = (
  tasks: ReadonlyArray<Task>,
  dependencies: ReadonlyArray<ReadonlyArray<number>>
): ReadonlyArray<string> => {
  const out: Array<string> = []
  for (let i = 0; i < tasks.length; i++) {
    const task = tasks[i]!
    if (task.deadline === undefined) continue
    for (const j of dependencies[i]!) {
      const dep = tasks[j]!
      if (dep.deadline !== undefined && dep.deadline.dueMillis > task.deadline.dueMillis) {
        out.push(
          `${task.id} is due (${task.deadline.dueDate}) before ${dep.id} (${dep.deadline.dueDate}), which it depends on`
        )
      }
    }
  }
  return out
}

/**
 * Makes a plan, assigning each task to the holders of its owner role in the host's directory.
 *
 * @since 0.1.0
 * @category constructors
 */
export const plan = (
  procedure: Procedure.Procedure | PreparedProcedure,
  input: PlanInput,
  calendar: BusinessCalendar.BusinessCalendar
): Effect.Effect<Plan, PlanError | Directory.DirectoryUnavailable, Directory.Directory> =>
  Effect.gen(function* () {
    const directory = yield* Directory.Directory
    const steps = isPrepared(procedure) ? procedure.order : procedure.steps
    const roles = [...new Set(steps.map((s) => s.ownerRole))]
    const holders = new Map<string, ReadonlyArray<Directory.Person>>()
    for (const role of roles) holders.set(role, yield* Directory.activeHolders(directory, role))
    return yield* make(procedure, input, calendar, (role) => holders.get(role) ?? [])
  }).pipe(
    Effect.withSpan("Plan.plan", {
      attributes: {
        procedure: isPrepared(procedure) ? procedure.procedure.id : procedure.id,
        engagement: input.engagementId
      }
    })
  )

/**
 * What changed between two plans of one engagement.
 *
 * @since 0.1.0
 * @category models
 */
export interface PlanDiff {
  readonly moved: ReadonlyArray<{
    readonly taskId: string
    readonly from: LocalDate.LocalDate | undefined
    readonly to: LocalDate.LocalDate | undefined
    readonly fromDue: string | undefined
    readonly toDue: string | undefined
  }>
  readonly added: ReadonlyArray<string>
  readonly removed: ReadonlyArray<string>
  readonly unchanged: number
}

/**
 * What moved, was added or was removed between two plans (by task id).
 *
 * @since 0.1.0
 * @category utils
 */
export const diff = (previous: Plan, next: Plan): PlanDiff => {
  const before = new Map(previous.tasks.map((t) => [t.id, t] as const))
  const after = new Set(next.tasks.map((t) => t.id))
  const moved: Array<PlanDiff["moved"][number]> = []
  const added: Array<string> = []
  let unchanged = 0
  for (const task of next.tasks) {
    const old = before.get(task.id)
    if (old === undefined) {
      added.push(task.id)
      continue
    }
    const a = old.deadline
    const b = task.deadline
    if (a?.dueMillis === b?.dueMillis && a?.opensMillis === b?.opensMillis) unchanged++
    else
      moved.push({
        taskId: task.id,
        from: a?.dueDate,
        to: b?.dueDate,
        fromDue: a ? Deadline.toJson(a).due : undefined,
        toDue: b ? Deadline.toJson(b).due : undefined
      })
  }
  const removed = previous.tasks.filter((t) => !after.has(t.id)).map((t) => t.id)
  return { moved, added, removed, unchanged }
}

/**
 * Re-plans an engagement after a change (a reschedule, a new anchor such as the guest's return
 * flight): the same procedure and calendar with the new input, and what changed.
 *
 * @since 0.1.0
 * @category constructors
 */
export const replan = (
  previous: Plan,
  procedure: Procedure.Procedure | PreparedProcedure,
  input: PlanInput,
  calendar: BusinessCalendar.BusinessCalendar,
  assign?: (role: Role.RoleId) => ReadonlyArray<Directory.Person>
): Either.Either<{ readonly plan: Plan; readonly diff: PlanDiff }, PlanError> =>
  Either.map(make(procedure, input, calendar, assign), (plan) => ({ plan, diff: diff(previous, plan) }))

/**
 * The JSON form of a plan: tasks with ISO-8601 instants, owners and explanations.
 *
 * @since 0.1.0
 * @category conversions
 */
export const toJson = (plan: Plan, options?: { readonly explanations?: boolean }) => ({
  engagementId: plan.engagementId,
  procedure: plan.procedure,
  calendar: plan.calendar,
  provisional: plan.provisional,
  missed: plan.missed,
  warnings: plan.warnings,
  tasks: plan.tasks.map((t) => {
    const d = t.deadline ? Deadline.toJson(t.deadline) : undefined
    return {
      id: t.id,
      step: t.stepId,
      name: t.name,
      ownerRole: t.ownerRole,
      assignees: t.assignees.map((p) => ({ id: p.id, name: p.name })),
      dependsOn: t.dependsOn,
      artefacts: t.artefacts,
      ...(d
        ? {
            due: d.due,
            dueDate: d.dueDate,
            ...(d.opens !== undefined ? { opens: d.opens, opensDate: d.opensDate } : {}),
            provisional: d.provisional,
            ...(options?.explanations === false ? {} : { explanation: d.explanation })
          }
        : { unscheduled: t.unscheduled }),
      ...(t.atPlanning ? { atPlanning: t.atPlanning } : {}),
      ...(t.escalation ? { escalation: t.escalation } : {})
    }
  })
})
