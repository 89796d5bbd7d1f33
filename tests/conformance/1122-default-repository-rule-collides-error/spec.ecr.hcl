# Default/Pushed/Resource and Pushed/Resource get the same logical ID.
repository "Default" {
  on_event "Pushed" {}
}

repository "Pushed" {} # expect-error
