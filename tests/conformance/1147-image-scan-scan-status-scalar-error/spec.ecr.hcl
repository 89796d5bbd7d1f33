# A nested scalar where the method adds a list: a type mismatch for the CDK.
repository "Repo" {
  on_image_scan_completed "Rule" {
    event_pattern = {
      detail = {
        "scan-status" = "FAILED" # expect-error
      }
    }
  }
}
