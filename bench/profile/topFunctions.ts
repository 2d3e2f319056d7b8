/**
 * Self time by function in a V8 CPU profile (`node --cpu-prof`), highest first.
 *
 *   npx tsx bench/profile/topFunctions.ts /tmp/liaison-prof/<file>.cpuprofile [rows]
 */
import { readFileSync } from "node:fs"

interface Node {
  readonly id: number
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number }
}
interface Profile {
  readonly nodes: ReadonlyArray<Node>
  readonly samples: ReadonlyArray<number>
  readonly timeDeltas: ReadonlyArray<number>
}

const [file, rows = "15"] = process.argv.slice(2)
if (file === undefined) throw new Error("usage: topFunctions.ts <file.cpuprofile> [rows]")
const profile = JSON.parse(readFileSync(file, "utf8")) as Profile
const byId = new Map(profile.nodes.map((n) => [n.id, n]))
const self = new Map<string, number>()
let total = 0
profile.samples.forEach((id, i) => {
  const dt = profile.timeDeltas[i] ?? 0
  const frame = byId.get(id)!.callFrame
  const where =
    frame.url === ""
      ? ""
      : ` ${frame.url.replace(/^.*\/(node_modules|packages|bench)\//, "$1/")}:${frame.lineNumber + 1}`
  const key = `${frame.functionName || "(anonymous)"}${where}`
  self.set(key, (self.get(key) ?? 0) + dt)
  total += dt
})
console.log("| self % | function |")
console.log("|---:|---|")
for (const [key, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, Number(rows))) {
  console.log(`| ${((100 * us) / total).toFixed(1)} | ${key} |`)
}
