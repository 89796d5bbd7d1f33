# detail-type merges with the method's detailType and is written detail-type.
repository "Repo" {
  on_image_scan_completed "Rule" {
    event_pattern = {
      "detail-type" = ["ECR Image Action", "ECR Image Scan"]
    }
  }
}
