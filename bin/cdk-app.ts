import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { LogsiftStack } from '../lib/logsift-stack.js';

const app = new App();
new LogsiftStack(app, 'Logsift', {
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
});
// cdk-nag's AwsSolutions pack: synth fails on any finding not acknowledged, with its reason, next
// to the construct it concerns.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
app.synth();
