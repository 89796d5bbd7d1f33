module.exports = (stack, { cdk, ecr }) => {
  new ecr.CfnPullThroughCacheRule(stack, 'Docker-Hub', {
    ecrRepositoryPrefix: 'docker-hub',
    upstreamRegistryUrl: 'registry-1.docker.io',
  });
  new cdk.CfnOutput(stack, 'DockerHub', { value: 'registry-1.docker.io' });
};
