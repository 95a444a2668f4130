//! `cargo xtask new-analyzer NAME`: a new analyzer crate made from `crates/analyzers/_template`,
//! linked and configured in one command. It writes `crates/analyzers/NAME/` (the template with its
//! types, id and package renamed), names the crate in the umbrella (`crates/rhetor-builtins`:
//! its `Cargo.toml` and the `use … as _;` line that `inventory` needs), adds `[analyzers.NAME]`
//! with every key the template declares to `config/default.toml`, and appends NAME to `[run]
//! analyzers` there, so that it runs by default. Then `cargo test --workspace` builds it and shows
//! the snapshots that gain it (the registered ids, its report snapshot) for review.
//!
//! Each edit is a pure function of the file's text (tested below on the real files), and nothing
//! is written unless every edit applies.

use anyhow::{Context as _, bail};
use std::path::Path;

/// An analyzer name: its id, crate (`rhetor-NAME`), Rust crate name and type name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Name {
    pub id: String,
    pub krate: String,
    pub rust: String,
    pub camel: String,
}

impl Name {
    /// A name of lowercase ASCII letters, digits and single hyphens, starting with a letter.
    pub fn parse(id: &str) -> anyhow::Result<Name> {
        let ok = id.chars().next().is_some_and(|c| c.is_ascii_lowercase())
            && id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            && !id.ends_with('-')
            && !id.contains("--")
            && id.len() <= 40;
        if !ok {
            bail!("`{id}`: an analyzer's name is lowercase letters, digits and single hyphens, starting with a letter");
        }
        if ["template", "analyzers", "engine", "doc", "ingest", "cli", "report", "dataset"].contains(&id) {
            bail!("`{id}` is taken by a crate of the workspace");
        }
        let camel: String = id
            .split('-')
            .map(|w| {
                let mut c = w.chars();
                c.next().map(|f| f.to_ascii_uppercase().to_string() + c.as_str()).unwrap_or_default()
            })
            .collect();
        Ok(Name {
            id: id.into(),
            krate: format!("rhetor-{id}"),
            rust: format!("rhetor_{}", id.replace('-', "_")),
            camel,
        })
    }
}

/// The template's `Cargo.toml` for `name`: its how-to comment left out, the package renamed.
pub fn cargo_toml(template: &str, name: &Name) -> anyhow::Result<String> {
    let body = template.split_once("[package]").map(|(_, rest)| rest).context("no [package] in the template")?;
    let body = replace_once(body, "name = \"rhetor-analyzer-template\"", &format!("name = \"{}\"", name.krate))?;
    let description =
        body.lines().find(|l| l.starts_with("description = ")).context("no description in the template")?.to_string();
    let body = body.replace(
        &description,
        &format!("description = \"The `{}` analyzer (made from the template; describe it here).\"", name.id),
    );
    Ok(format!("[package]{body}"))
}

/// The template's `src/lib.rs` for `name`: types, id and config section renamed, its module
/// documentation saying where it came from.
pub fn lib_rs(template: &str, name: &Name) -> anyhow::Result<String> {
    let code = template.split_once("\n\nuse ").map(|(_, rest)| rest).context("no `use` after the template's doc")?;
    let code = code
        .replace("TemplateConfig", &format!("{}Config", name.camel))
        .replace("Template", &name.camel)
        .replace("\"template\"", &format!("\"{}\"", name.id))
        .replace("[analyzers.template]", &format!("[analyzers.{}]", name.id))
        .replace("analyzers.template.", &format!("analyzers.{}.", name.id))
        .replace("(the template analyzer)", &format!("(the {} analyzer, from the template)", name.id));
    if code.contains("template") && code.matches("template").count() != code.matches("from the template").count() {
        bail!("the template's src/lib.rs names `template` where this command does not expect it");
    }
    Ok(format!(
        "//! Analyzer `{}`, made with `cargo xtask new-analyzer` from `crates/analyzers/_template`: it\n\
         //! still counts questions (sentences ending in `?`) with each one as evidence. Replace the\n\
         //! analysis, the config and the tests with yours; keep the registration's keys and\n\
         //! `[analyzers.{}]` in config/default.toml in step (a test checks them).\n\nuse {code}",
        name.id, name.id
    ))
}

/// The umbrella's `Cargo.toml` with the new crate among the analyzer dependencies (sorted).
pub fn umbrella_cargo(text: &str, name: &Name) -> anyhow::Result<String> {
    let line = format!("{} = {{ path = \"../analyzers/{}\" }}", name.krate, name.id);
    insert_sorted(text, &line, |l| l.starts_with("rhetor-") && l.contains("path = \"../analyzers/"))
}

