# A string where the method adds an object: JavaScript cannot add a property to it.
repository "Repo" {
  on_cloud_trail_image_pushed "Rule" {
    event_pattern = {
      detail = {
        requestParameters = "PutImage" # expect-error
      }
    }
  }
}
