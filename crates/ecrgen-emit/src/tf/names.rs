//! Terraform names (SPEC §3): local names from construct paths and derived repository names,
//! every name a module gives ([`module_names`]) and what is wrong with them
//! ([`name_problems`]), which `check` reports and the Terraform emitters refuse.

use std::collections::HashMap;

use heck::ToKebabCase;

use crate::error::EmitError;
use crate::plan::{IdentityClass, Plan, RepositoryPlan, ResourceKey, ResourceKind};

/// The outputs of every repository: (name suffix, attribute of `aws_ecr_repository`, what
/// the description calls it).
pub const REPOSITORY_OUTPUTS: [(&str, &str, &str); 3] = [
    (
        "repository_url",
        "repository_url",
        "URL (the docker push target)",
    ),
    ("repository_arn", "arn", "ARN"),
    ("repository_name", "name", "name"),
];

/// The namespace of output names in [`Names`] and [`Named`].
pub const OUTPUT_NAMESPACE: &str = "output";

/// The local name of a construct path: the components joined with `_`, with a leading `_`
/// when the result does not start with a letter or `_` (construct IDs may start with a digit
/// or `-`, Terraform names may not).
pub fn local_name<S: AsRef<str>>(path: &[S]) -> String {
    let joined = path.iter().map(AsRef::as_ref).collect::<Vec<_>>().join("_");
    if joined.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
        joined
    } else {
        format!("_{joined}")
    }
}

/// The repository name Terraform needs when the spec sets none: the kebab case of the ID as
/// the `heck` crate computes it (`ImageRepo` -> `image-repo`, `HTTPServer` -> `http-server`).
pub fn kebab(id: &str) -> String {
    id.to_kebab_case()
}

/// The repository name of `repo` in Terraform: its `repository_name`, else the [`kebab`] case
/// of its ID (which [`name_problems`] checks).
pub fn repository_name(repo: &RepositoryPlan) -> String {
    repo.repository_name
        .clone()
        .unwrap_or_else(|| kebab(&repo.id))
}

/// The name of a repository output: the repository's local name and the suffix.
pub fn repository_output_name(local_name: &str, suffix: &str) -> String {
    format!("{local_name}_{suffix}")
}

/// Whether `name` is a valid ECR repository name (SPEC §1.3): the checker's rule.
pub fn is_valid_repository_name(name: &str) -> bool {
    ecrgen_core::names::is_valid_repository_name(name)
}

/// One name a Terraform module gives: a resource block or an output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Named {
    /// The resource type, or [`OUTPUT_NAMESPACE`].
    pub namespace: &'static str,
    /// The local name (or output name).
    pub name: String,
    /// The construct path it stands for (`Repo/ImageScanComplete`), or for a repository
    /// output its ID and suffix; messages name it.
    pub owner: String,
    /// The plan construct it belongs to: the spec block that diagnostics point at.
    pub key: ResourceKey,
}

