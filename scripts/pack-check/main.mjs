// The ESM app: `import` of every published package, then the shared checks.
import * as calendars from "@liaison/calendars"
import * as cli from "@liaison/cli"
import * as core from "@liaison/core"
import * as testing from "@liaison/core/testing"
import * as notify from "@liaison/notify"
import * as sql from "@liaison/sql"
import * as effect from "effect"
import fc from "fast-check"
import { run } from "./checks.mjs"

const names = [
  "@liaison/core",
  "@liaison/core/testing",
  "@liaison/sql",
  "@liaison/notify",
  "@liaison/cli",
  "@liaison/calendars"
]
const resolved = Object.fromEntries(names.map((name) => [name, import.meta.resolve(name)]))
const done = await run({ core, testing, sql, notify, cli, calendars, effect, fc }, { format: "esm", resolved })
for (const line of done) console.log(`esm  ok  ${line}`)
