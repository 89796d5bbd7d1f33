# A pull-through cache rule labelled Default has no logical ID either.
pull_through_cache_rule "Default" { # expect-error
  ecr_repository_prefix = "quay"
  upstream_registry_url = "quay.io"
}
