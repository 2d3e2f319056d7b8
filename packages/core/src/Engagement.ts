/**
 * Engagements (接待/外联事项) and their lifecycle: draft → submitted → approved or rejected → planned →
 * in progress → held → settled → closed, with cancellation, and the emergency path of P3 (act first,
 * notify and escalate at once, approve afterwards: 事后补办).
 *
 * The lifecycle is an explicit state machine ({@link transitions}). {@link decide} is pure: given an
 * engagement, an actor, a command and the moment, it returns the next engagement with the ledger
 * lines (台帐) and outgoing messages the change produces, or a typed error (an illegal transition, an
 * actor acting outside their roles, a budget with blocks). The `Engagements` service loads, decides
 * and commits the three together.
 *
 * @since 0.1.0
 */
import * as DateTime from "effect/DateTime"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import * as ApprovalRouting from "./ApprovalRouting.js"
import * as ApprovedBudget from "./ApprovedBudget.js"
import * as BudgetPolicy from "./BudgetPolicy.js"
import type * as BusinessCalendar from "./BusinessCalendar.js"
import * as Expense from "./Expense.js"
import { instantMillis } from "./internal/instantText.js"
import * as Ledger from "./Ledger.js"
import * as LocalDate from "./LocalDate.js"
import * as Money from "./Money.js"
import * as Outbox from "./Outbox.js"
import * as Plan from "./Plan.js"
import type * as Procedure from "./Procedure.js"
import * as ReceptionApplication from "./ReceptionApplication.js"
import * as Role from "./Role.js"
import { ZonedDateTime } from "./ZonedDateTime.js"

// ---------------------------------------------------------------------------------------------
// Model
// ---------------------------------------------------------------------------------------------

/**
 * An engagement id: letters, digits and `._:-`, at most 128 characters.
 *
 * @since 0.1.0
 * @category schemas
 */
export const EngagementId = Schema.String.pipe(
  Schema.pattern(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/, {
    message: () => "expected letters, digits and . _ : - (at most 128 characters)"
  }),
  Schema.brand("EngagementId")
)

/**
 * @since 0.1.0
 * @category models
 */
export type EngagementId = typeof EngagementId.Type

/**
 * The lifecycle states.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Status = Schema.Literal(
  "draft",
  "submitted",
  "approved",
  "rejected",
  "planned",
  "inProgress",
  "held",
  "settled",
  "closed",
  "cancelled"
)

/**
 * @since 0.1.0
 * @category models
 */
export type Status = typeof Status.Type

/**
 * Who acts: a person of the host app with their roles. Every command names one.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Actor = Schema.Struct({
  personId: Schema.NonEmptyTrimmedString,
  name: Schema.NonEmptyTrimmedString,
  roles: Schema.Array(Role.RoleId),
  /** Cleared to see and act on confidential (保密) engagements. */
  confidentialClearance: Schema.optionalWith(Schema.Boolean, { exact: true })
}).annotations({ identifier: "Actor" })

/**
 * @since 0.1.0
 * @category models
 */
export type Actor = typeof Actor.Type

/**
 * A planned task as the engagement keeps it: its due date and whether it was done.
 *
 * @since 0.1.0
 * @category schemas
 */
export const TaskRecord = Schema.Struct({
  id: Schema.String,
  stepId: Schema.String,
  ownerRole: Role.RoleId,
  due: Schema.optionalWith(Schema.String, { exact: true }),
  dueDate: Schema.optionalWith(Schema.String, { exact: true }),
  done: Schema.optionalWith(
    Schema.Struct({ by: Schema.String, at: ZonedDateTime, note: Schema.optionalWith(Schema.String, { exact: true }) }),
    { exact: true }
  )
}).annotations({ identifier: "TaskRecord" })

/**
 * @since 0.1.0
 * @category models
 */
export interface TaskRecord extends Schema.Schema.Type<typeof TaskRecord> {}

const Moment = Schema.String.pipe(
  Schema.filter(
    (s) =>
      // A real day, or a real instant: 30 February is neither (Date.parse would read it as 2 March).
      (s.length === 10 && !Number.isNaN(LocalDate.toEpochDay(s))) ||
      !Number.isNaN(instantMillis(s)) ||
      "expected YYYY-MM-DD or an ISO 8601 instant with offset, naming a day and time that exist"
  )
)

const Text = Schema.NonEmptyTrimmedString.pipe(Schema.maxLength(100_000))

/**
 * An engagement: a visit, a holiday campaign, an incident, a meeting — one run of a procedure.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Engagement = Schema.Struct({
  id: EngagementId,
  /** Optimistic version: 0 when created, +1 per accepted command. */
  version: Schema.Int.pipe(Schema.nonNegative()),
  status: Status,
  title: Text,
  procedureId: Schema.NonEmptyTrimmedString,
  /** The guest organisation or counterpart unit (来宾单位 / 外联单位). */
  counterpart: Text,
  tier: Schema.optionalWith(Schema.String, { exact: true }),
  level: Schema.optionalWith(Schema.String, { exact: true }),
  receptionType: Schema.optionalWith(Schema.String, { exact: true }),
  /** 保密: only cleared actors see it unredacted. Tier A engagements are always confidential. */
  confidential: Schema.Boolean,
  emergency: Schema.Boolean,
  requesterId: Schema.String,
  ownerId: Schema.String,
  eventStart: Moment,
  eventEnd: Schema.optionalWith(Moment, { exact: true }),
  notice: Schema.optionalWith(Moment, { exact: true }),
  anchors: Schema.optionalWith(Schema.Record({ key: Schema.String, value: Moment }), { exact: true }),
  application: Schema.optionalWith(ReceptionApplication.ReceptionApplication, { exact: true }),
  /** The amount asked for; the application's budget when there is one. */
  budget: Schema.optionalWith(Money.NonNegativeMoney, { exact: true }),
  route: Schema.optionalWith(ApprovalRouting.Route, { exact: true }),
  /** When it was (last) submitted: the first approval step's escalation counts from here. */
  submittedAt: Schema.optionalWith(ZonedDateTime, { exact: true }),
  decisions: Schema.Array(ApprovalRouting.Decision),
  approvedBudget: Schema.optionalWith(ApprovedBudget.ApprovedBudget, { exact: true }),
  settlement: Schema.optionalWith(ApprovedBudget.Settlement, { exact: true }),
  tasks: Schema.Array(TaskRecord),
  cancellation: Schema.optionalWith(Schema.Struct({ reason: Text, by: Schema.String, at: ZonedDateTime }), {
    exact: true
  }),
  createdAt: ZonedDateTime,
  updatedAt: ZonedDateTime
}).annotations({ identifier: "Engagement" })

