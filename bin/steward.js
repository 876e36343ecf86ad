#!/usr/bin/env node
// The `steward` CLI: runs the compiled entry point (built by `npm install` through `prepare`).
import { run } from "../dist/adapters/cli/main.js";

process.exitCode = await run(process.argv.slice(2));
