module.exports = (stack, { cdk, iam }) => {
  const user = new iam.User(stack, 'Default');
  new cdk.CfnOutput(stack, 'Resource', { value: user.userArn });
};
