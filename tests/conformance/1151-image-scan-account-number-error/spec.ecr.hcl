# A number at the top level is refused with its JSON value.
repository "Repo" {
  on_image_scan_completed "Rule" {
    event_pattern = {
      account = 123456789012 # expect-error
    }
  }
}
