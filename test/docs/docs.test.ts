import * as fs from 'fs';
import * as path from 'path';
import { PRODUCTS } from '../../products/catalog';
import { currentProductsOf, type CurrentProduct } from '../../scripts/catalog-build/current-templates';
import { loadPriceTable } from '../../scripts/cost/prices';
import { docsDir } from '../../scripts/docs/build-step';
import { renderCatalogDocs } from '../../scripts/docs/catalog-docs';
import { describeCondition } from '../../scripts/docs/conditions';
import { englishLines } from '../../scripts/docs/english-lines';
import { DOC_LANGUAGES } from '../../scripts/docs/product-docs';
import { staleDocs } from '../../scripts/docs/write';
import { defaultSynthesis } from '../support/catalog';

const synthesis = defaultSynthesis();
const products = currentProductsOf(synthesis);
const files = renderCatalogDocs(products, loadPriceTable(), DOC_LANGUAGES, synthesis.config);
const page = (lang: string, file: string) => files.get(`${lang}/${file}`) ?? '';
const product = (id: string) => products.find((p) => p.definition.id === id)!;

describe('catalog docs', () => {
  test('the committed docs/ are what the current templates render (run `npm start` or `catalog docs` and commit)', () => {
    expect(staleDocs(docsDir(), files)).toEqual({ changed: [], missing: [], extra: [] });
  });

  test('an index, a launch guide and a page per product, in English and Japanese', () => {
    const expected = DOC_LANGUAGES.flatMap((lang) => [`${lang}/index.md`, `${lang}/guide.md`, ...PRODUCTS.map((p) => `${lang}/${p.id}.md`)]);
    expect([...files.keys()].sort()).toEqual(expected.sort());
  });

  test('no English prose is left in docs/ja (identifiers, code, URLs and AWS product names aside)', () => {
    const left = [...files].filter(([f]) => f.startsWith('ja/')).flatMap(([f, text]) => englishLines(text).map((l) => `${f}:${l.line}: ${l.text}`));
    expect(left).toEqual([]);
    // The detector does find English: the English pages are full of it.
    expect(englishLines(page('en', 'index.md')).length).toBeGreaterThan(10);
  });

  test.each(DOC_LANGUAGES)('every parameter (required ones marked) and every output (conditional ones with their condition) appears in its %s page', (lang) => {
    for (const p of products) {
      const text = page(lang, `${p.definition.id}.md`);
      for (const [name, parameter] of Object.entries(p.template.Parameters ?? {})) {
        const line = text.split('\n').find((l) => l.startsWith('- **') && l.includes(` \`${name}\``));
        expect([p.definition.id, name, line !== undefined]).toEqual([p.definition.id, name, true]);
        const required = parameter.Default === undefined;
        expect([name, line!.endsWith(lang === 'ja' ? ' — **必須**  ' : ' — **required**  ')]).toEqual([name, required]);
      }
      for (const [name, output] of Object.entries(p.template.Outputs ?? {})) {
        const line = text.split('\n').find((l) => l.startsWith(`- \`${name}\` — `));
        expect([name, line !== undefined]).toEqual([name, true]);
        const condition = (output as { Condition?: string }).Condition;
        expect([name, /\*(Only when .+\.|.+のときだけ出力されます。)\*$/.test(line!)]).toEqual([name, condition !== undefined]);
      }
    }
    expect(page('ja', 'nat-gateway.md')).toContain(
      '- `NatEgressIp2` — この製品が割り当てた NAT ゲートウェイ 2（`regional` では AZ 2）の送信元 IPv4 アドレスです。データソースの許可リストに登録してください。 *（`NatGatewayMode` が `per-az`、または `NatGatewayMode` が `regional`）、かつ `NatEgressAllocationId2` が空欄のときだけ出力されます。*',
    );
    expect(page('en', 'private-link.md')).toContain('*Only when `CredentialStores` is `parameter-store-and-secrets-manager`.*');
  });

  test('issue 14: Snowflake private DNS and the TLS-inspecting proxy CA bundle are documented in both languages', () => {
    for (const lang of DOC_LANGUAGES) {
      expect(page(lang, 'private-link.md')).toContain('privatelink.snowflakecomputing.com');
      expect(page(lang, 'private-link.md')).toContain('`PrivateLinkService1DnsHost4`');
      expect(page(lang, 'existing-network.md')).toContain('`ProxyCaBundleParameter`');
    }
    expect(page('ja', 'private-link.md')).toContain('### プライベート DNS: エンドポイントサービス 1');
    expect(page('ja', 'existing-network.md')).toContain('PEM（ルートと中間証明書。標準パラメータは 4 KB、アドバンストパラメータは 8 KB まで）はお客様のプロキシの担当チームがご用意ください。');
  });

  test('conditions in words: Equals, Not, And, Or and condition references', () => {
    const t = product('nat-gateway').template;
    expect(describeCondition(t, 'OwnNatEgressAddress2', 'en')).toBe('(`NatGatewayMode` is `per-az` or `NatGatewayMode` is `regional`) and `NatEgressAllocationId2` is given');
    expect(describeCondition(t, 'OwnNatEgressAddress1', 'ja')).toBe('`NatEgressAllocationId1` が空欄以外');
    expect(describeCondition(product('private-link').template, 'WithAnyPrivateLinkService', 'ja')).toBe(
      '`PrivateLinkServiceName1` が空欄以外、または `PrivateLinkServiceName2` が空欄以外、または `PrivateLinkServiceName3` が空欄以外',
    );
  });

  test('a parameter or output of the latest version without a Japanese description fails the build, naming the file and key', () => {
    const base = product('nat-gateway');
    const template = JSON.parse(JSON.stringify(base.template)) as CurrentProduct['template'];
    template.Parameters!.RetainElasticIps = { Type: 'String', Default: 'yes', AllowedValues: ['yes', 'no'] };
    template.Outputs = { ...template.Outputs, ElasticIpPolicy: { Value: 'x', Description: 'What happens to the EIPs' } };
    const changed: CurrentProduct = { ...base, template };
    expect(() => renderCatalogDocs([changed], loadPriceTable(), ['ja'])).toThrow(
      /Add:\n {2}- products\/nat-gateway\/docs\.yaml: parameters\.RetainElasticIps\.ja \(parameter RetainElasticIps of nat-gateway v1\.2\.0\)\n {2}- products\/nat-gateway\/docs\.yaml: outputs\.ElasticIpPolicy\.ja \(output ElasticIpPolicy of nat-gateway v1\.2\.0\)\n/,
    );
    const released: CurrentProduct = { ...base, manifest: { ...base.manifest!, releases: [...base.manifest!.releases, { ...base.manifest!.releases[0], version: 'v1.3.0' }] } };
    expect(() => renderCatalogDocs([released], loadPriceTable(), ['en'])).toThrow(/products\/nat-gateway\/docs\.yaml: releases\.v1\.3\.0\.ja \(release notes of nat-gateway v1\.3\.0\)/);
  });

  test('the decision guide links every product and carries the source document’s decision logic; the cost comparison has a row per product', () => {
    for (const lang of DOC_LANGUAGES) {
      for (const p of PRODUCTS) expect(page(lang, 'index.md')).toContain(`](${p.id}.md) (\`${p.id}\`) |`);
    }
    const ja = page('ja', 'index.md');
    expect(ja).toContain('## パターンの選び方');
    expect(ja).toContain('既定値（5 つ、認証情報は Parameter Store）: 月 51.10 USD');
    expect(ja).toContain('インターフェイス VPC エンドポイント 6 つ（`CredentialStores` = `parameter-store-and-secrets-manager`、Secrets Manager あり）: 月 61.32 USD');
    expect(ja).toMatch(/PostgreSQL 5432、Oracle 1521、Amazon Redshift 5439/);
    expect(ja).toContain('データソースを提供するベンダーの仕様に従って構築をお願いしております');
    expect(page('en', 'index.md')).toMatch(/\n\| \[Public IP auto-assignment\]\(public-ip\.md\) \| 0 \| 0\.00 \| 0\.00 \| 1\.00 \| 0\.82 \|\n/);
  });

  test('the Network Firewall cost in Tokyo is never blank: a us-east-1 reference figure, labelled, with where to read the Tokyo price', () => {
    for (const lang of DOC_LANGUAGES) {
      for (const file of ['index.md', 'network-firewall.md']) expect([lang, file, page(lang, file)]).not.toEqual([lang, file, expect.stringMatching(/\*\*(単価未登録|not priced)/)]);
    }
    expect(page('ja', 'index.md')).toMatch(/\| \[Network Firewall\]\(network-firewall\.md\) \| 2 \| 584\.00（参考値） \| 584\.00 \|/);
    expect(page('ja', 'network-firewall.md')).toContain('ap-northeast-1 の料金は https://aws.amazon.com/jp/network-firewall/pricing/ でご確認ください。');
    expect(page('en', 'network-firewall.md')).toContain('The ap-northeast-1 price: see https://aws.amazon.com/network-firewall/pricing/.');
  });

  test('no internal matter on the customer pages', () => {
    for (const [file, text] of files) {
      for (const internal of ['catalog cost', 'catalog docs', 'prices.json', 'contract analysis', 'コントラクト分析', "project's search tools", 'natGatewayHour', 'ベンダー間']) {
        expect([file, internal, text.includes(internal)]).toEqual([file, internal, false]);
      }
    }
  });

  test('facts the templates decide: private-link endpoints, public-ip S3 through the gateway endpoint since v1.1.0', () => {
    expect(page('ja', 'private-link.md')).toContain('ecr.api、ecr.dkr、logs、sts、ssm は常に作成し、secretsmanager は `CredentialStores` が `parameter-store` でない限り作成します');
    expect(page('en', 'private-link.md')).toContain('ecr.api, ecr.dkr, logs, sts and ssm always,\nand secretsmanager unless `CredentialStores` is `parameter-store`'.replace('\n', ' '));
    expect(product('private-link').template.Outputs?.SecretsManagerEndpointId).toMatchObject({ Condition: 'WithSecretsManagerEndpoint' });
    expect(page('ja', 'public-ip.md')).toContain('v1.1.0 以降、同じリージョンの Amazon S3 への通信');
    expect(product('public-ip').version).toBe('v1.3.0');
  });

  test('the launch guide answers: before launching, the console steps, after launching, updating, getting help', () => {
    const ja = page('ja', 'guide.md');
    for (const heading of ['## 起動の前に', '## コンソールでの起動', '## 起動後の確認', '## 新しいバージョンへの更新', '## お問い合わせ']) expect(ja).toContain(`\n${heading}\n`);
    expect(ja).toContain('aws ssm put-parameter');
    expect(ja).toContain('aws secretsmanager create-secret');
    expect(ja).toContain('毎日 12:00（日本時間）');
    expect(ja).toContain('`AgentNetworkCatalogLaunchRole`');
    const en = page('en', 'guide.md');
    for (const heading of ['## Before launching', '## Launching in the console', '## After launching', '## Updating to a new version', '## Getting help']) expect(en).toContain(`\n${heading}\n`);
  });

  test('the contact comes from the configuration (portfolio.support)', () => {
    const config = { ...synthesis.config, portfolio: { ...synthesis.config.portfolio, support: { email: 'agent-support@example.com', url: 'https://support.example.com/agent', description: 'Mon-Fri 9:00-18:00 JST' } } };
    const withSupport = renderCatalogDocs(products, loadPriceTable(), DOC_LANGUAGES, config);
    expect(withSupport.get('ja/guide.md')).toContain('- メール: <agent-support@example.com>\n- サポートページ: <https://support.example.com/agent>\n');
    expect(withSupport.get('ja/guide.md')).not.toContain('Mon-Fri');
    expect(withSupport.get('en/guide.md')).toContain('Mon-Fri 9:00-18:00 JST\n\n- E-mail: <agent-support@example.com>');
  });

  test('product pages carry the version history from releases.json, with Japanese release notes', () => {
    for (const p of products) {
      for (const release of p.manifest!.releases) {
        expect(page('en', `${p.definition.id}.md`)).toContain(`| ${release.version} | ${release.date} |`);
        expect(page('en', `${p.definition.id}.md`)).toContain(`- **${release.version}**: ${release.notes}`);
      }
    }
    expect(page('en', 'public-ip.md')).toMatch(/\n\| v1\.0\.0 \| \d{4}-\d{2}-\d{2} \| [a-z ()]+ \| first release \|/);
    expect(page('ja', 'public-ip.md')).toMatch(/\n\| v1\.1\.0 \| \d{4}-\d{2}-\d{2} \| 非推奨（更新のみ可） \| 互換性あり \|/);
    expect(page('ja', 'public-ip.md')).toMatch(/\n\| v1\.2\.0 \| \d{4}-\d{2}-\d{2} \| 有効 \| 互換性あり \|/);
  });

  test('Japanese prose has no spaces between sentences (YAML folding)', () => {
    const spaced = [...files].filter(([file, text]) => file.startsWith('ja/') && /。 (?!-->|\||\*)/.test(text)).map(([file]) => file);
    expect(spaced).toEqual([]);
  });

  test('rendering is deterministic', () => {
    expect(renderCatalogDocs(products, loadPriceTable(), DOC_LANGUAGES, synthesis.config)).toEqual(files);
  });

  test('the docs/ folder holds only generated pages in en/ and ja/', () => {
    for (const lang of DOC_LANGUAGES) {
      expect(fs.readdirSync(path.join(docsDir(), lang)).sort()).toEqual([...files.keys()].filter((f) => f.startsWith(`${lang}/`)).map((f) => f.slice(3)).sort());
    }
  });
});
