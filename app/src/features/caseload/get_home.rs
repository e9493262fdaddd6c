//! The server function behind the caseload page.

use crate::domain::concern::HomeConcerns;
use crate::domain::follow_up::HomeWork;
use crate::domain::shift_home::ShiftHome;
use crate::domain::{SignedIn, WardCaseload};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Everything the home page shows: who is signed in and their caseload.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Home {
    pub me: SignedIn,
    pub wards: Vec<WardCaseload>,
    pub concerns: HomeConcerns,
    pub work: HomeWork,
    pub shifts: ShiftHome,
}

/// The signed-in user's caseload. The server decides the wards from the
/// session; nothing the browser sends can widen it.
#[server(endpoint = "get_home")]
pub async fn get_home() -> Result<Home, ServerFnError> {
    use crate::backend::{backend, set_status, signed_in, ConcernSettings, ShiftSettings};
    let me = signed_in().await?;
    let failed = |e: crate::domain::patient::RecordError| {
        set_status(e.status());
        ServerFnError::new(e.to_string())
    };
    let backend = backend()?;
    let wards = backend.0.caseload(&me).await.map_err(failed)?;
    let settings = use_context::<ConcernSettings>().unwrap_or_default();
    let concerns = backend.0.home_concerns(&me, settings.escalate_after_min).await.map_err(failed)?;
    let work = backend.0.home_work(&me).await.map_err(failed)?;
    let close_hour = use_context::<ShiftSettings>().unwrap_or_default().close_hour;
    let shifts = backend.0.home_shifts(&me, close_hour).await.map_err(failed)?;
    Ok(Home { me, wards, concerns, work, shifts })
}
