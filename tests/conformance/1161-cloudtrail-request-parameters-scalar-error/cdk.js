module.exports = (stack, { ecr }) => {
  const repo = new ecr.Repository(stack, 'Repo');
  repo.onCloudTrailEvent('Rule', { eventPattern: { detail: { requestParameters: 7 } } });
};
