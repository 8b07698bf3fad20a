#!/usr/bin/env node
// The `roster` executable: the compiled CLI. `npm install` builds it (the prepare script).
import { main } from '../dist/cli/main.js';

main(process.argv).catch((error) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
