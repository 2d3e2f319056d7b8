/**
 * Fixtures for the engagement lifecycle tests: the people of a small company (the demo's), the
 * policies in force, the demo's reception application and helpers to apply commands that must be
 * accepted or refused.
 */
import * as DateTime from "effect/DateTime"
import * as Either from "effect/Either"
import {
  ApprovalRouting,
  BudgetPolicy,
  type Directory,
  Engagement,
  OfficialCalendars,
  ProcedureCatalog,
  ReceptionApplication
} from "../src/index.js"

export const policies: Engagement.Policies = {
  routing: ApprovalRouting.seed,
  budget: BudgetPolicy.seedRuleSet,
  access: Engagement.defaultAccess,
  calendar: OfficialCalendars.cnMainland,
  procedures: ProcedureCatalog.builtIn
}

/** The people of the host app, as its directory would list them. */
export const people: ReadonlyArray<Directory.Person> = [
  { id: "li.na", name: "Li Na 李娜", roles: ["requester"], department: "Marketing" },
  { id: "liu.yang", name: "Liu Yang 刘洋", roles: ["requester"], department: "Sales" },
  { id: "zhou.qiang", name: "Zhou Qiang 周强", roles: ["department-head"], department: "Marketing" },
  { id: "wang.fang", name: "Wang Fang 王芳", roles: ["admin-department"], department: "Admin" },
  { id: "zhao.lei", name: "Zhao Lei 赵磊", roles: ["admin-clerk"], department: "Admin" },
  { id: "chen.gang", name: "Chen Gang 陈刚", roles: ["general-manager"], department: "Management" },
  { id: "he.jing", name: "He Jing 何静", roles: ["general-manager-assistant"], department: "Management" },
  { id: "sun.li", name: "Sun Li 孙丽", roles: ["finance"], department: "Finance" },
  { id: "qian.yu", name: "Qian Yu 钱宇", roles: ["driver"], department: "Admin" },
  { id: "gu.yan", name: "Gu Yan 顾岩", roles: ["driver"], department: "Admin", confidentialClearance: true }
]

/** A person of {@link people} as the actor of a command. */
export const actor = (id: string): Engagement.Actor => {
  const p = people.find((x) => x.id === id)
  if (p === undefined) throw new Error(`no person ${id} in the fixtures`)
  return {
    personId: p.id,
    name: p.name,
    roles: p.roles,
    ...(p.confidentialClearance !== undefined ? { confidentialClearance: p.confidentialClearance } : {})
  }
}

/** The demo's application: tier C, senior level, 900 CNY, a lunch of 560 CNY for five. */
export const applicationInput = {
  applicant: "Li Na 李娜",
  department: "Marketing 市场部",
  contactPerson: "Li Na 李娜",
  guestOrganisation: "Hangzhou Lakeside Furniture Co. 杭州湖畔家具有限公司",
  purpose: "Showroom visit and the 2026 dealer agreement 参观展厅、洽谈2026年经销协议",
  visitDate: "2026-02-24",
  budget: { amount: "900.00", currency: "CNY" },
  companionCount: 2,
  arrivalMode: "train",
  guests: [
    { name: "Zhou Min 周敏", title: "General manager 总经理" },
    { name: "Wu Tao 吴涛", title: "Purchasing director 采购总监" },
    { name: "Xu Jing 徐静", title: "Designer 设计师" }
  ],
  lunch: {
    place: "Riverside Restaurant 江畔餐厅",
    headcount: 5,
    budget: { amount: "560.00", currency: "CNY" },
    contact: "Wang Fang"
  },
  partTwo: {
    contactPerson: "Wang Fang 王芳",
    receptionType: "business",
    fruitAndSnacks: "fine",
    tea: ["green-tea", "mineral-water"],
    meetingRoom: { equipment: ["computer", "projector", "clicker"] },
    gifts: "simple",
    approvedByDepartmentHead: true
  },
  clientTier: "C",
  visitorLevel: "senior"
} as const

/** Decodes an application the test knows to be valid. */
export const decodeApplication = (input: unknown): ReceptionApplication.ReceptionApplication => {
  const decoded = ReceptionApplication.decode(input)
  if (Either.isLeft(decoded)) throw new Error(decoded.left.message)
  return decoded.right
}

export const application = decodeApplication(applicationInput)

/** The application with some fields replaced. */
export const applicationWith = (overrides: Record<string, unknown>): ReceptionApplication.ReceptionApplication =>
  decodeApplication({ ...applicationInput, ...overrides })

/** An instant in Shanghai, from ISO text with an offset. */
export const shanghai = (iso: string): DateTime.Zoned => {
  const millis = Date.parse(iso)
  if (Number.isNaN(millis)) throw new Error(`not an instant: ${iso}`)
  return DateTime.unsafeMakeZoned(millis, { timeZone: "Asia/Shanghai" })
}

export type CreateCommand = Extract<Engagement.Command, { _tag: "Create" }>

export const VISIT_ID = "visit-2026-02-24-hzlf" as Engagement.EngagementId

/** The demo's visit, requested by Li Na and owned by Wang Fang of the admin department. */
export const createVisit = (overrides: Partial<Omit<CreateCommand, "_tag">> = {}): CreateCommand => ({
  _tag: "Create",
  id: VISIT_ID,
  title: "Lakeside Furniture visit 湖畔家具来访",
  procedureId: "client-reception-standard",
  counterpart: application.guestOrganisation,
  eventStart: "2026-02-24",
  eventEnd: "2026-02-24",
  notice: "2026-02-09T10:00:00+08:00",
  ownerId: "wang.fang",
  application,
  ...overrides
})

/** Creates an engagement that must be accepted. */
export const created = (
  command: CreateCommand,
  by: Engagement.Actor,
  at: DateTime.Zoned,
  p: Engagement.Policies = policies
): Engagement.Decision => {
  const result = Engagement.create(p, by, command, at)
  if (Either.isLeft(result)) throw new Error(`expected Create by ${by.personId} to be accepted: ${result.left.message}`)
  return result.right
}

/** Applies a command that must be accepted. */
export const accept = (
  engagement: Engagement.Engagement,
  by: Engagement.Actor,
  command: Engagement.Command,
  at: DateTime.Zoned,
  p: Engagement.Policies = policies
): Engagement.Decision => {
  const result = Engagement.decide(p, engagement, by, command, at)
  if (Either.isLeft(result)) {
    throw new Error(`expected ${command._tag} by ${by.personId} to be accepted: ${result.left.message}`)
  }
  return result.right
}

/** Applies a command that must be refused, and returns why. */
export const refuse = (
  engagement: Engagement.Engagement,
  by: Engagement.Actor,
  command: Engagement.Command,
  at: DateTime.Zoned,
  p: Engagement.Policies = policies
): Engagement.CommandError => {
  const result = Engagement.decide(p, engagement, by, command, at)
  if (Either.isRight(result)) {
    throw new Error(
      `expected ${command._tag} by ${by.personId} to be refused; it led to ${result.right.engagement.status}`
    )
  }
  return result.left
}