/**
 * @since 0.1.0
 * @category models
 */
export interface Engagement extends Schema.Schema.Type<typeof Engagement> {}

/**
 * @since 0.1.0
 * @category models
 */
export type EngagementEncoded = Schema.Schema.Encoded<typeof Engagement>

/**
 * Whether an engagement is confidential: marked 保密, or tier A (公司贵客).
 *
 * @since 0.1.0
 * @category predicates
 */
export const isConfidential = (e: Pick<Engagement, "confidential" | "tier">): boolean =>
  e.confidential || e.tier === "A"

// ---------------------------------------------------------------------------------------------
// Commands
// ---------------------------------------------------------------------------------------------

const Details = {
  title: Schema.optionalWith(Text, { exact: true }),
  counterpart: Schema.optionalWith(Text, { exact: true }),
  tier: Schema.optionalWith(Schema.String, { exact: true }),
  level: Schema.optionalWith(Schema.String, { exact: true }),
  receptionType: Schema.optionalWith(Schema.String, { exact: true }),
  confidential: Schema.optionalWith(Schema.Boolean, { exact: true }),
  eventStart: Schema.optionalWith(Moment, { exact: true }),
  eventEnd: Schema.optionalWith(Moment, { exact: true }),
  notice: Schema.optionalWith(Moment, { exact: true }),
  anchors: Schema.optionalWith(Schema.Record({ key: Schema.String, value: Moment }), { exact: true }),
  ownerId: Schema.optionalWith(Schema.String, { exact: true })
}

/**
 * What an actor asks of an engagement. Commands are data, so they can be stored, replayed and
 * fuzzed.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Command = Schema.Union(
  Schema.TaggedStruct("Create", {
    id: EngagementId,
    title: Text,
    procedureId: Schema.NonEmptyTrimmedString,
    counterpart: Text,
    tier: Schema.optionalWith(Schema.String, { exact: true }),
    level: Schema.optionalWith(Schema.String, { exact: true }),
    receptionType: Schema.optionalWith(Schema.String, { exact: true }),
    confidential: Schema.optionalWith(Schema.Boolean, { exact: true }),
    emergency: Schema.optionalWith(Schema.Boolean, { exact: true }),
    ownerId: Schema.optionalWith(Schema.String, { exact: true }),
    eventStart: Moment,
    eventEnd: Schema.optionalWith(Moment, { exact: true }),
    notice: Schema.optionalWith(Moment, { exact: true }),
    anchors: Schema.optionalWith(Schema.Record({ key: Schema.String, value: Moment }), { exact: true }),
    application: Schema.optionalWith(ReceptionApplication.ReceptionApplication, { exact: true }),
    budget: Schema.optionalWith(Money.NonNegativeMoney, { exact: true })
  }),
  Schema.TaggedStruct("Edit", Details),
  Schema.TaggedStruct("EditBudget", {
    budget: Schema.optionalWith(Money.NonNegativeMoney, { exact: true }),
    application: Schema.optionalWith(ReceptionApplication.ReceptionApplication, { exact: true })
  }),
  Schema.TaggedStruct("Submit", {}),
  Schema.TaggedStruct("Decide", {
    outcome: Schema.Literal("approved", "rejected"),
    note: Schema.optionalWith(Text, { exact: true })
  }),
  Schema.TaggedStruct("Plan", {}),
  Schema.TaggedStruct("Start", {}),
  Schema.TaggedStruct("CompleteTask", { taskId: Schema.String, note: Schema.optionalWith(Text, { exact: true }) }),
  Schema.TaggedStruct("Hold", {}),
  Schema.TaggedStruct("Settle", { expenses: Expense.ExpenseLines }),
  Schema.TaggedStruct("Close", {}),
  Schema.TaggedStruct("Cancel", { reason: Text })
).annotations({ identifier: "Command" })

/**
 * @since 0.1.0
 * @category models
 */
export type Command = typeof Command.Type

// ---------------------------------------------------------------------------------------------
// The state machine
// ---------------------------------------------------------------------------------------------

/**
 * The legal moves: for each command, the states it may start from and the state it leads to
 * (`undefined`: it leaves the state as it is). `Decide` and `Start` have two outcomes each,
 * resolved by {@link decide} (approved or rejected; normal or emergency path), and `Plan` on an
 * engagement in progress re-plans it without leaving `inProgress`.
 *
 * @since 0.1.0
 * @category lifecycle
 */
export const transitions: {
  readonly [K in Command["_tag"]]: { readonly from: ReadonlyArray<Status>; readonly to: Status | undefined }
} = {
  Create: { from: [], to: "draft" },
  // Under way (in progress, held, settled) only the facts the plan is timed from may be recorded.
  Edit: { from: ["draft", "rejected", "approved", "planned", "inProgress", "held", "settled"], to: undefined },
  EditBudget: { from: ["draft", "rejected"], to: undefined },
  Submit: { from: ["draft", "rejected"], to: "submitted" },
  // Emergencies are approved afterwards, while being handled or after.
  Decide: { from: ["submitted", "inProgress", "held", "settled"], to: undefined },
  Plan: { from: ["approved", "planned", "inProgress"], to: "planned" },
  Start: { from: ["planned", "draft"], to: "inProgress" },
  CompleteTask: { from: ["planned", "inProgress", "held", "settled"], to: undefined },
  Hold: { from: ["inProgress"], to: "held" },
  Settle: { from: ["held"], to: "settled" },
  Close: { from: ["settled"], to: "closed" },
  Cancel: { from: ["draft", "submitted", "approved", "rejected", "planned", "inProgress"], to: "cancelled" }
}

