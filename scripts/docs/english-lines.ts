/**
 * English prose left in a Japanese page: the lines that, once identifiers, code, URLs, quoted console labels and AWS
 * product names are taken out, still hold English words and no Japanese — or a run of four or more English words.
 * Mermaid blocks are checked by their labels (the quoted node and subgraph texts and edge labels); other fenced code
 * blocks are code. Used by the docs test (the goal is none) and by anyone who wants the count.
 */
const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff\uff01-\uff60]/;

/** AWS and product names that stay in English in AWS Japan's own documents. */
const NAMES = [
  'AWS Management Console',
  'AWS Service Catalog',
  'Service Catalog',
  'AWS Network Firewall',
  'Network Firewall',
  'AWS Batch',
  'AWS Fargate',
  'Fargate Spot',
  'Fargate',
  'Amazon ECS on Fargate',
  'Amazon ECR',
  'Amazon S3',
  'Amazon Redshift',
  'Amazon Athena',
  'Amazon VPC',
  'AWS PrivateLink',
  'PrivateLink',
  'SSM Parameter Store',
  'Parameter Store',
  'Secrets Manager',
  'EventBridge Scheduler',
  'CloudWatch Logs',
  'CloudWatch',
  'CloudFormation',
  'IAM Identity Center',
  'Service Quotas',
  'StackSets',
  'Route 53',
  'Security Group',
  'Network ACL',
  'Elastic IP',
  'TagOption',
  'TLS SNI',
  'HTTP Host',
  'Snowflake',
  'PostgreSQL',
  'Oracle',
];

export interface EnglishLine {
  readonly line: number;
  readonly text: string;
}

export function englishLines(markdown: string): EnglishLine[] {
  const found: EnglishLine[] = [];
  let fence: string | undefined;
  markdown.split('\n').forEach((raw, i) => {
    const fenceMatch = /^\s*```(\w*)/.exec(raw);
    if (fenceMatch) {
      fence = fence === undefined ? fenceMatch[1] || 'code' : undefined;
      return;
    }
    let text: string;
    if (fence === 'mermaid' && /^\s*%%/.test(raw)) return; // a directive or comment, not shown
    if (fence === 'mermaid') {
      text = [...raw.matchAll(/"([^"]*)"|-\. ([^.]+) \.->/g)].map((m) => m[1] ?? m[2]).join(' ').replace(/<br\/>/g, ' ');
    } else if (fence !== undefined) {
      return;
    } else {
      text = raw;
    }
    const prose = strip(text);
    if (!/[A-Za-z]{2,}/.test(prose)) return;
    if (!JAPANESE.test(prose) || /\b[A-Za-z]+(?:[ ,]+[A-Za-z]+){3,}\b/.test(prose.replace(/[^A-Za-z ,]+/g, '  '))) found.push({ line: i + 1, text: raw });
  });
  return found;
}

export function strip(text: string): string {
  let t = text
    .replace(/<!--.*?-->/g, ' ')
    .replace(/`[^`]*`/g, ' ')
    .replace(/\]\([^)]*\)/g, '] ')
    .replace(/<?https?:\/\/[^\s)>]+>?/g, ' ')
    .replace(/「[^」]*」/g, ' ');
  for (const name of NAMES) t = t.split(name).join(' ');
  t = t
    .replace(/\b[a-z0-9]+(?:[-.][a-z0-9]+)+\b/g, ' ') // region names, ecr.api, file names
    .replace(/\b(?:[A-Z][a-z]+){2,}\w*\b/g, ' ') // CamelCase identifiers
    .replace(/\b[A-Z0-9_]{2,}\b/g, ' '); // AWS, NAT, IP, AZ, USD, HTTPS_PROXY
  // Units and protocols, and the VPC endpoint service names (ecr.api, logs, sts, ssm, secretsmanager, s3).
  return t.replace(/\b(?:vCPU|GB|TCP|UDP|HTTP|HTTPS|TLS|DNS|IPv4|cron|rate|v\d[\d.]*|logs|sts|ssm|secretsmanager|s3)\b/g, ' ');
}
