# A scalar where the method adds a list: the CDK wants every field to be an array.
repository "Repo" {
  on_event "Rule" {
    event_pattern = {
      source = "aws.ecr" # expect-error
    }
  }
}
