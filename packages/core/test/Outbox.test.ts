import { MemoryStorage } from "../src/index.js"
import { outboxContract, outboxWriterContract } from "./contracts/OutboxContract.js"

outboxContract("memory", MemoryStorage.layer)
outboxWriterContract("memory", MemoryStorage.layer)
