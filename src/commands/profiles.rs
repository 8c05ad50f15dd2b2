//! `acme profiles`: the certificate profiles the CA offers (draft-ietf-acme-profiles), from its
//! directory's `meta.profiles`. One plain GET of the directory; no account, nothing saved.

use acme::escape::escape;
use anyhow::Result;
use serde_json::json;

use crate::cli::settings::Settings;
use crate::issuing::options;

pub fn run(s: &Settings) -> Result<()> {
    let client = s.connect_to(&s.server)?;
    let offered = &client.directory.meta.profiles;
    let mut human = Vec::new();
    if offered.is_empty() {
        human.push(format!(
            "{} offers no profiles (its directory has no meta.profiles): orders get its default certificate.",
            s.server
        ));
    } else {
        human.push(format!("Profiles offered by {}:", s.server));
        let width = offered.keys().map(String::len).max().unwrap_or(0);
        for (name, about) in offered {
            let limit = options::profile_max_names(name)
                .map(|n| format!(" (at most {n} names)"))
                .unwrap_or_default();
            let (name, about) = (escape(name), escape(about));
            human.push(format!("  {name:<width$}  {about}{limit}"));
        }
        human.push("Choose one with `acme issue --profile NAME`.".into());
    }
    let rows: Vec<_> = offered
        .iter()
        .map(|(name, about)| {
            json!({
                "name": name,
                "description": about,
                "max_names": options::profile_max_names(name),
            })
        })
        .collect();
    s.out.result(&human.join("\n"), &json!(rows));
    Ok(())
}
