/**
 * Follow-ups (后续跟进): the work after a reception, as deadline rules with task data — thanks within a
 * week (答谢), the callback after the guest is home (回访), the after-sales call (售后回访) and the
 * settlement against the frozen budget (费用结算).
 *
 * A follow-up is data: a kind, an owner role, a {@link Deadline.Rule} and the channels it uses. For an
 * engagement they are evaluated with {@link Deadline.evaluate} into tasks shaped like a plan's, with
 * stable ids `<engagement>/followup/<kind>`, so the lifecycle can append them to the engagement's plan
 * and re-evaluate them when a moment becomes known (the guest's train home). A follow-up whose anchor
 * is not known yet is kept as an unscheduled task, as plans keep theirs.
 *
 * @since 0.1.0
 */
import * as DateTime from "effect/DateTime"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import * as ApprovedBudget from "./ApprovedBudget.js"
import type * as BusinessCalendar from "./BusinessCalendar.js"
import * as Deadline from "./Deadline.js"
import * as Directory from "./Directory.js"
import type * as Expense from "./Expense.js"
import * as Label from "./Label.js"
import type * as Money from "./Money.js"
import * as Plan from "./Plan.js"
import * as Procedure from "./Procedure.js"
import * as ProcedureCatalog from "./ProcedureCatalog.js"
import * as Role from "./Role.js"

/**
 * How a follow-up reaches the guest: phone (电话), e-mail (邮件), SMS (短信) or a visit (上门).
 *
 * @since 0.1.0
 * @category schemas
 */
export const Channel = Schema.Literal("phone", "email", "sms", "visit")

/**
 * @since 0.1.0
 * @category models
 */
export type Channel = typeof Channel.Type

/**
 * A follow-up: its kind (part of the task id), name, owner role, deadline rule and channels. `covers`
 * names the steps of a procedure that already do this work (the thanks of P4 is its step `thank`), so
 * that an engagement whose plan has such a step does not get the work twice ({@link uncovered}).
 *
 * @since 0.1.0
 * @category schemas
 */
export const FollowUp = Schema.Struct({
  kind: Procedure.StepId,
  name: Label.Label,
  ownerRole: Role.RoleId,
  rule: Deadline.Rule,
  channels: Schema.optionalWith(Schema.Array(Channel), { exact: true }),
  artefacts: Schema.optionalWith(Schema.Array(Procedure.Artefact), { exact: true }),
  /** What the follow-up involves, in the seed's words. */
  work: Schema.optionalWith(Label.Label, { exact: true }),
  /** Where the rule comes from (a seed, a company rule). */
  source: Schema.optionalWith(Schema.String, { exact: true }),
  covers: Schema.optionalWith(Schema.Array(Procedure.StepId), { exact: true })
}).annotations({ identifier: "FollowUp" })

/**
 * @since 0.1.0
 * @category models
 */
export interface FollowUp extends Schema.Schema.Type<typeof FollowUp> {}

/**
 * The named anchors follow-ups hang on, which the engagement gives when it knows them.
 *
 * @since 0.1.0
 * @category anchors
 */
export const anchors = {
  /** When the guest's departing flight or train arrives (客人返程抵达时间). */
  returnArrival: "returnArrival",
  /** When a satisfaction survey was completed (满意度调查完成时间). */
  surveyCompleted: "surveyCompleted"
} as const

const roles = ProcedureCatalog.roles

/**
 * Thanks within a week after the reception (P4 step 7, 答谢): by phone, e-mail or SMS, asking for
 * feedback.
 *
 * @since 0.1.0
 * @category follow-ups
 */
export const thanks: FollowUp = {
  kind: "thanks",
  name: Label.make("答谢", "Thank the guests"),
  ownerRole: roles.adminDepartment.id,
  rule: Deadline.point(Deadline.eventEnd, Deadline.after(1, "weeks"), { id: "thanks" }),
  channels: ["phone", "email", "sms"],
  work: Label.make(
    "接待结束一周内：电话、邮件、短信答谢，征求意见",
    "Within 1 week after: thank the guests by phone, e-mail or SMS; ask for feedback"
  ),
  source: "seed 000 §4 step 7",
  covers: ["thank"]
}

/**
 * The callback after the guest is home (电话回访, P10 step 14): from the moment the departing flight or
 * train arrives (`returnArrival`) until two hours later.
 *
 * @since 0.1.0
 * @category follow-ups
 */
export const callback: FollowUp = {
  kind: "callback",
  name: Label.make("电话回访", "Phone callback"),
  ownerRole: roles.salesperson.id,
  rule: Deadline.window(
    Deadline.named(anchors.returnArrival),
    Deadline.after(0, "minutes"),
    Deadline.after(2, "hours"),
    {
      id: "callback"
    }
  ),
  channels: ["phone"],
  work: Label.make(
    "按客人返程航班/车次抵达时间电话回访，确认平安抵达并征求意见",
    "Call when the guest's flight or train home has arrived: safe arrival, feedback"
  ),
  source: "seed 003 流程3 step 14",
  covers: ["callback"]
}

