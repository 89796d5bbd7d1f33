# Two roles split in a stack labelled Platform (the description names the stack's construct
# path); a user and an imported role with as many grants are never split.
stack "Platform" {}

iam_role "Build" {
  assumed_by = "codebuild.amazonaws.com"
}

iam_role "Deploy" {
  assumed_by = "ecs-tasks.amazonaws.com"
}

iam_user "Bot" {}

iam_role "Legacy" {
  from_role_name = "legacy-deployer"
}

repository "Repo0" {
  grant_push = [iam_role.Build]
  grant_pull = [iam_role.Deploy, iam_user.Bot]
  grant_read = [iam_role.Legacy]
}

repository "Repo1" {
  grant_push = [iam_role.Build]
  grant_pull = [iam_role.Deploy, iam_user.Bot]
  grant_read = [iam_role.Legacy]
}

repository "Repo2" {
  grant_push = [iam_role.Build]
  grant_pull = [iam_role.Deploy, iam_user.Bot]
  grant_read = [iam_role.Legacy]
}

repository "Repo3" {
  grant_push = [iam_role.Build]
  grant_pull = [iam_role.Deploy, iam_user.Bot]
  grant_read = [iam_role.Legacy]
}

repository "Repo4" {
  grant_push = [iam_role.Build]
  grant_pull = [iam_role.Deploy, iam_user.Bot]
  grant_read = [iam_role.Legacy]
}

repository "Repo5" {
  grant_push = [iam_role.Build]
  grant_pull = [iam_role.Deploy, iam_user.Bot]
  grant_read = [iam_role.Legacy]
}

repository "Repo6" {
  grant_push = [iam_role.Build]
  grant_pull = [iam_role.Deploy, iam_user.Bot]
  grant_read = [iam_role.Legacy]
}

repository "Repo7" {
  grant_push = [iam_role.Build]
  grant_pull = [iam_role.Deploy, iam_user.Bot]
  grant_read = [iam_role.Legacy]
}

repository "Repo8" {
  grant_push = [iam_role.Build]
  grant_pull = [iam_role.Deploy, iam_user.Bot]
  grant_read = [iam_role.Legacy]
}

repository "Repo9" {
  grant_push = [iam_role.Build]
  grant_pull = [iam_role.Deploy, iam_user.Bot]
  grant_read = [iam_role.Legacy]
}

repository "Repo10" {
  grant_push = [iam_role.Build]
  grant_pull = [iam_role.Deploy, iam_user.Bot]
  grant_read = [iam_role.Legacy]
}

repository "Repo11" {
  grant_push = [iam_role.Build]
  grant_pull = [iam_role.Deploy, iam_user.Bot]
  grant_read = [iam_role.Legacy]
}

repository "Repo12" {
  grant_push = [iam_role.Build]
  grant_pull = [iam_role.Deploy, iam_user.Bot]
  grant_read = [iam_role.Legacy]
}

repository "Repo13" {
  grant_push = [iam_role.Build]
  grant_pull = [iam_role.Deploy, iam_user.Bot]
  grant_read = [iam_role.Legacy]
}

repository "Repo14" {
  grant_push = [iam_role.Build]
  grant_pull = [iam_role.Deploy, iam_user.Bot]
  grant_read = [iam_role.Legacy]
}

repository "Repo15" {
  grant_push = [iam_role.Build]
  grant_pull = [iam_role.Deploy, iam_user.Bot]
  grant_read = [iam_role.Legacy]
}

repository "Repo16" {
  grant_push = [iam_role.Build]
  grant_pull = [iam_role.Deploy, iam_user.Bot]
  grant_read = [iam_role.Legacy]
}

repository "Repo17" {
  grant_push = [iam_role.Build]
  grant_pull = [iam_role.Deploy, iam_user.Bot]
  grant_read = [iam_role.Legacy]
}

repository "Repo18" {
  grant_push = [iam_role.Build]
  grant_pull = [iam_role.Deploy, iam_user.Bot]
  grant_read = [iam_role.Legacy]
}

repository "Repo19" {
  grant_push = [iam_role.Build]
  grant_pull = [iam_role.Deploy, iam_user.Bot]
  grant_read = [iam_role.Legacy]
}

repository "Repo20" {
  grant_push = [iam_role.Build]
  grant_pull = [iam_role.Deploy, iam_user.Bot]
  grant_read = [iam_role.Legacy]
}

