# A scalar imageTag in the pattern meets the method's image_tag list.
repository "Repo" {
  on_cloud_trail_image_pushed "Rule" {
    image_tag = "v1"
    event_pattern = {
      detail = {
        requestParameters = {
          imageTag = "v1" # expect-error
        }
      }
    }
  }
}
