/**
 * The people and policies of a small company, for driving the `Engagements` service over the
 * adapter (built from the library's seeds only).
 */
import {
  ApprovalRouting,
  BudgetPolicy,
  type Directory,
  Engagement,
  Money,
  OfficialCalendars,
  ProcedureCatalog
} from "@liaison/core"

export const policies: Engagement.Policies = {
  routing: ApprovalRouting.seed,
  budget: BudgetPolicy.seedRuleSet,
  access: Engagement.defaultAccess,
  calendar: OfficialCalendars.cnMainland,
  procedures: ProcedureCatalog.builtIn
}

export const people: ReadonlyArray<Directory.Person> = [
  { id: "li.na", name: "Li Na 李娜", roles: ["requester"], department: "Marketing" },
  { id: "zhou.qiang", name: "Zhou Qiang 周强", roles: ["department-head"], department: "Marketing" },
  { id: "wang.fang", name: "Wang Fang 王芳", roles: ["admin-department"], department: "Admin" },
  { id: "chen.gang", name: "Chen Gang 陈刚", roles: ["general-manager"], department: "Management" }
]

/** A person of {@link people} as the actor of a command. */
export const actor = (id: string): Engagement.Actor => {
  const p = people.find((x) => x.id === id)
  if (p === undefined) throw new Error(`no person ${id} in the fixtures`)
  return { personId: p.id, name: p.name, roles: p.roles }
}

/** 9 February 2026, 10:00 in Shanghai. */
export const ANNOUNCED = Date.parse("2026-02-09T10:00:00+08:00")

/** A visit requested by Li Na, owned by Wang Fang. */
export const createVisit = (
  id: string,
  overrides: Partial<Omit<Extract<Engagement.Command, { _tag: "Create" }>, "_tag">> = {}
): Extract<Engagement.Command, { _tag: "Create" }> => ({
  _tag: "Create",
  id: id as Engagement.EngagementId,
  title: "Lakeside Furniture visit 湖畔家具来访",
  procedureId: "client-reception-standard",
  counterpart: "Hangzhou Lakeside Furniture Co. 杭州湖畔家具有限公司",
  eventStart: "2026-02-24",
  ownerId: "wang.fang",
  budget: Money.yuan(900),
  ...overrides
})
