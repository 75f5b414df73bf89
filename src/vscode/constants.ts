/** Ids shared by package.json contributions and the code: commands, views, context keys, settings. */
export const Commands = {
  investigateScenario: 'clearsight.investigateScenario',
  investigateRunId: 'clearsight.investigateRunId',
  compareRuns: 'clearsight.compareRuns',
  runEtl: 'clearsight.runEtl',
  showEtlStatus: 'clearsight.showEtlStatus',
  generateRcaNote: 'clearsight.generateRcaNote',
  copyPowerBiLink: 'clearsight.copyPowerBiLink',
  saveBookmark: 'clearsight.saveBookmark',
  createPowerBiReport: 'clearsight.createPowerBiReport',
  setPassword: 'clearsight.setPassword',
  connect: 'clearsight.connect',
  useDemo: 'clearsight.useDemo',
  openTimeline: 'clearsight.openTimeline',
  openSnapshot: 'clearsight.openSnapshot',
  compareWithLastSuccess: 'clearsight.compareWithLastSuccess',
  openDiff: 'clearsight.openDiff',
  lookUpSelection: 'clearsight.lookUpSelection',
  refreshScenarios: 'clearsight.refreshScenarios',
  filterScenarios: 'clearsight.filterScenarios',
  clearFilter: 'clearsight.clearScenarioFilter',
  revealScenario: 'clearsight.revealScenario',
  loadMore: 'clearsight.loadMoreScenarios',
  showLog: 'clearsight.showLog',
  openOverview: 'clearsight.openOverview',
  openUserJourney: 'clearsight.openUserJourney',
  runDiagnostics: 'clearsight.runDiagnostics',
  switchEnvironment: 'clearsight.switchEnvironment',
  openTicket: 'clearsight.openTicket',
} as const;

export const Views = {
  container: 'clearsight',
  scenarios: 'clearsight.scenarios',
  welcome: 'clearsight.welcome',
} as const;

export const PanelTypes = {
  timeline: 'clearsight.timeline',
  snapshot: 'clearsight.snapshot',
  diff: 'clearsight.diff',
  overview: 'clearsight.overview',
  journey: 'clearsight.journey',
  diagnostics: 'clearsight.diagnostics',
} as const;

/** `when`-clause context keys. */
export const ContextKeys = {
  configured: 'clearsight.configured',
  demo: 'clearsight.demo',
  etlRunning: 'clearsight.etlRunning',
  filtered: 'clearsight.scenarioFilterActive',
} as const;

/** Tree item contextValues (menus select on them). */
export const TreeContext = {
  group: 'clearsight.group',
  scenario: 'clearsight.scenario',
  scenarioFailing: 'clearsight.scenario.failing',
  run: 'clearsight.run',
  runFailed: 'clearsight.run.failed',
  failedNode: 'clearsight.failedNode',
  info: 'clearsight.info',
  loadMore: 'clearsight.loadMore',
} as const;

/** SecretStorage keys: src/vscode/secretKeys.ts (one per server, port, database and user). */

export const DEFAULT_ID_PATTERN = '\\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\b';
