# An overflow policy takes statements while its estimated size stays at most 6,000: the
# first one reaches exactly 6,000, and the next statement opens a second one.
iam_role "Ci" {
  assumed_by = "codebuild.amazonaws.com"
}

repository "Repo0" {
  grant_pull = [iam_role.Ci]
}

repository "Repo1" {
  grant_pull = [iam_role.Ci]
}

repository "Repo2" {
  grant_pull = [iam_role.Ci]
}

repository "Repo3" {
  grant_pull = [iam_role.Ci]
}

repository "Repo4" {
  grant_pull = [iam_role.Ci]
}

repository "Repo5" {
  grant_pull = [iam_role.Ci]
}

repository "Repo6" {
  grant_pull = [iam_role.Ci]
}

repository "Repo7" {
  grant_pull = [iam_role.Ci]
}

repository "Repo8" {
  grant_pull = [iam_role.Ci]
}

repository "Repo9" {
  grant_pull = [iam_role.Ci]
}

repository "Repo10" {
  grant_pull = [iam_role.Ci]
}

repository "Repo11" {
  grant_pull = [iam_role.Ci]
}

repository "Repo12" {
  grant_pull = [iam_role.Ci]
}

repository "Repo13" {
  grant_pull = [iam_role.Ci]
}

repository "Repo14" {
  grant_pull = [iam_role.Ci]
}

repository "Repo15" {
  grant_pull = [iam_role.Ci]
}

repository "Repo16" {
  grant_pull = [iam_role.Ci]
}

repository "Repo17" {
  grant_pull = [iam_role.Ci]
}

repository "Repo18" {
  grant_pull = [iam_role.Ci]
}

repository "Repo19" {
  grant_pull = [iam_role.Ci]
}

repository "Repo20" {
  grant_pull = [iam_role.Ci]
}

repository "Repo21" {
  grant_pull = [iam_role.Ci]
}

repository "Repo22" {
  grant_pull = [iam_role.Ci]
}

repository "Repo23" {
  grant_pull = [iam_role.Ci]
}

repository "Repo24" {
  grant_pull = [iam_role.Ci]
}

repository "Repo25" {
  grant_pull = [iam_role.Ci]
}

repository "Repo26" {
  grant_pull = [iam_role.Ci]
}

repository "Repo27" {
  grant_pull = [iam_role.Ci]
}

repository "Repo28" {
  grant_pull = [iam_role.Ci]
}

repository "Repo29" {
  grant_pull = [iam_role.Ci]
}

repository "Repo30" {
  grant_pull = [iam_role.Ci]
}

repository "Repo31" {
  grant_pull = [iam_role.Ci]
}

repository "Repo32" {
  grant_pull = [iam_role.Ci]
}

repository "Repo33" {
  grant_pull = [iam_role.Ci]
}

repository "Repo34" {
  grant_pull = [iam_role.Ci]
}

repository "Edge" {
  grant {
    principals = [iam_role.Ci]
    actions    = ["ecr:DescribeImages", "ecr:ListImages", "ecr:DescribeRepositories", "ecr:ListTagsForResource", "ecr:DescribeImageScanFindings", "ecr:GetLifecyclePolicy", "ecr:GetRepositoryPolicy", "ecr:GetDownloadUrlForLayer"]
  }
}

repository "Repo35" {
  grant_pull = [iam_role.Ci]
}

repository "Repo36" {
  grant_pull = [iam_role.Ci]
}

repository "Repo37" {
  grant_pull = [iam_role.Ci]
}

repository "Repo38" {
  grant_pull = [iam_role.Ci]
}

repository "Repo39" {
  grant_pull = [iam_role.Ci]
}

repository "Repo40" {
  grant_pull = [iam_role.Ci]
}

repository "Repo41" {
  grant_pull = [iam_role.Ci]
}

repository "Repo42" {
  grant_pull = [iam_role.Ci]
}

repository "Repo43" {
  grant_pull = [iam_role.Ci]
}

repository "Repo44" {
  grant_pull = [iam_role.Ci]
}

repository "Repo45" {
  grant_pull = [iam_role.Ci]
}

repository "Repo46" {
  grant_pull = [iam_role.Ci]
}

repository "Repo47" {
  grant_pull = [iam_role.Ci]
}

repository "Repo48" {
  grant_pull = [iam_role.Ci]
}

repository "Repo49" {
  grant_pull = [iam_role.Ci]
}

repository "Repo50" {
  grant_pull = [iam_role.Ci]
}

repository "Repo51" {
  grant_pull = [iam_role.Ci]
}

repository "Repo52" {
  grant_pull = [iam_role.Ci]
}

repository "Repo53" {
  grant_pull = [iam_role.Ci]
}

repository "Repo54" {
  grant_pull = [iam_role.Ci]
}

repository "Repo55" {
  grant_pull = [iam_role.Ci]
}

repository "Repo56" {
  grant_pull = [iam_role.Ci]
}
