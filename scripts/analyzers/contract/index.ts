export { analyzeContract, ContractError } from './analyze';
export { renderContract } from './render';
export type { AzPaths, ContractReport } from './types';
