/**
 * The built-in procedures (内置工作程序): the ten procedures of the seed documents, step by step with
 * their timings, under stable ids. Host apps add their own and override these by id ({@link merge}).
 *
 * Timings follow the seeds' words. Where a seed names a step without a time (the 14-step visit
 * flow, "keep in touch before the visit"), the step falls due by the latest moment its place in
 * the sequence allows, and its `work` text says so.
 *
 * @since 0.1.0
 */
import * as Either from "effect/Either"
import * as D from "./Deadline.js"
import * as Label from "./Label.js"
import * as Procedure from "./Procedure.js"
import * as Role from "./Role.js"

// ---------------------------------------------------------------------------------------------
// Roles the procedures name (BRIEF §1)
// ---------------------------------------------------------------------------------------------

/**
 * The roles the built-in procedures assign, beyond the tier owners of {@link Role.seedRoles}.
 *
 * @since 0.1.0
 * @category roles
 */
export const roles = {
  generalManager: Role.generalManager,
  groupLeadership: Role.make("group-leadership", "集团领导", "Group leadership"),
  adminClerk: Role.make("admin-clerk", "行政文员", "Admin clerk"),
  adminDepartment: Role.make(
    "admin-department",
    "综合管理部（行政组）",
    "Integrated management department (admin group)"
  ),
  liaisonOfficer: Role.make("liaison-officer", "外联专员", "Liaison officer"),
  requester: Role.make("requester", "需求提出者", "Requester"),
  departmentHead: Role.departmentHead,
  finance: Role.finance,
  onDutyManager: Role.make("on-duty-manager", "值班负责人", "Manager on duty"),
  salesperson: Role.make("salesperson", "业务员", "Salesperson"),
  regionalManager: Role.make("regional-manager", "区域经理", "Regional manager"),
  driver: Role.make("driver", "司机", "Driver"),
  guestGroup: Role.make("guest-group", "嘉宾组", "Guest group"),
  logisticsGroup: Role.make("logistics-group", "后勤组", "Logistics group"),
  processGroup: Role.make("process-group", "流程组", "Process group"),
  serviceGroup: Role.make("service-group", "服务组", "Service group")
} as const

const r = roles

// ---------------------------------------------------------------------------------------------
// Building blocks
// ---------------------------------------------------------------------------------------------

interface StepInput {
  readonly id: string
  readonly zh: string
  readonly en: string
  readonly owner: Role.Role
  readonly deadline: D.Rule
  readonly dependsOn?: ReadonlyArray<string>
  readonly artefacts?: ReadonlyArray<Procedure.Artefact>
  readonly escalateTo?: Role.Role
  readonly escalateAfter?: D.Offset
  readonly work?: readonly [zh: string, en: string]
}

const step = (s: StepInput): Procedure.Step => ({
  id: s.id,
  name: Label.make(s.zh, s.en),
  ownerRole: s.owner.id,
  deadline: s.deadline,
  ...(s.dependsOn ? { dependsOn: s.dependsOn } : {}),
  ...(s.artefacts ? { artefacts: s.artefacts } : {}),
  ...(s.escalateTo ? { escalation: { to: s.escalateTo.id, after: s.escalateAfter ?? D.after(0, "minutes") } } : {}),
  ...(s.work ? { work: Label.make(s.work[0], s.work[1]) } : {})
})

const procedure = (
  id: string,
  zh: string,
  en: string,
  source: string,
  steps: ReadonlyArray<Procedure.Step>,
  anchors?: ReadonlyArray<{ readonly name: string; readonly zh: string; readonly en: string }>
): Procedure.Procedure => ({
  id,
  name: Label.make(zh, en),
  source,
  version: "1",
  ...(anchors ? { anchors: anchors.map((a) => ({ name: a.name, label: Label.make(a.zh, a.en) })) } : {}),
  steps: steps as readonly [Procedure.Step, ...Array<Procedure.Step>]
})

const T = D.eventStart
const END = D.eventEnd
const N = D.noticeReceived
const sameDayAs = (anchor: D.Anchor) => D.point(anchor, D.after(0, "workingDays"))
const withinHoursOfNotice = (hours: number) => D.point(N, D.after(hours, "hours"))
/** "外联前1-2日": funds are drawn one to two working days before. */
const fundsBefore = (anchor: D.Anchor) => D.window(anchor, D.before(2, "workingDays"), D.before(1, "workingDays"))
const SEED_000 = "seed 000: 家具商场外联流程"

