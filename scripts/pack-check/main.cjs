// The CommonJS app: `require` of every published package, then the shared checks.
const calendars = require("@liaison/calendars")
const cli = require("@liaison/cli")
const core = require("@liaison/core")
const testing = require("@liaison/core/testing")
const notify = require("@liaison/notify")
const sql = require("@liaison/sql")
const effect = require("effect")
const fc = require("fast-check")

const names = [
  "@liaison/core",
  "@liaison/core/testing",
  "@liaison/sql",
  "@liaison/notify",
  "@liaison/cli",
  "@liaison/calendars"
]
const resolved = Object.fromEntries(names.map((name) => [name, require.resolve(name)]))
import("./checks.mjs")
  .then(({ run }) => run({ core, testing, sql, notify, cli, calendars, effect, fc }, { format: "cjs", resolved }))
  .then((done) => {
    for (const line of done) console.log(`cjs  ok  ${line}`)
  })
  .catch((error) => {
    console.error(error)
    process.exitCode = 1
  })
