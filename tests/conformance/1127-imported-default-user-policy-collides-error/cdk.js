module.exports = (stack, { ecr, iam }) => {
  const user = iam.User.fromUserName(stack, 'Default', 'ci');
  new ecr.Repository(stack, 'Policy');
  const repo = new ecr.Repository(stack, 'Repo');
  repo.grantPull(user);
};
