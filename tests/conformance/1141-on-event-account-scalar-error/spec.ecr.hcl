# A top-level scalar where the method adds nothing is refused all the same.
repository "Repo" {
  on_event "Rule" {
    event_pattern = {
      account = "123456789012" # expect-error
    }
  }
}
