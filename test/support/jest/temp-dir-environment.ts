import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { EnvironmentContext, JestEnvironmentConfig } from '@jest/environment';
import NodeEnvironment from 'jest-environment-node';
import { FILE_DIR_PREFIX } from './temp-root';

/**
 * Jest's node environment with a temporary folder per test file: TMPDIR points at it while the file runs (set in the
 * worker's real process, so `os.tmpdir()` and spawned processes see it, not only the test's copy of process.env), and
 * it is removed afterwards with whatever the file's tests and the processes they started wrote there. New tests need
 * nothing: `tempDir()` (test/support/catalog.ts), `fs.mkdtempSync(path.join(os.tmpdir(), …))`, the CDK's own temporary
 * folders and the CLI's all land in it.
 */
export default class TempDirEnvironment extends NodeEnvironment {
  private readonly fileTmp: string;
  private readonly previousTmp: string | undefined;

  constructor(config: JestEnvironmentConfig, context: EnvironmentContext) {
    const fileTmp = fs.mkdtempSync(path.join(os.tmpdir(), FILE_DIR_PREFIX));
    const previousTmp = process.env.TMPDIR;
    process.env.TMPDIR = fileTmp;
    // The base class copies process.env into the test's sandbox here, with TMPDIR already pointing at the file's folder.
    super(config, context);
    this.fileTmp = fileTmp;
    this.previousTmp = previousTmp;
  }

  override async teardown(): Promise<void> {
    await super.teardown();
    if (this.previousTmp === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = this.previousTmp;
    fs.rmSync(this.fileTmp, { recursive: true, force: true });
  }
}
