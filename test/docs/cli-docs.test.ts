import * as fs from 'fs';
import * as path from 'path';
import { tempDir } from '../support/catalog';
import { runCatalog } from '../support/cli';

describe('catalog docs (command)', () => {
  test('--lang xx names the allowed languages', async () => {
    expect(await runCatalog(['docs', '--lang', 'xx'])).toEqual({ code: 1, stdout: '', stderr: 'catalog: --lang xx: unknown language; languages: en, ja\n' });
  });

  test('writes the pages of one language, --check passes, then names a page edited by hand', async () => {
    const out = tempDir();
    const written = await runCatalog(['docs', '--out', out, '--lang', 'ja']);
    expect(written.code).toBe(0);
    expect(written.stdout).toMatch(/^\d+ documents rendered into .+: \d+ written, 0 removed\n$/);
    expect(fs.readdirSync(path.join(out, 'ja'))).toContain('index.md');
    expect(fs.existsSync(path.join(out, 'en'))).toBe(false);

    expect(await runCatalog(['docs', '--out', out, '--lang', 'ja', '--check'])).toMatchObject({ code: 0, stderr: '' });

    fs.appendFileSync(path.join(out, 'ja', 'public-ip.md'), 'edited by hand\n');
    fs.writeFileSync(path.join(out, 'ja', 'retired-pattern.md'), '# gone\n');
    const stale = await runCatalog(['docs', '--out', out, '--lang', 'ja', '--check']);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toBe(
      `catalog: the documents in ${out}/ are stale: ja/public-ip.md (changed), ja/retired-pattern.md (no longer generated). ` +
        'Regenerate them with `catalog docs` (or `npm start`) and commit them.\n',
    );
  });
});
