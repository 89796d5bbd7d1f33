module.exports = (stack, { ecr, iam }) => {
  const user = new iam.User(stack, 'Default');
  const repo = new ecr.Repository(stack, 'Repo');
  repo.grantPull(user);
};
