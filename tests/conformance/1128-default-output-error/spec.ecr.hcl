# An output labelled Default has no logical ID: its only component is hidden.
repository "Repo" {}

output "Default" { # expect-error
  value = repository.Repo.repository_uri
}
