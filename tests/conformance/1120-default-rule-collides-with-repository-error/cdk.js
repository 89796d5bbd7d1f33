module.exports = (stack, { ecr }) => {
  const repo = new ecr.Repository(stack, 'Repo');
  repo.onEvent('Default');
};
