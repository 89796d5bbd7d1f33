# An imported user's policy is Default/Policy/Resource: the ID of a repository labelled Policy.
iam_user "Default" {
  from_user_name = "ci"
}

repository "Policy" {} # expect-error

repository "Repo" {
  grant_pull = [iam_user.Default]
}
