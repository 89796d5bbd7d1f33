# Two repositories labelled Resource and Default: distinct logical IDs, but an ambiguous default child.
repository "Resource" {}

repository "Default" {} # expect-error
