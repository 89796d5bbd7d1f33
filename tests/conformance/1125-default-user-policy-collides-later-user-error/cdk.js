module.exports = (stack, { ecr, iam }) => {
  new ecr.Repository(stack, 'DefaultPolicy');
  const user = new iam.User(stack, 'Default');
  const repo = new ecr.Repository(stack, 'Repo');
  repo.grantPull(user);
};
