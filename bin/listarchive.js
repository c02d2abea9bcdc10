#!/usr/bin/env node
// Entry point: Node 22.18+/24 runs the TypeScript sources directly (type stripping).
import '../src/cli/main.ts';
