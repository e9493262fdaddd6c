//! Shifts as sync writes them: the ward a PSW checks in to, the shift a
//! check-out ends, and the report a nurse marks received.

use super::patient_history::SERVER_DEVICE;
use super::sync::INSERT_OP;
use super::{on_pool, Store, StoreError, WritePlace};
use app::domain::shift::{auto_close_at, Ended};
use app::domain::shift_home::{Receipt, ShiftEndView, ShiftView};
use app::domain::sync::Op;
use app::domain::timeline::RecordState;
use chrono::{DateTime, Duration, Utc};

/// A shift the server closed because nobody checked out of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClosedShift {
    pub shift_id: String,
    pub author_id: String,
    pub ward_id: String,
    pub ended_at: DateTime<Utc>,
}

/// Shifts started longer ago than this were closed by an earlier run.
const CLOSE_LOOKBACK_DAYS: i64 = 7;

/// A saved shift, as a check-out is judged against it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredShift {
    pub author_id: String,
    pub started_at: DateTime<Utc>,
    pub place: WritePlace,
    pub ended: Option<Ended>,
}

impl Store {
    /// Where a ward is: itself and its site (for checking in to it).
    pub async fn ward_place(&self, ward_id: &str) -> Result<Option<WritePlace>, StoreError> {
        let sql = "select id, site_id from wards where id = $1";
        let row: Option<(String, String)> =
            on_pool!(self, pool => sqlx::query_as(sql).bind(ward_id).fetch_optional(pool).await?);
        Ok(row.map(|(ward_id, site_id)| WritePlace { patient_id: None, ward_id, site_id }))
    }

    /// A saved shift, whether it has ended, and where it was worked.
    pub async fn stored_shift(&self, shift_id: &str) -> Result<Option<StoredShift>, StoreError> {
        let sql = "select s.author_id, s.started_at, s.ward_id, w.site_id, e.ended_at, e.closed_automatically
                   from shifts s join wards w on w.id = s.ward_id
                   left join shift_ends e on e.shift_id = s.id
                   where s.id = $1";
        type Row = (String, DateTime<Utc>, String, String, Option<DateTime<Utc>>, Option<bool>);
        let row: Option<Row> =
            on_pool!(self, pool => sqlx::query_as(sql).bind(shift_id).fetch_optional(pool).await?);
        Ok(row.map(|(author_id, started_at, ward_id, site_id, ended_at, automatically)| StoredShift {
            author_id,
            started_at,
            place: WritePlace { patient_id: None, ward_id, site_id },
            ended: ended_at.map(|at| Ended { at, automatically: automatically.unwrap_or(false) }),
        }))
    }

    /// The ward of a shift report (a check-in or a check-out), and whether
    /// it was marked received already.
    pub async fn shift_report(&self, report_id: &str) -> Result<Option<(WritePlace, bool)>, StoreError> {
        let sql = "select s.ward_id, w.site_id,
                          exists (select 1 from shift_report_receipts r where r.report_id = $1)
                   from shifts s join wards w on w.id = s.ward_id
                   where s.id = $1 or s.id = (select e.shift_id from shift_ends e where e.id = $1)";
        let row: Option<(String, String, bool)> =
            on_pool!(self, pool => sqlx::query_as(sql).bind(report_id).fetch_optional(pool).await?);
        Ok(row.map(|(ward_id, site_id, received)| {
            (WritePlace { patient_id: None, ward_id, site_id }, received)
        }))
    }

