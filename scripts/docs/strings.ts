import { CliError } from '../cli-error';
import type { PriceKey } from '../cost/prices';
import type { DocLanguage } from './product-docs';

/**
 * The fixed wording of the generated pages, per language. Product prose and the descriptions of parameters and
 * outputs live in products/<id>/docs.yaml (and scripts/docs/data/shared.yaml); the long prose of the index and the
 * guide is in the per-language templates (scripts/docs/templates/*.<lang>.md.hbs).
 */
export interface DocStrings {
  readonly catalogTitle: string;
  readonly product: string;
  readonly fixedMonthly: (region: string) => string;
  readonly runsMonthly: (region: string) => string;
  readonly azsBilled: string;
  readonly whatItBuilds: string;
  readonly whenToChoose: string;
  readonly egress: string;
  readonly egressIntro: string;
  readonly egressPending: string;
  readonly legend: string;
  readonly legendLine: string;
  readonly legendMeaning: string;
  readonly parameters: string;
  readonly parametersIntro: (requiredCount: number, names: string) => string;
  readonly consoleLabel: (label: string) => string;
  readonly requiredBadge: string;
  readonly optionalBadge: string;
  readonly requiredFact: string;
  readonly optionalEmpty: string;
  readonly optionalDefault: (value: string) => string;
  readonly oneOf: (values: string) => string;
  readonly range: (min: string, max: string) => string;
  readonly typeFact: (type: string) => string;
  readonly ungrouped: string;
  readonly outputs: string;
  readonly outputsIntro: string;
  readonly onlyWhen: (condition: string) => string;
  readonly monthlyCost: string;
  readonly monthlyCostIntro: (runMinutes: number) => string;
  readonly lineItemHeader: string;
  readonly quantity: string;
  readonly unitHeader: string;
  readonly unitUsd: string;
  readonly monthlyUsd: string;
  readonly fixedTotal: string;
  readonly runsTotal: string;
  readonly total: string;
  readonly perGb: string;
  readonly variantsTitle: string;
  readonly variantHeader: string;
  readonly defaultsHeader: string;
  readonly region: string;
  readonly byAzCount: (parameters: string) => string;
  readonly azs: (n: number) => string;
  readonly notPriced: string;
  readonly notListed: string;
  readonly referenceMark: string;
  readonly referenceNote: (prices: string[], region: string, from: string, page: string, checked: string) => string;
  readonly notIncluded: string;
  readonly elasticIpsTitle: string;
  readonly actionsTitle: string;
  readonly actionsIntro: string;
  readonly runAgentAction: string;
  readonly checkNetworkAction: string;
  readonly networkCheckHere: string;
  readonly actionsCost: string;
  readonly versions: string;
  readonly versionsIntro: string;
  readonly version: string;
  readonly date: string;
  readonly status: string;
  readonly verdict: string;
  readonly notes: string;
  readonly statusNames: Record<string, string>;
  readonly verdictNames: Record<string, string>;
  readonly firstRelease: string;
  readonly notRecorded: string;
  readonly currentVersion: (version: string) => string;
  readonly back: string;
  readonly guideLink: string;
  readonly launchRoleUnnamed: string;
  readonly generated: string;
  readonly priceSource: string;
  readonly priceName: string;
  readonly source: string;
  readonly checked: string;
  readonly otherLanguage: string;
  readonly regionNames: Record<string, string>;
  readonly priceNames: Record<PriceKey, string>;
  /** The AWS pricing page in the reader's language. */
  readonly pricingPage: (url: string) => string;
  /** A cost line item of scripts/cost/model.ts in this language; an unknown one fails the build, naming it. */
  readonly lineItem: (name: string) => string;
  readonly dataRate: (name: string) => string;
  readonly unit: (unit: string) => string;
}

/** Pattern → wording: every line item name the cost model produces must match one (the build fails otherwise). */
type Rules = [RegExp, (...groups: string[]) => string][];

