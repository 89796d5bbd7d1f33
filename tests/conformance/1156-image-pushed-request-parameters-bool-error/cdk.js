module.exports = (stack, { ecr }) => {
  const repo = new ecr.Repository(stack, 'Repo');
  repo.onCloudTrailImagePushed('Rule', { eventPattern: { detail: { requestParameters: true } } });
};
