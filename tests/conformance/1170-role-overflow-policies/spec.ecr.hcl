# A role granted pull and push on 80 repositories: its DefaultPolicy keeps 26 grants and the
# token statement, four OverflowPolicy managed policies take the rest (16, 16, 16, 6).
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

repository "Repo40" {
  grant_pull_push = [iam_role.Ci]
}

repository "Repo41" {
  grant_pull_push = [iam_role.Ci]
}

repository "Repo42" {
  grant_pull_push = [iam_role.Ci]
}

repository "Repo43" {
  grant_pull_push = [iam_role.Ci]
}

repository "Repo44" {
  grant_pull_push = [iam_role.Ci]
}

repository "Repo45" {
  grant_pull_push = [iam_role.Ci]
}

repository "Repo46" {
  grant_pull_push = [iam_role.Ci]
}

repository "Repo47" {
  grant_pull_push = [iam_role.Ci]
}

repository "Repo48" {
  grant_pull_push = [iam_role.Ci]
}

repository "Repo49" {
  grant_pull_push = [iam_role.Ci]
}

repository "Repo50" {
  grant_pull_push = [iam_role.Ci]
}

repository "Repo51" {
  grant_pull_push = [iam_role.Ci]
}

repository "Repo52" {
  grant_pull_push = [iam_role.Ci]
}

repository "Repo53" {
  grant_pull_push = [iam_role.Ci]
}

repository "Repo54" {
  grant_pull_push = [iam_role.Ci]
}

repository "Repo55" {
  grant_pull_push = [iam_role.Ci]
}

repository "Repo56" {
  grant_pull_push = [iam_role.Ci]
}

repository "Repo57" {
  grant_pull_push = [iam_role.Ci]
}

repository "Repo58" {
  grant_pull_push = [iam_role.Ci]
}

repository "Repo59" {
  grant_pull_push = [iam_role.Ci]
}

repository "Repo60" {
  grant_pull_push = [iam_role.Ci]
}

repository "Repo61" {
  grant_pull_push = [iam_role.Ci]
}

repository "Repo62" {
  grant_pull_push = [iam_role.Ci]
}

repository "Repo63" {
  grant_pull_push = [iam_role.Ci]
}

repository "Repo64" {
  grant_pull_push = [iam_role.Ci]
}

repository "Repo65" {
  grant_pull_push = [iam_role.Ci]
}

repository "Repo66" {
  grant_pull_push = [iam_role.Ci]
}

repository "Repo67" {
  grant_pull_push = [iam_role.Ci]
}

repository "Repo68" {
  grant_pull_push = [iam_role.Ci]
}

repository "Repo69" {
  grant_pull_push = [iam_role.Ci]
}

repository "Repo70" {
  grant_pull_push = [iam_role.Ci]
}

repository "Repo71" {
  grant_pull_push = [iam_role.Ci]
}

repository "Repo72" {
  grant_pull_push = [iam_role.Ci]
}

repository "Repo73" {
  grant_pull_push = [iam_role.Ci]
}

repository "Repo74" {
  grant_pull_push = [iam_role.Ci]
}

repository "Repo75" {
  grant_pull_push = [iam_role.Ci]
}

repository "Repo76" {
  grant_pull_push = [iam_role.Ci]
}

repository "Repo77" {
  grant_pull_push = [iam_role.Ci]
}

repository "Repo78" {
  grant_pull_push = [iam_role.Ci]
}

repository "Repo79" {
  grant_pull_push = [iam_role.Ci]
}
