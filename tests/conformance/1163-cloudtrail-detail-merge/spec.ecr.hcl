# Nested objects merge: the repository name is added after the pattern's own.
repository "Repo" {
  on_cloud_trail_event "Rule" {
    event_pattern = {
      detail = {
        eventName         = ["PutImage", "DeleteRepository"]
        requestParameters = { repositoryName = ["legacy"] }
      }
    }
  }
}
