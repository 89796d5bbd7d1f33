# A scalar image-tags in the pattern meets the method's image_tags list.
repository "Repo" {
  on_image_scan_completed "Rule" {
    image_tags = ["latest"]
    event_pattern = {
      detail = {
        "image-tags" = "latest" # expect-error
      }
    }
  }
}
