# A rule labelled Default is hidden from its logical ID, so it takes the repository's own ID.
repository "Repo" {
  on_event "Default" {} # expect-error
}