    /// Closes every shift nobody checked out of whose time is up at `now`
    /// ([`auto_close_at`] with `close_hour`): a `shift_end` in the op log,
    /// written by the server in the PSW's name and marked
    /// `closed_automatically`, so that it reaches the ward's devices like a
    /// check-out. A check-out sent later is refused as for a shift already
    /// ended. Safe to run again: a closed shift is not open any more.
    pub async fn close_forgotten_shifts(
        &self,
        now: DateTime<Utc>,
        close_hour: u32,
    ) -> Result<Vec<ClosedShift>, StoreError> {
        let open = "select s.id, s.author_id, s.ward_id, s.started_at from shifts s
                    where s.started_at >= $1 and not exists (select 1 from shift_ends e where e.shift_id = s.id)
                    order by s.started_at";
        let end = "insert into shift_ends (id, op_id, shift_id, ended_at, what_happened, for_nurse,
                                           closed_automatically, hlc)
                   values ($1, $2, $3, $4, '', '', $5, $6)";
        let since = now - Duration::days(CLOSE_LOOKBACK_DAYS);
        let closed: Vec<ClosedShift> = on_pool!(self, pool => {
            // As every writer of the op log: one at a time (see `op_writer`).
            let mut tx = match self {
                Store::Sqlite(_) => pool.begin_with("begin immediate").await?,
                Store::Postgres(_) => pool.begin().await?,
            };
            if let Store::Postgres(_) = self {
                sqlx::query("lock table sync_ops in share row exclusive mode").execute(&mut *tx).await?;
            }
            let shifts: Vec<(String, String, String, DateTime<Utc>)> =
                sqlx::query_as(open).bind(since).fetch_all(&mut *tx).await?;
            let mut closed = Vec::new();
            for (shift_id, author_id, ward_id, started_at) in shifts {
                let ended_at = auto_close_at(started_at, close_hour);
                if ended_at > now {
                    continue;
                }
                let op = Op {
                    // Time-ordered, as devices make them (see `app::domain::sync::ids`).
                    id: uuid::Uuid::now_v7().to_string(),
                    entity: "shift_end".into(),
                    entity_id: uuid::Uuid::now_v7().to_string(),
                    action: "create".into(),
                    hlc: format!("{:015}:{:05}:{SERVER_DEVICE}", now.timestamp_millis().max(0), closed.len() % 100_000),
                    payload: serde_json::json!({
                        "shift_id": shift_id,
                        "ended_at": ended_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                        "what_happened": "", "for_nurse": "", "closed_automatically": true,
                    }),
                };
                let body = serde_json::to_string(&op).unwrap_or_default();
                sqlx::query(INSERT_OP)
                    .bind(&op.id).bind(SERVER_DEVICE).bind(&author_id).bind(&op.entity).bind(&op.entity_id)
                    .bind(&op.action).bind(&op.hlc).bind(&body).bind(None::<String>).bind(&ward_id).bind(now)
                    .execute(&mut *tx).await?;
                sqlx::query(end)
                    .bind(&op.entity_id).bind(&op.id).bind(&shift_id).bind(ended_at).bind(true).bind(&op.hlc)
                    .execute(&mut *tx).await?;
                closed.push(ClosedShift { shift_id, author_id, ward_id, ended_at });
            }
            if !closed.is_empty() {
                if let Store::Postgres(_) = self {
                    sqlx::query(super::events::NOTIFY_COMMIT).execute(&mut *tx).await?;
                }
            }
            tx.commit().await?;
            closed
        });
        if !closed.is_empty() {
            self.commits().notify_one();
        }
        Ok(closed)
    }
}

/// A shift as the home page lists it: one row per shift, its check-out
/// and both receipts joined in.
#[derive(sqlx::FromRow)]
struct ShiftRow {
    id: String,
    op_id: String,
    author_id: String,
    author_name: String,
    ward_id: String,
    ward_name: String,
    started_at: DateTime<Utc>,
    plan: String,
    for_nurse: String,
    in_id: Option<String>,
    in_op_id: Option<String>,
    in_by: Option<String>,
    in_hlc: Option<String>,
    end_id: Option<String>,
    end_op_id: Option<String>,
    ended_at: Option<DateTime<Utc>>,
    what_happened: Option<String>,
    end_for_nurse: Option<String>,
    closed_automatically: Option<bool>,
    out_id: Option<String>,
    out_op_id: Option<String>,
    out_by: Option<String>,
    out_hlc: Option<String>,
}

