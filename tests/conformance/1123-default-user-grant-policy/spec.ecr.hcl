# A new user labelled Default: `Resource`, and its policy Default/DefaultPolicy/Resource.
iam_user "Default" {}

repository "Repo" {
  grant_pull = [iam_user.Default]
}
