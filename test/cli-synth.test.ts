import { tempDir } from './support/catalog';
import { runCatalog } from './support/cli';

describe('catalog synth / build', () => {
  test('synth --json lists every product version and stack with sizes and counts', async () => {
    const { code, stdout } = await runCatalog(['synth', '--json', '--out', tempDir()]);
    expect(code).toBe(0);
    const summary = JSON.parse(stdout);
    expect(summary.templates).toContainEqual(
      expect.objectContaining({ kind: 'product', name: 'public-ip', version: 'v1.3.0', current: true, resources: 25, parameters: 18, outputs: 12 }),
    );
    expect(summary.templates.map((t: { name: string }) => t.name)).toEqual(
      expect.arrayContaining(['AgentNetworkCatalog-ap-northeast-1', 'AgentNetworkCatalogLaunchRole']),
    );
  });

  test('a bad configuration file fails with the file named, and no stack trace', async () => {
    const { code, stderr } = await runCatalog(['--config', 'does/not/exist.yaml', 'synth', '--out', tempDir()]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/Invalid catalog configuration does\/not\/exist\.yaml:\n {2}- cannot read the file/);
    expect(stderr).not.toMatch(/at .*\.ts:\d+/);
  });

  test('an unknown command is refused with help', async () => {
    const { code, stderr } = await runCatalog(['sinth']);
    expect(code).not.toBe(0);
    expect(stderr).toMatch(/unknown command 'sinth'/);
  });
});
