module.exports = (stack, { ecr }) => {
  const repo = new ecr.Repository(stack, 'Repo');
  repo.onCloudTrailImagePushed('Rule', { imageTag: 'v1', eventPattern: { detail: { requestParameters: { imageTag: 'v1' } } } });
};
