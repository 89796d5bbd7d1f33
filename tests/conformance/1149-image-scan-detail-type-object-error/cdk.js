module.exports = (stack, { ecr }) => {
  const repo = new ecr.Repository(stack, 'Repo');
  repo.onImageScanCompleted('Rule', { eventPattern: { detailType: { prefix: ['ECR'] } } });
};
