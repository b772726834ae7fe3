#!/usr/bin/env node
// The CDK app entry (cdk.json "app"): `npx cdk synth|deploy -c config=FILE`.
import { App } from 'aws-cdk-lib';
import { DEFAULT_CONFIG_FILE, loadConfig } from '../config/load';
import { buildCatalogApp } from './catalog-app';

const app = new App();
const configFile = (app.node.tryGetContext('config') as string | undefined) ?? DEFAULT_CONFIG_FILE;
buildCatalogApp(loadConfig(configFile), app);
app.synth();
