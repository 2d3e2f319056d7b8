/** Fixtures shared by the reception-policy tests. */

/** An application as a requester fills it in (seed 001, 附件一). */
export const sampleApplication = {
  applicant: "王芳",
  department: "市场部",
  contactPerson: "李雷",
  guestOrganisation: "华东家具集团",
  purpose: "考察展厅并洽谈年度合作",
  visitDate: "2026-03-10",
  departureDate: "2026-03-11",
  budget: { amount: "4000.00", currency: "CNY" },
  arrivalTime: "2026-03-10T09:30+08:00[Asia/Shanghai]",
  arrivalMode: "train",
  guests: [
    { name: "张伟", title: "总经理" },
    { name: "赵敏", title: "采购经理", dietaryNeeds: "清真" },
    { name: "陈静", title: "设计师" }
  ],
  supportStaff: [{ name: "刘洋", title: "区域经理" }],
  carPickup: { vehicleType: "商务车" },
  tickets: { kind: "train", number: "G7", count: 3 },
  hotel: {
    hotel: "金陵饭店",
    roomNumbers: ["1201", "1202"],
    nights: 1,
    budget: { amount: "1300", currency: "CNY" },
    contact: "前台王经理"
  },
  lunch: { place: "公司餐厅", headcount: 5, budget: { amount: "500", currency: "CNY" }, contact: "李雷" },
  dinner: { place: "金陵饭店中餐厅", headcount: 5, budget: { amount: "1100", currency: "CNY" }, contact: "李雷" },
  entertainment: { place: "夫子庙", headcount: 4, budget: { amount: "1300", currency: "CNY" }, contact: "刘洋" },
  clientTier: "B",
  visitorLevel: "special",
  partTwo: {
    contactPerson: "李雷",
    receptionType: "business",
    parkingReserved: true,
    welcomeMessage: "热烈欢迎华东家具集团领导莅临指导",
    fruitAndSnacks: "fine",
    tea: ["green-tea", "mineral-water"],
    meetingRoom: { equipment: ["computer", "projector", "clicker"] },
    mealsOrdered: true,
    gifts: "simple",
    approvedByDepartmentHead: true
  }
}
