# Two outputs whose labels have the same alphanumerics share a logical ID.
output "Repo-Uri" {
  value = "a"
}

output "RepoUri" { # expect-error
  value = "b"
}
