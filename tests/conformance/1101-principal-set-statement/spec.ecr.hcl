# The principals of one statement are a set of principal objects: a block given twice is one
# construct and renders once, at its first place; each string is a principal of its own, so a
# string written twice renders twice, as the CDK renders two `new AccountPrincipal(...)`.
iam_role "Ci" {
  assumed_by = "codebuild.amazonaws.com"
}

iam_role "Imp" {
  from_role_arn = "arn:aws:iam::111122223333:role/imp"
}

iam_user "Bot" {
  from_user_name = "release-bot"
}

repository "Repo" {
  policy_statement {
    actions = ["ecr:BatchGetImage"]
    principals = [
      iam_role.Ci,
      iam_user.Bot,
      iam_role.Ci,
      iam_role.Imp,
      "111122223333",
      iam_role.Imp,
      "111122223333",
      "arn:aws:iam::444455556666:role/deployer",
      "arn:aws:iam::444455556666:role/deployer",
      "lambda.amazonaws.com",
      "lambda.amazonaws.com",
      iam_user.Bot,
    ]
  }

  policy_statement {
    sid        = "OrgOnce"
    effect     = "Deny"
    actions    = ["ecr:DeleteRepository"]
    principals = ["o-abcdefghij", "o-abcdefghij"]
  }
}
