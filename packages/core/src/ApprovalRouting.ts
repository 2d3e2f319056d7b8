/**
 * Approval routing (审批): who must approve a reception, from its tier, grade and amount.
 *
 * A routing policy is an ordered list of rules with configurable thresholds ("the department head for C
 * and D below 5,000 CNY; the general manager for tier A, the special level, or 5,000 CNY and above").
 * Every matching rule adds its approval steps, in policy order, each role once. A step may carry an
 * `escalation` (to another role after N working days without an answer): data on the step, timed by
 * the deadline engine ({@link escalationRule}, {@link escalation}). The emergency path (事后补办) acts first and approves afterwards: the route
 * is the same but flagged, and reported at once to the roles the policy names.
 *
 * @since 0.1.0
 */
import type * as DateTime from "effect/DateTime"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import type * as BusinessCalendar from "./BusinessCalendar.js"
import * as ClientTier from "./ClientTier.js"
import * as Deadline from "./Deadline.js"
import * as Label from "./Label.js"
import * as Money from "./Money.js"
import * as ReceptionGrade from "./ReceptionGrade.js"
import * as Role from "./Role.js"
import { ZonedDateTime } from "./ZonedDateTime.js"

const Text = Schema.NonEmptyTrimmedString.pipe(Schema.maxLength(200))
const optional = <A, I, R>(schema: Schema.Schema<A, I, R>) => Schema.optionalWith(schema, { exact: true })
const WorkingDays = Schema.Int.pipe(Schema.between(1, 365))

/**
 * Escalation of an unanswered approval (超时上报): after `afterWorkingDays` working days without a
 * decision, the step goes to `escalateTo`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Escalation = Schema.Struct({
  afterWorkingDays: WorkingDays,
  escalateTo: Role.RoleId
}).annotations({ identifier: "Escalation" })

/**
 * @since 0.1.0
 * @category models
 */
export interface Escalation extends Schema.Schema.Type<typeof Escalation> {}

/**
 * One approval: the approving role, and its escalation if it does not answer.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ApprovalStep = Schema.Struct({
  role: Role.RoleId,
  escalation: optional(Escalation)
}).annotations({ identifier: "ApprovalStep" })

/**
 * @since 0.1.0
 * @category models
 */
export interface ApprovalStep extends Schema.Schema.Type<typeof ApprovalStep> {}

/**
 * When a routing rule applies: every condition given must hold (`amountAtLeast` compares the requested
 * amount, `amountBelow` likewise; both in the policy's currency). A rule without conditions always applies.
 *
 * @since 0.1.0
 * @category schemas
 */
export const RoutingCondition = Schema.Struct({
  tiers: optional(Schema.NonEmptyArray(ClientTier.TierId)),
  levels: optional(Schema.NonEmptyArray(ReceptionGrade.GradeId)),
  receptionTypes: optional(Schema.NonEmptyArray(ReceptionGrade.GradeId)),
  amountAtLeast: optional(Money.NonNegativeMoney),
  amountBelow: optional(Money.NonNegativeMoney)
}).annotations({ identifier: "RoutingCondition" })

/**
 * @since 0.1.0
 * @category models
 */
export interface RoutingCondition extends Schema.Schema.Type<typeof RoutingCondition> {}

/**
 * A routing rule: id, label, condition, and the steps it adds.
 *
 * @since 0.1.0
 * @category schemas
 */
export const RoutingRule = Schema.Struct({
  id: Text,
  label: optional(Label.Label),
  when: Schema.optionalWith(RoutingCondition, { default: () => ({}), exact: true }),
  steps: Schema.NonEmptyArray(ApprovalStep)
}).annotations({ identifier: "RoutingRule" })

/**
 * @since 0.1.0
 * @category models
 */
export interface RoutingRule extends Schema.Schema.Type<typeof RoutingRule> {}

const PolicyFields = Schema.Struct({
  id: Text,
  version: Text,
  currency: Money.Currency,
  roles: Schema.Array(Role.Role),
  rules: Schema.Array(RoutingRule),
  fallback: Schema.NonEmptyArray(ApprovalStep),
  emergency: Schema.Struct({
    reportTo: Schema.NonEmptyArray(Role.RoleId),
    approveWithinWorkingDays: optional(WorkingDays)
  })
})

/**
 * A routing policy: its rules, the steps when no rule matches (`fallback`), the labels of its roles, and
 * the emergency path: whom to report to at once, and within how many working days the approvals must
 * follow. Rule ids are unique and thresholds are in the policy's currency.
 *
 * @since 0.1.0
 * @category schemas
 */
