//! Terraform names (SPEC §3): local names from construct paths and derived repository names.

use std::collections::HashMap;

use heck::ToKebabCase;

use crate::error::EmitError;

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

/// Whether `name` is a valid ECR repository name (SPEC §1.3): the checker's rule.
pub fn is_valid_repository_name(name: &str) -> bool {
    ecrgen_core::names::is_valid_repository_name(name)
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
        let key = (namespace.to_string(), name.to_string());
        if let Some(first) = self.taken.get(&key) {
            return Err(EmitError::Invalid {
                construct: owner.to_string(),
                message: format!(
                    "its Terraform name `{namespace}.{name}` is already used by `{first}`; rename one of the constructs"
                ),
            });
        }
        self.taken.insert(key, owner.to_string());
        Ok(())
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
