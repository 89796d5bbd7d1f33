# A number where the method adds an object.
repository "Repo" {
  on_cloud_trail_event "Rule" {
    event_pattern = {
      detail = {
        requestParameters = 7 # expect-error
      }
    }
  }
}
