# The same collision with the user written second: the later label is blamed.
repository "DefaultPolicy" {}

iam_user "Default" {} # expect-error

repository "Repo" {
  grant_pull = [iam_user.Default]
}
