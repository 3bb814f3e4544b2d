/**
 * Import boundaries (issue 13), run by `npm run lint` and .ci/run:
 * - no import cycles anywhere (runtime or type-only);
 * - the domain (functions/domain/**) imports no adapter, handler, middleware, HTTP code, local
 *   mode, AWS SDK, middy or process configuration: it talks to its ports only;
 * - production code (functions/**) never imports local mode, scripts or tests.
 */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Import cycles load modules half-initialised (a TDZ ReferenceError waits for whoever loads the other side first).',
      from: {},
      to: { circular: true },
    },
    {
      name: 'domain-imports-ports-only',
      severity: 'error',
      comment: 'The domain depends on its ports; adapters, handlers, HTTP, local mode and config are chosen by the composition roots.',
      from: { path: '^functions/domain/' },
      to: {
        path: [
          '^functions/(adapters|handlers|middleware|http|pages|auth)/',
          '^functions/(wiring|config|secrets|logger)\\.ts$',
          '^local/',
          '^scripts/',
          '^tests/',
          '^infra/',
        ],
      },
    },
    {
      name: 'domain-no-sdk',
      severity: 'error',
      comment: 'No AWS SDK, middy or Lambda types in the domain.',
      from: { path: '^functions/domain/' },
      to: { path: ['@aws-sdk/', '@smithy/', '@middy/', '@aws-lambda-powertools/', 'aws-lambda', 'aws-cdk-lib'] },
    },
    {
      name: 'production-not-local',
      severity: 'error',
      comment: 'Deployed code never loads local mode, scripts or tests.',
      from: { path: '^functions/' },
      to: { path: ['^local/', '^scripts/', '^tests/', '^bench/'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
    exclude: { path: ['^build/', '^cdk\\.out/'] },
  },
};
