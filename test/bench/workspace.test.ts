import * as fs from 'fs';
import * as path from 'path';
import { verifyCacheDir } from '../../scripts/bench/commands';
import { createWorkspace, removeWorkspace } from '../../scripts/bench/workspace';
import { tempDir } from '../support/catalog';

describe('benchmark workspace', () => {
  test('copies the tree but not outputs or history; links each package, never the shared verify cache', () => {
    const source = tempDir('bench-source-');
    fs.mkdirSync(path.join(source, 'products', 'public-ip'), { recursive: true });
    fs.writeFileSync(path.join(source, 'products', 'public-ip', 'releases.json'), '{}');
    for (const dir of ['.git', 'cdk.out', 'bench-results', 'node_modules/aws-cdk-lib', 'node_modules/.cache/agent-network-catalog']) {
      fs.mkdirSync(path.join(source, dir), { recursive: true });
    }

    const workspace = createWorkspace(source, 'test', tempDir('bench-parent-'));

    expect(fs.readdirSync(workspace.root).sort()).toEqual(['node_modules', 'products']);
    expect(fs.readFileSync(path.join(workspace.root, 'products', 'public-ip', 'releases.json'), 'utf8')).toBe('{}');
    expect(fs.readlinkSync(path.join(workspace.root, 'node_modules', 'aws-cdk-lib'))).toBe(fs.realpathSync(path.join(source, 'node_modules', 'aws-cdk-lib')));
    expect(fs.existsSync(verifyCacheDir(workspace.root))).toBe(false);
    removeWorkspace(workspace);
    expect(fs.existsSync(workspace.root)).toBe(false);
  });
});