function translator(what: string, rules: Rules): (text: string) => string {
  return (text) => {
    for (const [pattern, render] of rules) {
      const match = pattern.exec(text);
      if (match) return render(...match.slice(1));
    }
    throw new CliError(`scripts/docs/strings.ts has no Japanese wording for the ${what} "${text}": add a rule for it`);
  };
}

const en: DocStrings = {
  catalogTitle: 'Metadata agent network patterns',
  product: 'Pattern',
  fixedMonthly: (region) => `Always-on, ${region} (USD/month)`,
  runsMonthly: (region) => `Scheduled runs, ${region} (USD/month)`,
  azsBilled: 'AZs billed',
  whatItBuilds: 'What it builds',
  whenToChoose: 'When to choose it',
  egress: 'Where the traffic goes',
  egressIntro: 'Where traffic from the agent can go with the default parameters, drawn from the routes, gateways and endpoints the template creates.',
  egressPending: 'The diagram of this pattern is not available.',
  legend: 'Legend',
  legendLine: 'Line',
  legendMeaning: 'Meaning',
  parameters: 'Launch parameters',
  parametersIntro: (n, names) =>
    `In the order and groups of the Service Catalog console (the bold name is the label the console shows). ${n === 0 ? 'No parameter is required' : n === 1 ? `One parameter is **required**: ${names}` : `${n} parameters are **required**: ${names}`}; every other one is optional and can be left at its default.`,
  consoleLabel: (label) => `console label “${label}”`,
  requiredBadge: '**required**',
  optionalBadge: 'optional',
  requiredFact: 'No default: the console does not launch without a value',
  optionalEmpty: 'Default: empty',
  optionalDefault: (v) => `Default: ${v}`,
  oneOf: (values) => `One of ${values}`,
  range: (min, max) => `A number from ${min} to ${max}`,
  typeFact: (type) => `Type ${type} (chosen from a list in the console)`,
  ungrouped: 'Other',
  outputs: 'Outputs',
  outputsIntro: 'Shown on the **Outputs** tab of the provisioned product once it is available.',
  onlyWhen: (c) => `Only when ${c}.`,
  monthlyCost: 'Monthly cost',
  monthlyCostIntro: (runMinutes) =>
    `With the parameter defaults, 730 hours a month, scheduled runs of ${runMinutes} minutes each, at the AWS list prices given on the [index](index.md#price-sources).`,
  lineItemHeader: 'Line item',
  quantity: 'Quantity',
  unitHeader: 'Unit',
  unitUsd: 'USD per unit',
  monthlyUsd: 'USD/month',
  fixedTotal: 'Always-on total',
  runsTotal: 'Scheduled runs',
  total: 'Total',
  perGb: 'Per GB processed',
  variantsTitle: 'Other launch choices',
  variantHeader: 'Choice',
  defaultsHeader: 'With the defaults (USD/month)',
  region: 'Region',
  byAzCount: (parameters) => `Always-on cost by the number of AZs (set with ${parameters})`,
  azs: (n) => (n === 1 ? '1 AZ' : `${n} AZs`),
  notPriced: 'not priced',
  notListed: 'see note',
  referenceMark: ' (reference)',
  referenceNote: (prices, region, from, page, checked) =>
    `Reference figures: our price table has no sourced ${region} price yet for ${prices.map((p) => `"${p}"`).join(' and ')} (checked ${checked}), so the figures marked "reference" use the ${from} price. The ${region} price: see ${page}.`,
  notIncluded: 'Not included: data transfer out to the internet, CloudWatch Logs, and traffic-dependent per-GB charges.',
  elasticIpsTitle: 'Elastic IPs on update and termination',
  actionsTitle: 'Self-service actions',
  actionsIntro:
    'Open the provisioned product in the Service Catalog console (**Provisioned products**), choose **Actions** and one of the actions below; ' +
    'the result (status, outputs of each step) is shown in the Systems Manager console under **Automation**. Each action is offered on the versions ' +
    'that have what it needs (versions that can no longer be launched have none) and runs with the launch role of the provisioned product, which may ' +
    'call only what the two runbooks call. The runbooks `AgentNetworkCatalog-RunAgentNow` and `AgentNetworkCatalog-CheckNetwork` are created by ' +
    'the member-account stack in every account and region where products are launched.',
  runAgentAction:
    '**Run-the-agent-now** submits one run of the agent (the AWS Batch job queue and job definition of the outputs `JobQueueArn` and ' +
    '`JobDefinitionArn`), waits until the job has succeeded or failed (at most 3 hours) and shows the job id, the job status and the CloudWatch Logs ' +
    'stream of its last attempt in the log group `LogGroupName`. The action fails when the job fails. It costs the run itself (see the monthly cost).',
  checkNetworkAction:
    '**Check-the-network** asks AWS Network Access Analyzer, on the deployed network, whether the promise of this pattern holds. The analyzer ' +
    'reasons over the network configuration (route tables, gateways, security groups, firewalls); it sends no packets. It analyzes the Network Access ' +
    'Scope of the output `NetworkAccessScopeId`, which the template defines from the same promise `catalog contract` proves offline, and shows the scope id, ' +
    'whether there are findings, the number of network interfaces analyzed and the findings (network paths).',
  networkCheckHere: 'For this pattern:',
  actionsCost:
    'Cost: Network Access Analyzer is billed per network interface analyzed in each analysis (the output `AnalyzedEniCount` of the action; ' +
    'price: [Amazon VPC pricing](https://aws.amazon.com/vpc/pricing/), **Network Analysis**). The scope itself costs nothing.',
  versions: 'Version history',
  versionsIntro: 'How to update a provisioned product to a new version: see the [guide](guide.md#updating-to-a-new-version).',
  version: 'Version',
  date: 'Released',
  status: 'Status',
  verdict: 'Update from the previous version',
  notes: 'Release notes',
  statusNames: { active: 'active', deprecated: 'deprecated (updates only)', inactive: 'inactive' },
  verdictNames: { compatible: 'compatible', breaking: 'breaking' },
  firstRelease: 'first release',
  notRecorded: 'not recorded',
  currentVersion: (version) => `Current version: ${version}`,
  back: 'All patterns',
  guideLink: '[Launch guide](guide.md)',
  launchRoleUnnamed: 'named by your administrator',
  generated: 'Generated from the product templates; do not edit by hand.',
  priceSource: 'Price sources',
  priceName: 'Price',
  source: 'Source',
  checked: 'Checked',
  otherLanguage: '[日本語](../ja/{file})',
  regionNames: { 'ap-northeast-1': 'Asia Pacific (Tokyo) ap-northeast-1', 'us-east-1': 'US East (N. Virginia) us-east-1' },
  priceNames: {
    natGatewayHour: 'NAT gateway, per hour',
    natGatewayGb: 'NAT gateway data processing, per GB',
    regionalNatGatewayAzHour: 'Regional NAT gateway, per AZ and hour',
    regionalNatGatewayGb: 'Regional NAT gateway data processing, per GB',
    publicIpv4Hour: 'Public IPv4 address, per hour',
    interfaceEndpointAzHour: 'Interface VPC endpoint, per AZ and hour',
    interfaceEndpointGb: 'Interface VPC endpoint data processing, per GB',
    gatewayEndpointHour: 'Gateway VPC endpoint, per hour',
    firewallEndpointHour: 'Network Firewall endpoint, per hour',
    firewallGb: 'Network Firewall data processing, per GB',
    fargateVcpuHour: 'Fargate vCPU, per hour',
    fargateGbHour: 'Fargate memory, per GB and hour',
    fargateSpotVcpuHour: 'Fargate Spot vCPU, per hour',
    fargateSpotGbHour: 'Fargate Spot memory, per GB and hour',
  },
  pricingPage: (url) => url,
  lineItem: (name) => name,
  dataRate: (name) => name,
  unit: (unit) => unit,
};

