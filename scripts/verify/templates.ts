import * as fs from 'fs';
import type { CfnTemplate } from '../analyzers/upgrade-diff/types';
import type { CatalogSynthesis } from '../catalog-build/synth';
import type { VerifiedTemplate, VerifyContext } from './types';

/** The templates and construct trees of a synthesis, each file read once. */
export function verifyContextOf(synthesis: CatalogSynthesis): VerifyContext {
  const templates: VerifiedTemplate[] = synthesis.templates.map((t) => {
    const text = fs.readFileSync(t.file, 'utf8');
    return { kind: t.kind, name: t.name, version: t.version, file: t.file, text, template: JSON.parse(text) as CfnTemplate };
  });
  const productsApp = synthesis.catalog.products[0]?.history.node.root;
  const constructRoots = [synthesis.catalog.app, ...(productsApp && productsApp !== synthesis.catalog.app ? [productsApp] : [])];
  return { config: synthesis.config, templates, constructRoots };
}

export const isProduct = (t: VerifiedTemplate) => t.kind === 'product';
export const isAny = () => true;
