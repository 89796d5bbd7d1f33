# A platform team's registry: service repositories with immutable release tags, a CI role that
# pushes, a deploy role in the workload account that pulls, org-wide read of the base images,
# scan findings routed to the security topic, and registry-wide scanning and replication.
stack "PlatformRegistry" {
  description = "Container registry of the platform team"
  tags = {
    team        = "platform"
    cost-center = "cc-1200"
  }
}

iam_role "Ci" {
  assumed_by  = "codebuild.amazonaws.com"
  role_name   = "platform-image-builder"
  description = "Builds and pushes the platform images"
}

iam_role "Deployer" {
  from_role_arn = "arn:aws:iam::444455556666:role/platform-deployer"
}

repository "Api" {
  repository_name                        = "platform/api"
  image_scan_on_push                     = true
  image_tag_mutability                   = "IMMUTABLE_WITH_EXCLUSION"
  image_tag_mutability_exclusion_filters = ["latest", "dev-*"]
  grant_pull_push                        = [iam_role.Ci]
  grant_pull                             = [iam_role.Deployer]

  lifecycle_rule {
    description        = "Drop untagged layers after a week"
    tag_status         = "untagged"
    max_image_age_days = 7
  }

  lifecycle_rule {
    description     = "Keep the last 50 releases"
    tag_prefix_list = ["v"]
    max_image_count = 50
  }

  on_image_scan_completed "Findings" {
    description = "Critical findings in platform/api"
    event_pattern = {
      detail = {
        "finding-severity-counts" = {
          CRITICAL = [{ numeric = [">", 0] }]
        }
      }
    }
    target {
      arn   = "arn:aws:sns:us-east-1:123456789012:platform-security"
      input = { repository = "platform/api", severity = "CRITICAL" }
    }
  }
}

repository "BaseImages" {
  repository_name      = "platform/base"
  image_scan_on_push   = true
  image_tag_mutability = "IMMUTABLE"
  grant_pull           = ["o-a1b2c3d4e5"]
  grant_pull_push      = [iam_role.Ci]

  lifecycle_rule {
    tag_status       = "tagged"
    tag_pattern_list = ["3.*-*"]
    max_image_count  = 24
  }
}

authorization_token {
  grant_read = [iam_role.Ci]
}

registry_scanning {
  scan_type = "ENHANCED"
  rule {
    scan_frequency     = "CONTINUOUS_SCAN"
    repository_filters = ["platform/*"]
  }
}

replication {
  rule {
    destination {
      region      = "eu-west-1"
      registry_id = "123456789012"
    }
    repository_filters = ["platform/"]
  }
}

output "ApiUri" {
  value       = repository.Api.repository_uri
  description = "docker push target of the API image"
}

output "CiRoleArn" {
  value       = iam_role.Ci.role_arn
  export_name = "platform-ci-role-arn"
}
