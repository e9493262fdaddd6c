//! A store (or password hashing) failure, as each kind of answer tells it: logged once with where
//! it was met (the `?` that met it), then the answer's own `Unavailable`,
//! which the page words for the person ("try again in a minute").

use crate::auth::HashError;
use crate::store::StoreError;
use app::domain::password_rules::ChangePasswordError;
use app::domain::patient::RecordError;
use app::domain::phones::PhoneError;
use app::domain::reports::ReportError;
use app::domain::staff::AdminError;

/// Logs `e` as met at the caller's `?`.
#[track_caller]
pub(crate) fn log_failure(e: &dyn std::fmt::Display) {
    let at = std::panic::Location::caller();
    tracing::error!(error = %e, at = %at, "the store failed");
}

macro_rules! unavailable_on {
    ($failure:ty => $($answer:ty),+ $(,)?) => {$(
        impl From<$failure> for $answer {
            #[track_caller]
            fn from(e: $failure) -> Self {
                log_failure(&e);
                <$answer>::Unavailable
            }
        }
    )+};
}

unavailable_on!(StoreError => RecordError, ReportError, PhoneError, AdminError, ChangePasswordError);
unavailable_on!(HashError => AdminError, ChangePasswordError);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_answer_says_unavailable_when_the_store_fails() {
        assert_eq!(RecordError::from(StoreError::WriterStopped), RecordError::Unavailable);
        assert_eq!(ReportError::from(StoreError::WriterStopped), ReportError::Unavailable);
        assert_eq!(PhoneError::from(StoreError::WriterStopped), PhoneError::Unavailable);
        assert_eq!(AdminError::from(StoreError::WriterStopped), AdminError::Unavailable);
        assert_eq!(ChangePasswordError::from(StoreError::WriterStopped), ChangePasswordError::Unavailable);
    }
}
