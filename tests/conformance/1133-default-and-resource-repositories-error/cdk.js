module.exports = (stack, { ecr }) => {
  new ecr.Repository(stack, 'Resource');
  new ecr.Repository(stack, 'Default');
};
