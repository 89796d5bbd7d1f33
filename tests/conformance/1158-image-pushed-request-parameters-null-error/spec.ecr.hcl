# null where the method adds an object, one level down.
repository "Repo" {
  on_cloud_trail_image_pushed "Rule" {
    event_pattern = {
      detail = {
        requestParameters = null # expect-error
      }
    }
  }
}
