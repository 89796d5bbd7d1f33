# A boolean where the method adds an object fails in JavaScript the same way.
repository "Repo" {
  on_cloud_trail_image_pushed "Rule" {
    event_pattern = {
      detail = {
        requestParameters = true # expect-error
      }
    }
  }
}
