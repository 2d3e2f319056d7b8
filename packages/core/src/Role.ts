/**
 * Roles (岗位): who owns a client tier, who accompanies a visitor, who approves a reception.
 *
 * A role is an id and a bilingual label. The seed roles of `BRIEF.md` §1–§3 are provided; a host app
 * names its own with {@link make}.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import * as Label from "./Label.js"

/**
 * A role id: lower-case words joined by hyphens (`general-manager`).
 *
 * @since 0.1.0
 * @category models
 */
export type RoleId = string

/**
 * The Schema of a {@link RoleId}.
 *
 * @since 0.1.0
 * @category schemas
 */
export const RoleId: Schema.filter<typeof Schema.String> = Schema.String.pipe(
  Schema.filter(
    (s) =>
      /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(s) ||
      `expected a role id such as "general-manager", got ${JSON.stringify(s)}`,
    {
      identifier: "RoleId",
      arbitrary: () => (fc) =>
        fc.constantFrom("general-manager", "department-head", "admin-group", "finance", "marketing-manager")
    }
  )
)

/**
 * A role: its id and its label.
 *
 * @since 0.1.0
 * @category models
 */
export interface Role {
  readonly id: RoleId
  readonly label: Label.Label
}

/**
 * The Schema of a {@link Role}.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Role: Schema.Schema<Role, { readonly id: string; readonly label: Label.Label }> = Schema.Struct({
  id: RoleId,
  label: Label.Label
}).annotations({ identifier: "Role" })

/**
 * A role from an id the caller knows to be well formed, and its two names.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (id: string, zhCN: string, en: string): Role => ({ id, label: Label.make(zhCN, en) })

/**
 * 总经理 / 店长: approves liaison plans and large or top-tier receptions.
 *
 * @since 0.1.0
 * @category seed roles
 */
export const generalManager: Role = make("general-manager", "总经理", "General manager")

/**
 * 总经理助理: with the marketing business group, hosts tier A guests.
 *
 * @since 0.1.0
 * @category seed roles
 */
export const generalManagerAssistant: Role = make(
  "general-manager-assistant",
  "总经理助理",
  "Assistant to the general manager"
)

/**
 * 市场部商务组: the marketing department's business group.
 *
 * @since 0.1.0
 * @category seed roles
 */
export const marketingBusinessGroup: Role = make("marketing-business-group", "市场部商务组", "Marketing business group")

/**
 * 项目部门主管负责人: hosts tier B (project) receptions.
 *
 * @since 0.1.0
 * @category seed roles
 */
export const projectDepartmentHead: Role = make(
  "project-department-head",
  "项目部门主管负责人",
  "Head of the project department"
)

/**
 * 市场部经理: with the business group, hosts tier C (marketing) receptions.
 *
 * @since 0.1.0
 * @category seed roles
 */
export const marketingManager: Role = make("marketing-manager", "市场部经理", "Marketing department manager")

/**
 * 综合部行政组: the integrated management department's admin group; owns reception logistics.
 *
 * @since 0.1.0
 * @category seed roles
 */
export const adminGroup: Role = make("admin-group", "综合部行政组", "Admin group")

/**
 * 相关对口部门: the counterpart department of an ordinary visitor.
 *
 * @since 0.1.0
 * @category seed roles
 */
export const counterpartDepartment: Role = make("counterpart-department", "相关对口部门", "Counterpart department")

/**
 * 部门负责人: approves the requester's reception (application form part 2).
 *
 * @since 0.1.0
 * @category seed roles
 */
export const departmentHead: Role = make("department-head", "部门负责人", "Department head")

/**
 * 财务: releases funds before and reimburses after.
 *
 * @since 0.1.0
 * @category seed roles
 */
export const finance: Role = make("finance", "财务", "Finance")

/**
 * The seed roles, for label look-ups.
 *
 * @since 0.1.0
 * @category seed roles
 */
export const seedRoles: ReadonlyArray<Role> = [
  generalManager,
  generalManagerAssistant,
  marketingBusinessGroup,
  projectDepartmentHead,
  marketingManager,
  adminGroup,
  counterpartDepartment,
  departmentHead,
  finance
]
