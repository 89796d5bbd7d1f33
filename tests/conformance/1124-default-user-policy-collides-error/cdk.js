module.exports = (stack, { ecr, iam }) => {
  const user = new iam.User(stack, 'Default');
  new ecr.Repository(stack, 'DefaultPolicy');
  const repo = new ecr.Repository(stack, 'Repo');
  repo.grantPull(user);
};
