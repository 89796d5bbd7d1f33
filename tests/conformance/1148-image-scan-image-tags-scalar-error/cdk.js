module.exports = (stack, { ecr }) => {
  const repo = new ecr.Repository(stack, 'Repo');
  repo.onImageScanCompleted('Rule', { imageTags: ['latest'], eventPattern: { detail: { 'image-tags': 'latest' } } });
};
