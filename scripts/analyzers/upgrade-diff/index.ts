export { analyzeUpgrade, analyzeUpgradeWithin } from './analyze';
export { IDENTITY_RESOURCE_TYPES } from './identity';
export { renderUpgradeReport } from './render';
export { loadTemplateFile } from './template-file';
export type * from './types';