/**
 * What an actor may do, by role (on top of their own engagements: a requester may edit, submit
 * and cancel what they requested; an owner may plan and run it).
 *
 * @since 0.1.0
 * @category authorisation
 */
export const Permission = Schema.Literal(
  "create",
  "edit",
  "editBudget",
  "submit",
  "plan",
  "run",
  "completeTask",
  "settle",
  "close",
  "cancel",
  "view",
  "viewConfidential"
)

/**
 * @since 0.1.0
 * @category models
 */
export type Permission = typeof Permission.Type

/**
 * Permissions by role id. Approving is not a permission: it belongs to the role of the route's
 * next step.
 *
 * @since 0.1.0
 * @category authorisation
 */
export const AccessPolicy = Schema.Struct({
  grants: Schema.Record({ key: Schema.String, value: Schema.Array(Permission) })
}).annotations({ identifier: "AccessPolicy" })

/**
 * @since 0.1.0
 * @category models
 */
export interface AccessPolicy extends Schema.Schema.Type<typeof AccessPolicy> {}

/**
 * The default access policy, from the seeds' division of work: the admin department (综合管理部)
 * plans and runs receptions; finance settles; the GM sees everything; department heads see; the
 * manager on duty (值班负责人) opens incidents and runs those they opened (as their owner).
 *
 * @since 0.1.0
 * @category authorisation
 */
export const defaultAccess: AccessPolicy = {
  grants: {
    "general-manager": [
      "create",
      "edit",
      "editBudget",
      "submit",
      "plan",
      "run",
      "completeTask",
      "settle",
      "close",
      "cancel",
      "view",
      "viewConfidential"
    ],
    "general-manager-assistant": [
      "create",
      "edit",
      "submit",
      "plan",
      "run",
      "completeTask",
      "view",
      "viewConfidential"
    ],
    "admin-department": ["create", "edit", "plan", "run", "completeTask", "close", "view"],
    "admin-group": ["create", "edit", "plan", "run", "completeTask", "close", "view"],
    "admin-clerk": ["completeTask", "view"],
    "department-head": ["create", "view"],
    // 值班负责人 (P3): first on the scene of an incident; opens it, and as its owner starts, plans
    // and holds it; completes the tasks of the role on incidents others opened; sees what is on.
    "on-duty-manager": ["create", "completeTask", "view"],
    finance: ["settle", "completeTask", "view"],
    requester: ["create"]
  }
}

/**
 * Why a command was refused.
 *
 * @since 0.1.0
 * @category errors
 */
export class IllegalTransition extends Schema.TaggedError<IllegalTransition>()("IllegalTransition", {
  engagementId: Schema.String,
  command: Schema.String,
  status: Status,
  allowedFrom: Schema.Array(Status)
}) {
  override get message(): string {
    return `${this.command} is not allowed on engagement ${this.engagementId} in state ${this.status} (only from ${this.allowedFrom.join(", ") || "no state: it creates"})`
  }
}

/**
 * An actor acting outside their roles, or on a confidential engagement without clearance.
 *
 * @since 0.1.0
 * @category errors
 */
export class NotAuthorised extends Schema.TaggedError<NotAuthorised>()("NotAuthorised", {
  engagementId: Schema.String,
  actorId: Schema.String,
  command: Schema.String,
  reason: Schema.String
}) {
  override get message(): string {
    return `${this.actorId} may not ${this.command} engagement ${this.engagementId}: ${this.reason}`
  }
}

/**
 * A command that is legal in the state but cannot be carried out: a budget with blocks, a plan
 * the calendar cannot make, an unknown task, closing before the emergency approvals are in.
 *
 * @since 0.1.0
 * @category errors
 */
export class Rejected extends Schema.TaggedError<Rejected>()("Rejected", {
  engagementId: Schema.String,
  command: Schema.String,
  reason: Schema.Literal(
    "BudgetBlocked",
    "NoBudget",
    "CurrencyMismatch",
    "PlanFailed",
    "UnknownTask",
    "TaskAlreadyDone",
    "ApprovalsPending",
    "UnknownProcedure",
    "UnknownEngagement",
    "AlreadyExists",
    "NeedsReapproval",
    "UnderWay"
  ),
  message: Schema.String,
  details: Schema.optionalWith(Schema.Unknown, { exact: true })
}) {}

/**
 * @since 0.1.0
 * @category errors
 */
export type CommandError = IllegalTransition | NotAuthorised | Rejected

/**
 * What {@link decide} needs besides the engagement: the policies in force and the calendar.
 *
 * @since 0.1.0
 * @category models
 */
export interface Policies {
  readonly routing: ApprovalRouting.RoutingPolicy
  readonly budget: BudgetPolicy.RuleSet
  readonly access: AccessPolicy
  readonly calendar: BusinessCalendar.BusinessCalendar
  readonly procedures: ReadonlyMap<string, Procedure.Procedure>
  /** Past receptions of the same guests, for the repeat-visit rule. */
  readonly history?: ReadonlyArray<Schema.Schema.Type<typeof BudgetPolicy.PastReception>>
}

/**
 * The outcome of an accepted command.
 *
 * @since 0.1.0
 * @category models
 */
export interface Decision {
  readonly engagement: Engagement
  readonly ledger: ReadonlyArray<Ledger.Entry>
  readonly outbox: ReadonlyArray<Outbox.Message>
  /** The plan made by a `Plan` command. */
  readonly plan?: Plan.Plan
}