// ---------------------------------------------------------------------------------------------
// P1–P8: seed 000, a furniture mall's external-liaison procedures
// ---------------------------------------------------------------------------------------------

/**
 * P1 Routine liaison with government bodies (政府部门等的日常联络工作程序). T = the contact or visit.
 *
 * @since 0.1.0
 * @category procedures
 */
export const governmentLiaison: Procedure.Procedure = procedure(
  "government-liaison",
  "政府部门等的日常联络",
  "Routine liaison with government bodies",
  `${SEED_000} §1`,
  [
    step({
      id: "plan",
      zh: "规划",
      en: "Plan",
      owner: r.liaisonOfficer,
      deadline: D.point({ _tag: "PeriodBoundary", period: "quarter", edge: "start" }, D.after(0, "workingDays"), {
        roll: "following"
      }),
      artefacts: ["liaisonPlan"],
      work: [
        "每季度一次，提前做好外联计划，包括外联单位、方式、费用等",
        "Once per quarter, in advance: the liaison plan (units, method, cost)"
      ]
    }),
    step({
      id: "request-approval",
      zh: "请示",
      en: "Request approval",
      owner: r.liaisonOfficer,
      deadline: D.point(T, D.before(1, "weeks")),
      dependsOn: ["plan"],
      work: [
        "外联前一周请示总经理/店长，按计划开展外联公关工作",
        "One week before: ask the GM / store manager to approve"
      ]
    }),
    step({
      id: "funds",
      zh: "申领财物",
      en: "Draw funds",
      owner: r.liaisonOfficer,
      deadline: fundsBefore(T),
      dependsOn: ["request-approval"],
      work: ["外联前1-2日办理财务手续，申领财物", "1–2 days before: financial formalities, draw funds and goods"]
    }),
    step({
      id: "contact",
      zh: "联络",
      en: "Contact",
      owner: r.liaisonOfficer,
      deadline: sameDayAs(T),
      dependsOn: ["request-approval"],
      work: [
        "视情形电话联络、上门拜访、礼节性宴请；提前预约",
        "Phone, visit or courtesy banquet as planned; appointment made in advance"
      ]
    }),
    step({
      id: "report",
      zh: "汇报",
      en: "Report",
      owner: r.liaisonOfficer,
      deadline: sameDayAs(END),
      dependsOn: ["contact"],
      artefacts: ["report"],
      work: ["外联当天向总经理/店长汇报情况和结果", "The same day: situation and result to the GM"]
    }),
    step({
      id: "ledger",
      zh: "建立台帐",
      en: "Ledger",
      owner: r.adminClerk,
      deadline: sameDayAs(END),
      dependsOn: ["contact"],
      artefacts: ["ledgerEntry"],
      work: ["外联当天建立台帐：对象、情况、结果", "The same day: target, situation, result"]
    }),
    step({
      id: "reimburse",
      zh: "费用报销",
      en: "Reimburse",
      owner: r.finance,
      deadline: D.point(END, D.after(1, "weeks")),
      dependsOn: ["contact"],
      artefacts: ["financialSettlement"],
      work: ["外联后1周内报销", "Within 1 week after"]
    })
  ]
)

/** P2's contacts start 2 weeks before the holiday (节前1-2周); approval and funds are timed from them. */
const CONTACTS_START: D.Anchor = { _tag: "Shifted", base: D.eventStart, offset: D.before(2, "weeks") }

/**
 * P2 Major-holiday relations (重大节日相关单位、人员的公关工作程序). T = the holiday (Spring Festival
 * mainly; New Year's Day, Christmas, Mid-Autumn).
 *
 * @since 0.1.0
 * @category procedures
 */
