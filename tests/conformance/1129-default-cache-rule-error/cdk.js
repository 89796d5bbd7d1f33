module.exports = (stack, { ecr }) => {
  new ecr.CfnPullThroughCacheRule(stack, 'Default', { ecrRepositoryPrefix: 'quay', upstreamRegistryUrl: 'quay.io' });
};
