# detail-type is the CDK's detailType: an object there meets the method's list.
repository "Repo" {
  on_image_scan_completed "Rule" {
    event_pattern = {
      "detail-type" = { prefix = ["ECR"] } # expect-error
    }
  }
}
