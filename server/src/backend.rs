//! The app's [`Backend`] port, served by the store.

use crate::store::Store;
use app::backend::{Backend, BackendError, BoxFuture};
use app::domain::{SignedIn, WardCaseload};

pub struct StoreBackend(pub Store);

impl Backend for StoreBackend {
    fn caseload<'a>(&'a self, user: &'a SignedIn) -> BoxFuture<'a, Result<Vec<WardCaseload>, BackendError>> {
        Box::pin(async move {
            self.0.caseload(&user.staff_id).await.map_err(|e| {
                tracing::error!(error = %e, "caseload query failed");
                BackendError("the server could not read the caseload just now. Try again in a minute.".into())
            })
        })
    }
}
