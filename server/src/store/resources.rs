//! The community resources directory, as administrators keep it.

use super::{on_pool, Store, StoreError};
use app::domain::resources::{NewResource, Resource};
use chrono::Utc;

/// Why a change to the directory was not made.
#[derive(Debug, thiserror::Error)]
pub enum DirectoryWriteError {
    #[error("the name is taken")]
    NameTaken,
    #[error("no such resource")]
    NoSuchResource,
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl Store {
    /// The resources listed now, by name.
    pub async fn listed_resources(&self) -> Result<Vec<Resource>, StoreError> {
        let sql = "select id, name, offers, contact from community_resources where retired_at is null order by name";
        let rows: Vec<(String, String, String, String)> =
            on_pool!(self, pool => sqlx::query_as(sql).fetch_all(pool).await?);
        Ok(rows
            .into_iter()
            .map(|(id, name, offers, contact)| Resource { id, name, offers, contact })
            .collect())
    }

    /// Lists a new resource; returns its id.
    pub async fn add_resource(
        &self,
        new: &NewResource,
        by: Option<&str>,
    ) -> Result<String, DirectoryWriteError> {
        let taken = "select 1 from community_resources where name = $1 and retired_at is null";
        let found: Option<(i32,)> = on_pool!(self, pool => sqlx::query_as(taken).bind(&new.name).fetch_optional(pool).await.map_err(StoreError::from)?);
        if found.is_some() {
            return Err(DirectoryWriteError::NameTaken);
        }
        let id = format!("resource-{}", uuid::Uuid::new_v4().simple());
        let sql = "insert into community_resources (id, name, offers, contact, created_by, created_at)
                   values ($1, $2, $3, $4, $5, $6)";
        let inserted = on_pool!(self, pool => sqlx::query(sql)
            .bind(&id).bind(&new.name).bind(&new.offers).bind(&new.contact).bind(by).bind(Utc::now())
            .execute(pool).await.map(|_| ()));
        match inserted {
            Ok(_) => Ok(id),
            // Two administrators adding the same name at once: the index decides.
            Err(sqlx::Error::Database(e)) if e.is_unique_violation() => Err(DirectoryWriteError::NameTaken),
            Err(e) => Err(DirectoryWriteError::Store(e.into())),
        }
    }

    /// Takes a resource off the list (contacts that named it keep the name).
    pub async fn retire_resource(&self, id: &str) -> Result<(), DirectoryWriteError> {
        let sql = "update community_resources set retired_at = $1 where id = $2 and retired_at is null";
        let changed = on_pool!(self, pool => sqlx::query(sql).bind(Utc::now()).bind(id).execute(pool).await
            .map(|done| done.rows_affected()).map_err(StoreError::from)?);
        if changed == 0 {
            return Err(DirectoryWriteError::NoSuchResource);
        }
        Ok(())
    }
}