/**
 * Whether one of an actor's roles is granted a permission. Only the policy's own entries count: a
 * role named like a property every object has (`constructor`, `__proto__`, `toString`) grants
 * nothing, and neither does an entry that is not a list.
 *
 * @since 0.1.0
 * @category authorisation
 */
export const hasPermission = (policy: AccessPolicy, actor: Pick<Actor, "roles">, permission: Permission): boolean =>
  actor.roles.some((r) => {
    if (typeof r !== "string" || !Object.hasOwn(policy.grants, r)) return false
    const granted: unknown = policy.grants[r]
    return Array.isArray(granted) && granted.includes(permission)
  })

/** What each command needs, besides being the requester or owner where that suffices. */
const needed: { readonly [K in Command["_tag"]]: Permission | undefined } = {
  Create: "create",
  Edit: "edit",
  EditBudget: "editBudget",
  Submit: "submit",
  Decide: undefined,
  Plan: "plan",
  Start: "run",
  CompleteTask: "completeTask",
  Hold: "run",
  Settle: "settle",
  Close: "close",
  Cancel: "cancel"
}

const ownWork: ReadonlySet<Command["_tag"]> = new Set(["Edit", "EditBudget", "Submit", "Cancel"])
const ownerWork: ReadonlySet<Command["_tag"]> = new Set(["Edit", "Plan", "Start", "Hold", "CompleteTask", "Close"])

/**
 * The role procedures give to the steps of the person who asked for the engagement (P9: the
 * requester files the application): on an engagement it means its requester, not everyone who
 * holds the role and may file requests.
 *
 * @since 0.1.0
 * @category authorisation
 */
export const requesterRole = "requester"

/**
 * Whether an actor holds a task: its role, or for a task of the {@link requesterRole}, being the
 * engagement's requester.
 *
 * @since 0.1.0
 * @category authorisation
 */
export const holdsTask = (
  actor: Actor,
  engagement: Pick<Engagement, "requesterId">,
  task: Pick<TaskRecord, "ownerRole">
): boolean =>
  task.ownerRole === requesterRole ? actor.personId === engagement.requesterId : actor.roles.includes(task.ownerRole)

/**
 * Whether an actor may issue a command on an engagement (before looking at its state): the
 * actor's roles, whether they requested or own it, clearance for confidential engagements, for
 * `CompleteTask` whether they hold the task ({@link holdsTask}), and for `Decide` the role of the
 * route's next step.
 *
 * @since 0.1.0
 * @category authorisation
 */
export const authorise = (
  policy: AccessPolicy,
  actor: Actor,
  engagement: Engagement,
  command: Command,
  /** The role the pending approval step has escalated to (超时上报), if it has. */
  escalatedTo?: string
): Either.Either<void, NotAuthorised> => {
  const refuse = (reason: string) =>
    Either.left(
      new NotAuthorised({ engagementId: engagement.id, actorId: actor.personId, command: command._tag, reason })
    )
  if (isConfidential(engagement) && !canSeeConfidential(policy, actor, engagement)) {
    return refuse("the engagement is confidential (保密) and the actor has no clearance")
  }
  if (command._tag === "Decide") {
    const route = engagement.route
    if (route === undefined) return refuse("nothing has been submitted for approval")
    const state = ApprovalRouting.progress(route, engagement.decisions)
    if (state._tag !== "Pending") return refuse(`the approval is already ${state._tag.toLowerCase()}`)
    // Separation of duties: nobody approves what they asked for.
    if (actor.personId === engagement.requesterId) return refuse("an approver cannot approve their own request")
    // Nor approves two steps of one route: each step is a different person's judgement. People
    // are compared by id, so a second name or a second role is no way round it (a decision
    // recorded before ids were kept is compared by name).
    if (
      engagement.decisions.some((d) => (d.personId !== undefined ? d.personId === actor.personId : d.by === actor.name))
    )
      return refuse("the actor has already approved a step of this route")
    if (actor.roles.includes(state.next.role)) return Either.void
    if (escalatedTo !== undefined && actor.roles.includes(escalatedTo)) return Either.void
    return refuse(
      `the next approver is ${state.next.role}${escalatedTo !== undefined ? ` (escalated to ${escalatedTo})` : ""}`
    )
  }
  if (command._tag === "CompleteTask") {
    const task = engagement.tasks.find((t) => t.id === command.taskId)
    if (task !== undefined && holdsTask(actor, engagement, task)) return Either.void
  }
  if (ownWork.has(command._tag) && actor.personId === engagement.requesterId) return Either.void
  if (ownerWork.has(command._tag) && actor.personId === engagement.ownerId) return Either.void
  const permission = needed[command._tag]
  if (permission !== undefined && hasPermission(policy, actor, permission)) return Either.void
  return refuse(`no role of the actor (${actor.roles.join(", ") || "none"}) grants ${permission ?? command._tag}`)
}

/**
 * Whether an actor may see a confidential engagement: cleared, or a party to it (requester,
 * owner, an approver on its route).
 *
 * @since 0.1.0
 * @category authorisation
 */
export const canSeeConfidential = (policy: AccessPolicy, actor: Actor, engagement: Engagement): boolean =>
  actor.confidentialClearance === true ||
  hasPermission(policy, actor, "viewConfidential") ||
  actor.personId === engagement.requesterId ||
  actor.personId === engagement.ownerId ||
  (engagement.route?.steps.some((s) => actor.roles.includes(s.role)) ?? false)

const REDACTED = "［保密 confidential］"

/**
 * An engagement as an actor may see it: a confidential one is redacted (counterpart, title,
 * guests, anchors, budget lines, and the notes of approvals and tasks and the reason for
 * cancelling) for actors without clearance; `undefined` when the actor may not view engagements
 * at all.
 *
 * @since 0.1.0
 * @category authorisation
 */
