module.exports = (stack, { ecr, iam }) => {
  new iam.User(stack, 'Default');
  new ecr.CfnPullThroughCacheRule(stack, 'Resource', { ecrRepositoryPrefix: 'quay', upstreamRegistryUrl: 'quay.io' });
};
