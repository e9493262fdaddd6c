//! The reports as CSV for the service's spreadsheets:
//! `GET /exports/returns.csv?week=…&site=…` (a manager: the weekly returns
//! of one of their sites) and `GET /exports/attendance.csv?ward=…&week=…`
//! (a ward's attendance record, for those who may read it). Every export
//! is written to the audit trail first: no trail, no file.

use crate::auth::Client;
use crate::backend::StoreBackend;
use crate::http_error::{ApiError, SignedInUser};
use crate::state::AppState;
use crate::store::{AuditAction, AuditEvent};
use app::domain::access::{decide, Action, Decision, Place};
use app::domain::reports::export::{
    attendance_header, attendance_rows, return_header, return_row, safe_cell,
};
use app::domain::reports::{ReportError, Week};
use app::domain::SignedIn;
use axum::extract::{Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;

impl From<ReportError> for ApiError {
    fn from(e: ReportError) -> Self {
        let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::SERVICE_UNAVAILABLE);
        ApiError::new(status, e.to_string())
    }
}

/// The week asked for, or why it cannot be read.
fn week_of(query: &HashMap<String, String>) -> Result<Week, String> {
    match query.get("week").map(String::as_str) {
        None | Some("") => Err("Say which week: ?week=2026-11-30 (its Monday).".into()),
        Some(text) => Week::parse(text),
    }
}

/// Which week and which `place` (the query field naming the site or ward)
/// are asked for, or why they cannot be read.
fn asked(
    query: &HashMap<String, String>,
    place: &str,
    missing: &'static str,
) -> Result<(Week, String), ApiError> {
    let week = week_of(query).map_err(ApiError::bad_request)?;
    match query.get(place).filter(|p| !p.is_empty()) {
        Some(named) => Ok((week, named.clone())),
        None => Err(ApiError::bad_request(missing)),
    }
}

/// Writes `rows` under `header` as CSV, every cell made safe for spreadsheets.
fn csv_file(header: Vec<String>, rows: Vec<Vec<String>>, file_name: &str) -> Result<Response, ApiError> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let mut ok = writer.write_record(&header).is_ok();
    for row in rows {
        ok &= writer.write_record(row.iter().map(|c| safe_cell(c))).is_ok();
    }
    match writer.into_inner() {
        Ok(bytes) if ok => Ok((
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
                (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{file_name}\"")),
                (header::CACHE_CONTROL, "no-store".to_owned()),
            ],
            bytes,
        )
            .into_response()),
        _ => {
            Err(ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "The file could not be written. Try again."))
        }
    }
}

async fn audit_export(
    backend: &StoreBackend,
    user: &SignedIn,
    client: &Client,
    ward_id: Option<&str>,
    detail: String,
) -> Result<(), ReportError> {
    let mut event = AuditEvent::new(AuditAction::Exported, &user.username)
        .by(&user.staff_id)
        .with_detail(&detail)
        .from_device(&client.device, &client.address);
    if let Some(ward) = ward_id {
        event = event.about_ward(ward);
    }
    Ok(backend.audit(event).await?)
}

pub async fn returns_csv(
    State(state): State<AppState>,
    SignedInUser(user): SignedInUser,
    client: Client,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Response, ApiError> {
    let (week, site_id) = asked(&query, "site", "Say which site: ?site=… (one of yours).")?;
    let backend = StoreBackend(state.store.clone(), state.password_checks.clone());
    let reach = backend.reach_of(&user).await?;
    let place = Place { ward_id: "", site_id: &site_id };
    match decide(user.role, &reach, Action::CollectReturns, Some(place)) {
        Decision::Allowed => {}
        Decision::Denied(reason) if reason == app::domain::access::NOT_YOUR_WARDS => {
            return Err(ApiError::forbidden("You can export the returns of your own sites only."))
        }
        Decision::Denied(reason) => return Err(ApiError::forbidden(reason)),
    }
    let store = &state.store;
    let rows =
        store.returns_on_sites(std::slice::from_ref(&site_id), week).await.map_err(ReportError::from)?;
    let mut lines = Vec::with_capacity(rows.len());
    for row in &rows {
        let latest = match row.latest {
            Some(_) => store.submitted_returns(&row.staff_id, week).await.map_err(ReportError::from)?.pop(),
            None => None,
        };
        lines.push(return_row(week, row, latest.as_ref()));
    }
    let detail = format!("weekly returns, week {}, site {site_id}, {} rows", week.key(), lines.len());
    audit_export(&backend, &user, &client, None, detail).await?;
    csv_file(return_header(), lines, &format!("weekly-returns-{site_id}-{}.csv", week.key()))
}

pub async fn attendance_csv(
    State(state): State<AppState>,
    SignedInUser(user): SignedInUser,
    client: Client,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Response, ApiError> {
    let (week, ward_id) = asked(&query, "ward", "Say which ward: ?ward=… (one you may read).")?;
    let ward_id = ward_id.as_str();
    let backend = StoreBackend(state.store.clone(), state.password_checks.clone());
    let page = backend.attendance_for(&user, ward_id, week).await?;
    let rows = attendance_rows(&page.record);
    let detail = format!("ward attendance, week {}, {} rows", week.key(), rows.len());
    audit_export(&backend, &user, &client, Some(ward_id), detail).await?;
    csv_file(attendance_header(), rows, &format!("attendance-{ward_id}-{}.csv", week.key()))
}
