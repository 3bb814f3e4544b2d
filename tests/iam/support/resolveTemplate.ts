/**
 * Turns a synthesized CloudFormation template into concrete policies: resolves Ref, Fn::GetAtt,
 * Fn::Join, Fn::Select, Fn::Split and Fn::Sub against one fictional account and Region, naming
 * each resource after its logical id the way AWS derives ARNs from physical names. The IAM
 * evaluator then compares plain ARNs, as AWS would after deployment.
 */
export const ACCOUNT = '111122223333';
export const REGION = 'us-west-2';

type Json = any;
export interface CfnTemplate {
  Resources: Record<string, { Type: string; Properties?: Record<string, Json> }>;
}

const pseudo: Record<string, string> = {
  'AWS::AccountId': ACCOUNT,
  'AWS::Region': REGION,
  'AWS::Partition': 'aws',
  'AWS::URLSuffix': 'amazonaws.com',
  'AWS::StackName': 'Carecast',
  'AWS::NoValue': '',
};

export class TemplateResolver {
  constructor(readonly template: CfnTemplate) {}

  private type(id: string): string {
    const r = this.template.Resources[id];
    if (!r) throw new Error(`resolveTemplate: no resource ${id}`);
    return r.Type;
  }

  /** The physical name AWS would use: the explicit name property if set, else the logical id. */
  physicalName(id: string): string {
    const p = this.template.Resources[id]?.Properties ?? {};
    const named = p.TableName ?? p.QueueName ?? p.TopicName ?? p.FunctionName ?? p.Name ?? p.RoleName;
    return typeof named === 'string' ? named : named ? String(this.resolve(named)) : id;
  }

  arn(id: string): string {
    const name = this.physicalName(id);
    switch (this.type(id)) {
      case 'AWS::DynamoDB::Table':
        return `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${name}`;
      case 'AWS::SQS::Queue':
        return `arn:aws:sqs:${REGION}:${ACCOUNT}:${name}`;
      case 'AWS::SNS::Topic':
        return `arn:aws:sns:${REGION}:${ACCOUNT}:${name}`;
      case 'AWS::KMS::Key':
        return `arn:aws:kms:${REGION}:${ACCOUNT}:key/${id}`;
      case 'AWS::Lambda::Function':
        return `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${name}`;
      case 'AWS::SecretsManager::Secret':
        return `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:${id}-AbCdEf`;
      case 'AWS::IAM::Role':
        return `arn:aws:iam::${ACCOUNT}:role/${name}`;
      case 'AWS::Events::Rule':
        return `arn:aws:events:${REGION}:${ACCOUNT}:rule/${name}`;
      case 'AWS::Scheduler::Schedule':
        return `arn:aws:scheduler:${REGION}:${ACCOUNT}:schedule/default/${name}`;
      case 'AWS::Logs::LogGroup':
        return `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${name}:*`;
      case 'AWS::CloudWatch::Alarm':
        return `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:${name}`;
      default:
        return `arn:aws:unknown:${REGION}:${ACCOUNT}:${id}`;
    }
  }

  private ref(id: string): string {
    if (id in pseudo) return pseudo[id] as string;
    switch (this.type(id)) {
      case 'AWS::SNS::Topic':
      case 'AWS::SecretsManager::Secret':
        return this.arn(id);
      case 'AWS::SQS::Queue':
        return `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/${this.physicalName(id)}`;
      default:
        return this.physicalName(id);
    }
  }

  private getAtt(id: string, attr: string): string {
    if (attr === 'Arn' || attr === 'TopicArn') return this.arn(id);
    if (attr === 'QueueName' || attr === 'TopicName') return this.physicalName(id);
    if (attr === 'QueueUrl') return this.ref(id);
    return `${id}.${attr}`;
  }

  /** A template value with every intrinsic function replaced by its value. */
  resolve(v: Json): Json {
    if (Array.isArray(v)) return v.map((x) => this.resolve(x));
    if (!v || typeof v !== 'object') return v;
    const keys = Object.keys(v);
    if (keys.length === 1) {
      const [k] = keys as [string];
      const a = v[k];
      if (k === 'Ref') return this.ref(a);
      if (k === 'Fn::GetAtt') return this.getAtt(...((Array.isArray(a) ? a : String(a).split('.')) as [string, string]));
      if (k === 'Fn::Join') return (this.resolve(a[1]) as Json[]).join(a[0]);
      if (k === 'Fn::Select') return (this.resolve(a[1]) as Json[])[Number(this.resolve(a[0]))];
      if (k === 'Fn::Split') return String(this.resolve(a[1])).split(a[0]);
      if (k === 'Fn::Sub') {
        const [text, vars] = Array.isArray(a) ? a : [a, {}];
        return String(text).replace(/\$\{([^}]+)\}/g, (_m, name: string) => {
          if (vars[name] !== undefined) return String(this.resolve(vars[name]));
          const [id, attr] = name.split('.');
          return attr ? this.getAtt(id as string, attr) : this.ref(id as string);
        });
      }
    }
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, this.resolve(x)]));
  }

  /** Logical ids of resources of one type. */
  idsOf(type: string): string[] {
    return Object.entries(this.template.Resources)
      .filter(([, r]) => r.Type === type)
      .map(([id]) => id);
  }
}
