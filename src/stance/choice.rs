//! Which stance method a run uses: the flags checked against each other (before any file is
//! read), the rules and model files loaded, and the method resolved against the input's label
//! column.

use crate::config::{StanceConfig, StanceMethod};
use crate::error::{Error, Result};
use crate::ingest::Ingested;

use super::{CueRules, Method, StanceModel};

/// The rules file and model file named in the configuration, read before the input so a bad
/// file stops the run at once.
///
/// # Errors
/// As [`StanceConfig::check`], [`CueRules::load`] and [`StanceModel::load`].
pub fn load_files(cfg: &StanceConfig) -> Result<(Option<CueRules>, Option<StanceModel>)> {
    cfg.check()?;
    let rules = cfg.rules.as_deref().map(CueRules::load).transpose()?;
    let model = cfg.model.as_deref().map(StanceModel::load).transpose()?;
    Ok((rules, model))
}

/// Resolve the configured stance method against the input (is there a label column, how full
/// is it).
///
/// # Errors
/// [`Error::Usage`] for `--stance label` or `auto` without a label column, and `--stance
/// model` without a model file.
pub fn choose_method(
    cfg: &StanceConfig,
    (rules, model): (Option<CueRules>, Option<StanceModel>),
    ingested: &Ingested,
) -> Result<Method> {
    let rules_method = |rules: Option<CueRules>| match (rules, &cfg.rules) {
        (Some(r), Some(path)) => Method::Rules(r, path.display().to_string()),
        _ => Method::Rules(CueRules::builtin(), "built-in rules".to_owned()),
    };
    let label_column = |flag: &str| {
        ingested.columns.stance.ok_or_else(|| {
            Error::Usage(format!(
                "{flag}: no stance column in {}; found: {}; pass --stance-column NAME",
                ingested.input.name,
                ingested.headers.join(", ")
            ))
        })
    };
    let model_method = |model: Option<StanceModel>| match (model, &cfg.model) {
        (Some(m), Some(path)) => Ok(Method::Model(Box::new(m), path.display().to_string())),
        _ => Err(Error::Usage(
            "--stance model needs --stance-model FILE (write one with `reactions train`)"
                .to_owned(),
        )),
    };
    match cfg.method {
        StanceMethod::Label => Ok(Method::Label(label_column("--stance label")?)),
        StanceMethod::Auto => Ok(Method::Auto(label_column("--stance auto")?, cfg.train)),
        StanceMethod::Rules => Ok(rules_method(rules)),
        StanceMethod::Model => model_method(model),
        StanceMethod::Detect if model.is_some() => model_method(model),
        StanceMethod::Detect if rules.is_some() => Ok(rules_method(rules)),
        StanceMethod::Detect => Ok(match ingested.columns.stance {
            Some(i) => {
                let cells: Vec<&str> = ingested.posts.iter().map(|p| &p.fields[i]).collect();
                if super::auto_viable(&cells) {
                    Method::Auto(i, cfg.train)
                } else {
                    Method::Label(i)
                }
            }
            None => rules_method(None),
        }),
    }
}
