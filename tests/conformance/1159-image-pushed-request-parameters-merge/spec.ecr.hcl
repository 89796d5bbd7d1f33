# Without image_tag the pattern's own imageTag list stays, beside the repository name.
repository "Repo" {
  on_cloud_trail_image_pushed "Rule" {
    event_pattern = {
      detail = {
        requestParameters = { imageTag = ["v1", "v2"] }
      }
    }
  }
}
