import { MemoryStorage } from "../src/index.js"
import { outboxContract } from "./contracts/OutboxContract.js"

outboxContract("memory", MemoryStorage.layer)
