# null where the method adds an object: JavaScript cannot merge into null.
repository "Repo" {
  on_event "Rule" {
    event_pattern = {
      detail = null # expect-error
    }
  }
}
