/**
 * A small stateful stand-in for the Service Catalog share APIs, wired into aws-sdk-client-mock, so that the handler's
 * stateless progress (re-read from DescribePortfolioShares on every isComplete call) meets a portfolio that changes
 * over time like the real one.
 *
 * Response shapes follow the AWS Service Catalog API Reference:
 * - CreatePortfolioShare / UpdatePortfolioShare / DeletePortfolioShare: `{ PortfolioShareToken }` for organization
 *   nodes (API_CreatePortfolioShare.html, API_UpdatePortfolioShare.html, API_DeletePortfolioShare.html);
 * - DescribePortfolioShareStatus: `{ PortfolioShareToken, PortfolioId, OrganizationNodeValue, Status,
 *   ShareDetails: { SuccessfulShares, ShareErrors: [{ Accounts, Message, Error }] } }`, Status one of NOT_STARTED |
 *   IN_PROGRESS | COMPLETED | COMPLETED_WITH_ERRORS | ERROR (API_DescribePortfolioShareStatus.html, API_ShareDetails.html,
 *   API_ShareError.html);
 * - DescribePortfolioShares: `{ PortfolioShareDetails: [{ PrincipalId, Type, Accepted, ShareTagOptions,
 *   SharePrincipals }], NextPageToken }` (API_DescribePortfolioShares.html, API_PortfolioShareDetail.html);
 * - InvalidStateException while another share operation of the portfolio is in progress (Landing Zone Accelerator
 *   issue 601), ResourceNotFoundException for a share or portfolio that does not exist.
 *
 * Time: every SDK call the handler makes advances the running operation by one tick (real share operations progress
 * with time whether or not anyone polls their token). One operation runs at a time per portfolio.
 */
import {
  CreatePortfolioShareCommand,
  DeletePortfolioShareCommand,
  DescribePortfolioSharesCommand,
  DescribePortfolioShareStatusCommand,
  InvalidStateException,
  ResourceNotFoundException,
  ServiceCatalogClient,
  UpdatePortfolioShareCommand,
} from '@aws-sdk/client-service-catalog';
import type { DescribePortfolioShareStatusOutput, PortfolioShareDetail, ShareError } from '@aws-sdk/client-service-catalog';
import { mockClient } from 'aws-sdk-client-mock';

export type NodeType = 'ORGANIZATION' | 'ORGANIZATIONAL_UNIT';

interface Share {
  readonly Type: NodeType;
  readonly Value: string;
  readonly ShareTagOptions: boolean;
  readonly SharePrincipals: boolean;
}

interface ShareOperation {
  readonly token: string;
  readonly call: 'Create' | 'Update' | 'Delete';
  readonly share: Share;
  ticksLeft: number;
  status: 'IN_PROGRESS' | 'COMPLETED' | 'COMPLETED_WITH_ERRORS' | 'ERROR';
  readonly errors: ShareError[];
  readonly failStatus?: 'ERROR' | 'COMPLETED_WITH_ERRORS';
}

/** How a node's next share operation behaves. */
export interface Behaviour {
  /** Ticks (SDK calls) until it finishes. Default 1. */
  readonly ticks?: number;
  /** End in ERROR (nothing shared) or COMPLETED_WITH_ERRORS (shared, some accounts failed) with these errors. */
  readonly fail?: { readonly status: 'ERROR' | 'COMPLETED_WITH_ERRORS'; readonly errors: ShareError[] };
  /** The mutation call itself is rejected with this error. */
  readonly reject?: Error;
}

export class FakeServiceCatalog {
  readonly mock = mockClient(ServiceCatalogClient);
  readonly shares = new Map<string, Share>();
  /** Every mutation call that AWS accepted, in order: `Create ou-...`. */
  readonly accepted: string[] = [];
  /** Mutation calls refused because another operation was in progress. */
  invalidStateRefusals = 0;
  portfolioExists = true;
  /** Highest number of share operations in progress at the same time. */
  maxConcurrent = 0;
  private readonly operations = new Map<string, ShareOperation>();
  private readonly behaviours = new Map<string, Behaviour[]>();
  private tokens = 0;

  constructor(readonly portfolioId: string) {
    this.mock.reset();
    this.mock.on(DescribePortfolioSharesCommand).callsFake((input) => this.describeShares(input));
    this.mock.on(DescribePortfolioShareStatusCommand).callsFake((input) => this.describeStatus(input.PortfolioShareToken));
    this.mock.on(CreatePortfolioShareCommand).callsFake((input) => this.mutate('Create', input));
    this.mock.on(UpdatePortfolioShareCommand).callsFake((input) => this.mutate('Update', input));
    this.mock.on(DeletePortfolioShareCommand).callsFake((input) => this.mutate('Delete', input));
  }