export const RoutingPolicy = PolicyFields.pipe(
  Schema.filter((p) => {
    const issues: Array<{ path: ReadonlyArray<PropertyKey>; message: string }> = []
    const seen = new Set<string>()
    p.rules.forEach((rule, i) => {
      if (seen.has(rule.id))
        issues.push({ path: ["rules", i, "id"], message: `rule id ${JSON.stringify(rule.id)} is used twice` })
      seen.add(rule.id)
      for (const key of ["amountAtLeast", "amountBelow"] as const) {
        const amount = rule.when[key]
        if (amount !== undefined && amount.currency !== p.currency) {
          issues.push({
            path: ["rules", i, "when", key, "currency"],
            message: `the policy is in ${p.currency}; a threshold in ${amount.currency} is never converted implicitly`
          })
        }
      }
    })
    return issues.length === 0 ? true : issues
  })
).annotations({ identifier: "RoutingPolicy" })

/**
 * @since 0.1.0
 * @category models
 */
export interface RoutingPolicy extends Schema.Schema.Type<typeof RoutingPolicy> {}

/**
 * What is routed: the reception's tier, level and reception type, the amount asked for, and whether it
 * is an emergency (act first, approve afterwards).
 *
 * @since 0.1.0
 * @category models
 */
export interface ApprovalRequest {
  readonly tier?: string
  readonly level?: string
  readonly receptionType?: string
  readonly amount: Money.Money
  readonly emergency?: boolean
}

/**
 * A routed step: the role, the rules that asked for it, and its escalation.
 *
 * @since 0.1.0
 * @category schemas
 */
export const RouteStep = Schema.Struct({
  role: Role.RoleId,
  ruleIds: Schema.Array(Schema.String),
  escalation: optional(Escalation)
}).annotations({ identifier: "RouteStep" })

/**
 * @since 0.1.0
 * @category models
 */
export interface RouteStep extends Schema.Schema.Type<typeof RouteStep> {}

/**
 * A route: the policy and version it came from, the amount, the steps in order, and whether approval
 * comes before acting (`before`) or, on the emergency path, afterwards (`afterwards`, flagged, with the
 * roles to report to at once and the working days allowed for the approvals).
 *
 * @since 0.1.0
 * @category schemas
 */
export const Route = Schema.Struct({
  policyId: Schema.String,
  policyVersion: Schema.String,
  amount: Money.Money,
  timing: Schema.Literal("before", "afterwards"),
  flagged: Schema.Boolean,
  reportTo: Schema.Array(Role.RoleId),
  approveWithinWorkingDays: optional(WorkingDays),
  steps: Schema.NonEmptyArray(RouteStep)
}).annotations({ identifier: "Route" })

/**
 * @since 0.1.0
 * @category models
 */
export interface Route extends Schema.Schema.Type<typeof Route> {}

const applies = (when: RoutingCondition, request: ApprovalRequest): boolean =>
  (when.tiers === undefined || (request.tier !== undefined && when.tiers.includes(request.tier))) &&
  (when.levels === undefined || (request.level !== undefined && when.levels.includes(request.level))) &&
  (when.receptionTypes === undefined ||
    (request.receptionType !== undefined && when.receptionTypes.includes(request.receptionType))) &&
  (when.amountAtLeast === undefined || request.amount.minor >= when.amountAtLeast.minor) &&
  (when.amountBelow === undefined || request.amount.minor < when.amountBelow.minor)

/**
 * Who must approve a request, in order. The amount must be in the policy's currency: a request in another
 * currency is a {@link Money.CurrencyMismatch}, never converted.
 *
 * @since 0.1.0
 * @category routing
 */
export const route = (
  policy: RoutingPolicy,
  request: ApprovalRequest
): Either.Either<Route, Money.CurrencyMismatch> => {
  if (request.amount.currency !== policy.currency) {
    return Either.left(
      new Money.CurrencyMismatch({
        expected: policy.currency,
        found: request.amount.currency,
        where: "ApprovalRouting.route"
      })
    )
  }
  const steps: Array<{ role: string; ruleIds: Array<string>; escalation?: Escalation }> = []
  for (const rule of policy.rules) {
    if (!applies(rule.when, request)) continue
    for (const step of rule.steps) {
      const seen = steps.find((s) => s.role === step.role)
      if (seen !== undefined) {
        if (!seen.ruleIds.includes(rule.id)) seen.ruleIds.push(rule.id)
        continue
      }
      steps.push({
        role: step.role,
        ruleIds: [rule.id],
        ...(step.escalation === undefined ? {} : { escalation: step.escalation })
      })
    }
  }
  const routed: Schema.Schema.Type<typeof Route>["steps"] =
    steps.length > 0
      ? [steps[0]!, ...steps.slice(1)]
      : [
          {
            role: policy.fallback[0].role,
            ruleIds: ["fallback"],
            ...(policy.fallback[0].escalation === undefined ? {} : { escalation: policy.fallback[0].escalation })
          },
          ...policy.fallback.slice(1).map((s) => ({
            role: s.role,
            ruleIds: ["fallback"],
            ...(s.escalation === undefined ? {} : { escalation: s.escalation })
          }))
        ]
  const emergency = request.emergency === true
  const within = policy.emergency.approveWithinWorkingDays
  return Either.right({
    policyId: policy.id,
    policyVersion: policy.version,
    amount: request.amount,
    timing: emergency ? "afterwards" : "before",
    flagged: emergency,
    reportTo: emergency ? policy.emergency.reportTo : [],
    ...(emergency && within !== undefined ? { approveWithinWorkingDays: within } : {}),
    steps: routed
  })
}

