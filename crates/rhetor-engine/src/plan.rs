//! The plan of a run: the analyzers to run, each built from its config section, in the config's
//! order, and the run's own settings.

use crate::analyzer::DynAnalyzer;
use crate::config::{ConfigError, ConfigFile, RunConfig, RunSection, TopLevel};
use crate::registry::Registry;
use crate::result::AnalyzerInfo;

/// The most worker threads a run takes (`[run] threads`, `--threads`): more only adds start-up
/// time and memory on any machine this runs on.
pub const MAX_THREADS: usize = 256;

/// The largest `[run] evidence_sample`: beyond it, ask for all (`--evidence all`).
pub const MAX_EVIDENCE_SAMPLE: usize = 100_000;

/// The analyzers to run, built from a config.
pub struct Plan {
    pub run: RunConfig,
    /// In run order (`[run] analyzers`).
    pub analyzers: Vec<Planned>,
}

/// An analyzer of a [`Plan`]: its registered id and summary, and the analyzer built from its
/// config section.
pub struct Planned {
    pub id: &'static str,
    pub summary: &'static str,
    pub analyzer: Box<dyn DynAnalyzer>,
}

impl std::fmt::Debug for Planned {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Planned").field("id", &self.id).finish_non_exhaustive()
    }
}

impl std::fmt::Debug for Plan {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Plan").field("run", &self.run).field("analyzers", &self.ids()).finish()
    }
}

impl Plan {
    /// Validate a whole config file against the registry and build its analyzers. `only` overrides
    /// `[run] analyzers` (the CLI's `--analyzers`).
    pub fn from_config(file: &ConfigFile, registry: &Registry, only: Option<&[String]>) -> Result<Plan, ConfigError> {
        let top: TopLevel = file.section(&[])?;
        for key in top.analyzers.iter().flat_map(|m| m.keys()) {
            if registry.get(key.get_ref()).is_none() {
                return Err(unknown(
                    file,
                    Some(key.span().start),
                    format!("analyzers.{}", key.get_ref()),
                    key.get_ref(),
                    registry,
                ));
            }
        }
        let section: RunSection = file.section(&["run"])?;
        let run = section.config();
        file.check_range(&["run", "threads"], run.threads, 0, MAX_THREADS)?;
        file.check_range(&["run", "evidence_sample"], run.evidence_sample, 0, MAX_EVIDENCE_SAMPLE)?;
        file.check_range(&["run", "document_evidence_sample"], run.document_evidence_sample, 0, MAX_EVIDENCE_SAMPLE)?;
        let ids: Vec<(String, Option<usize>, String)> = match (only, &section.analyzers) {
            (Some(list), _) => list.iter().map(|id| (id.clone(), None, "--analyzers".to_string())).collect(),
            (None, Some(list)) => list
                .iter()
                .enumerate()
                .map(|(i, s)| (s.get_ref().clone(), Some(s.span().start), format!("run.analyzers[{i}]")))
                .collect(),
            (None, None) => registry.ids().into_iter().map(|id| (id.to_string(), None, String::new())).collect(),
        };
        let mut analyzers: Vec<Planned> = Vec::new();
        for (id, offset, key) in ids {
            let Some(reg) = registry.get(&id) else {
                return Err(unknown(file, offset, key, &id, registry));
            };
            if analyzers.iter().any(|p| p.id == reg.id) {
                return Err(ConfigError::at(file, offset, key, format!("analyzer `{id}` is listed twice")));
            }
            let built = (reg.build)(&crate::analyzer::AnalyzerSection { file, id: reg.id })?;
            analyzers.push(Planned { id: reg.id, summary: reg.summary, analyzer: built });
        }
        Ok(Plan { run, analyzers })
    }

    pub fn ids(&self) -> Vec<&'static str> {
        self.analyzers.iter().map(|p| p.id).collect()
    }

    /// The typed tables the analyzers declare ([`rhetor_analyzer::Analyzer::typed_tables`]), with
    /// their analyzers' ids, in run order.
    pub fn typed_tables(&self) -> Vec<(&'static str, crate::TypedTable)> {
        self.analyzers.iter().flat_map(|p| p.analyzer.dyn_typed_tables().into_iter().map(move |t| (p.id, t))).collect()
    }

    /// The analyzers' ids and summaries, in run order.
    pub fn infos(&self) -> Vec<AnalyzerInfo> {
        self.analyzers.iter().map(|p| AnalyzerInfo { id: p.id.to_string(), summary: p.summary.to_string() }).collect()
    }
}

fn unknown(file: &ConfigFile, offset: Option<usize>, key: String, id: &str, registry: &Registry) -> ConfigError {
    let known = registry.ids().join(", ");
    ConfigError::at(file, offset, key, format!("unknown analyzer `{id}`; registered analyzers: {known}"))
}