export const holidayRelations: Procedure.Procedure = procedure(
  "holiday-relations",
  "重大节日公关",
  "Major-holiday relations",
  `${SEED_000} §2`,
  [
    step({
      id: "plan",
      zh: "规划",
      en: "Plan",
      owner: r.liaisonOfficer,
      deadline: D.point(CONTACTS_START, D.before(2, "weeks")),
      artefacts: ["liaisonPlan"],
      work: [
        "年度规划，节前再规划：单位、人员、方式、费用",
        "Yearly, and again before the holiday: units, people, means, cost"
      ]
    }),
    step({
      id: "request-approval",
      zh: "请示",
      en: "Request approval",
      owner: r.liaisonOfficer,
      deadline: D.window(CONTACTS_START, D.before(2, "weeks"), D.before(1, "weeks")),
      dependsOn: ["plan"],
      work: ["外联前1-2周请示总经理/店长", "1–2 weeks before the contacts: approval from the GM / store manager"]
    }),
    step({
      id: "funds",
      zh: "申领财物",
      en: "Draw funds",
      owner: r.liaisonOfficer,
      deadline: fundsBefore(CONTACTS_START),
      dependsOn: ["request-approval"],
      work: ["联络前1-2日申领财物（礼物、礼金卡）", "1–2 days before the contacts start: gifts and gift cards"]
    }),
    step({
      id: "contact",
      zh: "联络",
      en: "Contact",
      owner: r.liaisonOfficer,
      deadline: D.window(T, D.before(2, "weeks"), D.before(1, "weeks")),
      dependsOn: ["request-approval"],
      work: [
        "节前1-2周：电话、贺卡；重要单位和领导：宴请、礼物/礼金卡",
        "1–2 weeks before: phone, cards; banquets and gifts for key units"
      ]
    }),
    step({
      id: "report",
      zh: "汇报",
      en: "Report",
      owner: r.liaisonOfficer,
      deadline: D.point(T, D.before(1, "weeks")),
      dependsOn: ["contact"],
      artefacts: ["report"],
      work: [
        "每次外联当天汇报；以联络期最后一天为限",
        "The day of each contact; at the latest the last day of the contact window"
      ]
    }),
    step({
      id: "ledger",
      zh: "建立台帐",
      en: "Ledger",
      owner: r.adminClerk,
      deadline: D.point(T, D.before(1, "weeks")),
      dependsOn: ["contact"],
      artefacts: ["ledgerEntry"]
    }),
    step({
      id: "reimburse",
      zh: "费用报销",
      en: "Reimburse",
      owner: r.finance,
      deadline: D.point({ _tag: "Shifted", base: T, offset: D.before(1, "weeks") }, D.after(1, "weeks")),
      dependsOn: ["contact"],
      artefacts: ["financialSettlement"],
      work: ["外联后1周内报销", "Within 1 week after the contacts"]
    })
  ]
)

/**
 * P3 Administrative enforcement and emergencies (行政执法、突发事件等的公关工作程序). N = the moment
 * of the incident or its notice; the event end = when handling on site finished.
 *
 * @since 0.1.0
 * @category procedures
 */
export const incidentResponse: Procedure.Procedure = procedure(
  "incident-response",
  "行政执法与突发事件",
  "Administrative enforcement and emergencies",
  `${SEED_000} §3`,
  [
    step({
      id: "respond",
      zh: "现场接待或处理",
      en: "Respond on site",
      owner: r.onDutyManager,
      deadline: D.point(N, D.after(0, "minutes")),
      work: ["第一时间赶赴现场；若不在，立即安排相关人员", "At once; if away, arrange someone at once"]
    }),
    step({
      id: "notify",
      zh: "通知相关负责人",
      en: "Notify the person in charge",
      owner: r.onDutyManager,
      deadline: D.point(N, D.after(0, "minutes")),
      escalateTo: r.generalManager,
      work: [
        "按职能归属或事件类别，即时通知总经理/店长或部门负责人主接或参与",
        "At once, by jurisdiction or type: the GM or department head takes the lead"
      ]
    }),
    step({
      id: "handle",
      zh: "现场处理",
      en: "Handle on site",
      owner: r.departmentHead,
      deadline: sameDayAs(N),
      dependsOn: ["notify"],
      escalateTo: r.generalManager,
      work: [
        "一般问题当场解决；重大事件、超越职权事项即时上报总经理/店长",
        "Ordinary matters settled there; major ones reported to the GM at once"
      ]
    }),
    step({
      id: "report",
      zh: "上报请示",
      en: "Report",
      owner: r.departmentHead,
      deadline: sameDayAs(END),
      dependsOn: ["handle"],
      artefacts: ["report"],
      work: [
        "事后第一时间上报情况和结果，并提出善后意见",
        "First thing after: situation, result and an aftermath proposal"
      ]
    }),
    step({
      id: "aftermath",
      zh: "善后处理",
      en: "Aftermath",
      owner: r.departmentHead,
      deadline: D.point(D.named("aftermathDue"), D.after(0, "minutes")),
      dependsOn: ["report"],
      work: ["规定期限内，遵照总经理/店长指示，直至圆满完成", "Within the prescribed period, per the GM's instructions"]
    }),
    step({
      id: "review",
      zh: "总结反省",
      en: "Review",
      owner: r.departmentHead,
      deadline: D.point(END, D.after(1, "weeks")),
      dependsOn: ["report"],
      artefacts: ["writtenReview", "contingencyPlan"],
      work: [
        "事后一周内：书面材料（原因、过程、方案、结果）、同类事件预案、学习反省、处理责任人",
        "Within 1 week: written review, contingency plan, staff study, discipline"
      ]
    })
  ],
  [{ name: "aftermathDue", zh: "善后规定期限", en: "the period the GM sets for the aftermath" }]
)