/**
 * An approver's decision on a step.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Decision = Schema.Struct({
  role: Role.RoleId,
  by: Text,
  /** The approver's person id: the separation of duties compares people, not the names they give. */
  personId: optional(Schema.String),
  at: ZonedDateTime,
  outcome: Schema.Literal("approved", "rejected"),
  note: optional(Schema.NonEmptyTrimmedString)
}).annotations({ identifier: "Decision" })

/**
 * @since 0.1.0
 * @category models
 */
export interface Decision extends Schema.Schema.Type<typeof Decision> {}

/**
 * Where a route stands: waiting for a step, approved by every step, or rejected at one.
 *
 * @since 0.1.0
 * @category models
 */
export type Progress =
  | { readonly _tag: "Pending"; readonly next: RouteStep; readonly approved: ReadonlyArray<Decision> }
  | { readonly _tag: "Approved"; readonly decisions: ReadonlyArray<Decision> }
  | { readonly _tag: "Rejected"; readonly decision: Decision }

/**
 * Where a route stands given the decisions so far. Steps are taken in order: a decision by a role that is
 * not the next step's is ignored until its turn (an approval out of turn does not skip the queue).
 *
 * @since 0.1.0
 * @category routing
 */
export const progress = (route: Route, decisions: ReadonlyArray<Decision>): Progress => {
  const approved: Array<Decision> = []
  for (const step of route.steps) {
    const decision = decisions.find((d) => d.role === step.role)
    if (decision === undefined) return { _tag: "Pending", next: step, approved }
    if (decision.outcome === "rejected") return { _tag: "Rejected", decision }
    approved.push(decision)
  }
  return { _tag: "Approved", decisions: approved }
}

// ---------------------------------------------------------------------------------------------------
// escalation timing
// ---------------------------------------------------------------------------------------------------

/**
 * The deadline rule of an escalation: `afterWorkingDays` working days after the step became pending
 * (the approver's notice: the `NoticeReceived` anchor), due at the end of that working day. A step
 * that becomes pending on a day off counts from the next working day: submitted on a Sunday with 1
 * working day, it escalates at the end of Monday.
 *
 * @since 0.1.0
 * @category escalation
 */
export const escalationRule = (role: string, escalation: Escalation): Deadline.Rule =>
  Deadline.point(Deadline.noticeReceived, Deadline.after(escalation.afterWorkingDays, "workingDays"), {
    id: `escalation.${role}`,
    label: {
      en: `${role} escalates to ${escalation.escalateTo} after ${escalation.afterWorkingDays} working day${escalation.afterWorkingDays === 1 ? "" : "s"} without an answer`,
      "zh-CN": `${role}超过${escalation.afterWorkingDays}个工作日未审批的，上报${escalation.escalateTo}`
    },
    at: "endOfWorkingDay"
  })

/**
 * When the pending step escalates, and whether it has at `now`: the step, the moment it became
 * pending, the role it escalates to, the evaluated deadline (due instant, explanation) and where `now`
 * stands against it (`open` with working days left, or `missed` and by how much).
 *
 * @since 0.1.0
 * @category models
 */
export interface EscalationTiming {
  readonly step: RouteStep
  readonly pendingSince: DateTime.DateTime
  readonly escalateTo: string
  readonly afterWorkingDays: number
  readonly rule: Deadline.Rule
  readonly deadline: Deadline.Evaluation
  readonly standing: Deadline.Feasibility
}

/**
 * Where a route stands for escalation:
 * - `Settled`: approved or rejected, nothing to escalate;
 * - `NoEscalation`: a step is pending but has no escalation;
 * - `Waiting`: the pending step escalates at `deadline.due`, not yet reached at `now`;
 * - `Escalated`: the pending step went unanswered past `deadline.due`, and goes to `escalateTo`.
 *
 * @since 0.1.0
 * @category models
 */