/**
 * The after-sales call within 10 days of the sale (售后服务回访, P5 step 5): use of the goods and the
 * quality of delivery and service.
 *
 * @since 0.1.0
 * @category follow-ups
 */
export const afterSalesCall: FollowUp = {
  kind: "after-sales-call",
  name: Label.make("售后服务回访", "After-sales call"),
  ownerRole: roles.liaisonOfficer.id,
  rule: Deadline.point(Deadline.eventEnd, Deadline.after(10, "calendarDays"), { id: "after-sales-call" }),
  channels: ["phone"],
  work: Label.make(
    "10日内联系客户了解使用情况及售后服务质量",
    "Within 10 days: call the customer about use and service quality"
  ),
  source: "seed 000 §5 step 5",
  covers: ["after-sales-call"]
}

/**
 * The settlement within a week after the reception (费用结算与报销, BRIEF §3d): the actual expenses
 * checked against the frozen budget ({@link settle}), the report kept for the next event.
 *
 * @since 0.1.0
 * @category follow-ups
 */
export const settlement: FollowUp = {
  kind: "settlement",
  name: Label.make("费用结算", "Settlement"),
  ownerRole: roles.finance.id,
  rule: Deadline.point(Deadline.eventEnd, Deadline.after(1, "weeks"), { id: "settlement" }),
  artefacts: ["financialSettlement", "report"],
  work: Label.make(
    "活动结束一周内：实际支出对照批准预算结算，制定报表，留作下期活动参考",
    "Within 1 week after: actual expenses against the approved budget; the report kept for the next event"
  ),
  source: "seed 000 §1 step 6, §5 step 6; seed 001 五(二)2.2",
  covers: ["settle", "reimburse"]
}

/**
 * The built-in follow-ups.
 *
 * @since 0.1.0
 * @category follow-ups
 */
export const builtIn: ReadonlyArray<FollowUp> = [thanks, callback, afterSalesCall, settlement]

/**
 * The follow-ups whose work the plan does not already do: those none of whose `covers` is a step of
 * the plan (P4 has `thank` and `settle`, so of the built-ins only the callback and the after-sales call
 * remain for it).
 *
 * @since 0.1.0
 * @category utils
 */
export const uncovered = (plan: Plan.Plan, followUps: ReadonlyArray<FollowUp> = builtIn): ReadonlyArray<FollowUp> => {
  const steps = new Set(plan.tasks.map((t) => t.stepId))
  return followUps.filter((f) => !(f.covers ?? []).some((s) => steps.has(s)))
}

/**
 * The task id of a follow-up of an engagement: `<engagement>/followup/<kind>`.
 *
 * @since 0.1.0
 * @category utils
 */
export const taskId = (engagementId: string, kind: string): string => `${engagementId}/followup/${kind}`

/**
 * What follow-ups are evaluated against: the engagement's moments, as for a plan.
 *
 * @since 0.1.0
 * @category models
 */
export type FollowUpInput = Plan.PlanInput

/**
 * A follow-up task: a plan task (step id `followup/<kind>`, so that its id is
 * `<engagement>/<step>` as in a plan) with its kind and channels.
 *
 * @since 0.1.0
 * @category models
 */
export interface Task extends Plan.Task {
  readonly kind: string
  readonly channels: ReadonlyArray<Channel>
}

/**
 * Follow-ups that could not be evaluated: the calendar refused (outside its coverage), a rule could
 * not be placed, or a moment of the input was unreadable. A missing named anchor is not an error: the
 * task stays unscheduled.
 *
 * @since 0.1.0
 * @category errors
 */
export class FollowUpError extends Schema.TaggedError<FollowUpError>()("FollowUpError", {
  engagementId: Schema.String,
  kind: Schema.optionalWith(Schema.String, { exact: true }),
  cause: Schema.Unknown,
  message: Schema.String
}) {}

const followUpError = (input: FollowUpInput, kind: string | undefined, cause: { readonly message: string }) =>
  new FollowUpError({
    engagementId: input.engagementId,
    ...(kind !== undefined ? { kind } : {}),
    cause,
    message: `${input.engagementId}${kind !== undefined ? ` follow-up ${kind}` : ""}: ${cause.message}`
  })