export const redactFor = (policy: AccessPolicy, actor: Actor, engagement: Engagement): Engagement | undefined => {
  const party = actor.personId === engagement.requesterId || actor.personId === engagement.ownerId
  const approver = engagement.route?.steps.some((s) => actor.roles.includes(s.role)) ?? false
  if (!party && !approver && !hasPermission(policy, actor, "view")) return undefined
  if (!isConfidential(engagement) || canSeeConfidential(policy, actor, engagement)) return engagement
  return redacted(engagement)
}

/**
 * An engagement with what identifies its guests removed: counterpart, title, application, budget
 * lines, anchors and free-text notes.
 *
 * @since 0.1.0
 * @category authorisation
 */
export const redacted = (engagement: Engagement): Engagement => {
  const { anchors: _a, application: _app, approvedBudget: _b, settlement: _s, ...rest } = engagement
  return {
    ...rest,
    title: REDACTED,
    counterpart: REDACTED,
    // Free text, which names the guests as often as not (the ledger redacts the same text).
    decisions: rest.decisions.map((d) => (d.note === undefined ? d : { ...d, note: REDACTED })),
    tasks: rest.tasks.map((t) => (t.done?.note === undefined ? t : { ...t, done: { ...t.done, note: REDACTED } })),
    ...(rest.cancellation !== undefined ? { cancellation: { ...rest.cancellation, reason: REDACTED } } : {})
  }
}

const illegal = (e: Engagement, command: Command["_tag"]) =>
  Either.left(
    new IllegalTransition({
      engagementId: e.id,
      command,
      status: e.status,
      allowedFrom: [...transitions[command].from]
    })
  )

const rejected = (
  e: Pick<Engagement, "id">,
  command: Command["_tag"],
  reason: Rejected["reason"],
  message: string,
  details?: unknown
) =>
  Either.left(
    new Rejected({ engagementId: e.id, command, reason, message, ...(details !== undefined ? { details } : {}) })
  )

const iso = (at: DateTime.Zoned) => DateTime.formatIsoOffset(at)

/**
 * Creates an engagement from a `Create` command. With an application, the tier, level and reception
 * type the command does not name are the application's, and so is the budget.
 *
 * @since 0.1.0
 * @category lifecycle
 */
export const create = (
  policies: Policies,
  actor: Actor,
  command: Extract<Command, { _tag: "Create" }>,
  at: DateTime.Zoned
): Either.Either<Decision, CommandError> => {
  if (!policies.procedures.has(command.procedureId)) {
    return rejected(command, "Create", "UnknownProcedure", `unknown procedure ${command.procedureId}`)
  }
  if (!hasPermission(policies.access, actor, "create")) {
    return Either.left(
      new NotAuthorised({
        engagementId: command.id,
        actorId: actor.personId,
        command: "Create",
        reason: `no role of the actor (${actor.roles.join(", ") || "none"}) grants create`
      })
    )
  }
  const { _tag, emergency, confidential, ownerId, ...fields } = command
  const engagement: Engagement = {
    ...fields,
    ...(command.application && command.budget === undefined ? { budget: command.application.budget } : {}),
    ...(command.application?.clientTier && command.tier === undefined ? { tier: command.application.clientTier } : {}),
    ...(command.application?.visitorLevel && command.level === undefined
      ? { level: command.application.visitorLevel }
      : {}),
    // Routing rules may name reception types, as they name tiers and levels.
    ...(command.application && command.receptionType === undefined
      ? { receptionType: command.application.partTwo.receptionType }
      : {}),
    version: 0,
    status: "draft",
    confidential: confidential ?? false,
    emergency: emergency ?? false,
    requesterId: actor.personId,
    ownerId: ownerId ?? actor.personId,
    decisions: [],
    tasks: [],
    createdAt: at,
    updatedAt: at
  }
  return Either.right({
    engagement,
    ledger: [
      Ledger.fromTransition(engagement, actor, at, "Create", undefined, "draft", `created: ${engagement.title}`)
    ],
    outbox: []
  })
}

/**
 * Applies a command to an engagement: authorises the actor, checks the transition, and returns
 * the next engagement (version + 1) with its ledger lines and outgoing messages.
 *
 * @since 0.1.0
 * @category lifecycle
 */