const ja: DocStrings = {
  catalogTitle: 'メタデータエージェントのネットワークパターン',
  product: 'パターン',
  fixedMonthly: (region) => `常時稼働分 ${region}（USD/月）`,
  runsMonthly: (region) => `定期実行分 ${region}（USD/月）`,
  azsBilled: '課金対象の AZ 数',
  whatItBuilds: '作成されるもの',
  whenToChoose: 'このパターンを選ぶとき',
  egress: '通信の経路',
  egressIntro: '既定のパラメータで起動したとき、エージェントからの通信がどこへ向かうかを、テンプレートが作成するルート・ゲートウェイ・エンドポイントから描いた図です。',
  egressPending: 'このパターンの図はありません。',
  legend: '凡例',
  legendLine: '線',
  legendMeaning: '意味',
  parameters: '起動パラメータ',
  parametersIntro: (n, names) =>
    `Service Catalog のコンソールに表示される順序とグループで記載しています（「コンソールの表示名」はコンソールに英語で表示される名前です）。${n === 0 ? '必須のパラメータはありません。' : `**必須**のパラメータは ${n} つです（${names}）。`}それ以外は任意で、既定値のままでも起動できます。`,
  consoleLabel: (label) => `コンソールの表示名「${label}」`,
  requiredBadge: '**必須**',
  optionalBadge: '任意',
  requiredFact: '既定値はありません。入力しないと起動できません',
  optionalEmpty: '既定値: 空欄',
  optionalDefault: (v) => `既定値: ${v}`,
  oneOf: (values) => `指定できる値: ${values}`,
  range: (min, max) => `指定できる値: ${min}〜${max} の数値`,
  typeFact: (type) => `型 ${type}（コンソールで一覧から選びます）`,
  ungrouped: 'その他',
  outputs: '出力',
  outputsIntro: 'プロビジョニングされた製品が利用可能になると、**出力**タブに表示されます。',
  onlyWhen: (c) => `${c}のときだけ出力されます。`,
  monthlyCost: '月額料金',
  monthlyCostIntro: (runMinutes) =>
    `パラメータの既定値で、1 か月 730 時間、定期実行は 1 回 ${runMinutes} 分として、[パターン一覧](index.md#単価の出典)に記載した AWS の公開料金で計算しています。`,
  lineItemHeader: '項目',
  quantity: '数量',
  unitHeader: '単位',
  unitUsd: '単価（USD）',
  monthlyUsd: 'USD/月',
  fixedTotal: '常時稼働分の合計',
  runsTotal: '定期実行分',
  total: '合計',
  perGb: '処理データ 1 GB あたり',
  variantsTitle: 'ほかの起動方法の料金',
  variantHeader: '起動方法',
  defaultsHeader: '既定値の場合（USD/月）',
  region: 'リージョン',
  byAzCount: (parameters) => `AZ 数ごとの常時稼働分（${parameters} で指定）`,
  azs: (n) => `${n} AZ`,
  notPriced: '単価未登録',
  notListed: '未登録（注記を参照）',
  referenceMark: '（参考値）',
  referenceNote: (prices, region, from, page, checked) =>
    `参考値について: ${region} の${prices.map((p) => `「${p}」`).join('と')}は、弊社の料金表に出典のある単価がまだないため（${checked} 時点）、「参考値」と記載した金額は ${from} の単価で計算しています。${region} の料金は ${page} でご確認ください。`,
  notIncluded: '含まれないもの: インターネットへのデータ転送、CloudWatch Logs、通信量に応じた GB あたりの料金。',
  elasticIpsTitle: '更新・終了時の Elastic IP',
  actionsTitle: 'セルフサービスアクション',
  actionsIntro:
    'Service Catalog コンソールの**プロビジョニングされた製品**で製品を開き、**アクション**から次のいずれかを選びます。' +
    '結果（状態と各ステップの出力）は Systems Manager コンソールの**オートメーション**に表示されます。' +
    '各アクションは、必要なものを持つバージョンでだけ選べます（新しく起動できなくなったバージョンでは選べません）。' +
    'アクションはプロビジョニングされた製品の起動ロールで実行され、このロールに許可されているのは 2 つのランブックが呼び出す操作だけです。' +
    'ランブック `AgentNetworkCatalog-RunAgentNow` と `AgentNetworkCatalog-CheckNetwork` は、製品を起動するすべてのアカウントとリージョンにメンバーアカウントのスタックが作成します。',
  runAgentAction:
    '**Run-the-agent-now**（エージェントを今すぐ実行）は、エージェントを 1 回実行します（出力 `JobQueueArn` と `JobDefinitionArn` の AWS Batch ジョブキューとジョブ定義）。' +
    'ジョブが成功または失敗するまで（最大 3 時間）待ち、ジョブ ID、ジョブの状態、ロググループ `LogGroupName` 内の最後の試行のログストリームを表示します。' +
    'ジョブが失敗するとアクションも失敗します。料金は 1 回の実行の分だけです（月額料金を参照）。',
  checkNetworkAction:
    '**「Check-the-network」**（ネットワークを確認）は、デプロイされたネットワークでこのパターンの約束が守られているかを AWS Network Access Analyzer に確認させます。' +
    'この解析はネットワークの設定（ルートテーブル、ゲートウェイ、セキュリティグループ、ファイアウォール）を論理的に調べるもので、パケットは送りません。' +
    '解析するのは出力 `NetworkAccessScopeId` のネットワークアクセススコープで、テンプレートが `catalog contract` のオフライン検証と同じ約束から定義しています。' +
    'スコープ ID、検出結果の有無、解析したネットワークインターフェイスの数、検出結果（ネットワーク経路）を表示します。',
  networkCheckHere: 'このパターンでは:',
  actionsCost:
    '料金: Network Access Analyzer は、解析 1 回ごとに解析したネットワークインターフェイスの数に応じて課金されます（アクションの出力 `AnalyzedEniCount`。' +
    '料金は [Amazon VPC の料金](https://aws.amazon.com/jp/vpc/pricing/) の「Network Analysis」をご覧ください）。スコープ自体は無料です。',
  versionsIntro: '新しいバージョンへの更新方法は[起動ガイド](guide.md#新しいバージョンへの更新)をご覧ください。',
  versions: 'バージョン履歴',
  version: 'バージョン',
  date: '公開日',
  status: '状態',
  verdict: '前のバージョンからの更新',
  notes: 'リリースノート',
  statusNames: { active: '有効', deprecated: '非推奨（更新のみ可）', inactive: '無効' },
  verdictNames: { compatible: '互換性あり', breaking: '互換性なし' },
  firstRelease: '初回リリース',
  notRecorded: '記録なし',
  currentVersion: (version) => `現在のバージョン: ${version}`,
  back: 'パターン一覧',
  guideLink: '[起動ガイド](guide.md)',
  launchRoleUnnamed: '名前は管理者にご確認ください',
  generated: '製品テンプレートから生成しています。手で編集しないでください。',
  priceSource: '単価の出典',
  priceName: '単価',
  source: '出典',
  checked: '確認日',
  otherLanguage: '[English](../en/{file})',
  regionNames: { 'ap-northeast-1': 'アジアパシフィック（東京）ap-northeast-1', 'us-east-1': '米国東部（バージニア北部）us-east-1' },
  priceNames: {
    natGatewayHour: 'NAT ゲートウェイ（1 時間あたり）',
    natGatewayGb: 'NAT ゲートウェイのデータ処理（1 GB あたり）',
    regionalNatGatewayAzHour: 'リージョン NAT ゲートウェイ（1 AZ・1 時間あたり）',
    regionalNatGatewayGb: 'リージョン NAT ゲートウェイのデータ処理（1 GB あたり）',
    publicIpv4Hour: 'パブリック IPv4 アドレス（1 時間あたり）',
    interfaceEndpointAzHour: 'インターフェイス VPC エンドポイント（1 AZ・1 時間あたり）',
    interfaceEndpointGb: 'インターフェイス VPC エンドポイントのデータ処理（1 GB あたり）',
    gatewayEndpointHour: 'ゲートウェイ VPC エンドポイント（1 時間あたり）',
    firewallEndpointHour: 'Network Firewall のエンドポイント（1 時間あたり）',
    firewallGb: 'Network Firewall のデータ処理（1 GB あたり）',
    fargateVcpuHour: 'Fargate の vCPU（1 時間あたり）',
    fargateGbHour: 'Fargate のメモリ（1 GB・1 時間あたり）',
    fargateSpotVcpuHour: 'Fargate Spot の vCPU（1 時間あたり）',
    fargateSpotGbHour: 'Fargate Spot のメモリ（1 GB・1 時間あたり）',
  },
  pricingPage: (url) => url.replace(/^https:\/\/aws\.amazon\.com\/(?!jp\/)/, 'https://aws.amazon.com/jp/'),
  lineItem: translator('cost line item', [
    [/^NAT gateway × (\d+)$/, (n) => `NAT ゲートウェイ × ${n}`],
    [/^Regional NAT gateway × (\d+) AZ$/, (n) => `リージョン NAT ゲートウェイ × ${n} AZ`],
    [/^NAT gateway hours waived by Network Firewall × (\d+)$/, (n) => `Network Firewall による NAT ゲートウェイ時間の免除 × ${n}`],
    [/^Public IPv4 address \(NAT gateway Elastic IP\) × (\d+)$/, (n) => `パブリック IPv4 アドレス（NAT ゲートウェイの Elastic IP）× ${n}`],
    [/^Interface endpoints \((.+)\) × (\d+) AZ$/, (s, n) => `インターフェイス VPC エンドポイント（${s.replace(/, /g, '、')}）× ${n} AZ`],
    [/^Gateway endpoints \((.+)\)$/, (s) => `ゲートウェイ VPC エンドポイント（${s}）`],
    [/^Network Firewall endpoint × (\d+)$/, (n) => `Network Firewall のエンドポイント × ${n}`],
    [/^Fargate( Spot)? vCPU \(([\d.]+) vCPU, ([\d.]+) runs × (\d+) min\)$/, (spot, v, runs, min) => `Fargate${spot ? ' Spot' : ''} の vCPU（${v} vCPU、${runs} 回 × ${min} 分）`],
    [/^Fargate( Spot)? memory \(([\d.]+) GB, ([\d.]+) runs × (\d+) min\)$/, (spot, gb, runs, min) => `Fargate${spot ? ' Spot' : ''} のメモリ（${gb} GB、${runs} 回 × ${min} 分）`],
    [/^Public IPv4 address of the task \(([\d.]+) runs × (\d+) min\)$/, (runs, min) => `タスクのパブリック IPv4 アドレス（${runs} 回 × ${min} 分）`],
  ]),
  dataRate: translator('per-GB rate', [
    [/^NAT gateway data processing$/, () => 'NAT ゲートウェイのデータ処理'],
    [/^Regional NAT gateway data processing$/, () => 'リージョン NAT ゲートウェイのデータ処理'],
    [/^Network Firewall data processing$/, () => 'Network Firewall のデータ処理'],
    [/^NAT gateway data processing waived by Network Firewall$/, () => 'Network Firewall による NAT ゲートウェイのデータ処理の免除'],
    [/^Interface endpoint data processing$/, () => 'インターフェイス VPC エンドポイントのデータ処理'],
  ]),
  unit: translator('unit', [
    [/^NAT gateway-hour$/, () => 'NAT ゲートウェイ時間'],
    [/^NAT gateway AZ-hour$/, () => 'NAT ゲートウェイ AZ 時間'],
    [/^address-hour$/, () => 'アドレス時間'],
    [/^endpoint-AZ-hour$/, () => 'エンドポイント AZ 時間'],
    [/^endpoint-hour$/, () => 'エンドポイント時間'],
    [/^vCPU-hour$/, () => 'vCPU 時間'],
    [/^GB-hour$/, () => 'GB 時間'],
  ]),
};

export const DOC_STRINGS: Record<DocLanguage, DocStrings> = { en, ja };
