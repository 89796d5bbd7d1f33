# A scalar detail-type is reported under the CDK's name, detailType.
repository "Repo" {
  on_cloud_trail_event "Rule" {
    event_pattern = {
      "detail-type" = "AWS API Call via CloudTrail" # expect-error
    }
  }
}
