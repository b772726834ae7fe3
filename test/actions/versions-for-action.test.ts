import * as fs from 'fs';
import * as path from 'path';
import { SELF_SERVICE_ACTIONS, versionsForAction, type OfferedVersion } from '../../portfolios/actions/self-service-actions';
import type { Release } from '../../products/versioning/release-records';
import { tempDir } from '../support/catalog';

const dir = tempDir('actions-versions-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const runAgent = SELF_SERVICE_ACTIONS.find((a) => a.key === 'runAgent')!;
const checkNetwork = SELF_SERVICE_ACTIONS.find((a) => a.key === 'checkNetwork')!;

const jobOutputs = { JobQueueArn: {}, JobDefinitionArn: {}, LogGroupName: {} };
const scope = {
  resources: { NetworkAccessScope: { Type: 'AWS::EC2::NetworkInsightsAccessScope' } },
  outputs: { NetworkAccessScopeId: {}, NetworkAccessScopeExpectation: {} },
};
function version(name: string, status: Release['status'], template: { Resources?: object; Outputs?: object }): OfferedVersion {
  const file = path.join(dir, `${name}.json`);
  fs.writeFileSync(file, JSON.stringify(template));
  return { release: { version: name, date: '2026-12-03', status, notes: 'x', templateSha256: '0'.repeat(64) }, file };
}

const offered = [
  version('v1.0.0', 'deprecated', { Outputs: jobOutputs }),
  version('v1.1.0', 'inactive', { Resources: scope.resources, Outputs: { ...jobOutputs, ...scope.outputs } }),
  version('v1.2.0', 'active', { Outputs: jobOutputs }),
  version('v1.3.0', 'active', { Resources: scope.resources, Outputs: { ...jobOutputs, ...scope.outputs } }),
  // An output of the name without the resource is not enough: the runbook analyzes the template's own scope.
  version('v1.4.0', 'active', { Outputs: { ...jobOutputs, ...scope.outputs } }),
];
const names = (vs: OfferedVersion[]) => vs.map((v) => v.release.version);

test('deprecated (no new launches) and inactive (hidden) versions get no action', () => {
  expect(names(versionsForAction(runAgent, offered))).toEqual(['v1.2.0', 'v1.3.0', 'v1.4.0']);
});

test('an active version gets an action only when its template has what the runbook reads', () => {
  expect(names(versionsForAction(checkNetwork, offered))).toEqual(['v1.3.0']);
});
