import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { repoRoot } from '../../products/shared/repo-root';

/**
 * Results of a tool per template text, kept between runs: released snapshots never change and the current version of
 * a product is byte-identical to its latest snapshot, so most templates of a build were checked by an earlier build.
 * The key is the SHA-256 of the template text, and the cache belongs to one tool version: a new validator, rule set or
 * engine starts from empty. Raw tool output is cached, never verdicts: allow-lists and acknowledgments apply on every
 * run. `CATALOG_VERIFY_CACHE=off` disables it (cold timings, CI without a cache).
 */
export class ResultCache<T> {
  private readonly file: string;
  private readonly entries = new Map<string, T>();
  private readonly used = new Map<string, T>();
  readonly enabled = process.env.CATALOG_VERIFY_CACHE !== 'off';
  hits = 0;
  misses = 0;

  constructor(
    name: string,
    private readonly toolVersion: string,
  ) {
    this.file = path.join(repoRoot(), 'node_modules', '.cache', 'agent-network-catalog', `${name}.json`);
    if (!this.enabled) return;
    try {
      const saved = JSON.parse(fs.readFileSync(this.file, 'utf8')) as { toolVersion?: string; entries?: Record<string, T> };
      if (saved.toolVersion === toolVersion) for (const [k, v] of Object.entries(saved.entries ?? {})) this.entries.set(k, v);
    } catch {
      // No cache yet, or an unreadable one: start empty.
    }
  }

  get(text: string): T | undefined {
    const key = hash(text);
    // Entries set earlier in this run count too (a second check in one process analyzes nothing again).
    const value = this.used.get(key) ?? this.entries.get(key);
    if (value === undefined) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    this.used.set(key, value);
    return value;
  }

  set(text: string, value: T): void {
    this.used.set(hash(text), value);
  }

  /** Keeps what this run used (so the file never grows beyond one catalog), written atomically. */
  save(): void {
    if (!this.enabled || this.misses === 0) return;
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const temporary = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, JSON.stringify({ toolVersion: this.toolVersion, entries: Object.fromEntries(this.used) }));
    fs.renameSync(temporary, this.file);
  }
}

const hash = (text: string) => crypto.createHash('sha256').update(text).digest('hex');
