# Two cache rules whose labels have the same alphanumerics share a logical ID.
pull_through_cache_rule "Docker-Hub" {
  ecr_repository_prefix = "docker-hub"
  upstream_registry_url = "registry-1.docker.io"
}

pull_through_cache_rule "DockerHub" { # expect-error
  ecr_repository_prefix = "docker"
  upstream_registry_url = "registry-1.docker.io"
}
