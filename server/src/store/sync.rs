//! The operation log behind `/api/sync` and the records it writes.

use super::records::SAVED_RECORD_IDS;
use super::AuditEvent;
use super::{on_pool, Store, StoreError};
use app::domain::sync::CheckedOp;
use chrono::Utc;
use std::collections::HashMap;

/// `$first, $first+1, …` for an `in (…)` list of `count` values.
pub(super) fn placeholders(first: usize, count: usize) -> String {
    (first..first + count).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ")
}

/// Where a write lands: the patient (none for a shift, which is about a
/// ward and its staff), the ward and its site, now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WritePlace {
    pub patient_id: Option<String>,
    pub ward_id: String,
    pub site_id: String,
}

impl WritePlace {
    /// A place about a patient, from a `(patient, ward, site)` row.
    pub fn of_patient((patient_id, ward_id, site_id): PlaceRow) -> WritePlace {
        WritePlace { patient_id: Some(patient_id), ward_id, site_id }
    }
}

/// An op that passed every check, ready to store with its audit row.
pub struct AcceptedOp {
    pub checked: CheckedOp,
    /// The op in its canonical JSON form.
    pub body: String,
    pub place: WritePlace,
    pub audit: AuditEvent,
}

/// One stored op as `changes` sends it.
#[derive(Debug, sqlx::FromRow)]
pub struct ChangeRow {
    pub seq: i64,
    pub body: String,
    pub author_id: String,
    pub author_name: String,
}

/// A page of changes, and how far the log was read to fill it.
#[derive(Debug)]
pub struct ChangesPage {
    pub rows: Vec<ChangeRow>,
    /// Every op up to this sequence number was considered.
    pub read_to: i64,
}

pub(super) type PlaceRow = (String, String, String);

/// Adds one op to the log; an op id already there is left as it is.
pub(super) const INSERT_OP: &str =
    "insert into sync_ops (id, device_id, author_id, entity, entity_id, action, hlc, body,
                           patient_id, ward_id, received_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) on conflict (id) do nothing";

impl Store {
    /// The canonical bodies stored under any of these op ids, by id.
    pub async fn op_bodies(&self, op_ids: &[String]) -> Result<HashMap<String, String>, StoreError> {
        if op_ids.is_empty() {
            return Ok(HashMap::new());
        }
        let sql = format!("select id, body from sync_ops where id in ({})", placeholders(1, op_ids.len()));
        let rows: Vec<(String, String)> = on_pool!(self, pool => {
            let mut query = sqlx::query_as(&sql);
            for id in op_ids {
                query = query.bind(id);
            }
            query.fetch_all(pool).await?
        });
        Ok(rows.into_iter().collect())
    }

