# Lists merge with the method's: spec values first, duplicates dropped.
repository "Repo" {
  on_event "Rule" {
    event_pattern = {
      account = ["123456789012"]
      source  = ["aws.ecr", "aws.ecr"]
    }
  }
}