/// At most this many shifts on the home page (a ward's day has a handful).
const HOME_SHIFTS_MAX: usize = 200;

fn receipt(
    id: Option<String>,
    op_id: Option<String>,
    by: Option<String>,
    hlc: Option<String>,
) -> Option<Receipt> {
    let at_ms = app::domain::sync::Hlc::parse(hlc.as_deref()?).map_or(0, |h| h.ms as i64);
    Some(Receipt { id: id?, op_id: op_id?, by: by.unwrap_or_default(), at_ms, state: RecordState::Saved })
}

impl ShiftRow {
    fn into_view(self) -> ShiftView {
        let end = match (self.end_id, self.end_op_id, self.ended_at) {
            (Some(id), Some(op_id), Some(ended_at)) => Some(ShiftEndView {
                id,
                op_id,
                ended_ms: ended_at.timestamp_millis(),
                what_happened: self.what_happened.unwrap_or_default(),
                for_nurse: self.end_for_nurse.unwrap_or_default(),
                closed_automatically: self.closed_automatically.unwrap_or(false),
                state: RecordState::Saved,
                receipt: receipt(self.out_id, self.out_op_id, self.out_by, self.out_hlc),
            }),
            _ => None,
        };
        ShiftView {
            id: self.id,
            op_id: self.op_id,
            author_id: self.author_id,
            author_name: self.author_name,
            ward_id: self.ward_id,
            ward_name: self.ward_name,
            started_ms: self.started_at.timestamp_millis(),
            plan: self.plan,
            for_nurse: self.for_nurse,
            state: RecordState::Saved,
            receipt: receipt(self.in_id, self.in_op_id, self.in_by, self.in_hlc),
            end,
        }
    }
}

impl Store {
    /// Shifts started since `since` by `author_id`, or on any of
    /// `ward_ids`, newest first, with their check-outs and receipts.
    pub async fn home_shifts(
        &self,
        author_id: Option<&str>,
        ward_ids: &[String],
        since: DateTime<Utc>,
    ) -> Result<Vec<ShiftView>, StoreError> {
        let wards = if ward_ids.is_empty() {
            "false".to_owned()
        } else {
            format!("s.ward_id in ({})", super::sync::placeholders(3, ward_ids.len()))
        };
        let sql = format!(
            "select s.id, s.op_id, s.author_id, a.display_name as author_name, s.ward_id, w.name as ward_name,
                    s.started_at, s.plan, s.for_nurse,
                    ri.id as in_id, ri.op_id as in_op_id, nurse_in.display_name as in_by, ri.hlc as in_hlc,
                    e.id as end_id, e.op_id as end_op_id, e.ended_at, e.what_happened,
                    e.for_nurse as end_for_nurse, e.closed_automatically,
                    ro.id as out_id, ro.op_id as out_op_id, nurse_out.display_name as out_by, ro.hlc as out_hlc
             from shifts s join wards w on w.id = s.ward_id join staff a on a.id = s.author_id
             left join shift_report_receipts ri on ri.report_id = s.id
             left join staff nurse_in on nurse_in.id = ri.nurse_id
             left join shift_ends e on e.shift_id = s.id
             left join shift_report_receipts ro on ro.report_id = e.id
             left join staff nurse_out on nurse_out.id = ro.nurse_id
             where s.started_at >= $1 and (s.author_id = $2 or {wards})
             order by s.started_at desc, s.id limit {HOME_SHIFTS_MAX}"
        );
        let rows: Vec<ShiftRow> = on_pool!(self, pool => {
            let mut query = sqlx::query_as(&sql).bind(since).bind(author_id.unwrap_or(""));
            for ward in ward_ids {
                query = query.bind(ward);
            }
            query.fetch_all(pool).await?
        });
        Ok(rows.into_iter().map(ShiftRow::into_view).collect())
    }
}
