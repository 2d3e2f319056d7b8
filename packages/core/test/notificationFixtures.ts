/**
 * Fixtures for the notification, dispatcher and reminder tests: a small company's people with
 * e-mail addresses and supervisors, the policies in force, and engagements planned with the
 * built-in procedures on the China calendar.
 */
import * as DateTime from "effect/DateTime"
import * as Either from "effect/Either"
import {
  ApprovalRouting,
  BudgetPolicy,
  type Directory,
  Engagement,
  OfficialCalendars,
  Plan,
  ProcedureCatalog
} from "../src/index.js"

export const calendar = OfficialCalendars.cnMainland

export const policies: Engagement.Policies = {
  routing: ApprovalRouting.seed,
  budget: BudgetPolicy.seedRuleSet,
  access: Engagement.defaultAccess,
  calendar,
  procedures: ProcedureCatalog.builtIn
}

export const people: ReadonlyArray<Directory.Person> = [
  { id: "li.na", name: "李娜", roles: ["requester"], supervisorId: "zhou.qiang", email: "li.na@example.cn" },
  { id: "liu.yang", name: "刘洋", roles: ["requester"], supervisorId: "zhou.qiang", email: "liu.yang@example.cn" },
  {
    id: "zhou.qiang",
    name: "周强",
    roles: ["department-head"],
    supervisorId: "chen.gang",
    email: "zhou.qiang@example.cn"
  },
  {
    id: "wang.fang",
    name: "王芳",
    roles: ["admin-department"],
    supervisorId: "he.jing",
    email: "wang.fang@example.cn"
  },
  { id: "zhao.lei", name: "赵磊", roles: ["admin-clerk"], supervisorId: "wang.fang", email: "zhao.lei@example.cn" },
  { id: "chen.gang", name: "陈刚", roles: ["general-manager"], email: "chen.gang@example.cn" },
  {
    id: "he.jing",
    name: "何静",
    roles: ["general-manager-assistant"],
    supervisorId: "chen.gang",
    email: "he.jing@example.cn"
  },
  { id: "sun.li", name: "孙丽", roles: ["finance"], supervisorId: "chen.gang", email: "sun.li@example.cn" },
  { id: "ma.jun", name: "马骏", roles: ["on-duty-manager"], supervisorId: "chen.gang", email: "ma.jun@example.cn" },
  { id: "qian.yu", name: "钱宇", roles: ["salesperson"], supervisorId: "zhou.qiang", email: "qian.yu@example.cn" },
  { id: "gu.yan", name: "顾岩", roles: ["admin-department"], confidentialClearance: true, email: "gu.yan@example.cn" }
]

export const person = (id: string): Directory.Person => {
  const p = people.find((x) => x.id === id)
  if (p === undefined) throw new Error(`no person ${id}`)
  return p
}

export const actor = (id: string): Engagement.Actor => {
  const p = person(id)
  return {
    personId: p.id,
    name: p.name,
    roles: p.roles,
    ...(p.confidentialClearance !== undefined ? { confidentialClearance: p.confidentialClearance } : {})
  }
}

/** A Shanghai wall-clock instant, e.g. `at("2026-03-02T09:00")`. */
export const at = (local: string): DateTime.Zoned =>
  DateTime.unsafeMakeZoned(Date.parse(`${local}:00+08:00`), { timeZone: "Asia/Shanghai" })

export const millis = (local: string): number => Date.parse(`${local}:00+08:00`)

/**
 * An engagement planned with a built-in procedure at `plannedAt`: its tasks carry their due moments
 * as the lifecycle records them.
 */
export const planned = (
  id: string,
  options: {
    readonly procedureId?: string
    readonly eventStart?: string
    readonly eventEnd?: string
    readonly notice?: string
    readonly anchors?: Readonly<Record<string, string>>
    readonly plannedAt?: string
    readonly confidential?: boolean
    readonly tier?: string
    readonly emergency?: boolean
    readonly title?: string
    readonly counterpart?: string
  } = {}
): Engagement.Engagement => {
  const procedureId = options.procedureId ?? "client-reception-standard"
  const procedure = ProcedureCatalog.builtIn.get(procedureId)
  if (procedure === undefined) throw new Error(`no procedure ${procedureId}`)
  const eventStart = options.eventStart ?? "2026-03-10T09:30:00+08:00"
  const plannedAt = at(options.plannedAt ?? "2026-03-02T09:00")
  const made = Plan.make(
    procedure,
    {
      engagementId: id,
      eventStart,
      ...(options.eventEnd !== undefined ? { eventEnd: options.eventEnd } : {}),
      ...(options.notice !== undefined ? { notice: options.notice } : {}),
      ...(options.anchors !== undefined ? { anchors: options.anchors } : {}),
      now: plannedAt
    },
    calendar
  )
  if (Either.isLeft(made)) throw new Error(made.left.message)
  return {
    id: id as Engagement.EngagementId,
    version: 5,
    status: "planned",
    title: options.title ?? "华东家具集团来访 Visit of East China Furniture",
    procedureId,
    counterpart: options.counterpart ?? "华东家具集团",
    confidential: options.confidential ?? false,
    emergency: options.emergency ?? false,
    ...(options.tier !== undefined ? { tier: options.tier } : {}),
    requesterId: "li.na",
    ownerId: "wang.fang",
    eventStart,
    ...(options.eventEnd !== undefined ? { eventEnd: options.eventEnd } : {}),
    ...(options.notice !== undefined ? { notice: options.notice } : {}),
    ...(options.anchors !== undefined ? { anchors: options.anchors } : {}),
    decisions: [],
    tasks: made.right.tasks.map((t) => ({
      id: t.id,
      stepId: t.stepId,
      ownerRole: t.ownerRole,
      ...(t.deadline
        ? {
            due: DateTime.formatIsoOffset(DateTime.setZone(t.deadline.due, calendar.zone)),
            dueDate: t.deadline.dueDate
          }
        : {})
    })),
    createdAt: plannedAt,
    updatedAt: plannedAt
  }
}
