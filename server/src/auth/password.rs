//! Password hashing with argon2id at OWASP's recommended cost
//! (19 MiB of memory, 2 passes, 1 lane).

use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Semaphore;

fn hasher() -> Argon2<'static> {
    // These parameters are constants known to be valid; `Params::new` only
    // refuses values outside argon2's own limits.
    let params = Params::new(19 * 1024, 2, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

#[derive(Debug, thiserror::Error)]
#[error("the password could not be hashed: {0}")]
pub struct HashError(String);

/// A PHC string (`$argon2id$v=19$m=19456,t=2,p=1$…`) with a fresh salt.
pub fn hash_password(password: &str) -> Result<String, HashError> {
    let salt = SaltString::generate(&mut OsRng);
    hasher()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| HashError(e.to_string()))
}

/// [`hash_password`] on a blocking thread: a hash takes a core for a moment.
pub async fn hash_off_thread(password: String) -> Result<String, HashError> {
    match tokio::task::spawn_blocking(move || hash_password(&password)).await {
        Ok(hashed) => hashed,
        Err(e) => Err(HashError(e.to_string())),
    }
}

/// True only when `password` matches `stored`; a malformed stored hash never matches.
pub fn verify_password(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored)
        .map(|parsed| hasher().verify_password(password.as_bytes(), &parsed).is_ok())
        .unwrap_or(false)
}

/// Checks passwords a few at a time. Each check takes 19 MiB and a core
/// for a moment, so a burst of sign-ins waits its turn, briefly, instead of
/// taking the server's memory: at most one check per permit is running.
#[derive(Clone, Debug)]
pub struct PasswordChecks {
    permits: Arc<Semaphore>,
    wait: Duration,
}

impl PasswordChecks {
    /// `at_once` checks at a time; a check waits at most `wait` for its turn.
    pub fn new(at_once: usize, wait: Duration) -> Self {
        PasswordChecks { permits: Arc::new(Semaphore::new(at_once.max(1))), wait }
    }

    /// One check per core, each waiting at most 5 seconds for its turn.
    pub fn for_this_machine() -> Self {
        let cores = std::thread::available_parallelism().map_or(2, std::num::NonZeroUsize::get);
        PasswordChecks::new(cores, Duration::from_secs(5))
    }

    /// Whether `password` matches `stored` ([`verify_password`]), or `None`
    /// when no turn came within the wait. The turn is held until the check
    /// ends, even if the person gives up waiting for the answer.
    pub async fn check(&self, password: String, stored: String) -> Option<bool> {
        let permits = Arc::clone(&self.permits);
        let permit = tokio::time::timeout(self.wait, permits.acquire_owned()).await.ok()?.ok()?;
        let matches = tokio::task::spawn_blocking(move || {
            let _turn = permit;
            verify_password(&password, &stored)
        })
        .await
        .unwrap_or(false);
        Some(matches)
    }

    /// Turns free now (none running), for tests and monitoring.
    pub fn free(&self) -> usize {
        self.permits.available_permits()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_right_password_matches_and_a_wrong_one_does_not() {
        let stored = hash_password("correct horse battery").expect("hash");
        assert!(stored.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(verify_password("correct horse battery", &stored));
        assert!(!verify_password("correct horse batterY", &stored));
    }

    #[test]
    fn the_same_password_gets_a_different_salt_each_time() {
        assert_ne!(hash_password("same").expect("hash"), hash_password("same").expect("hash"));
    }

    #[tokio::test]
    async fn a_check_that_waits_too_long_for_its_turn_is_refused_not_queued() {
        let stored = hash_password("right").expect("hash");
        let checks = PasswordChecks::new(1, Duration::from_millis(50));
        let held = Arc::clone(&checks.permits).acquire_owned().await.expect("turn");
        assert_eq!(checks.check("right".into(), stored.clone()).await, None, "busy");
        drop(held);
        assert_eq!(checks.check("right".into(), stored.clone()).await, Some(true));
        assert_eq!(checks.check("wrong".into(), stored).await, Some(false));
        assert_eq!(checks.free(), 1, "every turn was given back");
    }

    #[test]
    fn a_corrupt_stored_hash_never_lets_anyone_in() {
        assert!(!verify_password("", "not a hash"));
    }
}
