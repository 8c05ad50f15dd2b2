//! What a re-run of `acme issue` means: which lineage a request belongs to. Pure: it sees the
//! names asked for and the lineages on disk (name and names), never the CA.
//!
//! certbot's rules, which playbooks rely on: `--cert-name` picks the lineage; otherwise the
//! lineage whose names equal the request (in any order) is the one; a request that overlaps a
//! lineage without equalling it is refused unless the user says what they mean (`--expand`,
//! `--cert-name`, `--duplicate`), so a re-run never silently grows a second, overlapping lineage
//! that renews for ever.

use std::collections::BTreeSet;

/// A lineage as found on disk: its name and the names of its renewal conf.
pub struct Existing {
    pub name: String,
    pub domains: Vec<String>,
    /// Why its renewal conf cannot be read (unparsable, or missing beside a live/ or archive/
    /// entry). Its name stays taken, and a request that would use it is refused: issuing into
    /// it would overwrite the conf and lose its settings (hooks).
    pub damaged: Option<String>,
}

/// What the user said about where the request goes.
#[derive(Default)]
pub struct Choice<'a> {
    pub cert_name: Option<&'a str>,
    pub expand: bool,
    pub duplicate: bool,
}

#[derive(Debug, PartialEq)]
pub enum Placement {
    /// A lineage that does not exist yet.
    New { name: String },
    /// An existing lineage; `same_names`: the request names exactly its names (or names none).
    Existing { name: String, same_names: bool },
}

fn set(v: &[String]) -> BTreeSet<&str> {
    v.iter().map(String::as_str).collect()
}

/// Where a request for `requested` (normalised names; `None` when only `--cert-name` was given)
/// goes. `Err` is a message for a usage error (exit 2), said before the CA is contacted.
pub fn place(
    requested: Option<&[String]>,
    existing: &[Existing],
    choice: &Choice,
) -> Result<Placement, String> {
    let placement = place_by_names(requested, existing, choice)?;
    let name = match &placement {
        Placement::Existing { name, .. } | Placement::New { name } => name,
    };
    // A damaged lineage of the default name may be the very one the request means: refuse
    // rather than guess (its names cannot be read) — unless `--duplicate` said to make another.
    let mut used = vec![name.clone()];
    if let (Some(r), None, false) = (requested, choice.cert_name, choice.duplicate) {
        used.push(crate::storage::default_cert_name(&r[0]));
    }
    for l in existing.iter().filter(|l| l.damaged.is_some()) {
        if used.contains(&l.name) {
            return Err(format!(
                "the certificate {:?} cannot be used: {}; nothing was ordered. Fix its renewal \
                 configuration, or remove the lineage with `acme delete --cert-name {}`",
                l.name,
                l.damaged.as_deref().unwrap_or_default(),
                l.name
            ));
        }
    }
    Ok(placement)
}

/// Whether a lineage whose saved CA is `old` may be moved to `new`. Moving a production lineage
/// to a staging server would install an untrusted certificate in live/ and renew it from
/// staging for ever, so it is refused unless `break_my_certs` (certbot's `--break-my-certs`).
/// `is_staging` says whether a server is a staging server. `Err` is a usage error message.
pub fn check_ca_change(
    name: &str,
    old: &str,
    new: &str,
    is_staging: impl Fn(&str) -> bool,
    break_my_certs: bool,
) -> Result<(), String> {
    if old == new || break_my_certs || is_staging(old) || !is_staging(new) {
        return Ok(());
    }
    Err(format!(
        "the certificate {name:?} is from {old}, a production CA; this run would replace it in \
         live/ by an untrusted certificate from the staging server {new}, run its deploy hook and \
         renew it from staging from now on. Nothing was ordered. To test against staging, use \
         --dry-run (it saves nothing); for a separate staging certificate, use --cert-name NEW \
         --duplicate; to really do it, add --break-my-certs"
    ))
}

