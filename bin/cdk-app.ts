import { App } from 'aws-cdk-lib';
import { LogsiftStack } from '../lib/logsift-stack.js';

const app = new App();
new LogsiftStack(app, 'Logsift', {
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
});
app.synth();
