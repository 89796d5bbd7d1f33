module.exports = (stack, { ecr }) => {
  const repo = new ecr.Repository(stack, 'Repo');
  repo.onCloudTrailEvent('Rule', { eventPattern: { detail: { eventName: ['PutImage', 'DeleteRepository'], requestParameters: { repositoryName: ['legacy'] } } } });
};
