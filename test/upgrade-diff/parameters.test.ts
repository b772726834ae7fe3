import { analyzeUpgrade } from '../../scripts/analyzers/upgrade-diff';
import { natGatewayV1, variant } from './fixtures';

// Parameters-only changes never load the service spec, so these run fast.
describe('analyzeUpgrade: parameters', () => {
  test('a new parameter without a default is breaking', () => {
    const v2 = variant((t) => {
      t.Parameters!.VendorExternalId = { Type: 'String' };
    });
    const report = analyzeUpgrade(natGatewayV1(), v2);
    expect(report.verdict).toBe('breaking');
    expect(report.reasons).toEqual([expect.objectContaining({ severity: 'breaking', kind: 'parameter-added-required', name: 'VendorExternalId' })]);
    expect(report.reasons[0].message).toContain('every update of an existing product must supply a value');
  });

  test('a new parameter with a default is compatible (info)', () => {
    const v2 = variant((t) => {
      t.Parameters!.ScheduleTimeZone = { Type: 'String', Default: 'UTC' };
    });
    const report = analyzeUpgrade(natGatewayV1(), v2);
    expect(report.verdict).toBe('compatible');
    expect(report.reasons).toEqual([expect.objectContaining({ severity: 'info', kind: 'parameter-added-optional', name: 'ScheduleTimeZone' })]);
  });

  test('a removed parameter is breaking', () => {
    const v2 = variant((t) => {
      delete t.Parameters!.JobName;
    });
    const report = analyzeUpgrade(natGatewayV1(), v2);
    expect(report.verdict).toBe('breaking');
    expect(report.reasons).toEqual([expect.objectContaining({ severity: 'breaking', kind: 'parameter-removed', name: 'JobName' })]);
  });

  test('a parameter type change is breaking', () => {
    const v2 = variant((t) => {
      t.Parameters!.JobName.Type = 'AWS::SSM::Parameter::Value<String>';
    });
    const report = analyzeUpgrade(natGatewayV1(), v2);
    expect(report.verdict).toBe('breaking');
    expect(report.reasons).toEqual([
      expect.objectContaining({ kind: 'parameter-type-changed', name: 'JobName', before: 'String', after: 'AWS::SSM::Parameter::Value<String>' }),
    ]);
  });

  test('narrowed AllowedValues are breaking and name the dropped values', () => {
    const v2 = variant((t) => {
      t.Parameters!.ComputeType.AllowedValues = ['FARGATE'];
    });
    const report = analyzeUpgrade(natGatewayV1(), v2);
    expect(report.verdict).toBe('breaking');
    expect(report.reasons).toEqual([expect.objectContaining({ severity: 'breaking', kind: 'parameter-allowed-values-narrowed', name: 'ComputeType' })]);
    expect(report.reasons[0].message).toBe('Parameter ComputeType no longer allows "FARGATE_SPOT": products provisioned with that value cannot update until it is changed.');
  });

  test('AllowedValues added where there were none are a narrowing', () => {
    const v2 = variant((t) => {
      t.Parameters!.JobName.AllowedValues = ['agent'];
    });
    expect(analyzeUpgrade(natGatewayV1(), v2).reasons).toEqual([expect.objectContaining({ kind: 'parameter-allowed-values-narrowed', name: 'JobName' })]);
  });

  test('widened AllowedValues (numbers compared as strings) are compatible', () => {
    const v2 = variant((t) => {
      t.Parameters!.LogRetentionDays.AllowedValues = ['7', '14', '30', '90', '365'];
    });
    const report = analyzeUpgrade(natGatewayV1(), v2);
    expect(report.verdict).toBe('compatible');
    expect(report.reasons).toEqual([expect.objectContaining({ severity: 'info', kind: 'parameter-constraint-relaxed', name: 'LogRetentionDays' })]);
  });

  test('a lower MaxLength and a changed AllowedPattern are tightenings (breaking)', () => {
    const v2 = variant((t) => {
      t.Parameters!.JobName.MaxLength = 32;
      t.Parameters!.VpcCidr.AllowedPattern = '^10\\.\\d+\\.\\d+\\.\\d+/16$';
    });
    const report = analyzeUpgrade(natGatewayV1(), v2);
    expect(report.verdict).toBe('breaking');
    expect(report.reasons.map((f) => [f.kind, f.name, f.severity])).toEqual([
      ['parameter-constraint-tightened', 'JobName', 'breaking'],
      ['parameter-constraint-tightened', 'VpcCidr', 'breaking'],
    ]);
    expect(report.reasons[0]).toMatchObject({ before: 64, after: 32 });
  });

  test('a pattern that keeps the old one as a whole alternative is a relaxation; one that only contains it is not', () => {
    const old = natGatewayV1().Parameters!.VpcCidr.AllowedPattern as string;
    const widened = variant((t) => {
      t.Parameters!.VpcCidr.AllowedPattern = `^$|${old}`;
    });
    const report = analyzeUpgrade(natGatewayV1(), widened);
    expect(report.verdict).toBe('compatible');
    expect(report.reasons).toEqual([expect.objectContaining({ severity: 'info', kind: 'parameter-constraint-relaxed', name: 'VpcCidr' })]);
    const grouped = variant((t) => {
      t.Parameters!.VpcCidr.AllowedPattern = `(x|${old})y`;
    });
    expect(analyzeUpgrade(natGatewayV1(), grouped).reasons).toEqual([expect.objectContaining({ severity: 'breaking', kind: 'parameter-constraint-tightened' })]);
  });

  test('a new SSM parameter type is a warning: the SSM parameter must exist before the update', () => {
    const v2 = variant((t) => {
      t.Parameters!.AgentImage = { Type: 'AWS::SSM::Parameter::Value<String>', Default: '/x/agent-image', Description: 'image' };
    });
    const report = analyzeUpgrade(natGatewayV1(), v2);
    expect(report.verdict).toBe('compatible');
    expect(report.reasons).toEqual([expect.objectContaining({ severity: 'warning', kind: 'parameter-added-optional', name: 'AgentImage' })]);
    expect(report.reasons[0].message).toContain('must exist in the account and region before the update');
  });

  test('a higher MaxLength is a relaxation (info)', () => {
    const v2 = variant((t) => {
      t.Parameters!.JobName.MaxLength = '128';
    });
    const report = analyzeUpgrade(natGatewayV1(), v2);
    expect(report.verdict).toBe('compatible');
    expect(report.reasons).toEqual([expect.objectContaining({ kind: 'parameter-constraint-relaxed', name: 'JobName', before: 64, after: 128 })]);
  });

  test('a changed default is a warning, not breaking', () => {
    const v2 = variant((t) => {
      t.Parameters!.ComputeType.Default = 'FARGATE_SPOT';
    });
    const report = analyzeUpgrade(natGatewayV1(), v2);
    expect(report.verdict).toBe('compatible');
    expect(report.reasons).toEqual([
      expect.objectContaining({ severity: 'warning', kind: 'parameter-default-changed', name: 'ComputeType', before: 'FARGATE', after: 'FARGATE_SPOT' }),
    ]);
  });
});
