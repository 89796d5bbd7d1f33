# Resources and outputs are separate template sections: the same logical ID in each is fine.
pull_through_cache_rule "Docker-Hub" {
  ecr_repository_prefix = "docker-hub"
  upstream_registry_url = "registry-1.docker.io"
}

output "DockerHub" {
  value = "registry-1.docker.io"
}
