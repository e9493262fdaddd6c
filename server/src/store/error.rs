//! What can go wrong in the store, worded for the log and for the person who
//! started the server.

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("the database at {url} could not be opened: {reason}")]
    Open { url: String, reason: String },
    #[error("DATABASE_URL must start with sqlite:// or postgres://")]
    UnknownEngine,
    #[error("the database schema could not be brought up to date: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("a stored value is not valid: {0}")]
    Corrupt(String),
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("the op log's writer has stopped")]
    WriterStopped,
    #[error("storing sync batches failed: {0}")]
    WriteFailed(String),
}

impl StoreError {
    /// A stored value that does not read back: `what` names it for the log.
    pub(crate) fn corrupt(what: impl std::fmt::Display, why: impl std::fmt::Display) -> Self {
        StoreError::Corrupt(format!("{what}: {why}"))
    }

    pub(crate) fn open(url: &str, reason: impl std::fmt::Display) -> Self {
        StoreError::Open { url: redact(url), reason: reason.to_string() }
    }
}

/// A database address without its password, fit for logs and messages.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let credentials = &url[scheme + 3..at];
            match credentials.split_once(':') {
                Some((user, _)) => format!("{}{}:***{}", &url[..scheme + 3], user, &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn a_database_password_never_reaches_a_message() {
        assert_eq!(redact("postgres://app:s3cret@db/alongside"), "postgres://app:***@db/alongside");
        assert_eq!(redact("sqlite://data/alongside.db"), "sqlite://data/alongside.db");
    }
}
