# A scalar where the method adds an object is refused at the top level.
repository "Repo" {
  on_image_scan_completed "Rule" {
    event_pattern = {
      detail = "COMPLETE" # expect-error
    }
  }
}
