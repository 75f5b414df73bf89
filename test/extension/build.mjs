// esbuild configurations of the extension-host test build, added by `node esbuild.mjs
// --tests` (esbuild.mjs passes its node config so defines and externals stay the same):
//   dist/test/main.js   the test VSIX's entry: wraps dist/extension.js, adds the test command
//   dist/test/index.js  mocha + every test/extension/*.test.ts; exports run() for
//                       --extensionTestsPath and runExtensionTests() for the command
// Neither goes into the production VSIX (.vscodeignore drops dist/test/).
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/** Replaces testFiles.ts by one static require() per test file, so esbuild bundles them. */
const staticTestFiles = {
  name: 'clearsight-static-test-files',
  setup(build) {
    build.onLoad({ filter: /[\\/]test[\\/]extension[\\/]testFiles\.ts$/ }, () => {
      const files = readdirSync(here)
        .filter((f) => f.endsWith('.test.ts'))
        .sort();
      const lines = files.map((f) => `  require(${JSON.stringify(`./${f}`)});`);
      return {
        contents: `exports.loadTestFiles = () => {\n${lines.join('\n')}\n  return ${JSON.stringify(files)};\n};\n`,
        loader: 'js',
        resolveDir: here,
      };
    });
  },
};

/** @param {import('esbuild').BuildOptions} node the extension's node config from esbuild.mjs */
export function extensionTestBuilds(node, outdir = 'dist/test') {
  const common = {
    ...node,
    // Readable stacks and test names in failures, whatever --production says.
    minify: false,
    keepNames: true,
    sourcemap: false,
    logOverride: { ...(node.logOverride ?? {}), 'require-resolve-not-external': 'silent' },
  };
  return [
    { ...common, entryPoints: [join(here, 'testMain.ts')], outfile: join(outdir, 'main.js') },
    { ...common, entryPoints: [join(here, 'index.ts')], outfile: join(outdir, 'index.js'), plugins: [...(node.plugins ?? []), staticTestFiles] },
  ];
}
