module.exports = (stack, { cdk }) => {
  new cdk.CfnOutput(stack, 'Repo-Uri', { value: 'a' });
  new cdk.CfnOutput(stack, 'RepoUri', { value: 'b' });
};