/// The umbrella's `src/lib.rs` with `use NAME as _;` among the others (sorted).
pub fn umbrella_lib(text: &str, name: &Name) -> anyhow::Result<String> {
    let line = format!("use {} as _;", name.rust);
    insert_sorted(text, &line, |l| l.starts_with("use rhetor_") && l.ends_with(" as _;"))
}

/// `config/default.toml` with NAME appended to `[run] analyzers` and its section (every key the
/// template declares, with its default and description) after the last analyzer section.
pub fn default_toml(text: &str, name: &Name, keys: &[(&str, &str, &str)]) -> anyhow::Result<String> {
    let run = text
        .lines()
        .find(|l| l.starts_with("analyzers = [") && l.ends_with(']'))
        .context("no one-line `analyzers = [...]` in [run] of config/default.toml")?;
    if run.contains(&format!("\"{}\"", name.id)) {
        bail!("config/default.toml already runs `{}`", name.id);
    }
    let appended = format!("{}, \"{}\"]", &run[..run.len() - 1], name.id);
    let mut out = replace_once(text, run, &appended)?;
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out.push_str(&format!("\n[analyzers.{}]\n", name.id));
    for (key, default, description) in keys {
        out.push_str(&format!("# {}.\n{key} = {default}\n", capitalized(description)));
    }
    Ok(out)
}

fn capitalized(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().collect::<String>() + c.as_str()).unwrap_or_default()
}

fn replace_once(text: &str, from: &str, to: &str) -> anyhow::Result<String> {
    match text.matches(from).count() {
        1 => Ok(text.replacen(from, to, 1)),
        n => bail!("expected `{from}` once, found it {n} times"),
    }
}

/// `line` inserted among the lines that `ours` picks, keeping them sorted; an error if present.
fn insert_sorted(text: &str, line: &str, ours: impl Fn(&str) -> bool) -> anyhow::Result<String> {
    let lines: Vec<&str> = text.lines().collect();
    if lines.contains(&line) {
        bail!("`{line}` is there already");
    }
    let picked: Vec<usize> = (0..lines.len()).filter(|&i| ours(lines[i])).collect();
    let Some(&last) = picked.last() else { bail!("no line like `{line}` to put it beside") };
    let at = picked.iter().copied().find(|&i| lines[i] > line).unwrap_or(last + 1);
    let mut out: Vec<&str> = lines[..at].to_vec();
    out.push(line);
    out.extend(&lines[at..]);
    Ok(out.join("\n") + if text.ends_with('\n') { "\n" } else { "" })
}

/// The keys the template registers: `(name, default, description)`, read from its
/// `register_analyzer!` call.
pub fn template_keys(template: &str) -> anyhow::Result<Vec<(&str, &str, &str)>> {
    let mut keys = Vec::new();
    for part in template.split("ConfigKey {").skip(1) {
        let field = |f: &str| -> anyhow::Result<&str> {
            let at = part.find(&format!("{f}: \"")).with_context(|| format!("no {f} in a ConfigKey"))? + f.len() + 3;
            let end = part[at..].find('"').context("unterminated string")?;
            Ok(&part[at..at + end])
        };
        keys.push((field("name")?, field("default")?, field("description")?));
    }
    if keys.is_empty() {
        bail!("no ConfigKey in the template");
    }
    Ok(keys)
}