/// Every name the module of `plan` gives, in the order the module declares them: resources in
/// plan order (a repository's lifecycle and repository policies after it, an event rule's
/// targets after it), then every repository's outputs, then the spec's outputs. The module
/// claims exactly these, so what [`name_problems`] finds here is what rendering refuses.
pub fn module_names(plan: &Plan) -> Vec<Named> {
    let mut named = Vec::new();
    let mut push = |namespace: &'static str, path: &[String], key: &ResourceKey| {
        named.push(Named {
            namespace,
            name: local_name(path),
            owner: path.join("/"),
            key: key.clone(),
        });
    };
    for resource in &plan.resources {
        let key = &resource.key;
        let path = key.components();
        match &resource.kind {
            ResourceKind::Repository(repo) => {
                push("aws_ecr_repository", path, key);
                if repo.lifecycle_policy_text.is_some() {
                    push("aws_ecr_lifecycle_policy", path, key);
                }
                if !repo.repository_policy.is_empty() {
                    push("aws_ecr_repository_policy", path, key);
                }
            }
            ResourceKind::EventRule(rule) => {
                push("aws_cloudwatch_event_rule", path, key);
                for target in &rule.targets {
                    let mut target_path = path.to_vec();
                    target_path.push(target.target_id.clone());
                    push("aws_cloudwatch_event_target", &target_path, key);
                }
            }
            ResourceKind::User(_) => push("aws_iam_user", path, key),
            ResourceKind::Role(_) => push("aws_iam_role", path, key),
            ResourceKind::IdentityPolicy(policy) => match policy.identity.class {
                IdentityClass::User => push("aws_iam_user_policy", path, key),
                IdentityClass::Role => push("aws_iam_role_policy", path, key),
            },
            ResourceKind::ManagedPolicy(_) => {
                push("aws_iam_policy", path, key);
                push("aws_iam_role_policy_attachment", path, key);
            }
            ResourceKind::RegistryScanning(_) => {
                push("aws_ecr_registry_scanning_configuration", path, key);
            }
            ResourceKind::Replication(_) => push("aws_ecr_replication_configuration", path, key),
            ResourceKind::PullThroughCacheRule(_) => {
                push("aws_ecr_pull_through_cache_rule", path, key);
            }
            ResourceKind::RegistryPolicy(_) => push("aws_ecr_registry_policy", path, key),
        }
    }
    for resource in &plan.resources {
        if let ResourceKind::Repository(repo) = &resource.kind {
            let local = local_name(resource.key.components());
            for (suffix, _, _) in REPOSITORY_OUTPUTS {
                named.push(Named {
                    namespace: OUTPUT_NAMESPACE,
                    name: repository_output_name(&local, suffix),
                    owner: format!("{} ({suffix})", repo.id),
                    key: resource.key.clone(),
                });
            }
        }
    }
    for output in &plan.outputs {
        named.push(Named {
            namespace: OUTPUT_NAMESPACE,
            name: local_name(&[output.id.as_str()]),
            owner: output.id.clone(),
            key: ResourceKey::new([output.id.as_str()]),
        });
    }
    named
}

/// A name of the Terraform targets that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NameProblem {
    /// A repository without `repository_name` whose derived name is not a valid one.
    InvalidRepositoryName {
        /// The repository.
        key: ResourceKey,
        /// The kebab case of its ID.
        derived: String,
    },
    /// A repository without `repository_name` whose derived name another repository already
    /// has: ECR refuses the second at apply.
    DuplicateRepositoryName {
        /// The repository.
        key: ResourceKey,
        /// The kebab case of its ID.
        derived: String,
        /// The ID of the repository that has the name first.
        first: String,
    },
    /// Two constructs with the same local name in one namespace.
    Collision {
        /// The later construct.
        named: Named,
        /// What the first construct with that name stands for.
        first: String,
    },
}

impl NameProblem {
    /// The construct the problem belongs to.
    pub fn key(&self) -> &ResourceKey {
        match self {
            Self::InvalidRepositoryName { key, .. } | Self::DuplicateRepositoryName { key, .. } => {
                key
            }
            Self::Collision { named, .. } => &named.key,
        }
    }

    /// What is wrong and how to fix it, without the construct: "Terraform targets: ...".
    pub fn message(&self) -> String {
        let what = match self {
            Self::InvalidRepositoryName { derived, .. } => format!(
                "a repository without `repository_name` is named after the kebab case of its ID, and `{derived}` is not a valid repository name; set `repository_name`"
            ),
            Self::DuplicateRepositoryName { derived, first, .. } => format!(
                "a repository without `repository_name` is named after the kebab case of its ID, and `{derived}` is already the name of repository `{first}`; set `repository_name`"
            ),
            Self::Collision { named, first } => format!(
                "the name `{}.{}` is already used by `{first}`; rename one of the constructs",
                named.namespace, named.name
            ),
        };
        format!("Terraform targets: {what}")
    }

    /// The error an emitter returns for it.
    pub fn to_error(&self) -> EmitError {
        EmitError::Invalid {
            construct: match self {
                Self::Collision { named, .. } => named.owner.clone(),
                _ => self.key().display_path(),
            },
            message: self.message(),
        }
    }
}

/// Everything about the names of `plan` that the Terraform targets cannot write: derived
/// repository names that are invalid or taken, and local names given twice. In module order,
/// a collision reported on the later construct, once: the names a construct's first collision
/// implies (a repository's policies and outputs) would only repeat it.
pub fn name_problems(plan: &Plan) -> Vec<NameProblem> {
    let mut problems = repository_name_problems(plan);
    let mut names = Names::default();
    let mut collided = std::collections::HashSet::new();
    for named in module_names(plan) {
        if let Some(first) = names.first_owner(named.namespace, &named.name) {
            if collided.insert(named.key.clone()) {
                let first = first.to_string();
                problems.push(NameProblem::Collision { named, first });
            }
        } else {
            names.insert(named.namespace, &named.name, &named.owner);
        }
    }
    problems
}

