import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { summarizeCpuProfile, type CpuProfile, type ProfileSummary } from './cpu-profile';

/** One `catalog build` under `node --cpu-prof` in a workspace, summarized (where the time goes). */
export function profileCatalogBuild(root: string): ProfileSummary {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-bench-profile-'));
  try {
    const result = spawnSync(process.execPath, ['--cpu-prof', '--cpu-prof-dir', dir, path.join(root, 'dist', 'scripts', 'catalog.js'), 'build'], {
      cwd: root,
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
    });
    const file = fs.readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
    if (!file) throw new Error(`catalog build wrote no CPU profile (exit ${result.status}):\n${result.stderr}`);
    return summarizeCpuProfile(JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as CpuProfile, 12);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
