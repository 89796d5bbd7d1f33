# Default/Default/Resource and Default/Resource both reduce to `Resource`.
repository "Default" {
  on_image_scan_completed "Default" {} # expect-error
}
