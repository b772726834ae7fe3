import * as fs from 'fs';
import * as path from 'path';

/**
 * Writes rendered documents under `outDir` and removes Markdown files of the rendered language folders that are no
 * longer generated (a product that left the catalog). Only those folders are touched.
 */
export function writeDocs(outDir: string, files: Map<string, string>): { written: string[]; removed: string[] } {
  const written: string[] = [];
  for (const [relative, content] of files) {
    const file = path.join(outDir, relative);
    if (fs.existsSync(file) && fs.readFileSync(file, 'utf8') === content) continue;
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
    written.push(relative);
  }
  const removed = orphans(outDir, files);
  for (const relative of removed) fs.rmSync(path.join(outDir, relative));
  return { written, removed };
}

/** Differences between the rendered documents and those in `outDir`: what a stale check reports. */
export function staleDocs(outDir: string, files: Map<string, string>): { changed: string[]; missing: string[]; extra: string[] } {
  const changed: string[] = [];
  const missing: string[] = [];
  for (const [relative, content] of files) {
    const file = path.join(outDir, relative);
    if (!fs.existsSync(file)) missing.push(relative);
    else if (fs.readFileSync(file, 'utf8') !== content) changed.push(relative);
  }
  return { changed, missing, extra: orphans(outDir, files) };
}

function orphans(outDir: string, files: Map<string, string>): string[] {
  const folders = new Set([...files.keys()].map((f) => path.dirname(f)));
  return [...folders]
    .flatMap((folder) => {
      const dir = path.join(outDir, folder);
      return fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.md')).map((f) => path.join(folder, f)) : [];
    })
    .filter((relative) => !files.has(relative))
    .sort();
}
