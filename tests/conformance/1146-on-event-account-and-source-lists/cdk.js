module.exports = (stack, { ecr }) => {
  const repo = new ecr.Repository(stack, 'Repo');
  repo.onEvent('Rule', { eventPattern: { account: ['123456789012'], source: ['aws.ecr', 'aws.ecr'] } });
};