fn place_by_names(
    requested: Option<&[String]>,
    existing: &[Existing],
    choice: &Choice,
) -> Result<Placement, String> {
    if let Some(name) = choice.cert_name {
        let Some(l) = existing.iter().find(|l| l.name == name) else {
            return match requested {
                Some(_) => Ok(Placement::New {
                    name: name.to_string(),
                }),
                None => Err(format!(
                    "there is no certificate named {name:?} yet: give its names with -d to create it (`acme list` shows the existing ones)"
                )),
            };
        };
        let Some(req) = requested else {
            return Ok(Placement::Existing {
                name: l.name.clone(),
                same_names: true,
            });
        };
        let (want, have) = (set(req), set(&l.domains));
        if choice.expand && !have.is_subset(&want) {
            let dropped: Vec<&str> = have.difference(&want).copied().collect();
            return Err(format!(
                "--expand only adds names, but this request drops {} from the certificate {name:?}; \
                 to give it exactly the requested names, run again without --expand",
                dropped.join(", ")
            ));
        }
        return Ok(Placement::Existing {
            name: l.name.clone(),
            same_names: want == have,
        });
    }
    let req = requested.expect("names are required without --cert-name");
    let default = crate::storage::default_cert_name(&req[0]);
    if choice.duplicate {
        return Ok(Placement::New {
            name: fresh_name(&default, existing),
        });
    }
    let want = set(req);
    // Several lineages with the same names (duplicates made earlier): the first by name.
    if let Some(l) = existing.iter().find(|l| set(&l.domains) == want) {
        return Ok(Placement::Existing {
            name: l.name.clone(),
            same_names: true,
        });
    }
    let overlapping: Vec<&Existing> = existing
        .iter()
        .filter(|l| !set(&l.domains).is_disjoint(&want))
        .collect();
    if overlapping.is_empty() {
        return Ok(Placement::New {
            name: fresh_name(&default, existing),
        });
    }
    let describe = |l: &Existing| format!("{:?} ({})", l.name, l.domains.join(", "));
    if choice.expand {
        let subsets: Vec<&&Existing> = overlapping
            .iter()
            .filter(|l| set(&l.domains).is_subset(&want))
            .collect();
        if let ([one], true) = (subsets.as_slice(), overlapping.len() == 1) {
            return Ok(Placement::Existing {
                name: one.name.clone(),
                same_names: false,
            });
        }
        let all: Vec<String> = overlapping.iter().map(|l| describe(l)).collect();
        return Err(format!(
            "--expand needs exactly one certificate whose names are all among the requested ones, \
             but the request overlaps {}; say which with --cert-name NAME",
            all.join(" and ")
        ));
    }
    let l = overlapping[0];
    let others = if overlapping.len() > 1 {
        format!(" (and {} more)", overlapping.len() - 1)
    } else {
        String::new()
    };
    Err(format!(
        "the requested names overlap the certificate {}{others} without equalling its names; nothing was ordered. Choose:\n  \
         --expand              add the new names to {:?} (its names must all be requested)\n  \
         --cert-name {:<9} give {:?} exactly the requested names\n  \
         --duplicate           make a separate certificate anyway",
        describe(l),
        l.name,
        l.name,
        l.name,
    ))
}

