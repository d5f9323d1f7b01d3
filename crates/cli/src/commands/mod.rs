//! One module per subcommand.

pub mod eval;
pub mod import;
pub mod reindex;
pub mod serve;
pub mod show;
pub mod sources;
pub mod train_ner;