/// Derived repository names that are invalid or already taken (given names are checked by the
/// core, for every target).
fn repository_name_problems(plan: &Plan) -> Vec<NameProblem> {
    let repositories: Vec<(&ResourceKey, &RepositoryPlan)> = plan
        .resources
        .iter()
        .filter_map(|r| match &r.kind {
            ResourceKind::Repository(repo) => Some((&r.key, repo)),
            _ => None,
        })
        .collect();
    // Given names first: a derived name clashing with one is the derived one's problem,
    // wherever the given one is declared.
    let mut taken: HashMap<String, &str> = repositories
        .iter()
        .filter_map(|(_, repo)| Some((repo.repository_name.clone()?, repo.id.as_str())))
        .collect();
    let mut problems = Vec::new();
    for (key, repo) in &repositories {
        if repo.repository_name.is_some() {
            continue;
        }
        let derived = kebab(&repo.id);
        let key = (*key).clone();
        if !is_valid_repository_name(&derived) {
            problems.push(NameProblem::InvalidRepositoryName { key, derived });
        } else if let Some(first) = taken.get(&derived) {
            problems.push(NameProblem::DuplicateRepositoryName {
                key,
                derived,
                first: (*first).to_string(),
            });
        } else {
            taken.insert(derived, &repo.id);
        }
    }
    problems
}

/// Hands out addresses and refuses two constructs with the same local name in one namespace
/// (a resource type, data sources, outputs).
#[derive(Debug, Default)]
pub struct Names {
    taken: HashMap<(String, String), String>,
}

impl Names {
    /// Claims `name` in `namespace` for the construct `owner` (a path for messages).
    pub fn claim(&mut self, namespace: &str, name: &str, owner: &str) -> Result<(), EmitError> {
        if let Some(first) = self.first_owner(namespace, name) {
            return Err(EmitError::Invalid {
                construct: owner.to_string(),
                message: format!(
                    "its Terraform name `{namespace}.{name}` is already used by `{first}`; rename one of the constructs"
                ),
            });
        }
        self.insert(namespace, name, owner);
        Ok(())
    }

    /// The owner of `name` in `namespace`, when it is taken.
    fn first_owner(&self, namespace: &str, name: &str) -> Option<&str> {
        self.taken
            .get(&(namespace.to_string(), name.to_string()))
            .map(String::as_str)
    }

    fn insert(&mut self, namespace: &str, name: &str, owner: &str) {
        self.taken
            .insert((namespace.to_string(), name.to_string()), owner.to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_names() {
        assert_eq!(local_name(&["Repo"]), "Repo");
        assert_eq!(
            local_name(&["Repo", "ImageScanComplete", "Target0"]),
            "Repo_ImageScanComplete_Target0"
        );
        assert_eq!(local_name(&["User", "DefaultPolicy"]), "User_DefaultPolicy");
        assert_eq!(local_name(&["9lives"]), "_9lives");
        assert_eq!(local_name(&["-x", "y"]), "_-x_y");
        assert_eq!(local_name(&["_x"]), "_x");
    }

    #[test]
    fn kebab_case_as_heck() {
        assert_eq!(kebab("ImageRepo"), "image-repo");
        assert_eq!(kebab("HTTPServer"), "http-server");
        assert_eq!(kebab("web_app"), "web-app");
        assert_eq!(kebab("Repo"), "repo");
        assert_eq!(kebab("Repo2"), "repo2");
    }

    #[test]
    fn repository_names() {
        assert!(is_valid_repository_name("web/frontend"));
        assert!(is_valid_repository_name("a.b_c-d"));
        assert!(!is_valid_repository_name("a"));
        assert!(!is_valid_repository_name("a--b"));
        assert!(!is_valid_repository_name("Ab"));
        assert!(!is_valid_repository_name("a/"));
    }

    #[test]
    fn collisions_are_errors() {
        let mut names = Names::default();
        names.claim("aws_ecr_repository", "A_B", "A_B").unwrap();
        names.claim("aws_iam_user", "A_B", "A_B").unwrap();
        let err = names.claim("aws_ecr_repository", "A_B", "A/B").unwrap_err();
        assert!(
            err.to_string()
                .contains("`aws_ecr_repository.A_B` is already used by `A_B`"),
            "{err}"
        );
    }
}
