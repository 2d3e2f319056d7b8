/** A rendered notification as the dispatcher hands it to a notifier, for the adapter tests. */
import type { Notification } from "@liaison/core"
import * as DateTime from "effect/DateTime"

const shanghai = (iso: string) => DateTime.unsafeMakeZoned(Date.parse(iso), { timeZone: "Asia/Shanghai" })

export const DUE = "2026-03-03T18:00:00+08:00"

export const notification = (key = "E-2026-031#3/task-assigned/E-2026-031/definition"): Notification.Notification => ({
  idempotencyKey: key,
  messageId: key,
  channel: "email",
  template: "task-assigned",
  engagementId: "E-2026-031",
  taskId: "E-2026-031/definition",
  recipients: [
    { kind: "staff", id: "li.na", name: "李娜", email: "li.na@example.cn" },
    { kind: "staff", id: "wang.fang", name: "王芳", email: "wang.fang@example.cn" },
    { kind: "staff", id: "zhao.lei", name: "赵磊" }
  ],
  content: {
    "zh-CN": {
      subject: "【新任务】接待定案｜华东家具集团来访",
      body: "李娜、王芳，您好：\n您有一项新任务：接待定案\n截止：2026-03-03 18:00"
    },
    en: {
      subject: "New task: Definition | Visit of East China Furniture",
      body: "Dear 李娜, 王芳,\nYou have a new task: Definition\nDue: 2026-03-03 18:00"
    }
  },
  redacted: false,
  event: {
    uid: "E-2026-031/definition@liaison",
    summary: "【新任务】接待定案｜华东家具集团来访 / New task: Definition | Visit of East China Furniture",
    description: "您有一项新任务：接待定案\n\nYou have a new task: Definition",
    start: shanghai(DUE),
    end: shanghai(DUE)
  },
  createdAt: shanghai("2026-03-02T09:00:00+08:00")
})