/// `name`, or certbot's `name-0001`, `name-0002`, … when a lineage already has it.
pub fn fresh_name(name: &str, existing: &[Existing]) -> String {
    let taken = |n: &str| existing.iter().any(|l| l.name == n);
    if !taken(name) {
        return name.to_string();
    }
    (1..)
        .map(|i| format!("{name}-{i:04}"))
        .find(|n| !taken(n))
        .expect("an unbounded range has a free name")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lineages(v: &[(&str, &[&str])]) -> Vec<Existing> {
        v.iter()
            .map(|(n, d)| Existing {
                name: n.to_string(),
                domains: d.iter().map(|s| s.to_string()).collect(),
                damaged: None,
            })
            .collect()
    }

    fn req(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn a_request_finds_the_lineage_of_its_names_in_any_order() {
        let on_disk = lineages(&[("a.example", &["a.example", "www.a.example"])]);
        let r = req(&["www.a.example", "a.example"]);
        assert_eq!(
            place(Some(&r), &on_disk, &Choice::default()),
            Ok(Placement::Existing {
                name: "a.example".into(),
                same_names: true
            })
        );
        let r = req(&["b.example"]);
        assert_eq!(
            place(Some(&r), &on_disk, &Choice::default()),
            Ok(Placement::New {
                name: "b.example".into()
            })
        );
    }

    #[test]
    fn an_overlap_is_refused_naming_the_lineage_and_the_choices() {
        let on_disk = lineages(&[("a.example", &["a.example"])]);
        let r = req(&["new.example", "a.example"]);
        let err = place(Some(&r), &on_disk, &Choice::default()).unwrap_err();
        for want in [
            "\"a.example\"",
            "--expand",
            "--cert-name a.example",
            "--duplicate",
        ] {
            assert!(err.contains(want), "{want} in {err}");
        }
        let expand = Choice {
            expand: true,
            ..Choice::default()
        };
        assert_eq!(
            place(Some(&r), &on_disk, &expand),
            Ok(Placement::Existing {
                name: "a.example".into(),
                same_names: false
            })
        );
        let dup = Choice {
            duplicate: true,
            ..Choice::default()
        };
        assert_eq!(
            place(Some(&r), &on_disk, &dup),
            Ok(Placement::New {
                name: "new.example".into()
            })
        );
        // A subset of a lineage's names is no expansion.
        let on_disk = lineages(&[("a.example", &["a.example", "b.example"])]);
        let r = req(&["a.example"]);
        assert!(place(Some(&r), &on_disk, &expand).is_err());
        assert!(place(Some(&r), &on_disk, &Choice::default()).is_err());
    }

    #[test]
    fn cert_name_replaces_the_names_or_creates_the_lineage() {
        let on_disk = lineages(&[("site", &["a.example", "b.example"])]);
        let named = Choice {
            cert_name: Some("site"),
            ..Choice::default()
        };
        let r = req(&["c.example"]);
        assert_eq!(
            place(Some(&r), &on_disk, &named),
            Ok(Placement::Existing {
                name: "site".into(),
                same_names: false
            })
        );
        assert_eq!(
            place(None, &on_disk, &named),
            Ok(Placement::Existing {
                name: "site".into(),
                same_names: true
            })
        );
        let expand = Choice {
            cert_name: Some("site"),
            expand: true,
            ..Choice::default()
        };
        assert!(place(Some(&r), &on_disk, &expand).is_err());
        let other = Choice {
            cert_name: Some("other"),
            ..Choice::default()
        };
        assert!(place(None, &on_disk, &other).is_err());
        assert_eq!(
            place(Some(&r), &on_disk, &other),
            Ok(Placement::New {
                name: "other".into()
            })
        );
    }

    #[test]
    fn a_taken_default_name_gets_certbots_numbered_suffix() {
        let on_disk = lineages(&[
            ("a.example", &["x.example"]),
            ("a.example-0001", &["y.example"]),
        ]);
        assert_eq!(fresh_name("a.example", &on_disk), "a.example-0002");
        assert_eq!(fresh_name("b.example", &on_disk), "b.example");
    }

    #[test]
    fn a_damaged_lineage_keeps_its_name_and_a_request_for_it_is_refused() {
        let mut on_disk = lineages(&[("other.example", &["other.example"])]);
        on_disk.push(Existing {
            name: "a.example".into(),
            domains: Vec::new(),
            damaged: Some("renewal/a.example.conf: line 3: no '='".into()),
        });
        // The default name is the damaged lineage's: refused, naming it and what to do.
        let r = req(&["a.example", "b.example"]);
        let err = place(Some(&r), &on_disk, &Choice::default()).unwrap_err();
        for want in [
            "\"a.example\"",
            "line 3: no '='",
            "acme delete --cert-name a.example",
        ] {
            assert!(err.contains(want), "{want} in {err}");
        }
        let named = Choice {
            cert_name: Some("a.example"),
            ..Choice::default()
        };
        assert!(place(Some(&req(&["c.example"])), &on_disk, &named).is_err());
        assert!(place(None, &on_disk, &named).is_err());
        // --duplicate: a new lineage beside it, never on top of it.
        let dup = Choice {
            duplicate: true,
            ..Choice::default()
        };
        assert_eq!(
            place(Some(&r), &on_disk, &dup),
            Ok(Placement::New {
                name: "a.example-0001".into()
            })
        );
        // Other names are not stopped by it.
        assert_eq!(
            place(Some(&req(&["c.example"])), &on_disk, &Choice::default()),
            Ok(Placement::New {
                name: "c.example".into()
            })
        );
    }

    #[test]
    fn moving_a_production_lineage_to_staging_needs_break_my_certs() {
        let staging = |s: &str| s.contains("staging");
        let (prod, stg) = ("https://prod/dir", "https://staging/dir");
        let err = check_ca_change("a", prod, stg, staging, false).unwrap_err();
        for want in [
            "--dry-run",
            "--cert-name NEW --duplicate",
            "--break-my-certs",
            stg,
        ] {
            assert!(err.contains(want), "{want} in {err}");
        }
        assert!(check_ca_change("a", prod, stg, staging, true).is_ok());
        assert!(check_ca_change("a", stg, stg, staging, false).is_ok());
        assert!(check_ca_change("a", stg, prod, staging, false).is_ok());
        assert!(check_ca_change("a", prod, "https://other/dir", staging, false).is_ok());
        assert!(check_ca_change("a", "https://staging2/dir", stg, staging, false).is_ok());
    }
}
