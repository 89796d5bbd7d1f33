# null where the method adds a list: a type mismatch.
repository "Repo" {
  on_cloud_trail_event "Rule" {
    event_pattern = {
      source = null # expect-error
    }
  }
}