/**
 * P4 Visits, inspections and conferences (来访、考察、会务等的接待工作程序).
 *
 * @since 0.1.0
 * @category procedures
 */
export const visitReception: Procedure.Procedure = procedure(
  "visit-reception",
  "来访、考察、会务接待",
  "Visits, inspections and conferences",
  `${SEED_000} §4`,
  [
    step({
      id: "understand",
      zh: "领会精神",
      en: "Understand the brief",
      owner: r.adminDepartment,
      deadline: withinHoursOfNotice(1),
      work: [
        "接获通知1小时内/当日：汇报总经理，确定日期、人物、规格、事由",
        "Within 1 hour of notice: report to the GM; fix date, people, level, purpose"
      ]
    }),
    step({
      id: "agenda",
      zh: "确定接待议程",
      en: "Agenda and reception group",
      owner: r.adminDepartment,
      deadline: withinHoursOfNotice(2),
      dependsOn: ["understand"],
      artefacts: ["agenda"],
      work: [
        "接获通知2小时内/当日：成立接待会务组，落实责任人；行政文员下发议程",
        "Within 2 hours: form the group, name owners; the clerk sends the agenda"
      ]
    }),
    step({
      id: "invitations",
      zh: "发送邀请函",
      en: "Send invitations",
      owner: r.adminDepartment,
      deadline: D.point(T, D.before(10, "calendarDays")),
      dependsOn: ["agenda"],
      artefacts: ["invitation"],
      work: ["大型会务需发邀请函的，提前10天发送", "Large conferences: invitations 10 days before"]
    }),
    step({
      id: "keep-in-touch",
      zh: "保持联络",
      en: "Keep in touch",
      owner: r.adminDepartment,
      deadline: D.point(T, D.before(1, "workingDays")),
      dependsOn: ["agenda"],
      work: [
        "接待前保持与对方联络；每日/定期碰头会（种子文件未定时限，以前一个工作日为限）",
        "Before the visit: stay in contact, team meetings (no time in the seed: by the working day before)"
      ]
    }),
    step({
      id: "prepare",
      zh: "接待前期准备",
      en: "Prepare",
      owner: r.adminDepartment,
      deadline: D.window(T, D.before(3, "calendarDays"), D.before(2, "calendarDays")),
      dependsOn: ["agenda"],
      work: [
        "提前2-3天：财物申领，落实用车、食宿、现场；最后一次会务组会议",
        "2–3 days before: funds and goods; vehicles, lodging, site; last team meeting"
      ]
    }),
    step({
      id: "final-check",
      zh: "检查准备",
      en: "Final check",
      owner: r.adminDepartment,
      deadline: D.point(T, D.before(1, "calendarDays")),
      dependsOn: ["prepare"],
      work: [
        "提前1天：礼品、食品及其他物品；检查各项准备是否到位",
        "1 day before: gifts, food and other items; check everything is ready"
      ]
    }),
    step({
      id: "host",
      zh: "现场接待",
      en: "Host",
      owner: r.adminDepartment,
      deadline: sameDayAs(END),
      dependsOn: ["final-check"],
      work: [
        "接待当天/数日：全程现场接待及接送，清理现场",
        "The day(s): host in person, pick-up and drop-off, clean-up"
      ]
    }),
    step({
      id: "settle",
      zh: "结算费用",
      en: "Settle",
      owner: r.finance,
      deadline: D.window(END, D.after(0, "workingDays"), D.after(1, "workingDays")),
      dependsOn: ["host"],
      artefacts: ["financialSettlement"],
      work: [
        "接待结束当天/次日与相关单位结算；财务报销",
        "The last day or the next: settle with vendors; reimbursement"
      ]
    }),
    step({
      id: "thank",
      zh: "答谢",
      en: "Thank the guests",
      owner: r.adminDepartment,
      deadline: D.point(END, D.after(1, "weeks")),
      dependsOn: ["host"],
      work: [
        "接待结束一周内：电话、邮件、短信答谢，征求意见",
        "Within 1 week: thank by phone, e-mail or SMS; ask for feedback"
      ]
    }),
    step({
      id: "ledger",
      zh: "建立台帐",
      en: "Ledger",
      owner: r.adminClerk,
      deadline: D.point(END, D.after(1, "workingDays")),
      dependsOn: ["host"],
      artefacts: ["ledgerEntry", "receptionList"],
      work: ["接待结束次日，行政文员建立接待工作台帐", "The day after: the clerk records the reception ledger"]
    })
  ]
)

