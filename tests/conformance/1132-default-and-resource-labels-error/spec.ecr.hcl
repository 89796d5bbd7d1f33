# The stack may not have both a `Default` and a `Resource` child (its default child is ambiguous).
iam_user "Default" {}

output "Resource" { # expect-error
  value = iam_user.Default.user_arn
}
