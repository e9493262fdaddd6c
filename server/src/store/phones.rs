//! The devices the app has been used on, and the ones reported lost.

use super::{on_pool, Store, StoreError};
use app::domain::phones::{LostReport, Phone};
use chrono::{DateTime, Utc};

/// A device as stored, with the names the page shows.
type PhoneRow = (
    String,
    String,
    String,
    String,
    DateTime<Utc>,
    DateTime<Utc>,
    Option<DateTime<Utc>>,
    Option<String>,
    Option<DateTime<Utc>>,
);

/// What became of a report that a device is lost.
#[derive(Debug, PartialEq, Eq)]
pub enum Reported {
    /// Marked lost; this many sessions on it ended.
    Lost {
        sessions_ended: u64,
    },
    AlreadyReported,
    NoSuchPhone,
}

impl Store {
    /// Notes that `device_id` is in use by the session `token_hash` of
    /// `staff_id` at `now`, as a `kind` of device: the session learns its
    /// device (so that reporting the device lost ends it) and the device's
    /// row who used it last and when.
    pub async fn seen_device(
        &self,
        token_hash: &str,
        device_id: &str,
        staff_id: &str,
        kind: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let upsert = "insert into devices (id, staff_id, kind, first_seen_at, last_seen_at)
                      values ($1, $2, $3, $4, $4)
                      on conflict (id) do update
                      set staff_id = excluded.staff_id, kind = excluded.kind, last_seen_at = excluded.last_seen_at";
        let session = "update login_sessions set device_id = $1 where token_hash = $2";
        on_pool!(self, pool => {
            sqlx::query(upsert).bind(device_id).bind(staff_id).bind(kind).bind(now).execute(pool).await?;
            sqlx::query(session).bind(device_id).bind(token_hash).execute(pool).await?;
        });
        Ok(())
    }

    /// Every device, most recently seen first; with `ward_ids`, only those
    /// last used by someone who works on one of them.
    pub async fn phones(&self, ward_ids: Option<&[String]>) -> Result<Vec<Phone>, StoreError> {
        let sql = "select d.id, d.staff_id, s.display_name, d.kind, d.first_seen_at, d.last_seen_at,
                          d.lost_at, r.display_name, d.wiped_at
                   from devices d join staff s on s.id = d.staff_id left join staff r on r.id = d.lost_by
                   order by d.last_seen_at desc, d.id";
        let rows: Vec<PhoneRow> = on_pool!(self, pool => sqlx::query_as(sql).fetch_all(pool).await?);
        let allowed = match ward_ids {
            Some(wards) => Some(self.staff_on(wards).await?),
            None => None,
        };
        Ok(rows
            .into_iter()
            .filter(|row| allowed.as_ref().is_none_or(|staff| staff.contains(&row.1)))
            .map(|(id, _, used_by, kind, first_seen, last_seen, lost_at, lost_by, wiped_at)| Phone {
                id,
                used_by,
                kind,
                first_seen,
                last_seen,
                lost: lost_at.map(|at| LostReport { by: lost_by.unwrap_or_default(), at, wiped_at }),
            })
            .collect())
    }

    /// Marks `device_id` lost by `by` and ends every session on it; with
    /// `ward_ids`, only a device last used by someone on one of them.
    pub async fn report_lost(
        &self,
        device_id: &str,
        by: &str,
        ward_ids: Option<&[String]>,
        now: DateTime<Utc>,
    ) -> Result<Reported, StoreError> {
        let owner = "select staff_id, lost_at from devices where id = $1";
        let found: Option<(String, Option<DateTime<Utc>>)> =
            on_pool!(self, pool => sqlx::query_as(owner).bind(device_id).fetch_optional(pool).await?);
        let Some((staff_id, lost_at)) = found else { return Ok(Reported::NoSuchPhone) };
        if let Some(wards) = ward_ids {
            if !self.staff_on(wards).await?.contains(&staff_id) {
                return Ok(Reported::NoSuchPhone);
            }
        }
        if lost_at.is_some() {
            return Ok(Reported::AlreadyReported);
        }
        // The mark first: from then on every request the device makes is
        // answered "lost", whether or not its sessions are gone yet.
        let mark = "update devices set lost_at = $1, lost_by = $2 where id = $3 and lost_at is null";
        let marked = on_pool!(self, pool => sqlx::query(mark).bind(now).bind(by).bind(device_id)
            .execute(pool).await?.rows_affected());
        if marked == 0 {
            return Ok(Reported::AlreadyReported);
        }
        let end = "delete from login_sessions where device_id = $1";
        let sessions_ended =
            on_pool!(self, pool => sqlx::query(end).bind(device_id).execute(pool).await?.rows_affected());
        // What the device keeps then opens only with its PIN, on the device.
        self.forget_device_keys(device_id).await?;
        Ok(Reported::Lost { sessions_ended })
    }

    /// Whether `device_id` was reported lost; the first time it is asked
    /// after the report, notes that the device was told to wipe itself.
    pub async fn lost_device(&self, device_id: &str, now: DateTime<Utc>) -> Result<bool, StoreError> {
        let sql = "select wiped_at from devices where id = $1 and lost_at is not null";
        let found: Option<(Option<DateTime<Utc>>,)> =
            on_pool!(self, pool => sqlx::query_as(sql).bind(device_id).fetch_optional(pool).await?);
        match found {
            None => Ok(false),
            Some((Some(_),)) => Ok(true),
            Some((None,)) => {
                let wiped = "update devices set wiped_at = $1 where id = $2 and wiped_at is null";
                on_pool!(self, pool => sqlx::query(wiped).bind(now).bind(device_id).execute(pool).await?.rows_affected());
                Ok(true)
            }
        }
    }

    /// The staff who work on any of `ward_ids`.
    async fn staff_on(&self, ward_ids: &[String]) -> Result<Vec<String>, StoreError> {
        let mut staff = Vec::new();
        for ward in ward_ids {
            let sql = "select staff_id from staff_wards where ward_id = $1";
            let rows: Vec<(String,)> =
                on_pool!(self, pool => sqlx::query_as(sql).bind(ward).fetch_all(pool).await?);
            staff.extend(rows.into_iter().map(|(id,)| id));
        }
        staff.sort();
        staff.dedup();
        Ok(staff)
    }
}
