import { Stack, Validations } from 'aws-cdk-lib';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type { IConstruct } from 'constructs';

/**
 * cdk-nag reports each IAM wildcard as its own finding (`AwsSolutions-IAM5[Action::s3:List*]`,
 * `AwsSolutions-IAM5[Resource::<Bucket.Arn>/logs/*]`), and an acknowledgement must name it
 * exactly: a blanket IAM5 acknowledgement would also hide wildcards added later.
 */
export function acknowledgeWildcards(scope: IConstruct, findings: readonly string[], reason: string): void {
  for (const finding of findings) Validations.of(scope).acknowledge({ id: `AwsSolutions-IAM5[${finding}]`, reason });
}

/** The finding text cdk-nag writes for a wildcard resource under a bucket: `Resource::<LogicalId.Arn>/prefix/*`. */
export function bucketPrefixFinding(bucket: s3.IBucket, prefix: string): string {
  const arn = Stack.of(bucket).resolve(bucket.bucketArn) as { 'Fn::GetAtt': [string, string] };
  return `Resource::<${arn['Fn::GetAtt'][0]}.Arn>/${prefix}/*`;
}
