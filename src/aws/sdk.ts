/**
 * The AWS SDK pieces ClearSight uses, in one module that loads on first use: CloudWatch Logs
 * (Run Diagnostics, the RCA note) and the RDS IAM signer (aws-iam sign-in). The bundles get
 * it as dist/aws.js beside them (esbuild.mjs), so neither the extension's activation nor a
 * CLI command that does not need AWS pays for it. Not imported by our code: the code
 * import()s the three packages where it uses them, and the bundles point those import()s
 * here; every name the code takes from them must be exported below.
 */
export { CloudWatchLogsClient, DescribeLogGroupsCommand, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
export { fromNodeProviderChain } from '@aws-sdk/credential-providers';
export { Signer } from '@aws-sdk/rds-signer';
