//! The keys that open what each person keeps on each device.

use super::{on_pool, Store, StoreError};
use chrono::{DateTime, Utc};

impl Store {
    /// The key of `staff_id` on `device_id`; made from `fresh` (64
    /// hexadecimal digits) the first time it is asked for.
    pub async fn device_key(
        &self,
        device_id: &str,
        staff_id: &str,
        fresh: &str,
        now: DateTime<Utc>,
    ) -> Result<String, StoreError> {
        let make = "insert into device_keys (device_id, staff_id, key, created_at) values ($1, $2, $3, $4)
                    on conflict (device_id, staff_id) do nothing";
        on_pool!(self, pool => sqlx::query(make).bind(device_id).bind(staff_id).bind(fresh).bind(now)
            .execute(pool).await?.rows_affected());
        let sql = "select key from device_keys where device_id = $1 and staff_id = $2";
        let (key,): (String,) =
            on_pool!(self, pool => sqlx::query_as(sql).bind(device_id).bind(staff_id).fetch_one(pool).await?);
        Ok(key)
    }

    /// Forgets every key of `device_id` (it was reported lost).
    pub(super) async fn forget_device_keys(&self, device_id: &str) -> Result<u64, StoreError> {
        let sql = "delete from device_keys where device_id = $1";
        Ok(on_pool!(self, pool => sqlx::query(sql).bind(device_id).execute(pool).await?.rows_affected()))
    }
}
