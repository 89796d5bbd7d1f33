//! The shape of names and identifiers the spec accepts: account IDs, ARNs (one splitter for
//! all of them), organization IDs and repository names. The checker, the plan and the
//! Terraform writer all ask here.

use std::sync::OnceLock;

/// An ARN's six fields: `arn:<partition>:<service>:<region>:<account>:<resource>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Arn<'a> {
    /// `aws`, `aws-cn`, ...
    pub partition: &'a str,
    /// `iam`, `kms`, `sns`, ...
    pub service: &'a str,
    /// The region (empty for global services).
    pub region: &'a str,
    /// The account ID (empty for some resources, `aws` for AWS-managed policies).
    pub account: &'a str,
    /// Everything after the fifth `:` (may itself hold `:` and `/`).
    pub resource: &'a str,
}

impl<'a> Arn<'a> {
    /// Splits `s` into its fields; `None` unless it starts with `arn:` and has six fields.
    pub fn parse(s: &'a str) -> Option<Self> {
        let mut parts = s.splitn(6, ':');
        if parts.next()? != "arn" {
            return None;
        }
        Some(Self {
            partition: parts.next()?,
            service: parts.next()?,
            region: parts.next()?,
            account: parts.next()?,
            resource: parts.next()?,
        })
    }

    /// The last `/` segment of the resource: `role/path/ci` -> `ci`.
    pub fn resource_leaf(&self) -> &'a str {
        self.resource.rsplit('/').next().unwrap_or(self.resource)
    }
}

/// A 12-digit AWS account ID.
pub fn is_account(s: &str) -> bool {
    s.len() == 12 && s.bytes().all(|b| b.is_ascii_digit())
}

/// A loose ARN check: partition, service and resource present, the account empty, an account
/// ID or `aws`.
pub fn is_arn(s: &str) -> bool {
    Arn::parse(s).is_some_and(|a| {
        !a.partition.is_empty()
            && !a.service.is_empty()
            && (a.account.is_empty() || is_account(a.account) || a.account == "aws")
            && !a.resource.is_empty()
    })
}

/// `arn:<partition>:kms:<region>:<account>:key/<id>`.
pub fn is_kms_key_arn(s: &str) -> bool {
    Arn::parse(s).is_some_and(|a| {
        !a.partition.is_empty()
            && a.service == "kms"
            && !a.region.is_empty()
            && is_account(a.account)
            && a.resource
                .strip_prefix("key/")
                .is_some_and(|id| !id.is_empty())
    })
}

/// An IAM ARN whose resource starts with `kind` (`user/`, `role/`) and names something.
pub fn is_iam_arn(s: &str, kind: &str) -> bool {
    Arn::parse(s).is_some_and(|a| {
        a.service == "iam"
            && is_account(a.account)
            && a.resource.starts_with(kind)
            && a.resource.len() > kind.len()
    })
}

/// The last `/` segment of an ARN's resource part (`arn:aws:iam::1:role/path/ci` -> `ci`); the
/// text itself when it is no ARN.
pub fn arn_resource_leaf(s: &str) -> &str {
    Arn::parse(s).map_or(s, |a| a.resource_leaf())
}

/// An AWS Organizations ID: `^o-[a-z0-9]{10,32}$`.
pub fn is_org_id(s: &str) -> bool {
    s.strip_prefix("o-").is_some_and(|rest| {
        (10..=32).contains(&rest.len())
            && rest
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    })
}

/// ECR's repository-name pattern (SPEC §1.3), without the length rule.
pub fn repository_name_pattern() -> &'static regex::Regex {
    static RE: OnceLock<regex::Regex> = OnceLock::new();
    RE.get_or_init(|| {
        regex::Regex::new(r"^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$")
            .expect("valid regex")
    })
}

/// Whether `name` is a valid ECR repository name: 2-256 characters of the pattern.
pub fn is_valid_repository_name(name: &str) -> bool {
    (2..=256).contains(&name.len()) && repository_name_pattern().is_match(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arns_split_into_six_fields() {
        let a = Arn::parse("arn:aws:iam::111122223333:role/path/ci").unwrap();
        assert_eq!(
            (a.partition, a.service, a.region, a.account),
            ("aws", "iam", "", "111122223333")
        );
        assert_eq!(a.resource_leaf(), "ci");
        assert_eq!(
            Arn::parse("arn:aws:sns:us-east-1:1:t:x").unwrap().resource,
            "t:x"
        );
        assert!(Arn::parse("arn:aws:iam::1").is_none());
        assert!(Arn::parse("urn:aws:iam::1:x").is_none());
        assert_eq!(arn_resource_leaf("not-an-arn"), "not-an-arn");
    }

    #[test]
    fn shapes() {
        assert!(is_arn("arn:aws:iam::aws:policy/ReadOnlyAccess"));
        assert!(!is_arn("arn:aws:iam::12:role/x"));
        assert!(is_kms_key_arn("arn:aws:kms:us-east-1:111122223333:key/abc"));
        assert!(!is_kms_key_arn(
            "arn:aws:kms:us-east-1:111122223333:alias/abc"
        ));
        assert!(is_iam_arn("arn:aws:iam::111122223333:user/a", "user/"));
        assert!(!is_iam_arn("arn:aws:iam::111122223333:user/", "user/"));
        assert!(is_org_id("o-abcdefghij"));
        for ok in ["web/frontend", "a.b_c-d", "ab"] {
            assert!(is_valid_repository_name(ok), "{ok}");
        }
        for bad in ["a", "a--b", "Ab", "a/", &"a".repeat(257)] {
            assert!(!is_valid_repository_name(bad), "{bad}");
        }
    }
}
