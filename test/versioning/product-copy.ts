import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { PRODUCTS_DIR_ENV, productDir, readReleases, snapshotFile, type ReleaseManifest } from '../../products/versioning/release-records';
import { tempDir, type CfnTemplate } from '../support/catalog';

/**
 * A temporary copy of the committed product folders (releases.json and versions/), with CATALOG_PRODUCTS_DIR
 * pointing at it, so `catalog release` and `catalog status` can write without touching the repository.
 */
export class ProductsCopy {
  readonly root: string;
  private readonly previous: string | undefined;

  constructor() {
    this.previous = process.env[PRODUCTS_DIR_ENV];
    delete process.env[PRODUCTS_DIR_ENV];
    const source = path.dirname(productDir('public-ip'));
    this.root = tempDir('catalog-products-');
    for (const id of fs.readdirSync(source)) {
      const manifest = path.join(source, id, 'releases.json');
      if (!fs.existsSync(manifest)) continue;
      fs.mkdirSync(path.join(this.root, id));
      fs.copyFileSync(manifest, path.join(this.root, id, 'releases.json'));
      fs.cpSync(path.join(source, id, 'versions'), path.join(this.root, id, 'versions'), { recursive: true });
    }
    process.env[PRODUCTS_DIR_ENV] = this.root;
  }

  restore(): void {
    if (this.previous === undefined) delete process.env[PRODUCTS_DIR_ENV];
    else process.env[PRODUCTS_DIR_ENV] = this.previous;
    fs.rmSync(this.root, { recursive: true, force: true });
  }

  manifest(id = 'public-ip'): ReleaseManifest {
    return readReleases(id as never);
  }

  /** Every file under the copy with its content hash: proves that a refused command wrote nothing. */
  fingerprint(): Record<string, string> {
    const files: Record<string, string> = {};
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else files[path.relative(this.root, full)] = crypto.createHash('sha256').update(fs.readFileSync(full)).digest('hex');
      }
    };
    walk(this.root);
    return files;
  }

  /** Replaces the latest release's snapshot with an edited copy and records the new hash, as if it had been released so. */
  editLatestSnapshot(edit: (template: CfnTemplate) => void, id = 'public-ip'): void {
    const manifest = this.manifest(id);
    const latest = manifest.releases[manifest.releases.length - 1];
    const file = snapshotFile(id as never, latest.version);
    const template = JSON.parse(fs.readFileSync(file, 'utf8')) as CfnTemplate;
    edit(template);
    const text = JSON.stringify(template, null, 1);
    fs.writeFileSync(file, text);
    latest.templateSha256 = crypto.createHash('sha256').update(text).digest('hex');
    fs.writeFileSync(path.join(this.root, id, 'releases.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  }
}

/** The next minor and major version names after the latest release. */
export function nextVersions(latest: string): { patch: string; minor: string; major: string } {
  const [major, minor, patch] = latest.slice(1).split('.').map(Number);
  return { patch: `v${major}.${minor}.${patch + 1}`, minor: `v${major}.${minor + 1}.0`, major: `v${major + 1}.0.0` };
}
