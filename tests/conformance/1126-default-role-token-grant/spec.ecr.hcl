# A new role labelled Default with a token grant: `Resource` and its DefaultPolicy.
iam_role "Default" {
  assumed_by = "codebuild.amazonaws.com"
}

authorization_token {
  grant_read = [iam_role.Default]
}
