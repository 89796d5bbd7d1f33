module.exports = (stack, { ecr }) => {
  const repo = new ecr.Repository(stack, 'Repo');
  repo.onEvent('Rule', { eventPattern: { source: { prefix: ['aws.'] } } });
};
