# A repository labelled Default: its resource is `Resource`, its rule drops the Default component.
repository "Default" {
  on_event "Pushed" {}
}