/**
 * P5 Important customers shopping (重要客户来商场购物的安排、协调工作程序). T = the shopping; the
 * event end = the sale.
 *
 * @since 0.1.0
 * @category procedures
 */
export const vipShopping: Procedure.Procedure = procedure(
  "vip-shopping",
  "重要客户购物安排",
  "Important customers shopping",
  `${SEED_000} §5`,
  [
    step({
      id: "understand",
      zh: "了解情况",
      en: "Understand",
      owner: r.liaisonOfficer,
      deadline: withinHoursOfNotice(1),
      escalateTo: r.groupLeadership,
      work: [
        "接获通知1小时内/当日：联络客户；对口条线单位请示集团领导，汇报总经理",
        "Within 1 hour: contact the customer; counterpart-line units: ask group leaders"
      ]
    }),
    step({
      id: "contact-departments",
      zh: "联系业务部门",
      en: "Contact business departments",
      owner: r.liaisonOfficer,
      deadline: withinHoursOfNotice(2),
      dependsOn: ["understand"],
      work: [
        "接获通知2小时内/当日：联系业务部门、厂商，洽谈品种及价格",
        "Within 2 hours: departments and vendors, goods and prices"
      ]
    }),
    step({
      id: "customer-feedback",
      zh: "客户反馈",
      en: "Customer feedback",
      owner: r.liaisonOfficer,
      deadline: D.point(T, D.before(1, "workingDays")),
      dependsOn: ["contact-departments"],
      work: [
        "洽谈情况及时反馈客户，调整或确定商品（种子文件未定时限，以购物前一个工作日为限）",
        "Report back and confirm goods (no time in the seed: by the working day before)"
      ]
    }),
    step({
      id: "accompany",
      zh: "陪护购物",
      en: "Accompany the shopping",
      owner: r.liaisonOfficer,
      deadline: sameDayAs(T),
      dependsOn: ["customer-feedback"]
    }),
    step({
      id: "after-sales-call",
      zh: "售后服务回访",
      en: "After-sales call",
      owner: r.liaisonOfficer,
      deadline: D.point(END, D.after(10, "calendarDays")),
      dependsOn: ["accompany"],
      work: [
        "按客户要求送货安装；10日内联系客户了解使用及售后服务质量",
        "Delivery by the customer's date; within 10 days call about use and service"
      ]
    }),
    step({
      id: "settle",
      zh: "结算费用",
      en: "Settle",
      owner: r.finance,
      deadline: D.point(END, D.after(1, "weeks")),
      dependsOn: ["accompany"],
      artefacts: ["financialSettlement"],
      work: ["售后一周内与销售厂商结算", "Within 1 week after the sale"]
    }),
    step({
      id: "ledger",
      zh: "建立台帐",
      en: "Ledger",
      owner: r.adminClerk,
      deadline: D.point(END, D.after(1, "workingDays")),
      dependsOn: ["accompany"],
      artefacts: ["ledgerEntry"]
    })
  ]
)

/**
 * P6 Attending government and association meetings (政府、行业协会等组织的会议、活动的参加工作程序).
 *
 * @since 0.1.0
 * @category procedures
 */
