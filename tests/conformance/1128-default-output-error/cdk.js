module.exports = (stack, { cdk, ecr }) => {
  const repo = new ecr.Repository(stack, 'Repo');
  new cdk.CfnOutput(stack, 'Default', { value: repo.repositoryUri });
};
