'use strict';
// A minimal require hook for the synth app (cdk8s.yaml `app:`), the netpol CLI and the benchmarks:
// strips types from .ts files with @swc/core and does nothing else. @swc-node/register does the
// same plus tsconfig and module resolution work these do not need, and is slower (docs/app.md).
// `tsc --noEmit` in `npm test` stays the type check. No source maps: they cost about a tenth of
// the app's run time, and the app's errors name the construct path, not a line.
const fs = require('fs');
const swc = require('@swc/core');

const OPTIONS = {
  swcrc: false,
  configFile: false,
  jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
  module: { type: 'commonjs' },
};

require.extensions['.ts'] = function compileTypeScript(module, filename) {
  const { code } = swc.transformSync(fs.readFileSync(filename, 'utf-8'), { ...OPTIONS, filename });
  module._compile(code, filename);
};