  /** A share that exists before the test (made elsewhere, or by an earlier deployment). */
  share(Type: NodeType, Value: string, flags: { tags?: boolean; principals?: boolean } = {}): this {
    this.shares.set(Value, { Type, Value, ShareTagOptions: flags.tags ?? false, SharePrincipals: flags.principals ?? false });
    return this;
  }

  /** Queue the behaviour of the next operation on a node (later operations on it use the next entry, then the default). */
  behave(value: string, ...behaviours: Behaviour[]): this {
    this.behaviours.set(value, [...(this.behaviours.get(value) ?? []), ...behaviours]);
    return this;
  }

  /** A share operation started outside this resource (another deployment, the console) that is still running. */
  startForeignOperation(Type: NodeType, Value: string, ticks: number): this {
    this.operations.set('share-foreign', {
      token: 'share-foreign',
      call: 'Create',
      share: { Type, Value, ShareTagOptions: false, SharePrincipals: false },
      ticksLeft: ticks,
      status: 'IN_PROGRESS',
      errors: [],
    });
    return this;
  }

  running(): ShareOperation | undefined {
    return [...this.operations.values()].find((op) => op.status === 'IN_PROGRESS');
  }

  sharedNodes(): string[] {
    return [...this.shares.keys()].sort();
  }

  private tick(): void {
    const op = this.running();
    if (op === undefined) return;
    op.ticksLeft -= 1;
    if (op.ticksLeft > 0) return;
    if (op.call === 'Delete') {
      this.shares.delete(op.share.Value);
      op.status = 'COMPLETED';
    } else if (op.failStatus === 'ERROR') {
      op.status = 'ERROR';
    } else {
      this.shares.set(op.share.Value, op.share);
      op.status = op.failStatus ?? 'COMPLETED';
    }
  }

  private describeShares(input: { PortfolioId?: string; Type?: string; PageToken?: string }) {
    this.tick();
    if (!this.portfolioExists || input.PortfolioId !== this.portfolioId) {
      throw new ResourceNotFoundException({ message: `Portfolio ${input.PortfolioId} not found`, $metadata: {} });
    }
    const details: PortfolioShareDetail[] = [...this.shares.values()]
      .filter((s) => s.Type === input.Type)
      .map((s) => ({ PrincipalId: s.Value, Type: s.Type, Accepted: true, ShareTagOptions: s.ShareTagOptions, SharePrincipals: s.SharePrincipals }));
    return { PortfolioShareDetails: details };
  }

  private describeStatus(token: string | undefined): DescribePortfolioShareStatusOutput {
    this.tick();
    const op = token === undefined ? undefined : this.operations.get(token);
    if (op === undefined) throw new ResourceNotFoundException({ message: `Share token ${token} not found`, $metadata: {} });
    return {
      PortfolioShareToken: op.token,
      PortfolioId: this.portfolioId,
      OrganizationNodeValue: op.share.Value,
      Status: op.status,
      ShareDetails: { SuccessfulShares: op.status === 'COMPLETED' ? ['444455556666'] : [], ShareErrors: op.status === 'IN_PROGRESS' ? [] : op.errors },
    };
  }

  private mutate(
    call: 'Create' | 'Update' | 'Delete',
    input: { PortfolioId?: string; OrganizationNode?: { Type?: string; Value?: string }; ShareTagOptions?: boolean; SharePrincipals?: boolean },
  ) {
    this.tick();
    const node = input.OrganizationNode as { Type: NodeType; Value: string };
    const queue = this.behaviours.get(node.Value) ?? [];
    const behaviour = queue[0] ?? {};
    if (behaviour.reject) {
      queue.shift();
      throw behaviour.reject;
    }
    if (!this.portfolioExists || input.PortfolioId !== this.portfolioId) {
      throw new ResourceNotFoundException({ message: `Portfolio ${input.PortfolioId} not found`, $metadata: {} });
    }
    if (this.running() !== undefined) {
      this.invalidStateRefusals += 1;
      throw new InvalidStateException({ message: 'A portfolio share operation is already in progress for this portfolio', $metadata: {} });
    }
    if (call === 'Delete' && !this.shares.has(node.Value)) {
      throw new ResourceNotFoundException({ message: `Share ${node.Value} not found`, $metadata: {} });
    }
    queue.shift();
    this.accepted.push(`${call} ${node.Value}`);
    const token = `share-${++this.tokens}`;
    const share: Share = { Type: node.Type, Value: node.Value, ShareTagOptions: input.ShareTagOptions ?? false, SharePrincipals: input.SharePrincipals ?? false };
    const op: ShareOperation = {
      token,
      call,
      share,
      ticksLeft: behaviour.ticks ?? 1,
      status: 'IN_PROGRESS',
      errors: behaviour.fail?.errors ?? [],
      failStatus: behaviour.fail?.status,
    };
    this.operations.set(token, op);
    this.maxConcurrent = Math.max(this.maxConcurrent, [...this.operations.values()].filter((o) => o.status === 'IN_PROGRESS').length);
    return { PortfolioShareToken: token };
  }
}
