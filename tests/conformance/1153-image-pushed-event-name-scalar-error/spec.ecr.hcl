# A scalar eventName meets the list the method adds in its second merge.
repository "Repo" {
  on_cloud_trail_image_pushed "Rule" {
    event_pattern = {
      detail = {
        eventName = "PutImage" # expect-error
      }
    }
  }
}