export const externalMeeting: Procedure.Procedure = procedure(
  "external-meeting",
  "参加外部会议活动",
  "Attending government and association meetings",
  `${SEED_000} §6`,
  [
    step({
      id: "understand",
      zh: "领会精神",
      en: "Understand",
      owner: r.liaisonOfficer,
      deadline: withinHoursOfNotice(1),
      work: ["接获通知1小时内/当日：汇报总经理，按指示参会", "Within 1 hour: report to the GM, attend as instructed"]
    }),
    step({
      id: "register",
      zh: "填报资料",
      en: "File forms and fees",
      owner: r.liaisonOfficer,
      deadline: withinHoursOfNotice(2),
      dependsOn: ["understand"]
    }),
    step({
      id: "prepare",
      zh: "会前准备",
      en: "Prepare",
      owner: r.liaisonOfficer,
      deadline: D.point(T, D.before(1, "workingDays")),
      dependsOn: ["register"],
      work: [
        "与组织方沟通、行程交通、领导后勤、发言稿/PPT经领导审阅（以会前一个工作日为限）",
        "Organiser, itinerary, transport, speeches reviewed (by the working day before)"
      ]
    }),
    step({
      id: "attend",
      zh: "参会",
      en: "Attend",
      owner: r.liaisonOfficer,
      deadline: sameDayAs(END),
      dependsOn: ["prepare"]
    }),
    step({
      id: "reimburse",
      zh: "费用报销",
      en: "Reimburse",
      owner: r.finance,
      deadline: D.point(END, D.after(1, "weeks")),
      dependsOn: ["attend"],
      artefacts: ["financialSettlement"]
    }),
    step({
      id: "ledger",
      zh: "建立台帐",
      en: "Ledger",
      owner: r.adminClerk,
      deadline: D.point(END, D.after(1, "workingDays")),
      dependsOn: ["attend"],
      artefacts: ["ledgerEntry"]
    }),
    step({
      id: "publicity",
      zh: "宣传报道",
      en: "Publicity",
      owner: r.liaisonOfficer,
      deadline: D.point(END, D.after(1, "weeks")),
      dependsOn: ["attend"],
      artefacts: ["article"],
      work: ["会议/活动结束一周内撰写文章并建档", "Within 1 week: an article for internal or public media; archive it"]
    }),
    step({
      id: "share",
      zh: "内部分享",
      en: "Share",
      owner: r.liaisonOfficer,
      deadline: D.point(END, D.after(1, "weeks")),
      dependsOn: ["attend"],
      work: ["返回后在相关会议上介绍交流", "After return: brief colleagues at the next meeting"]
    })
  ]
)

/**
 * P7 Liaison roster and mailing (外联名单的整理及公司资料的邮寄). T = the opening (or the start of the
 * roster); the reviews recur every June and December.
 *
 * @since 0.1.0
 * @category procedures
 */
export const liaisonRoster: Procedure.Procedure = procedure(
  "liaison-roster",
  "外联名册与资料邮寄",
  "Liaison roster and mailing",
  `${SEED_000} §7`,
  [
    step({
      id: "compile",
      zh: "汇总、制作外联名册",
      en: "Compile the roster",
      owner: r.adminClerk,
      deadline: sameDayAs(T),
      artefacts: ["roster"],
      work: [
        "开业前至开业初期：各部门提供姓名、单位、职务、地址",
        "Before or early after opening: names, organisations, titles, addresses"
      ]
    }),
    step({
      id: "review",
      zh: "每半年审核、修正",
      en: "Half-yearly review",
      owner: r.generalManager,
      deadline: { _tag: "Recurring", every: "month", months: [6, 12], rule: { _tag: "During", period: "month" } },
      dependsOn: ["compile"],
      artefacts: ["roster"],
      work: [
        "每年6月、12月：打印名单交总经理及部门经理审阅，行政文员修正建档",
        "Every June and December: the GM and department heads review; the clerk corrects and archives"
      ]
    }),
    step({
      id: "mail",
      zh: "公司资料邮寄",
      en: "Mail company materials",
      owner: r.adminClerk,
      deadline: D.point(D.named("mailingRequested"), D.after(1, "workingDays")),
      dependsOn: ["compile"],
      artefacts: ["mailingLedger"],
      work: ["按期次即时寄送，建立邮寄台帐", "Per issue, as requested; mailing ledger"]
    })
  ],
  [{ name: "mailingRequested", zh: "邮寄要求提出时间", en: "when a mailing is requested" }]
)

/**
 * P8 Internal (company) guests (公司内部接待工作程序). The seed is cut off after step 2.
 *
 * @since 0.1.0
 * @category procedures
 */
export const internalGuest: Procedure.Procedure = procedure(
  "internal-guest",
  "公司内部接待",
  "Internal (company) guests",
  `${SEED_000} §8 (the seed is cut off after step 2)`,
  [
    step({
      id: "understand",
      zh: "了解情况",
      en: "Understand",
      owner: r.adminDepartment,
      deadline: withinHoursOfNotice(1),
      work: [
        "接获通知1小时内/当日：级别、人数、随同人员；航班车次及抵达时间；行程；食宿用车要求",
        "Within 1 hour: rank, headcount, companions; flight or train and arrival; itinerary; needs"
      ]
    }),
    step({
      id: "arrange",
      zh: "落实接待",
      en: "Arrange",
      owner: r.adminDepartment,
      deadline: withinHoursOfNotice(2),
      dependsOn: ["understand"],
      work: [
        "接获通知2小时内/当日：接送车辆、食宿、代订票、礼品、水果茶水",
        "Within 2 hours: pick-up car, food and lodging, tickets, gifts, fruit and tea"
      ]
    })
  ]
)

