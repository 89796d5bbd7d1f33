module.exports = (stack, { ecr }) => {
  const repo = new ecr.Repository(stack, 'Default');
  repo.onEvent('Pushed');
};