repository "Repo21" {
  grant_push = [iam_role.Build]
  grant_pull = [iam_role.Deploy, iam_user.Bot]
  grant_read = [iam_role.Legacy]
}

repository "Repo22" {
  grant_push = [iam_role.Build]
  grant_pull = [iam_role.Deploy, iam_user.Bot]
  grant_read = [iam_role.Legacy]
}

repository "Repo23" {
  grant_push = [iam_role.Build]
  grant_pull = [iam_role.Deploy, iam_user.Bot]
  grant_read = [iam_role.Legacy]
}

repository "Repo24" {
  grant_push = [iam_role.Build]
  grant_pull = [iam_role.Deploy, iam_user.Bot]
  grant_read = [iam_role.Legacy]
}

repository "Repo25" {
  grant_push = [iam_role.Build]
  grant_pull = [iam_role.Deploy, iam_user.Bot]
  grant_read = [iam_role.Legacy]
}

repository "Repo26" {
  grant_push = [iam_role.Build]
  grant_pull = [iam_role.Deploy, iam_user.Bot]
  grant_read = [iam_role.Legacy]
}

repository "Repo27" {
  grant_push = [iam_role.Build]
  grant_pull = [iam_role.Deploy, iam_user.Bot]
  grant_read = [iam_role.Legacy]
}

repository "Repo28" {
  grant_push = [iam_role.Build]
  grant_pull = [iam_role.Deploy, iam_user.Bot]
  grant_read = [iam_role.Legacy]
}

repository "Repo29" {
  grant_push = [iam_role.Build]
  grant_pull = [iam_role.Deploy, iam_user.Bot]
  grant_read = [iam_role.Legacy]
}

repository "Repo30" {
  grant_push = [iam_role.Build]
  grant_pull = [iam_role.Deploy, iam_user.Bot]
  grant_read = [iam_role.Legacy]
}

repository "Repo31" {
  grant_push = [iam_role.Build]
  grant_pull = [iam_role.Deploy, iam_user.Bot]
  grant_read = [iam_role.Legacy]
}

repository "Repo32" {
  grant_push = [iam_role.Build]
  grant_pull = [iam_role.Deploy, iam_user.Bot]
  grant_read = [iam_role.Legacy]
}

repository "Repo33" {
  grant_push = [iam_role.Build]
  grant_pull = [iam_role.Deploy, iam_user.Bot]
  grant_read = [iam_role.Legacy]
}

repository "Repo34" {
  grant_push = [iam_role.Build]
  grant_pull = [iam_role.Deploy, iam_user.Bot]
  grant_read = [iam_role.Legacy]
}

repository "Repo35" {
  grant_push = [iam_role.Build]
  grant_pull = [iam_role.Deploy, iam_user.Bot]
  grant_read = [iam_role.Legacy]
}

repository "Repo36" {
  grant_push = [iam_role.Build]
  grant_pull = [iam_role.Deploy, iam_user.Bot]
  grant_read = [iam_role.Legacy]
}

repository "Repo37" {
  grant_push = [iam_role.Build]
  grant_pull = [iam_role.Deploy, iam_user.Bot]
  grant_read = [iam_role.Legacy]
}

repository "Repo38" {
  grant_push = [iam_role.Build]
  grant_pull = [iam_role.Deploy, iam_user.Bot]
  grant_read = [iam_role.Legacy]
}

repository "Repo39" {
  grant_push = [iam_role.Build]
  grant_pull = [iam_role.Deploy, iam_user.Bot]
  grant_read = [iam_role.Legacy]
}

repository "Repo40" {
  grant_push = [iam_role.Build]
  grant_pull = [iam_role.Deploy, iam_user.Bot]
  grant_read = [iam_role.Legacy]
}

repository "Repo41" {
  grant_push = [iam_role.Build]
  grant_pull = [iam_role.Deploy, iam_user.Bot]
  grant_read = [iam_role.Legacy]
}

repository "Repo42" {
  grant_push = [iam_role.Build]
  grant_pull = [iam_role.Deploy, iam_user.Bot]
  grant_read = [iam_role.Legacy]
}

repository "Repo43" {
  grant_push = [iam_role.Build]
  grant_pull = [iam_role.Deploy, iam_user.Bot]
  grant_read = [iam_role.Legacy]
}

repository "Repo44" {
  grant_push = [iam_role.Build]
  grant_pull = [iam_role.Deploy, iam_user.Bot]
  grant_read = [iam_role.Legacy]
}
