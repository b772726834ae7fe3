import * as fs from 'fs';
import { parse } from 'yaml';
import { ConfigError, parseConfig } from '../../config/load';

/** The default configuration as raw YAML data, to change field by field in rejection tests. */
export type RawConfig = Record<string, Record<string, unknown>>;

export function rawDefaultConfig(): RawConfig {
  return parse(fs.readFileSync('config/default.yaml', 'utf8')) as RawConfig;
}

/** The problems reported for the default configuration changed by `mutate`; fails when it is accepted. */
export function configProblems(mutate: (c: RawConfig) => void): string[] {
  const config = rawDefaultConfig();
  mutate(config);
  try {
    parseConfig(config);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as ConfigError).problems;
  }
  throw new Error('configuration was accepted');
}