export const decide = (
  policies: Policies,
  engagement: Engagement,
  actor: Actor,
  command: Command,
  at: DateTime.Zoned
): Either.Either<Decision, CommandError> => {
  if (command._tag === "Create") {
    return rejected(engagement, "Create", "AlreadyExists", `engagement ${engagement.id} already exists`)
  }
  // Someone who may not see a confidential engagement learns nothing of it, not even its state:
  // refused before the state is looked at.
  if (isConfidential(engagement) && !canSeeConfidential(policies.access, actor, engagement)) {
    return Either.left(
      new NotAuthorised({
        engagementId: engagement.id,
        actorId: actor.personId,
        command: command._tag,
        reason: "the engagement is confidential (保密) and the actor has no clearance"
      })
    )
  }
  const rule = transitions[command._tag]
  if (!rule.from.includes(engagement.status)) return illegal(engagement, command._tag)
  if (command._tag === "Start" && engagement.status === "draft" && !engagement.emergency) {
    // Only an emergency starts from draft (act first, approve afterwards).
    return Either.left(
      new IllegalTransition({
        engagementId: engagement.id,
        command: "Start",
        status: engagement.status,
        allowedFrom: ["planned"]
      })
    )
  }
  const escalatedTo = command._tag === "Decide" ? escalatedRole(policies, engagement, at) : undefined
  const allowed = authorise(policies.access, actor, engagement, command, escalatedTo)
  if (Either.isLeft(allowed)) return Either.left(allowed.left)
  const next = (changes: Partial<Engagement>, to: Status | undefined): Engagement => ({
    ...engagement,
    ...changes,
    status: to ?? engagement.status,
    version: engagement.version + 1,
    updatedAt: at
  })
  const entry = (e: Engagement, reason: string, extra?: Partial<Ledger.Entry>) =>
    Ledger.fromTransition(e, actor, at, command._tag, engagement.status, e.status, reason, extra)
  switch (command._tag) {
    case "Edit": {
      const { _tag, ...changes } = command
      // Once approved, an edit may reschedule, rename or hand over, but what the approval rested
      // on (tier, level, reception type, confidentiality) goes back through approval instead.
      if (engagement.status === "approved" || engagement.status === "planned") {
        const decisive = (["tier", "level", "receptionType", "confidential"] as const).filter(
          (k) => changes[k] !== undefined && changes[k] !== engagement[k]
        )
        if (decisive.length > 0) {
          return rejected(
            engagement,
            "Edit",
            "NeedsReapproval",
            `changing ${decisive.join(", ")} after approval needs a new approval: cancel and submit again`
          )
        }
      }
      // Under way, what happened is recorded, not rewritten: the end of the event and the named
      // anchors the plan needs (the aftermath period the GM sets, the guests' return), added to
      // those already given. Anything else would change what was approved and acted on.
      const underWay =
        engagement.status === "inProgress" || engagement.status === "held" || engagement.status === "settled"
      if (underWay) {
        const fixed = Object.keys(changes).filter(
          (k) => (changes as Record<string, unknown>)[k] !== undefined && k !== "eventEnd" && k !== "anchors"
        )
        if (fixed.length > 0) {
          return rejected(
            engagement,
            "Edit",
            "UnderWay",
            `once under way only eventEnd and anchors may be recorded, not ${fixed.join(", ")}`
          )
        }
      }
      const edits = stripUndefined(changes)
      const merged =
        underWay && edits.anchors !== undefined
          ? { ...edits, anchors: { ...engagement.anchors, ...edits.anchors } }
          : edits
      let e = next(merged, undefined)
      // A planned engagement's tasks follow the dates they are timed from.
      const timing = (["eventStart", "eventEnd", "notice", "anchors"] as const).some((k) => edits[k] !== undefined)
      const replanned = timing && e.tasks.length > 0 ? replan(policies, e, at) : undefined
      if (replanned !== undefined && Either.isLeft(replanned)) return Either.left(replanned.left)
      if (replanned !== undefined) e = { ...e, tasks: replanned.right }
      return Either.right({
        engagement: e,
        ledger: [entry(e, `edited: ${Object.keys(changes).join(", ")}${replanned ? "; tasks re-dated" : ""}`)],
        outbox: []
      })
    }
    case "EditBudget": {
      const budget = command.budget ?? command.application?.budget
      const e = next(
        {
          ...(command.application ? { application: command.application } : {}),
          ...(budget ? { budget } : {})
        },
        undefined
      )
      return Either.right({
        engagement: e,
        ledger: [
          entry(e, `budget set to ${budget ? Money.format(budget) : "(unchanged)"}`, budget ? { amount: budget } : {})
        ],
        outbox: []
      })
    }
    case "Submit":
      return submit(policies, engagement, actor, at, next, entry)
    case "Decide":
      return decideApproval(policies, engagement, actor, command, at, next, entry, escalatedTo)
    case "Plan": {
      const procedure = policies.procedures.get(engagement.procedureId)
      if (procedure === undefined) {
        return rejected(engagement, "Plan", "UnknownProcedure", `unknown procedure ${engagement.procedureId}`)
      }
      const made = Plan.make(procedure, planInput(engagement, at), policies.calendar)
      if (Either.isLeft(made)) return rejected(engagement, "Plan", "PlanFailed", made.left.message, made.left.cause)
      const plan = made.right
      const tasks = taskRecords(plan, engagement)
      const to = engagement.status === "inProgress" ? "inProgress" : "planned"
      const e = next({ tasks }, to)
      const missed = plan.missed.length > 0 ? `; already missed: ${plan.missed.join(", ")}` : ""
      return Either.right({
        engagement: e,
        ledger: [entry(e, `planned ${tasks.length} tasks with ${procedure.id}${missed}`)],
        outbox: plan.tasks.map((t) =>
          Outbox.message(
            e,
            at,
            "task-assigned",
            { roles: [t.ownerRole], personIds: t.assignees.map((p) => p.id) },
            {
              taskId: t.id,
              step: t.stepId,
              ...(t.deadline ? { due: iso(t.deadline.due) } : {})
            }
          )
        ),
        plan
      })
    }
    case "Start": {
      const e = next({}, "inProgress")
      const emergency = engagement.status === "draft"
      // Costs of an emergency are often unknown when acting: route at zero, approve what was spent.
      const route = emergency
        ? routeFor(policies, engagement, engagement.budget ?? Money.zero(policies.routing.currency))
        : undefined
      const withRoute = route && Either.isRight(route) ? { ...e, route: route.right } : e
      // The approvals afterwards start with a request to the route's first approver, as a
      // submission's do.
      const first = withRoute.route?.steps[0]
      const amount = engagement.budget ?? Money.zero(policies.routing.currency)
      return Either.right({
        engagement: withRoute,
        ledger: [
          entry(withRoute, emergency ? "emergency: acting first, approvals afterwards (事后补办)" : "started", {
            flagged: emergency
          })
        ],
        outbox: emergency
          ? [
              Outbox.message(
                withRoute,
                at,
                "escalated",
                // Reported at once even when the amount cannot be routed (another currency).
                { roles: [...policies.routing.emergency.reportTo], personIds: [] },
                {
                  reason: "emergency: reported at once"
                }
              ),
              ...(first === undefined
                ? []
                : [
                    Outbox.message(
                      withRoute,
                      at,
                      "approval-needed",
                      { roles: [first.role], personIds: [] },
                      { amount: Money.format(amount) }
                    )
                  ])
            ]
          : []
      })
    }
    case "CompleteTask": {
      const task = engagement.tasks.find((t) => t.id === command.taskId)
      if (task === undefined) return rejected(engagement, "CompleteTask", "UnknownTask", `no task ${command.taskId}`)
      if (task.done)
        return rejected(engagement, "CompleteTask", "TaskAlreadyDone", `${command.taskId} was done by ${task.done.by}`)
      const done = { by: actor.personId, at, ...(command.note ? { note: command.note } : {}) }
      const e = next({ tasks: engagement.tasks.map((t) => (t.id === task.id ? { ...t, done } : t)) }, undefined)
      return Either.right({
        engagement: e,
        ledger: [entry(e, `task done: ${task.id}`, { taskId: task.id })],
        outbox: []
      })
    }
    case "Hold": {
      const e = next({}, "held")
      return Either.right({ engagement: e, ledger: [entry(e, "held")], outbox: [] })
    }
    case "Settle": {
      const expenses = command.expenses
      let settlement: ApprovedBudget.Settlement | undefined
      if (engagement.approvedBudget !== undefined) {
        const settled = ApprovedBudget.settle(engagement.approvedBudget, expenses)
        if (Either.isLeft(settled)) return rejected(engagement, "Settle", "CurrencyMismatch", settled.left.message)
        settlement = settled.right
      }
      const total = Money.sum(
        engagement.budget?.currency ?? Money.CNY,
        expenses.map((l) => l.amount)
      )
      if (Either.isLeft(total)) return rejected(engagement, "Settle", "CurrencyMismatch", total.left.message)
      const e = next(settlement ? { settlement } : {}, "settled")
      return Either.right({
        engagement: e,
        ledger: [
          entry(e, `settled: ${Money.format(total.right)}${settlement ? ` (${settlement.outcome})` : ""}`, {
            amount: total.right,
            flagged: settlement !== undefined && settlement.outcome !== "ok",
            invoices: expenses.flatMap((l) => (l.invoice ? [l.invoice] : []))
          })
        ],
        outbox: []
      })
    }
    case "Close": {
      if (engagement.route !== undefined) {
        const state = ApprovalRouting.progress(engagement.route, engagement.decisions)
        if (state._tag === "Pending") {
          return rejected(
            engagement,
            "Close",
            "ApprovalsPending",
            `waiting for the approval of ${state.next.role} (事后补办)`
          )
        }
      } else if (engagement.emergency) {
        return rejected(
          engagement,
          "Close",
          "ApprovalsPending",
          "an emergency engagement is approved afterwards before it closes"
        )
      }
      const e = next({}, "closed")
      return Either.right({ engagement: e, ledger: [entry(e, "closed")], outbox: [] })
    }
    case "Cancel": {
      const e = next({ cancellation: { reason: command.reason, by: actor.personId, at } }, "cancelled")
      return Either.right({
        engagement: e,
        ledger: [entry(e, `cancelled: ${command.reason}`)],
        outbox: [
          Outbox.message(
            e,
            at,
            "cancelled",
            { roles: [], personIds: [e.ownerId, e.requesterId] },
            { reason: command.reason }
          )
        ]
      })
    }
  }
}

