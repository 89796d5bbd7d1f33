#!/usr/bin/env python3
"""Writes the benchmark design as an ecrgen spec: N repositories, each with two lifecycle rules,
a scan-completed rule with a target and a pull grant to an account. Usage: gen-spec.py N FILE"""
import sys

n, path = int(sys.argv[1]), sys.argv[2]
with open(path, "w", encoding="utf-8") as f:
    for i in range(n):
        f.write(f'''repository "Repo{i}" {{
  repository_name      = "team/service-{i}"
  image_scan_on_push   = true
  image_tag_mutability = "IMMUTABLE"
  grant_pull           = ["111122223333"]

  lifecycle_rule {{
    tag_prefix_list = ["v"]
    max_image_count = 50
  }}

  lifecycle_rule {{
    max_image_age_days = 30
  }}

  on_image_scan_completed "ScanDone" {{
    target {{
      arn = "arn:aws:sns:us-east-1:123456789012:scans"
    }}
  }}
}}

''')