export type EscalationState =
  | { readonly _tag: "Settled"; readonly progress: Exclude<Progress, { readonly _tag: "Pending" }> }
  | { readonly _tag: "NoEscalation"; readonly step: RouteStep; readonly pendingSince: DateTime.DateTime }
  | (EscalationTiming & { readonly _tag: "Waiting" })
  | (EscalationTiming & { readonly _tag: "Escalated" })

/**
 * Times the escalation of a route's pending step (超时上报) on a business calendar. The step became
 * pending at `submittedAt` when it is the first, else when the step before it was approved (that
 * decision's `at`); it escalates {@link escalationRule} working days later, at the end of that working
 * day, and has escalated when `now` is past that instant. Fails as the deadline engine does, e.g.
 * `OutsideCoverage` when the days counted are beyond the calendar's data (unless
 * `beyondCoverage: "provisional"`).
 *
 * @since 0.1.0
 * @category escalation
 */
export const escalation = (
  route: Route,
  decisions: ReadonlyArray<Decision>,
  options: {
    readonly submittedAt: DateTime.DateTime
    readonly calendar: BusinessCalendar.BusinessCalendar
    readonly now: DateTime.DateTime
    readonly beyondCoverage?: "fail" | "provisional"
  }
): Either.Either<EscalationState, Deadline.EvaluationError> => {
  const state = progress(route, decisions)
  if (state._tag !== "Pending") return Either.right({ _tag: "Settled", progress: state })
  const step = state.next
  const previous = state.approved[state.approved.length - 1]
  const pendingSince: DateTime.DateTime = previous === undefined ? options.submittedAt : previous.at
  const rules = step.escalation
  if (rules === undefined) return Either.right({ _tag: "NoEscalation", step, pendingSince })
  const rule = escalationRule(step.role, rules)
  return Either.flatMap(
    Deadline.evaluate(rule, {
      calendar: options.calendar,
      notice: pendingSince,
      beyondCoverage: options.beyondCoverage ?? "fail"
    }),
    (deadline) =>
      Either.map(
        Deadline.feasibility(options.calendar, deadline, options.now),
        (standing): EscalationState => ({
          _tag: standing.status === "missed" ? "Escalated" : "Waiting",
          step,
          pendingSince,
          escalateTo: rules.escalateTo,
          afterWorkingDays: rules.afterWorkingDays,
          rule,
          deadline,
          standing
        })
      )
  )
}

/**
 * The seed routing policy: the department head approves every reception (application part 2, "部门负责人
 * 是否已批准", escalating to the general manager after 1 working day); the general manager also approves
 * tier A, the special visitor level, and any amount of 5,000 CNY or more. Emergencies are reported to the
 * general manager at once and approved within 5 working days. The threshold and the days are defaults of
 * this library, not of the seeds: a host app sets its own.
 *
 * @since 0.1.0
 * @category policies
 */
export const seed: RoutingPolicy = {
  id: "liaison.routing",
  version: "seed-1",
  currency: Money.CNY,
  roles: [Role.departmentHead, Role.generalManager, Role.finance],
  rules: [
    {
      id: "department-head",
      label: Label.make("部门负责人审批", "the department head approves every reception"),
      when: {},
      steps: [{ role: Role.departmentHead.id, escalation: { afterWorkingDays: 1, escalateTo: Role.generalManager.id } }]
    },
    {
      id: "general-manager.tier-a",
      label: Label.make("A类客户（公司贵客）由总经理审批", "tier A (company VIP) goes to the general manager"),
      when: { tiers: ["A"] },
      steps: [{ role: Role.generalManager.id }]
    },
    {
      id: "general-manager.special",
      label: Label.make("特级人员级别由总经理审批", "the special level goes to the general manager"),
      when: { levels: ["special"] },
      steps: [{ role: Role.generalManager.id }]
    },
    {
      id: "general-manager.amount",
      label: Label.make("5000元及以上由总经理审批", "5,000 CNY or more goes to the general manager"),
      when: { amountAtLeast: Money.yuan(5000) },
      steps: [{ role: Role.generalManager.id }]
    }
  ],
  fallback: [{ role: Role.generalManager.id }],
  emergency: { reportTo: [Role.generalManager.id], approveWithinWorkingDays: 5 }
}

/**
 * A copy of a policy with another amount threshold for a rule (`general-manager.amount` in the seed).
 *
 * @since 0.1.0
 * @category policies
 */
export const withThreshold = (
  policy: RoutingPolicy,
  version: string,
  ruleId: string,
  amountAtLeast: Money.Money
): RoutingPolicy => ({
  ...policy,
  version,
  rules: policy.rules.map((r) => (r.id === ruleId ? { ...r, when: { ...r.when, amountAtLeast } } : r))
})
