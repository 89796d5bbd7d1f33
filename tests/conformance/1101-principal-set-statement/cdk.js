module.exports = (stack, { ecr, iam }) => {
  const ci = new iam.Role(stack, 'Ci', { assumedBy: new iam.ServicePrincipal('codebuild.amazonaws.com') });
  const imp = iam.Role.fromRoleArn(stack, 'Imp', 'arn:aws:iam::111122223333:role/imp');
  const bot = iam.User.fromUserName(stack, 'Bot', 'release-bot');
  const repo = new ecr.Repository(stack, 'Repo');
  repo.addToResourcePolicy(new iam.PolicyStatement({
    actions: ['ecr:BatchGetImage'],
    principals: [
      ci,
      bot,
      ci,
      imp,
      new iam.AccountPrincipal('111122223333'),
      imp,
      new iam.AccountPrincipal('111122223333'),
      new iam.ArnPrincipal('arn:aws:iam::444455556666:role/deployer'),
      new iam.ArnPrincipal('arn:aws:iam::444455556666:role/deployer'),
      new iam.ServicePrincipal('lambda.amazonaws.com'),
      new iam.ServicePrincipal('lambda.amazonaws.com'),
      bot,
    ],
  }));
  repo.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'OrgOnce',
    effect: iam.Effect.DENY,
    actions: ['ecr:DeleteRepository'],
    principals: [new iam.OrganizationPrincipal('o-abcdefghij'), new iam.OrganizationPrincipal('o-abcdefghij')],
  }));
};
