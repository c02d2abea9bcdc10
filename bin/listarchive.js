#!/usr/bin/env node
// Entry point: Node 22.18+/24 runs the TypeScript sources directly (type stripping). The compile
// cache keeps start-up short for `deliver`, which an MTA starts once per message.
import module from 'node:module';

module.enableCompileCache?.();
await import('../src/cli/main.ts');
