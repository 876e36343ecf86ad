#!/usr/bin/env node
// The `steward` CLI: runs the compiled entry point (built by `npm install` through `prepare`).
import { main } from "../dist/adapters/root/main.js";

await main(process.argv.slice(2));
