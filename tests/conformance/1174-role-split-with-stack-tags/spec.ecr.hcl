# Stack tags reach the role but not its policies: neither AWS::IAM::Policy nor
# AWS::IAM::ManagedPolicy is taggable.
stack "Tagged" {
  tags = {
    team = "platform"
    env  = "prod"
  }
}

iam_role "Ci" {
  assumed_by = "codebuild.amazonaws.com"
}

repository "Repo0" {
  grant_pull_push = [iam_role.Ci]
}

repository "Repo1" {
  grant_pull_push = [iam_role.Ci]
}

repository "Repo2" {
  grant_pull_push = [iam_role.Ci]
}

repository "Repo3" {
  grant_pull_push = [iam_role.Ci]
}

repository "Repo4" {
  grant_pull_push = [iam_role.Ci]
}

repository "Repo5" {
  grant_pull_push = [iam_role.Ci]
}

repository "Repo6" {
  grant_pull_push = [iam_role.Ci]
}

repository "Repo7" {
  grant_pull_push = [iam_role.Ci]
}

repository "Repo8" {
  grant_pull_push = [iam_role.Ci]
}

repository "Repo9" {
  grant_pull_push = [iam_role.Ci]
}

repository "Repo10" {
  grant_pull_push = [iam_role.Ci]
}

repository "Repo11" {
  grant_pull_push = [iam_role.Ci]
}

repository "Repo12" {
  grant_pull_push = [iam_role.Ci]
}

repository "Repo13" {
  grant_pull_push = [iam_role.Ci]
}

repository "Repo14" {
  grant_pull_push = [iam_role.Ci]
}

repository "Repo15" {
  grant_pull_push = [iam_role.Ci]
}

repository "Repo16" {
  grant_pull_push = [iam_role.Ci]
}

repository "Repo17" {
  grant_pull_push = [iam_role.Ci]
}

repository "Repo18" {
  grant_pull_push = [iam_role.Ci]
}

repository "Repo19" {
  grant_pull_push = [iam_role.Ci]
}

repository "Repo20" {
  grant_pull_push = [iam_role.Ci]
}

repository "Repo21" {
  grant_pull_push = [iam_role.Ci]
}

repository "Repo22" {
  grant_pull_push = [iam_role.Ci]
}

repository "Repo23" {
  grant_pull_push = [iam_role.Ci]
}

repository "Repo24" {
  grant_pull_push = [iam_role.Ci]
}

repository "Repo25" {
  grant_pull_push = [iam_role.Ci]
}

repository "Repo26" {
  grant_pull_push = [iam_role.Ci]
}

repository "Repo27" {
  grant_pull_push = [iam_role.Ci]
}

repository "Repo28" {
  grant_pull_push = [iam_role.Ci]
}

repository "Repo29" {
  grant_pull_push = [iam_role.Ci]
}

repository "Repo30" {
  grant_pull_push = [iam_role.Ci]
}

repository "Repo31" {
  grant_pull_push = [iam_role.Ci]
}

repository "Repo32" {
  grant_pull_push = [iam_role.Ci]
}

repository "Repo33" {
  grant_pull_push = [iam_role.Ci]
}

repository "Repo34" {
  grant_pull_push = [iam_role.Ci]
}

repository "Repo35" {
  grant_pull_push = [iam_role.Ci]
}

repository "Repo36" {
  grant_pull_push = [iam_role.Ci]
}

repository "Repo37" {
  grant_pull_push = [iam_role.Ci]
}

repository "Repo38" {
  grant_pull_push = [iam_role.Ci]
}

repository "Repo39" {
  grant_pull_push = [iam_role.Ci]
}
