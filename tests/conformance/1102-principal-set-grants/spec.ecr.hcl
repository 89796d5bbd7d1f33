# A principal repeated in grant lists and grant blocks: each element is one grant call, and the
# policies drop a statement equal to an earlier one, so each grant renders once per policy.
iam_role "Ci" {
  assumed_by = "codebuild.amazonaws.com"
}

iam_role "Imp" {
  from_role_arn = "arn:aws:iam::111122223333:role/imp"
}

iam_user "Dev" {}

repository "Repo" {
  grant_pull = [iam_role.Imp, iam_role.Imp, "111122223333", iam_role.Ci, "111122223333", iam_role.Ci]
  grant_push = [iam_user.Dev, iam_user.Dev]

  grant {
    principals = [iam_role.Ci, "arn:aws:iam::444455556666:role/deployer", iam_role.Ci, "arn:aws:iam::444455556666:role/deployer"]
    actions    = ["ecr:DescribeImages", "ecr:ListImages"]
  }

  grant_pull_push = [iam_role.Imp, iam_user.Dev, iam_role.Imp]
}

repository "Other" {
  grant_read = [iam_user.Dev, iam_role.Ci, iam_user.Dev]
}
