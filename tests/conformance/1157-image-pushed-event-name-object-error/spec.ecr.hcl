# A nested object where the method adds a list.
repository "Repo" {
  on_cloud_trail_image_pushed "Rule" {
    event_pattern = {
      detail = {
        eventName = { prefix = ["Put"] } # expect-error
      }
    }
  }
}
