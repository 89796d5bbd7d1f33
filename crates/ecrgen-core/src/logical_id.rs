//! CDK logical IDs (`makeUniqueId` in aws-cdk-lib core, research cdk-ecr.md §5).

use md5::{Digest, Md5};

/// Longest human part kept before the hash.
const MAX_HUMAN_LEN: usize = 240;
/// Longest ID returned unhashed for a one-component path.
const MAX_ID_LEN: usize = 255;

/// The CloudFormation logical ID the CDK allocates for a construct at `path` (the construct IDs
/// below the stack, e.g. `["Repo", "Resource"]`).
///
/// Components equal to `Default` are dropped first; one remaining component is returned as its
/// alphanumerics; otherwise the human part (suffix-deduplicated, `Resource` dropped,
/// alphanumerics, at most 240 chars) is followed by the first 8 hex digits of the MD5 of the
/// path, uppercased.
pub fn logical_id(path: &[&str]) -> String {
    let components: Vec<&str> = path.iter().copied().filter(|c| *c != "Default").collect();
    if components.len() == 1 {
        let candidate = alphanumerics(components[0]);
        if candidate.len() <= MAX_ID_LEN {
            return candidate;
        }
    }
    let hash = path_hash(&components);
    let mut human = String::new();
    let mut last_kept: Option<&str> = None;
    for c in &components {
        if let Some(prev) = last_kept {
            if prev.ends_with(c) {
                continue;
            }
        }
        last_kept = Some(c);
        if *c == "Resource" {
            continue;
        }
        human.push_str(&alphanumerics(c));
    }
    let human: String = human.chars().take(MAX_HUMAN_LEN).collect();
    format!("{human}{hash}")
}

/// First 8 hex digits (uppercase) of the MD5 of the components joined by `/`.
fn path_hash(components: &[&str]) -> String {
    let digest = Md5::digest(components.join("/").as_bytes());
    digest.iter().take(4).map(|b| format!("{b:02X}")).collect()
}

/// The ASCII letters and digits of `s`.
pub fn alphanumerics(s: &str) -> String {
    s.chars().filter(char::is_ascii_alphanumeric).collect()
}

#[cfg(test)]
mod tests {
    use super::logical_id;

    #[test]
    fn cdk_reference_values() {
        assert_eq!(logical_id(&["Repo", "Resource"]), "Repo02AC86CF");
        assert_eq!(
            logical_id(&["User", "DefaultPolicy", "Resource"]),
            "UserDefaultPolicy1F97781E"
        );
        assert_eq!(
            logical_id(&["Repository", "Resource"]),
            "Repository22E53BBD"
        );
        assert_eq!(
            logical_id(&["Role", "DefaultPolicy", "Resource"]),
            "RoleDefaultPolicy5FFB7DAB"
        );
        assert_eq!(
            logical_id(&["TestHarnessRepo", "Resource"]),
            "TestHarnessRepoAA7E9724"
        );
        assert_eq!(logical_id(&["Role", "Resource"]), "Role1ABCC5F0");
        assert_eq!(logical_id(&["User", "Resource"]), "User00B015A1");
        assert_eq!(
            logical_id(&["Repo", "ImageScanComplete", "Resource"]),
            "RepoImageScanComplete7BC71935"
        );
    }

    #[test]
    fn separators_are_stripped() {
        assert_eq!(logical_id(&["My-Repo", "Resource"]), "MyRepo797DD374");
        assert_eq!(
            logical_id(&["MyApp", "Repo", "Resource"]),
            "MyAppRepo60771945"
        );
        assert_eq!(logical_id(&["Repo_Uri"]), "RepoUri");
        assert_eq!(logical_id(&["Repo", "Default"]), "Repo");
    }

    #[test]
    fn suffix_duplicates_are_dropped_from_the_human_part() {
        let id = logical_id(&["Pipeline", "Pipeline", "Resource"]);
        assert!(
            id.starts_with("Pipeline") && id.len() == "Pipeline".len() + 8,
            "{id}"
        );
        let id = logical_id(&["MyBucket", "Bucket", "Resource"]);
        assert!(
            id.starts_with("MyBucket") && id.len() == "MyBucket".len() + 8,
            "{id}"
        );
    }

    #[test]
    fn long_ids_are_cut_to_240_plus_hash() {
        let long = "a".repeat(300);
        let id = logical_id(&[&long, "Resource"]);
        assert_eq!(id.len(), 248);
        let one = "b".repeat(256);
        assert_eq!(logical_id(&[&one]).len(), 248);
        assert_eq!(logical_id(&[&"c".repeat(255)]), "c".repeat(255));
    }
}