/**
 * The role a pending approval has escalated to at `at` (超时上报), if its escalation deadline has
 * passed on the business calendar: that role may then decide the step.
 *
 * @since 0.1.0
 * @category authorisation
 */
export const escalatedRole = (policies: Policies, engagement: Engagement, at: DateTime.Zoned): string | undefined => {
  if (engagement.route === undefined || engagement.submittedAt === undefined) return undefined
  const state = ApprovalRouting.escalation(engagement.route, engagement.decisions, {
    submittedAt: engagement.submittedAt,
    calendar: policies.calendar,
    now: at,
    beyondCoverage: "provisional"
  })
  return Either.isRight(state) && state.right._tag === "Escalated" ? state.right.escalateTo : undefined
}

/** The tasks of an engagement planned again from its current dates, keeping what was done. */
const replan = (
  policies: Policies,
  engagement: Engagement,
  at: DateTime.Zoned
): Either.Either<ReadonlyArray<TaskRecord>, Rejected> => {
  const procedure = policies.procedures.get(engagement.procedureId)
  if (procedure === undefined) {
    return Either.left(
      new Rejected({
        engagementId: engagement.id,
        command: "Edit",
        reason: "UnknownProcedure",
        message: `unknown procedure ${engagement.procedureId}`
      })
    )
  }
  const made = Plan.make(procedure, planInput(engagement, at), policies.calendar)
  if (Either.isLeft(made)) {
    return Either.left(
      new Rejected({ engagementId: engagement.id, command: "Edit", reason: "PlanFailed", message: made.left.message })
    )
  }
  return Either.right(taskRecords(made.right, engagement))
}

/** A plan's tasks as the engagement keeps them, with the done marks of the tasks it had. */
const taskRecords = (plan: Plan.Plan, engagement: Engagement): ReadonlyArray<TaskRecord> => {
  const done = new Map(engagement.tasks.filter((t) => t.done).map((t) => [t.id, t.done!] as const))
  return plan.tasks.map((t): TaskRecord => {
    const d = t.deadline
    const was = done.get(t.id)
    return {
      id: t.id,
      stepId: t.stepId,
      ownerRole: t.ownerRole,
      ...(d ? { due: iso(d.due), dueDate: d.dueDate } : {}),
      ...(was ? { done: was } : {})
    }
  })
}

const stripUndefined = <A extends object>(a: A): Partial<A> =>
  Object.fromEntries(Object.entries(a).filter(([, v]) => v !== undefined)) as Partial<A>

const planInput = (e: Engagement, at: DateTime.Zoned): Plan.PlanInput => ({
  engagementId: e.id,
  eventStart: e.eventStart,
  ...(e.eventEnd !== undefined ? { eventEnd: e.eventEnd } : {}),
  ...(e.notice !== undefined ? { notice: e.notice } : {}),
  ...(e.anchors !== undefined ? { anchors: e.anchors } : {}),
  now: at
})

