//! Risk and safeguarding concerns as the pages show them: a patient's, the
//! ones waiting for a ward's nurse in charge, and those someone raised.

use super::sync::placeholders;
use super::timeline::{rfc3339, written_at};
use super::{on_pool, Store, StoreError};
use app::domain::concern::{sort_newest_first, AckView, ConcernView};
use app::domain::timeline::RecordState;
use chrono::{DateTime, Utc};

/// At most this many concerns on one list; the oldest beyond it are left off.
const LIST_MAX: usize = 200;

const COLUMNS: &str = "select c.id, c.op_id, c.patient_id, p.preferred_name as patient_name, c.category,
        c.what_happened, c.done_now, c.told, c.author_id, st.display_name as author_name, c.hlc, c.received_at,
        c.ward_id, w.name as ward_name
    from concerns c join patients p on p.id = c.patient_id join staff st on st.id = c.author_id
        join wards w on w.id = c.ward_id";

#[derive(sqlx::FromRow)]
struct ConcernRow {
    id: String,
    op_id: String,
    patient_id: String,
    patient_name: String,
    category: String,
    what_happened: String,
    done_now: String,
    told: String,
    author_id: String,
    author_name: String,
    hlc: String,
    received_at: DateTime<Utc>,
    ward_id: String,
    ward_name: String,
}

#[derive(sqlx::FromRow)]
struct AckRow {
    id: String,
    op_id: String,
    concern_id: String,
    author_name: String,
    response: String,
    hlc: String,
    /// When the server received it (the op log's own time).
    received_at: DateTime<Utc>,
}

impl Store {
    /// Every concern about a patient, newest first, as someone on
    /// `reader_wards` reads them (see [`ConcernView::raised_on`]).
    pub async fn patient_concerns(
        &self,
        patient_id: &str,
        reader_wards: &[String],
    ) -> Result<Vec<ConcernView>, StoreError> {
        let sql = format!("{COLUMNS} where c.patient_id = $1 order by c.received_at desc limit {LIST_MAX}");
        let rows: Vec<ConcernRow> =
            on_pool!(self, pool => sqlx::query_as(&sql).bind(patient_id).fetch_all(pool).await?);
        self.with_acks(rows, Some(reader_wards)).await
    }

    /// Concerns nobody has acknowledged yet that were raised on these wards,
    /// or are about someone on them now: a concern follows its patient to
    /// a new ward (and says where it was raised, whose nurse answers it).
    pub async fn open_concerns(&self, ward_ids: &[String]) -> Result<Vec<ConcernView>, StoreError> {
        if ward_ids.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            "{COLUMNS} where (c.ward_id in ({wards}) or p.ward_id in ({wards}))
                 and not exists (select 1 from concern_acks a where a.concern_id = c.id)
             order by c.received_at desc limit {LIST_MAX}",
            wards = placeholders(1, ward_ids.len())
        );
        let rows: Vec<ConcernRow> = on_pool!(self, pool => {
            let mut query = sqlx::query_as(&sql);
            for ward in ward_ids {
                query = query.bind(ward);
            }
            query.fetch_all(pool).await?
        });
        self.with_acks(rows, Some(ward_ids)).await
    }

    /// The concerns someone raised since `since`, and any older one of
    /// theirs still waiting for the nurse.
    pub async fn concerns_raised_by(
        &self,
        staff_id: &str,
        since: DateTime<Utc>,
    ) -> Result<Vec<ConcernView>, StoreError> {
        let sql = format!(
            "{COLUMNS} where c.author_id = $1 and (c.received_at >= $2
                 or not exists (select 1 from concern_acks a where a.concern_id = c.id))
             order by c.received_at desc limit {LIST_MAX}"
        );
        let rows: Vec<ConcernRow> =
            on_pool!(self, pool => sqlx::query_as(&sql).bind(staff_id).bind(since).fetch_all(pool).await?);
        self.with_acks(rows, None).await
    }

    /// The concerns of `rows` with their acknowledgements, oldest first
    /// under each; for a reader on `reader_wards`, those raised elsewhere
    /// say where.
    async fn with_acks(
        &self,
        rows: Vec<ConcernRow>,
        reader_wards: Option<&[String]>,
    ) -> Result<Vec<ConcernView>, StoreError> {
        let acks: Vec<AckRow> = if rows.is_empty() {
            Vec::new()
        } else {
            let sql = format!(
                "select a.id, a.op_id, a.concern_id, st.display_name as author_name, a.response, a.hlc,
                        o.received_at
                 from concern_acks a join staff st on st.id = a.author_id join sync_ops o on o.id = a.op_id
                 where a.concern_id in ({}) order by a.hlc",
                placeholders(1, rows.len())
            );
            on_pool!(self, pool => {
                let mut query = sqlx::query_as(&sql);
                for row in &rows {
                    query = query.bind(&row.id);
                }
                query.fetch_all(pool).await?
            })
        };
        let mut concerns: Vec<ConcernView> = rows
            .into_iter()
            .map(|c| {
                Ok(ConcernView {
                    raised_on: reader_wards.filter(|wards| !wards.contains(&c.ward_id)).map(|_| c.ward_name),
                    raised_at: written_at(&c.hlc)?,
                    received_at: Some(rfc3339(c.received_at)),
                    id: c.id,
                    op_id: c.op_id,
                    patient_id: c.patient_id,
                    patient_name: c.patient_name,
                    category: c.category,
                    what_happened: c.what_happened,
                    done_now: c.done_now,
                    told: c.told,
                    author_id: c.author_id,
                    author_name: c.author_name,
                    state: RecordState::Saved,
                    acks: Vec::new(),
                })
            })
            .collect::<Result<_, StoreError>>()?;
        for ack in acks {
            if let Some(concern) = concerns.iter_mut().find(|c| c.id == ack.concern_id) {
                concern.acks.push(AckView {
                    at: written_at(&ack.hlc)?,
                    received_at: Some(rfc3339(ack.received_at)),
                    id: ack.id,
                    op_id: ack.op_id,
                    author_name: ack.author_name,
                    response: ack.response,
                    state: RecordState::Saved,
                });
            }
        }
        sort_newest_first(&mut concerns);
        Ok(concerns)
    }
}