    /// Which of these ids already name a saved record (a session, addendum,
    /// concern, acknowledgement, follow-up, its being done, group, or part of a plan).
    pub async fn saved_record_ids(&self, ids: &[String]) -> Result<Vec<String>, StoreError> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let list = placeholders(1, ids.len());
        let sql = SAVED_RECORD_IDS
            .iter()
            .map(|select| select.replace("{list}", &list))
            .collect::<Vec<_>>()
            .join(" union ");
        let rows: Vec<(String,)> = on_pool!(self, pool => {
            let mut query = sqlx::query_as(&sql);
            for id in ids {
                query = query.bind(id);
            }
            query.fetch_all(pool).await?
        });
        Ok(rows.into_iter().map(|r| r.0).collect())
    }

    /// Where a patient still on a ward lives.
    pub async fn patient_place(&self, patient_id: &str) -> Result<Option<WritePlace>, StoreError> {
        let sql = "select p.id, w.id, w.site_id from patients p join wards w on w.id = p.ward_id
                   where p.id = $1 and p.discharged_on is null";
        let row: Option<PlaceRow> =
            on_pool!(self, pool => sqlx::query_as(sql).bind(patient_id).fetch_optional(pool).await?);
        Ok(row.map(WritePlace::of_patient))
    }

    /// Where each of these patients still on a ward lives, by patient id:
    /// one query for a whole batch.
    pub async fn patient_places(
        &self,
        patient_ids: &[String],
    ) -> Result<HashMap<String, WritePlace>, StoreError> {
        if patient_ids.is_empty() {
            return Ok(HashMap::new());
        }
        let sql = format!(
            "select p.id, w.id, w.site_id from patients p join wards w on w.id = p.ward_id
             where p.discharged_on is null and p.id in ({})",
            placeholders(1, patient_ids.len())
        );
        let rows: Vec<PlaceRow> = on_pool!(self, pool => {
            let mut query = sqlx::query_as(&sql);
            for id in patient_ids {
                query = query.bind(id);
            }
            query.fetch_all(pool).await?
        });
        Ok(rows
            .into_iter()
            .map(|(patient_id, ward_id, site_id)| {
                (patient_id.clone(), WritePlace::of_patient((patient_id, ward_id, site_id)))
            })
            .collect())
    }

    /// Ops about patients now on `ward_ids`, after `after_seq`, oldest
    /// first, at most `limit` (see [`Store::changes_between`] for which),
    /// and how far the log was read: the cursor to give back when the page
    /// is not full, so a reader whose wards were quiet moves past the
    /// others' writes rather than reading them again next time.
    ///
    /// The log is read in windows of sequence numbers, widened while they
    /// come back sparse, so a page costs about the rows it holds however far
    /// behind the cursor is: ordering everything since the cursor to keep
    /// the first page of it cost a phone back after days offline (or a
    /// manager reaching every ward) a read of its whole backlog per page.
    pub async fn changes_since(
        &self,
        after_seq: i64,
        ward_ids: &[String],
        reader_id: &str,
        device_id: &str,
        limit: i64,
    ) -> Result<ChangesPage, StoreError> {
        // Sequence numbers follow commit order (one writer, or a table lock
        // on PostgreSQL), so everything up to the end read here is there to read.
        let end_sql = "select coalesce(max(seq), 0) from sync_ops";
        let end: (i64,) = on_pool!(self, pool => sqlx::query_as(end_sql).fetch_one(pool).await?);
        let mut page = ChangesPage { rows: Vec::new(), read_to: after_seq.max(0) };
        let mut window = limit.max(1) * 4;
        while page.read_to < end.0 && (page.rows.len() as i64) < limit {
            let to = page.read_to.saturating_add(window).min(end.0);
            let wanted = limit - page.rows.len() as i64;
            let mut found =
                self.changes_between(page.read_to, to, ward_ids, reader_id, device_id, wanted).await?;
            if (found.len() as i64) < wanted / 4 {
                window = window.saturating_mul(4);
            }
            page.rows.append(&mut found);
            page.read_to = to;
        }
        Ok(page)
    }

    /// Ops with `after_seq < seq <= to_seq` about patients now on
    /// `ward_ids`, oldest first, at most `limit`, leaving out those
    /// `device_id` sent itself (it holds them already); the `leave` of a
    /// patient who left one of `ward_ids` for a ward outside them, so the
    /// device forgets them; and the groups run on `ward_ids` (a group
    /// belongs to its ward, not to one patient); and the shifts on
    /// `ward_ids` (about a ward, not a patient), with the work logs filed
    /// there reaching only their author `reader_id`.
    async fn changes_between(
        &self,
        after_seq: i64,
        to_seq: i64,
        ward_ids: &[String],
        reader_id: &str,
        device_id: &str,
        limit: i64,
    ) -> Result<Vec<ChangeRow>, StoreError> {
        if ward_ids.is_empty() {
            return Ok(Vec::new());
        }
        let wards = placeholders(6, ward_ids.len());
        let columns = "select o.seq, o.body, o.author_id, s.display_name as author_name
             from sync_ops o join patients p on p.id = o.patient_id join staff s on s.id = o.author_id";
        let since = "o.seq > $1 and o.seq <= $5 and o.device_id <> $3";
        // Four questions in one, each answered from its own index (by
        // patient; the few leaves, groups and shifts by ward) rather than one `or`
        // that would read the whole log in the window.
        let sql = format!(
            "{columns} where {since} and o.action <> 'leave'
                 and o.entity <> 'group_session' and p.ward_id in ({wards})
             union all
             {columns} where {since} and o.action = 'leave' and o.ward_id in ({wards})
                 and p.ward_id not in ({wards})
             union all
             {columns} where {since} and o.entity = 'group_session'
                 and o.ward_id in ({wards})
             union all
             select o.seq, o.body, o.author_id, s.display_name as author_name
                 from sync_ops o join staff s on s.id = o.author_id
                 where {since} and o.patient_id is null and o.ward_id in ({wards})
                     and (o.entity <> 'work_log' or o.author_id = $4)
             order by 1 limit $2"
        );
        let rows: Vec<ChangeRow> = on_pool!(self, pool => {
            let mut query =
                sqlx::query_as(&sql).bind(after_seq).bind(limit).bind(device_id).bind(reader_id).bind(to_seq);
            for ward in ward_ids {
                query = query.bind(ward);
            }
            query.fetch_all(pool).await?
        });
        Ok(rows)
    }

    /// The cursor a new device starts from: just before the first op the
    /// server received at or after `since`, or the end of the log when none
    /// was. Read by when ops arrived (indexed), which follows the log's order
    /// to within a commit; the caller leaves itself a margin for that.
    pub async fn cursor_before(&self, since: chrono::DateTime<Utc>) -> Result<i64, StoreError> {
        let first = "select seq from sync_ops where received_at >= $1 order by received_at, seq limit 1";
        let last = "select coalesce(max(seq), 0) from sync_ops";
        let seq: Option<(i64,)> =
            on_pool!(self, pool => sqlx::query_as(first).bind(since).fetch_optional(pool).await?);
        Ok(match seq {
            Some((seq,)) => seq - 1,
            None => on_pool!(self, pool => sqlx::query_as::<_, (i64,)>(last).fetch_one(pool).await?).0,
        })
    }

    /// How many ops the log holds (for tests and monitoring).
    pub async fn op_count(&self) -> Result<i64, StoreError> {
        let count: (i64,) =
            on_pool!(self, pool => sqlx::query_as("select count(*) from sync_ops").fetch_one(pool).await?);
        Ok(count.0)
    }

    /// The note of a saved session, if any (for tests and the timeline).
    pub async fn session_note(&self, id: &str) -> Result<Option<String>, StoreError> {
        let sql = "select note from sessions where id = $1";
        let row: Option<(String,)> =
            on_pool!(self, pool => sqlx::query_as(sql).bind(id).fetch_optional(pool).await?);
        Ok(row.map(|r| r.0))
    }
}
