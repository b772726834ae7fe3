import { resolveConditions, resourceExists } from '../../template-evaluation';
import { referencedId, listOf, renderString } from '../expressions';
import type { NetworkModel } from '../network-model';

/**
 * existing-network behind a TLS-inspecting proxy: the job trusts the proxy's CA from an SSM parameter that the Fargate
 * agent injects as a job secret with the execution role (products/existing-network/proxy-ca-bundle.ts). Provable from the
 * template: the execution role may read that parameter (else every run fails before the container starts) and no more
 * parameters than that (least privilege), and the CA variables point at the file the start wrapper writes.
 */
const CA_VARIABLES = ['AWS_CA_BUNDLE', 'SSL_CERT_FILE', 'REQUESTS_CA_BUNDLE'];

export function checkProxyCaBundle(model: NetworkModel): { findings: string[]; assumptions: string[] } {
  const findings: string[] = [];
  const assumptions: string[] = [];
  for (const id of model.agent?.jobDefinitions ?? []) {
    const container = (model.resources.get(id)?.Properties?.ContainerProperties ?? {}) as Record<string, unknown>;
    const secrets = listOf(container.Secrets) as { Name?: unknown; ValueFrom?: unknown }[];
    const bundle = secrets.find((s) => String(s.Name).endsWith('CA_BUNDLE_PEM'));
    if (!bundle) continue;
    const arn = renderString(bundle.ValueFrom) ?? JSON.stringify(bundle.ValueFrom);
    const role = referencedId(container.ExecutionRoleArn);
    // IAM roles are not part of the network model: read the role from the template in this launch's scenario.
    const roleResource = role ? model.template.Resources[role] : undefined;
    const roleProperties = roleResource && resourceExists(roleResource, model.scenario) ? (resolveConditions(roleResource.Properties ?? {}, model.scenario) as Record<string, unknown>) : {};
    const statements = listOf(roleProperties.Policies).flatMap((p) =>
      listOf((p as { PolicyDocument?: { Statement?: unknown } }).PolicyDocument?.Statement),
    ) as { Effect?: string; Action?: unknown; Resource?: unknown }[];
    const reads = statements.filter((s) => s.Effect === 'Allow' && listOf(s.Action).some((a) => /^ssm:(GetParameters|\*)$/.test(String(a)) || a === '*'));
    const resources = reads.flatMap((s) => listOf(s.Resource).map((r) => renderString(r) ?? JSON.stringify(r)));
    if (!resources.includes(arn) && !resources.some((r) => r === '*' || r.endsWith(':parameter/*') || r.endsWith(':*'))) {
      findings.push(`${id}: the job secret ${String(bundle.Name)} comes from ${arn}, which the execution role ${role ?? '(none)'} may not read (ssm:GetParameters): every run fails before the container starts`);
    }
    const broad = resources.filter((r) => r !== arn && (r === '*' || /:parameter\/?\*$/.test(r) || r.endsWith(':*')));
    if (broad.length) findings.push(`${role}: ssm:GetParameters on ${broad.join(', ')}: the execution role needs only the CA bundle parameter ${arn}`);
    const environment = listOf(container.Environment) as { Name?: unknown; Value?: unknown }[];
    for (const variable of CA_VARIABLES) {
      if (!environment.some((e) => e.Name === variable)) findings.push(`${id}: ${variable} is not set: clients that read it keep trusting only the image's roots and fail on the proxy's re-signed certificates`);
    }
    assumptions.push(
      `the TLS-inspecting proxy's CA (PEM) is in the SSM parameter ${arn}; the agent image has /bin/sh and an ENTRYPOINT that runs the job's command (the start wrapper writes the bundle, then runs AgentStartCommand)`,
    );
  }
  return { findings, assumptions };
}
