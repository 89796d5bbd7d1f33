module.exports = (stack, { ecr }) => {
  const repo = new ecr.Repository(stack, 'Repo');
  repo.onEvent('Rule', { eventPattern: { detail: null } });
};
