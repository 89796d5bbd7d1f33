# Token grants repeated for one principal, and a registry policy statement that names one role
# twice and an account twice.
iam_role "Ci" {
  assumed_by = "codebuild.amazonaws.com"
}

iam_role "Replicator" {
  from_role_arn = "arn:aws:iam::111122223333:role/replicator"
}

authorization_token {
  grant_read = [iam_role.Ci, iam_role.Replicator, iam_role.Ci]
}

public_gallery_authorization_token {
  grant_read = [iam_role.Ci, iam_role.Ci]
}

registry_policy {
  policy_statement {
    sid        = "ReplicateIn"
    actions    = ["ecr:ReplicateImage", "ecr:CreateRepository"]
    principals = [iam_role.Replicator, "111122223333", iam_role.Replicator, "111122223333"]
    resources  = ["arn:aws:ecr:us-east-1:123456789012:repository/*"]
  }
}