const routeFor = (policies: Policies, e: Engagement, amount: Money.Money) =>
  ApprovalRouting.route(policies.routing, {
    ...(e.tier !== undefined ? { tier: e.tier } : {}),
    ...(e.level !== undefined ? { level: e.level } : {}),
    ...(e.receptionType !== undefined ? { receptionType: e.receptionType } : {}),
    amount,
    emergency: e.emergency
  })

type Next = (changes: Partial<Engagement>, to: Status | undefined) => Engagement
type EntryOf = (e: Engagement, reason: string, extra?: Partial<Ledger.Entry>) => Ledger.Entry

const submit = (
  policies: Policies,
  engagement: Engagement,
  actor: Actor,
  at: DateTime.Zoned,
  next: Next,
  entry: EntryOf
): Either.Either<Decision, CommandError> => {
  if (engagement.budget === undefined) {
    return rejected(engagement, "Submit", "NoBudget", "an engagement is submitted with its budget (or application)")
  }
  const ledger: Array<Ledger.Entry> = []
  if (engagement.application !== undefined) {
    const checked = BudgetPolicy.checkApplication(policies.budget, engagement.application, {
      history: policies.history ?? []
    })
    if (Either.isLeft(checked)) return rejected(engagement, "Submit", "CurrencyMismatch", checked.left.message)
    const verdicts = checked.right.proposal.verdicts
    const blocks = verdicts.filter((v) => v.severity === "block")
    if (blocks.length > 0) {
      return rejected(
        engagement,
        "Submit",
        "BudgetBlocked",
        `the budget breaks ${blocks.length} rule(s) of ${policies.budget.id} ${policies.budget.version}: ${blocks.map((b) => b.code).join(", ")}`,
        blocks
      )
    }
    // The final approval freezes the item budgets within the routed amount: refuse now what no
    // approver could ever approve.
    const items = checked.right.proposal.spent.total
    if (items.currency === engagement.budget.currency && items.minor > engagement.budget.minor) {
      return rejected(
        engagement,
        "Submit",
        "BudgetBlocked",
        `the item budgets add up to ${Money.format(items)}, more than the budget of ${Money.format(engagement.budget)}`,
        { items, budget: engagement.budget }
      )
    }
    ledger.push(Ledger.budgetVerdicts(engagement, actor, at, policies.budget, verdicts))
  }
  const route = routeFor(policies, engagement, engagement.budget)
  if (Either.isLeft(route)) return rejected(engagement, "Submit", "CurrencyMismatch", route.left.message)
  const e = next({ route: route.right, decisions: [], submittedAt: at }, "submitted")
  const first = route.right.steps[0]
  return Either.right({
    engagement: e,
    ledger: [
      ...ledger,
      entry(e, `submitted for approval by ${route.right.steps.map((s) => s.role).join(" → ")}`, {
        amount: engagement.budget
      })
    ],
    outbox: [
      Outbox.message(
        e,
        at,
        "approval-needed",
        { roles: [first.role], personIds: [] },
        { amount: Money.format(engagement.budget) }
      )
    ]
  })
}

const decideApproval = (
  policies: Policies,
  engagement: Engagement,
  actor: Actor,
  command: Extract<Command, { _tag: "Decide" }>,
  at: DateTime.Zoned,
  next: Next,
  entry: EntryOf,
  escalatedTo: string | undefined
): Either.Either<Decision, CommandError> => {
  const route = engagement.route!
  const pending = ApprovalRouting.progress(route, engagement.decisions)
  if (pending._tag !== "Pending") return illegal(engagement, "Decide")
  // Decided by the escalation role when the step's own approver did not answer in time.
  const onEscalation = !actor.roles.includes(pending.next.role) && escalatedTo !== undefined
  const note = onEscalation
    ? `escalated to ${escalatedTo} (超时上报)${command.note ? `: ${command.note}` : ""}`
    : command.note
  const decision: ApprovalRouting.Decision = {
    role: pending.next.role,
    by: actor.name,
    personId: actor.personId,
    at,
    outcome: command.outcome,
    ...(note ? { note } : {})
  }
  const decisions = [...engagement.decisions, decision]
  const state = ApprovalRouting.progress(route, decisions)
  // On the normal path the state follows the approvals; on the emergency path the engagement is
  // already under way, and the approvals only complete its record.
  const normal = engagement.status === "submitted"
  let approvedBudget: ApprovedBudget.ApprovedBudget | undefined
  if (state._tag === "Approved" && engagement.application !== undefined) {
    const frozen = ApprovedBudget.freeze(
      policies.budget,
      BudgetPolicy.factsOfApplication(engagement.application, policies.history ?? []),
      BudgetPolicy.linesOfApplication(engagement.application),
      { route, decisions }
    )
    if (Either.isLeft(frozen)) {
      return rejected(
        engagement,
        "Decide",
        frozen.left._tag === "CurrencyMismatch" ? "CurrencyMismatch" : "BudgetBlocked",
        frozen.left.message
      )
    }
    approvedBudget = { ...frozen.right, approvedAt: at, emergency: engagement.emergency }
  }
  const to: Status | undefined = normal
    ? state._tag === "Approved"
      ? "approved"
      : state._tag === "Rejected"
        ? "rejected"
        : undefined
    : undefined
  const e = next({ decisions, ...(approvedBudget ? { approvedBudget } : {}) }, to)
  const following = state._tag === "Pending" ? state.next : undefined
  return Either.right({
    engagement: e,
    ledger: [
      entry(e, `${command.outcome} by ${actor.name} as ${decision.role}${command.note ? `: ${command.note}` : ""}`, {
        ...(engagement.budget ? { amount: engagement.budget } : {})
      })
    ],
    outbox: [
      following
        ? Outbox.message(e, at, "approval-needed", { roles: [following.role], personIds: [] }, {})
        : Outbox.message(
            e,
            at,
            command.outcome === "approved" ? "approved" : "rejected",
            { roles: [], personIds: [e.requesterId, e.ownerId] },
            {
              by: actor.name,
              role: decision.role
            }
          )
    ]
  })
}
