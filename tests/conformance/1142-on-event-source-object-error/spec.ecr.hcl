# An object where the method adds a list: the types of the two patterns differ.
repository "Repo" {
  on_event "Rule" {
    event_pattern = {
      source = { prefix = ["aws."] } # expect-error
    }
  }
}
