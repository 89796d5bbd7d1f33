# Default/Resource and the cache rule Resource both get the logical ID `Resource`.
iam_user "Default" {}

pull_through_cache_rule "Resource" { # expect-error
  ecr_repository_prefix = "quay"
  upstream_registry_url = "quay.io"
}
