# Default/DefaultPolicy/Resource and DefaultPolicy/Resource get the same logical ID.
iam_user "Default" {}

repository "DefaultPolicy" {} # expect-error

repository "Repo" {
  grant_pull = [iam_user.Default]
}
