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

/// The CDK's message (`makeUniqueId`) for a construct whose path holds nothing but `Default`
/// components, such as a construct labelled `Default` directly in the stack.
pub const EMPTY_PATH: &str = "Unable to calculate a unique id for an empty set of components";

/// A section of the template. Logical IDs are unique within a section: a resource and an output
/// may share one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    /// `Resources`.
    Resources,
    /// `Outputs`.
    Outputs,
}

impl Section {
    /// The section's name in the template.
    pub fn name(self) -> &'static str {
        match self {
            Self::Resources => "Resources",
            Self::Outputs => "Outputs",
        }
    }
}

/// Why the CDK cannot put a construct into its section of the template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdProblem<T> {
    /// Every component of the path is `Default`, so there is nothing to name it by.
    Empty(T),
    /// The construct gets the logical ID of an earlier construct of the same section.
    Collision {
        /// The section both belong to.
        section: Section,
        /// The shared logical ID.
        logical_id: String,
        /// The earlier construct.
        first: T,
        /// The later construct, the one the CDK refuses.
        second: T,
    },
}

impl<T> IdProblem<T> {
    /// The CDK's own message: `makeUniqueId`'s, or the one of the stack's template merge.
    pub fn cdk_message(&self) -> String {
        match self {
            Self::Empty(_) => EMPTY_PATH.to_string(),
            Self::Collision {
                section,
                logical_id,
                ..
            } => {
                format!(
                    "section '{}' already contains '{logical_id}'",
                    section.name()
                )
            }
        }
    }
}

/// The problems of giving `constructs` (each a path below the stack, as for [`logical_id`], and
/// what to report it by) logical IDs in one `section`, in the order the CDK meets them: a
/// construct is compared with the earlier ones only, as the stack merges them into its template
/// in that order.
pub fn id_problems<T: Clone>(
    section: Section,
    constructs: impl IntoIterator<Item = (Vec<String>, T)>,
) -> Vec<IdProblem<T>> {
    // A map, not a list: a spec of ten thousand repositories has tens of thousands of IDs.
    let mut seen: std::collections::HashMap<String, T> = std::collections::HashMap::new();
    let mut problems = Vec::new();
    for (path, what) in constructs {
        if path.iter().all(|c| c == "Default") {
            problems.push(IdProblem::Empty(what));
            continue;
        }
        let parts: Vec<&str> = path.iter().map(String::as_str).collect();
        let id = logical_id(&parts);
        match seen.get(&id) {
            Some(first) => problems.push(IdProblem::Collision {
                section,
                logical_id: id,
                first: first.clone(),
                second: what,
            }),
            None => {
                seen.insert(id, what);
            }
        }
    }
    problems
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
    use super::{id_problems, logical_id, IdProblem, Section};

    fn path(p: &str) -> Vec<String> {
        p.split('/').map(String::from).collect()
    }

    #[test]
    fn hidden_default_components_collide_as_in_the_cdk() {
        let problems = id_problems(
            Section::Resources,
            [
                (path("Repo/Resource"), 1),
                (path("Repo/Default/Resource"), 2),
                (path("Default"), 3),
            ],
        );
        assert_eq!(
            problems,
            [
                IdProblem::Collision {
                    section: Section::Resources,
                    logical_id: "Repo02AC86CF".into(),
                    first: 1,
                    second: 2
                },
                IdProblem::Empty(3),
            ]
        );
        assert_eq!(
            problems[0].cdk_message(),
            "section 'Resources' already contains 'Repo02AC86CF'"
        );
        assert_eq!(
            problems[1].cdk_message(),
            "Unable to calculate a unique id for an empty set of components"
        );
        assert!(id_problems(
            Section::Outputs,
            [
                (path("Default/Resource"), 1),
                (path("Resource/Resource"), 2)
            ]
        )
        .is_empty());
    }

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
