// The benchmark design in the real AWS CDK: N repositories, each with two lifecycle rules, a
// scan-completed rule with a target and a pull grant to an account. Prints the synthesized
// template as JSON. Usage: node cdk-synth.js N
const cdk = require('aws-cdk-lib');
const ecr = require('aws-cdk-lib/aws-ecr');
const iam = require('aws-cdk-lib/aws-iam');

const n = Number(process.argv[2] || 100);
const app = new cdk.App();
const stack = new cdk.Stack(app, 'Stack');
for (let i = 0; i < n; i++) {
  const repo = new ecr.Repository(stack, `Repo${i}`, {
    repositoryName: `team/service-${i}`,
    imageScanOnPush: true,
    imageTagMutability: ecr.TagMutability.IMMUTABLE,
  });
  repo.addLifecycleRule({ tagPrefixList: ['v'], maxImageCount: 50 });
  repo.addLifecycleRule({ maxImageAge: cdk.Duration.days(30) });
  repo.onImageScanCompleted('ScanDone')
    .addTarget({ bind: () => ({ arn: 'arn:aws:sns:us-east-1:123456789012:scans' }) });
  repo.grantPull(new iam.AccountPrincipal('111122223333'));
}
const template = app.synth().getStackByName('Stack').template;
process.stdout.write(JSON.stringify(template) + '\n');
