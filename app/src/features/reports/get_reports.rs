//! The server functions behind the weekly return and the ward attendance
//! record. The server decides whose records and which wards from the
//! session; nothing the browser sends can widen it.

use crate::domain::reports::{AttendancePage, MyReturn, ReturnsList, Week};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// What `/returns` shows: a PSW their own return; a manager the returns of
/// their sites.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ReturnsView {
    Mine { week: Week, mine: MyReturn },
    Collect(ReturnsList),
}

#[cfg(feature = "ssr")]
fn refuse(e: crate::domain::reports::ReportError) -> ServerFnError {
    crate::backend::set_status(e.status());
    ServerFnError::new(e.to_string())
}

/// The week a link names, or this one when it names none.
#[cfg(feature = "ssr")]
fn week_named(text: &str) -> Result<Week, ServerFnError> {
    if text.trim().is_empty() {
        return Ok(Week::containing(chrono::Utc::now()));
    }
    Week::parse(text).map_err(|e| refuse(crate::domain::reports::ReportError::Invalid(e)))
}

#[server(endpoint = "get_returns_view")]
pub async fn get_returns_view(week: String) -> Result<ReturnsView, ServerFnError> {
    use crate::backend::{backend, signed_in};
    use crate::domain::Role;
    let me = signed_in().await?;
    let week = week_named(&week)?;
    let backend = backend()?;
    if me.role == Role::Manager {
        return Ok(ReturnsView::Collect(backend.0.returns_list(&me, week).await.map_err(refuse)?));
    }
    let mine = backend.0.my_return(&me, week).await.map_err(refuse)?;
    Ok(ReturnsView::Mine { week, mine })
}

/// Hands the return in (`reason` empty) or amends it; answers a sentence.
#[server(endpoint = "hand_in_return")]
pub async fn hand_in_return(week: String, notes: String, reason: String) -> Result<String, ServerFnError> {
    use crate::backend::{backend, signed_in};
    let me = signed_in().await?;
    let week = Week::parse(&week).map_err(|e| refuse(crate::domain::reports::ReportError::Invalid(e)))?;
    let version = backend()?.0.hand_in_return(&me, week, &notes, &reason).await.map_err(refuse)?;
    Ok(if version == 1 {
        format!("Your return for {} is submitted.", week.label())
    } else {
        format!("Your return for {} is amended (version {version}).", week.label())
    })
}

#[server(endpoint = "get_staff_return")]
pub async fn get_staff_return(staff_id: String, week: String) -> Result<(Week, MyReturn), ServerFnError> {
    use crate::backend::{backend, signed_in};
    let me = signed_in().await?;
    let week = week_named(&week)?;
    Ok((week, backend()?.0.staff_return(&me, &staff_id, week).await.map_err(refuse)?))
}

/// A ward's attendance record; with no ward named, the reader's first.
#[server(endpoint = "get_attendance")]
pub async fn get_attendance(ward: String, week: String) -> Result<AttendancePage, ServerFnError> {
    use crate::backend::{backend, signed_in};
    let me = signed_in().await?;
    let week = week_named(&week)?;
    let backend = backend()?;
    let ward = match ward.trim() {
        "" => {
            let wards = backend.0.caseload(&me).await.map_err(|e| {
                crate::backend::set_status(e.status());
                ServerFnError::new(e.to_string())
            })?;
            match wards.into_iter().next() {
                Some(first) => first.ward_id,
                None => {
                    return Err(refuse(crate::domain::reports::ReportError::Invalid(
                        "You are not on any ward, so there is no attendance record to show.".into(),
                    )))
                }
            }
        }
        named => named.to_owned(),
    };
    backend.0.ward_attendance(&me, &ward, week).await.map_err(refuse)
}

/// Puts the printing of a report on the audit trail, before it prints.
#[server(endpoint = "note_printed")]
pub async fn note_printed(what: String) -> Result<(), ServerFnError> {
    use crate::backend::{backend, signed_in};
    let me = signed_in().await?;
    let what: String = what.chars().take(200).collect();
    backend()?.0.note_export(&me, &format!("printed {what}")).await.map_err(refuse)
}
