// The benchmark design in the real AWS CDK: N repositories, each with two lifecycle rules, a
// scan-completed rule with a target and a pull grant to an account.
// - `node cdk-synth.js N` synthesizes in process and prints the template as JSON;
// - as the app of `cdk synth` (which sets CDK_OUTDIR), it writes the cloud assembly for the CLI,
//   with N from ECRGEN_BENCH_REPOS.
const cdk = require('aws-cdk-lib');
const ecr = require('aws-cdk-lib/aws-ecr');
const iam = require('aws-cdk-lib/aws-iam');

const cli = Boolean(process.env.CDK_OUTDIR);
const n = Number((cli ? process.env.ECRGEN_BENCH_REPOS : process.argv[2]) || 100);
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
const assembly = app.synth();
if (!cli) {
  process.stdout.write(JSON.stringify(assembly.getStackByName('Stack').template) + '\n');
}