// ---------------------------------------------------------------------------------------------
// P9: seed 001, the client-reception standard; P10: seed 003, the 14-step visit flow
// ---------------------------------------------------------------------------------------------

/**
 * P9 Client reception standard (客户接待流程及标准, seed 001): phases in working days before the visit.
 *
 * @since 0.1.0
 * @category procedures
 */
export const clientReceptionStandard: Procedure.Procedure = procedure(
  "client-reception-standard",
  "客户接待流程及标准",
  "Client reception standard",
  "seed 001: 客户接待流程及标准（综管部主导）",
  [
    step({
      id: "definition",
      zh: "接待定案",
      en: "Definition",
      owner: r.requester,
      deadline: D.point(T, D.before(5, "workingDays")),
      artefacts: ["application"],
      work: [
        "开始前5个工作日：需求提出者填写接待申请单（附件一），活动预算",
        "5 working days before: the requester files the application (annex 1) with a budget"
      ]
    }),
    step({
      id: "assignment",
      zh: "工作分配",
      en: "Assignment",
      owner: r.adminDepartment,
      deadline: D.point(T, D.before(4, "workingDays")),
      dependsOn: ["definition"],
      artefacts: ["divisionOfLabour"],
      work: [
        "开始前4个工作日：综管部填写分工推进表（附件二），确认场地、时间；需求提出者确定并邀请出席领导",
        "4 working days before: division-of-labour table (annex 2), venue and time; the requester invites leaders"
      ]
    }),
    step({
      id: "preparation",
      zh: "准备工作",
      en: "Preparation",
      owner: r.adminDepartment,
      deadline: D.point(T, D.before(2, "workingDays")),
      dependsOn: ["assignment"],
      artefacts: ["itemList"],
      work: [
        "开始前2个工作日：依预算采购，填写物品清单表（附件三），茶具租借、礼品；需求提出者准备演示文稿",
        "2 working days before: purchases within budget, item list (annex 3), tea sets, gifts; slides"
      ]
    }),
    step({
      id: "on-site",
      zh: "现场工作",
      en: "On site",
      owner: r.adminDepartment,
      deadline: sameDayAs(T),
      dependsOn: ["preparation"],
      work: [
        "活动当天：依申请单布置会场、调试电脑、现场服务",
        "The day: venue per the application, computers tested, service"
      ]
    }),
    step({
      id: "wrap-up",
      zh: "接待后收尾",
      en: "Wrap-up",
      owner: r.adminDepartment,
      deadline: sameDayAs(END),
      dependsOn: ["on-site"],
      artefacts: ["itemList"],
      work: [
        "活动当天：收拾会场，物品清点、归还（附件三）",
        "The day: venue cleared; items counted and returned (annex 3)"
      ]
    }),
    step({
      id: "summary",
      zh: "工作总结",
      en: "Summary",
      owner: r.adminDepartment,
      deadline: D.point(END, D.after(1, "workingDays")),
      dependsOn: ["wrap-up"],
      artefacts: ["satisfactionSurvey"],
      work: ["活动翌日：填写接待满意度调查表（附件四）", "The next day: satisfaction survey (annex 4)"]
    })
  ]
)

/**
 * P10 Visiting client, 14 steps (客户接待流程3, seed 003). The seed gives no times except the
 * callback, timed from the guest's journey home (`returnArrival`: the departing flight's or
 * train's arrival). Steps before the visit fall due by the working day before it; steps of the
 * visit on its days; the callback two hours after the guest is home.
 *
 * @since 0.1.0
 * @category procedures
 */
