//! Profiles: a bureau's roster of units, their aliases and their nesting.
//!
//! Built-in profiles are the files in `templates/`, compiled in; `--profile`
//! takes a built-in name or the path of a `.toml` file of the same shape.

use crate::error::Error;
use crate::model::unit_name::{self, Places};
use crate::text::role_key;
use serde::Deserialize;
use std::path::Path;

/// Built-in profiles: (name, TOML text).
pub const BUILT_IN: &[(&str, &str)] =
    &[("zhoushan", include_str!("../../templates/zhoushan.toml"))];

/// One unit of a roster.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct UnitSpec {
    /// The unit's name as reports show it.
    pub name: String,
    /// Other spellings found in headers, 填报单位 lines and file names.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// The unit whose statistics include this one.
    #[serde(default)]
    pub within: Option<String>,
}

/// A bureau's roster of units.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// Short name (`zhoushan`).
    pub name: String,
    /// The bureau's full name, for report titles.
    #[serde(default)]
    pub title: Option<String>,
    /// The units in report order.
    #[serde(rename = "unit", default)]
    pub units: Vec<UnitSpec>,
    /// How this bureau's sheets are to be read where the reader would guess
    /// wrong (`[table]`: header_row, total, units, transposed); the command
    /// line's options win over these.
    #[serde(default)]
    pub table: crate::table::Layout,
}

impl Profile {
    /// Load a built-in profile by name, or a profile file by path.
    pub fn load(name_or_path: &str) -> Result<Profile, Error> {
        if let Some((name, text)) = BUILT_IN.iter().find(|(n, _)| *n == name_or_path) {
            return Profile::parse(text, name);
        }
        let path = Path::new(name_or_path);
        if !path.is_file() {
            let available = BUILT_IN
                .iter()
                .map(|(n, _)| *n)
                .collect::<Vec<_>>()
                .join(", ");
            return Err(Error::UnknownProfile {
                name: name_or_path.to_string(),
                available,
            });
        }
        let text = std::fs::read_to_string(path).map_err(|e| Error::BadProfile {
            path: name_or_path.to_string(),
            detail: e.to_string(),
        })?;
        Profile::parse(&text, name_or_path)
    }

    /// Parse profile TOML; `source` names it in errors.
    pub fn parse(text: &str, source: &str) -> Result<Profile, Error> {
        let bad = |detail: String| Error::BadProfile {
            path: source.to_string(),
            detail,
        };
        let profile: Profile = toml::from_str(text).map_err(|e| bad(e.message().to_string()))?;
        for unit in &profile.units {
            if let Some(parent) = &unit.within
                && profile.resolve(parent).is_none()
            {
                return Err(bad(format!(
                    "unit \"{}\" is within \"{parent}\", which is not a unit of the profile",
                    unit.name
                )));
            }
        }
        Ok(profile)
    }

    /// The canonical unit name for a written name or alias, if any: the name
    /// as written, or one of its [`unit_name::spellings`] (without the
    /// bureau's places, stamps and office endings), equal to a name or alias.
    pub fn resolve(&self, written: &str) -> Option<&str> {
        self.resolve_among(&unit_name::spellings(written, &self.places()))
    }

    /// The canonical unit name the first of `spellings` (keys made by
    /// [`unit_name::spellings`]) that is a name or alias stands for.
    pub fn resolve_among(&self, spellings: &[String]) -> Option<&str> {
        let keys: Vec<(&str, Vec<String>)> = self
            .units
            .iter()
            .map(|u| {
                let names = std::iter::once(&u.name).chain(&u.aliases);
                (u.name.as_str(), names.map(|n| role_key(n)).collect())
            })
            .collect();
        spellings.iter().find_map(|s| {
            keys.iter()
                .find(|(_, names)| names.contains(s))
                .map(|(name, _)| *name)
        })
    }

    /// The places the bureau's title names (舟山市 in 舟山市市场监督管理局).
    pub fn places(&self) -> Places {
        Places::from_titles(self.title.as_deref())
    }

    /// The parent of a unit (by canonical name), if it is nested.
    pub fn parent_of(&self, unit: &str) -> Option<&str> {
        self.units
            .iter()
            .find(|u| u.name == unit)?
            .within
            .as_deref()
            .and_then(|p| self.resolve(p))
    }

    /// The built-in profile whose roster covers every one of `labels`, if one does.
    pub fn detect(labels: &[String]) -> Option<Profile> {
        if labels.is_empty() {
            return None;
        }
        BUILT_IN
            .iter()
            .filter_map(|(name, text)| Profile::parse(text, name).ok())
            .find(|p| labels.iter().all(|l| p.resolve(l).is_some()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zhoushan_resolves_aliases_to_the_header_name() {
        let p = Profile::load("zhoushan").unwrap();
        assert_eq!(p.units.len(), 11);
        assert_eq!(p.resolve("定海区局"), Some("定海"));
        assert_eq!(p.resolve(" 嵊泗县局 "), Some("嵊泗"));
        assert_eq!(p.resolve("宁波"), None);
    }

    #[test]
    fn zhoushan_resolves_names_as_clerks_write_them() {
        let p = Profile::load("zhoushan").unwrap();
        assert_eq!(p.places().names(), ["舟山市"]);
        assert_eq!(p.resolve("舟山市定海区市场监督管理局"), Some("定海"));
        assert_eq!(p.resolve("岱山县局(盖章)"), Some("岱山"));
        assert_eq!(p.resolve("舟山市市场监督管理局"), Some("市局"));
        assert_eq!(p.resolve("普陀山分局（公章）"), Some("普陀山"));
        assert_eq!(p.resolve("舟山市普陀区局"), Some("普陀"));
    }

    #[test]
    fn yangshan_is_nested_in_shengsi() {
        let p = Profile::load("zhoushan").unwrap();
        assert_eq!(p.parent_of("洋山"), Some("嵊泗"));
        assert_eq!(p.parent_of("嵊泗"), None);
    }

    #[test]
    fn a_profile_nesting_under_an_unknown_unit_is_refused() {
        let text = "name = \"x\"\n[[unit]]\nname = \"甲\"\nwithin = \"乙\"\n";
        let err = Profile::parse(text, "x.toml").unwrap_err().to_string();
        assert!(err.starts_with("x.toml: 不是有效的单位名册"), "{err}");
        assert!(err.contains("\"乙\""), "{err}");
    }

    #[test]
    fn an_unknown_profile_name_lists_the_built_in_ones() {
        let err = Profile::load("no-such-profile").unwrap_err().to_string();
        assert!(err.contains("zhoushan"), "{err}");
    }

    #[test]
    fn detection_needs_every_header_unit_in_the_roster() {
        let labels: Vec<String> = ["市局", "定海", "洋山"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(
            Profile::detect(&labels).map(|p| p.name),
            Some("zhoushan".into())
        );
        let labels: Vec<String> = ["甲区", "定海"].iter().map(|s| s.to_string()).collect();
        assert!(Profile::detect(&labels).is_none());
    }
}
