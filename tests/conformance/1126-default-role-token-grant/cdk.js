module.exports = (stack, { ecr, iam }) => {
  const role = new iam.Role(stack, 'Default', { assumedBy: new iam.ServicePrincipal('codebuild.amazonaws.com') });
  ecr.AuthorizationToken.grantRead(role);
};