export const clientVisit14Steps: Procedure.Procedure = procedure(
  "client-visit-14-steps",
  "客户来访接待十四步",
  "Visiting client, 14 steps",
  "seed 003: 客户接待流程及注意事项（流程3）",
  [
    step({
      id: "application",
      zh: "接待申请",
      en: "Application",
      owner: r.salesperson,
      deadline: D.point(T, D.before(2, "workingDays")),
      artefacts: ["application"]
    }),
    step({
      id: "determine-level",
      zh: "确定接待级别",
      en: "Determine the level",
      owner: r.regionalManager,
      deadline: D.point(T, D.before(2, "workingDays")),
      dependsOn: ["application"]
    }),
    step({
      id: "contact-guest",
      zh: "联系客人",
      en: "Contact the guest",
      owner: r.salesperson,
      deadline: D.point(T, D.before(1, "workingDays")),
      dependsOn: ["determine-level"]
    }),
    step({
      id: "assign-staff",
      zh: "安排接待人员",
      en: "Assign staff",
      owner: r.regionalManager,
      deadline: D.point(T, D.before(1, "workingDays")),
      dependsOn: ["determine-level"],
      artefacts: ["divisionOfLabour"]
    }),
    step({
      id: "pick-up",
      zh: "机场/车站接站",
      en: "Airport or station pick-up",
      owner: r.driver,
      deadline: sameDayAs(T),
      dependsOn: ["assign-staff", "contact-guest"]
    }),
    step({
      id: "lodging",
      zh: "安排住宿",
      en: "Lodging",
      owner: r.logisticsGroup,
      deadline: sameDayAs(T),
      dependsOn: ["pick-up"]
    }),
    step({
      id: "showroom",
      zh: "参观展厅",
      en: "Showroom visit",
      owner: r.salesperson,
      deadline: sameDayAs(END),
      dependsOn: ["pick-up"]
    }),
    step({
      id: "meet-leaders",
      zh: "与领导会面",
      en: "Meeting with leaders",
      owner: r.regionalManager,
      deadline: sameDayAs(END),
      dependsOn: ["showroom"]
    }),
    step({
      id: "meals",
      zh: "用餐",
      en: "Meals",
      owner: r.logisticsGroup,
      deadline: sameDayAs(END),
      dependsOn: ["pick-up"]
    }),
    step({
      id: "collect-items",
      zh: "收集合作事项",
      en: "Collect cooperation items",
      owner: r.salesperson,
      deadline: sameDayAs(END),
      dependsOn: ["meet-leaders"]
    }),
    step({
      id: "settle-items",
      zh: "落实合作事项",
      en: "Settle cooperation items",
      owner: r.regionalManager,
      deadline: sameDayAs(END),
      dependsOn: ["collect-items"]
    }),
    step({
      id: "leaders-talk",
      zh: "领导会谈",
      en: "Leaders' talks",
      owner: r.generalManager,
      deadline: sameDayAs(END),
      dependsOn: ["settle-items"]
    }),
    step({
      id: "send-off",
      zh: "送站",
      en: "Send-off",
      owner: r.driver,
      deadline: sameDayAs(END),
      dependsOn: ["leaders-talk"]
    }),
    step({
      id: "callback",
      zh: "电话回访",
      en: "Phone callback",
      owner: r.salesperson,
      deadline: D.window(D.named("returnArrival"), D.after(0, "minutes"), D.after(2, "hours")),
      dependsOn: ["send-off"],
      work: ["按客人返程航班/车次抵达时间电话回访", "Call when the guest's flight or train home has arrived"]
    })
  ],
  [{ name: "returnArrival", zh: "客人返程抵达时间", en: "when the guest's flight or train home arrives" }]
)

// ---------------------------------------------------------------------------------------------
// The catalog
// ---------------------------------------------------------------------------------------------

/**
 * The built-in procedures by id.
 *
 * @since 0.1.0
 * @category catalog
 */
export const builtIn: ReadonlyMap<string, Procedure.Procedure> = new Map(
  [
    governmentLiaison,
    holidayRelations,
    incidentResponse,
    visitReception,
    vipShopping,
    externalMeeting,
    liaisonRoster,
    internalGuest,
    clientReceptionStandard,
    clientVisit14Steps
  ].map((p) => [p.id, p] as const)
)

/**
 * A catalog: the built-ins with a host app's procedures added, a host procedure with a built-in's
 * id replacing it. Every procedure is validated; all problems are reported together.
 *
 * @since 0.1.0
 * @category catalog
 */
export const merge = (
  own: ReadonlyArray<Procedure.Procedure>,
  base: ReadonlyMap<string, Procedure.Procedure> = builtIn
): Either.Either<ReadonlyMap<string, Procedure.Procedure>, ReadonlyArray<Procedure.InvalidProcedure>> => {
  const out = new Map(base)
  const errors: Array<Procedure.InvalidProcedure> = []
  for (const p of own) {
    const checked = Procedure.validate(p)
    if (Either.isLeft(checked)) errors.push(checked.left)
    else out.set(p.id, p)
  }
  return errors.length > 0 ? Either.left(errors) : Either.right(out)
}
