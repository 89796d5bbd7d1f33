# A scalar source in a CloudTrail rule.
repository "Repo" {
  on_cloud_trail_event "Rule" {
    event_pattern = {
      source = "aws.ecr" # expect-error
    }
  }
}
