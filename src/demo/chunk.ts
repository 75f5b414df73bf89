/**
 * The demo generator, its seeding and its engine logs, in one module that loads on first
 * use: the bundles get it as dist/demo.js beside them (esbuild.mjs), so neither the
 * extension's activation nor a CLI command that does not build the demo pays for it.
 * Loaded by src/demo/demoDb.ts only (demoChunk()); every name demoDb takes from it is
 * exported below.
 */
export { generateDemo, generateDemoChunks } from './generator';
export { ensureDemoLogs } from './logs';
export { seedSource } from './seed';