/// Make the analyzer `id` in the workspace at `root`.
pub fn new_analyzer(root: &Path, id: &str) -> anyhow::Result<()> {
    let name = Name::parse(id)?;
    let dir = root.join("crates/analyzers").join(&name.id);
    if dir.exists() {
        bail!("{} exists already", dir.display());
    }
    let read = |p: &str| std::fs::read_to_string(root.join(p)).with_context(|| format!("cannot read {p}"));
    let template_lib = read("crates/analyzers/_template/src/lib.rs")?;
    let template_cargo = read("crates/analyzers/_template/Cargo.toml")?;
    let (umbrella_toml, umbrella_src) =
        (read("crates/rhetor-builtins/Cargo.toml")?, read("crates/rhetor-builtins/src/lib.rs")?);
    let config = read("config/default.toml")?;
    if config.contains(&format!("[analyzers.{}]", name.id)) {
        bail!("config/default.toml has [analyzers.{}] already", name.id);
    }
    // Every edit first; nothing is written unless all of them apply.
    let files = [
        (format!("crates/analyzers/{}/Cargo.toml", name.id), cargo_toml(&template_cargo, &name)?),
        (format!("crates/analyzers/{}/src/lib.rs", name.id), lib_rs(&template_lib, &name)?),
        ("crates/rhetor-builtins/Cargo.toml".to_string(), umbrella_cargo(&umbrella_toml, &name)?),
        ("crates/rhetor-builtins/src/lib.rs".to_string(), umbrella_lib(&umbrella_src, &name)?),
        ("config/default.toml".to_string(), default_toml(&config, &name, &template_keys(&template_lib)?)?),
    ];
    std::fs::create_dir_all(dir.join("src")).with_context(|| format!("cannot create {}", dir.display()))?;
    for (path, text) in &files {
        std::fs::write(root.join(path), text).with_context(|| format!("cannot write {path}"))?;
        println!("wrote {path}");
    }
    println!(
        "\nThe `{}` analyzer is linked and runs by default. Next:\n  cargo test --workspace   # builds it; the snapshots that gain it fail until reviewed\n  cargo insta review       # read each new snapshot as a user would\nthen write the analysis in crates/analyzers/{}/src/lib.rs, its keys in register_analyzer! and [analyzers.{}].",
        name.id, name.id, name.id
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn root() -> std::path::PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
    }

    fn read(p: &str) -> String {
        std::fs::read_to_string(root().join(p)).expect("workspace file")
    }

    #[test]
    fn names() {
        let n = Name::parse("media-targets2").expect("valid");
        assert_eq!(
            (n.krate.as_str(), n.rust.as_str(), n.camel.as_str()),
            ("rhetor-media-targets2", "rhetor_media_targets2", "MediaTargets2")
        );
        for bad in ["", "Targets", "2x", "a--b", "a-", "a_b", "template", "x y"] {
            assert!(Name::parse(bad).is_err(), "{bad:?} accepted");
        }
    }

    /// Every edit on the real files: the new crate is the template renamed, the umbrella names it in
    /// order, and the default config runs it with every declared key.
    #[test]
    fn every_edit_on_the_workspace_files() {
        let name = Name::parse("framing").expect("valid");
        let lib = lib_rs(&read("crates/analyzers/_template/src/lib.rs"), &name).expect("lib.rs");
        assert!(lib.contains("pub struct Framing {") && lib.contains("pub struct FramingConfig {"), "types renamed");
        assert!(lib.contains("id: \"framing\",") && lib.contains("registry.get(\"framing\")"), "id renamed");
        assert!(lib.contains("[analyzers.framing]") && !lib.contains("Template"));
        let cargo = cargo_toml(&read("crates/analyzers/_template/Cargo.toml"), &name).expect("Cargo.toml");
        assert!(cargo.starts_with("[package]\nname = \"rhetor-framing\"\n"), "{cargo}");
        assert!(cargo.contains("rhetor-analyzer.workspace = true"));
        let umbrella = umbrella_cargo(&read("crates/rhetor-builtins/Cargo.toml"), &name).expect("umbrella");
        let deps: Vec<&str> = umbrella.lines().filter(|l| l.contains("path = \"../analyzers/")).collect();
        assert!(deps.contains(&"rhetor-framing = { path = \"../analyzers/framing\" }"));
        assert!(deps.windows(2).all(|w| w[0] < w[1]), "sorted: {deps:?}");
        let uses = umbrella_lib(&read("crates/rhetor-builtins/src/lib.rs"), &name).expect("umbrella lib");
        let lines: Vec<&str> = uses.lines().filter(|l| l.starts_with("use rhetor_") && l.ends_with(" as _;")).collect();
        assert_eq!(lines.iter().filter(|l| **l == "use rhetor_framing as _;").count(), 1);
        assert!(lines.windows(2).all(|w| w[0] < w[1]), "sorted: {lines:?}");
        let template = read("crates/analyzers/_template/src/lib.rs");
        let keys = template_keys(&template).expect("keys");
        assert_eq!(keys, [("max_evidence", "100", "most questions shown as evidence per document")]);
        let config = default_toml(&read("config/default.toml"), &name, &keys).expect("config");
        let parsed: toml::Table = config.parse().expect("still TOML");
        let run = parsed["run"]["analyzers"].as_array().expect("list");
        assert_eq!(run.last().and_then(|v| v.as_str()), Some("framing"));
        assert_eq!(parsed["analyzers"]["framing"]["max_evidence"].as_integer(), Some(100));
        // Twice is refused.
        assert!(default_toml(&config, &name, &keys).is_err());
        assert!(umbrella_lib(&uses, &name).is_err());
    }
}
