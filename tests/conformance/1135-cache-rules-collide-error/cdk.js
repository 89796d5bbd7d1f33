module.exports = (stack, { ecr }) => {
  new ecr.CfnPullThroughCacheRule(stack, 'Docker-Hub', {
    ecrRepositoryPrefix: 'docker-hub',
    upstreamRegistryUrl: 'registry-1.docker.io',
  });
  new ecr.CfnPullThroughCacheRule(stack, 'DockerHub', {
    ecrRepositoryPrefix: 'docker',
    upstreamRegistryUrl: 'registry-1.docker.io',
  });
};
