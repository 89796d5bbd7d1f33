module.exports = (stack, { cdk, ecr, iam }) => {
  const ci = new iam.Role(stack, 'Ci', { assumedBy: new iam.ServicePrincipal('codebuild.amazonaws.com') });
  const replicator = iam.Role.fromRoleArn(stack, 'Replicator', 'arn:aws:iam::111122223333:role/replicator');
  ecr.AuthorizationToken.grantRead(ci);
  ecr.AuthorizationToken.grantRead(replicator);
  ecr.AuthorizationToken.grantRead(ci);
  ecr.PublicGalleryAuthorizationToken.grantRead(ci);
  ecr.PublicGalleryAuthorizationToken.grantRead(ci);
  const statement = new iam.PolicyStatement({
    sid: 'ReplicateIn',
    actions: ['ecr:ReplicateImage', 'ecr:CreateRepository'],
    principals: [replicator, new iam.AccountPrincipal('111122223333'), replicator, new iam.AccountPrincipal('111122223333')],
    resources: ['arn:aws:ecr:us-east-1:123456789012:repository/*'],
  });
  new ecr.CfnRegistryPolicy(stack, 'RegistryPolicy', {
    policyText: new iam.PolicyDocument({ statements: [statement] }),
  });
};