/**
 * Evaluates follow-ups for an engagement into tasks. Pure: assignees come from `assign` (see
 * {@link plan} for the version that asks the {@link Directory.Directory}).
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (
  followUps: ReadonlyArray<FollowUp>,
  input: FollowUpInput,
  calendar: BusinessCalendar.BusinessCalendar,
  assign: (role: Role.RoleId) => ReadonlyArray<Directory.Person> = () => []
): Either.Either<ReadonlyArray<Task>, FollowUpError> => {
  const context = Deadline.prepare(Plan.deadlineContext(input, calendar))
  let now: { readonly millis: number; readonly day: number } | undefined
  if (input.now !== undefined) {
    const read = Deadline.readMoment(calendar, input.now, "now")
    if (Either.isLeft(read)) return Either.left(followUpError(input, undefined, read.left))
    now = read.right
  }
  const tasks: Array<Task> = []
  const seen = new Set<string>()
  for (const followUp of followUps) {
    if (seen.has(followUp.kind)) {
      return Either.left(
        followUpError(input, followUp.kind, { message: `the follow-up kind "${followUp.kind}" is given twice` })
      )
    }
    seen.add(followUp.kind)
    const evaluated = Deadline.evaluate(followUp.rule, context)
    let deadline: Deadline.Evaluation | undefined
    let unscheduled: string | undefined
    if (Either.isLeft(evaluated)) {
      const e = evaluated.left
      if (!(e._tag === "DeadlineError" && e.reason === "MissingAnchor")) {
        return Either.left(followUpError(input, followUp.kind, e))
      }
      unscheduled = e.message
    } else {
      deadline = evaluated.right
    }
    const stepId = `followup/${followUp.kind}`
    tasks.push({
      id: `${input.engagementId}/${stepId}`,
      stepId,
      kind: followUp.kind,
      name: followUp.name,
      ownerRole: followUp.ownerRole,
      assignees: assign(followUp.ownerRole),
      dependsOn: [],
      artefacts: followUp.artefacts ?? [],
      channels: followUp.channels ?? [],
      deadline,
      unscheduled,
      atPlanning:
        deadline !== undefined && now !== undefined
          ? Deadline.standing(calendar, deadline, now.millis, now.day)
          : undefined,
      escalation: undefined
    })
  }
  return Either.right(tasks)
}

/**
 * Evaluates follow-ups for an engagement, assigning each to the holders of its owner role in the
 * host's directory.
 *
 * @since 0.1.0
 * @category constructors
 */
export const plan = (
  followUps: ReadonlyArray<FollowUp>,
  input: FollowUpInput,
  calendar: BusinessCalendar.BusinessCalendar
): Effect.Effect<ReadonlyArray<Task>, FollowUpError | Directory.DirectoryUnavailable, Directory.Directory> =>
  Effect.gen(function* () {
    const directory = yield* Directory.Directory
    const holders = new Map<string, ReadonlyArray<Directory.Person>>()
    for (const role of new Set(followUps.map((f) => f.ownerRole)))
      holders.set(role, yield* Directory.activeHolders(directory, role))
    return yield* make(followUps, input, calendar, (role) => holders.get(role) ?? [])
  }).pipe(Effect.withSpan("FollowUp.plan", { attributes: { engagement: input.engagementId } }))

/**
 * The settlement of a reception (结算): the frozen budget's {@link ApprovedBudget.settle} verdicts on
 * the actual expenses, and whether it was done by its follow-up's due moment.
 *
 * @since 0.1.0
 * @category models
 */
export interface SettlementOutcome {
  readonly taskId: string | undefined
  readonly settlement: ApprovedBudget.Settlement
  /** Nothing spent beyond the approved amounts, per category and in total. */
  readonly withinBudget: boolean
  /** The total is over the approved total: the excess needs its own approval (超支另行审批). */
  readonly excessNeedsApproval: boolean
  /** Settled after the task was due; undefined when there is no scheduled task or no moment. */
  readonly late: boolean | undefined
}

/**
 * Settles the actual expenses against the frozen budget, for the settlement follow-up. Expenses in
 * another currency than the budget's are a {@link Money.CurrencyMismatch}, never converted.
 *
 * @since 0.1.0
 * @category settlement
 */
export const settle = (
  approved: ApprovedBudget.ApprovedBudget,
  actuals: ReadonlyArray<Expense.ExpenseLine>,
  options?: { readonly task?: Plan.Task; readonly at?: DateTime.DateTime }
): Either.Either<SettlementOutcome, Money.CurrencyMismatch> =>
  Either.map(ApprovedBudget.settle(approved, actuals), (settlement) => {
    const due = options?.task?.deadline
    const at = options?.at
    return {
      taskId: options?.task?.id,
      settlement,
      withinBudget: settlement.overruns.length === 0,
      excessNeedsApproval: settlement.overruns.some((v) => v.severity === "block"),
      late: due !== undefined && at !== undefined ? DateTime.toEpochMillis(at) > due.dueMillis : undefined
    }
  })
