//! Staff accounts as sign-in needs them.

use super::{on_pool, Store, StoreError};
use app::domain::staff::StaffSummary;
use app::domain::{Role, SignedIn, Username};

/// What sign-in needs to check a password and start a session.
#[derive(Debug, Clone)]
pub struct StaffLogin {
    pub user: SignedIn,
    pub password_hash: String,
    pub active: bool,
}

#[derive(sqlx::FromRow)]
pub(super) struct StaffRow {
    pub id: String,
    pub username: String,
    pub display_name: String,
    pub role: String,
}

impl StaffRow {
    pub(super) fn into_signed_in(self) -> Result<SignedIn, StoreError> {
        let role: Role = self.role.parse().map_err(|e| StoreError::Corrupt(format!("{e}")))?;
        Ok(SignedIn { staff_id: self.id, username: self.username, display_name: self.display_name, role })
    }
}

#[derive(sqlx::FromRow)]
struct LoginRow {
    #[sqlx(flatten)]
    staff: StaffRow,
    password_hash: String,
    active: bool,
}

impl Store {
    /// The account a username belongs to, if any.
    pub async fn staff_login(&self, username: &Username) -> Result<Option<StaffLogin>, StoreError> {
        let sql = "select id, username, display_name, role, password_hash, active
                   from staff where username = $1";
        let row: Option<LoginRow> = on_pool!(self, pool => {
            sqlx::query_as(sql).bind(username.as_str()).fetch_optional(pool).await?
        });
        row.map(|r| {
            Ok(StaffLogin {
                user: r.staff.into_signed_in()?,
                password_hash: r.password_hash,
                active: r.active,
            })
        })
        .transpose()
    }

    /// How many staff accounts exist: none means a brand-new database.
    pub async fn staff_count(&self) -> Result<i64, StoreError> {
        let count: (i64,) = on_pool!(self, pool => {
            sqlx::query_as("select count(*) from staff").fetch_one(pool).await?
        });
        Ok(count.0)
    }

    /// Turns an account on or off; an account that is off cannot sign in
    /// and its sessions stop working at once.
    pub async fn set_staff_active(&self, username: &str, active: bool) -> Result<(), StoreError> {
        let sql = "update staff set active = $2 where username = $1";
        on_pool!(self, pool => sqlx::query(sql).bind(username).bind(active).execute(pool).await?.rows_affected());
        Ok(())
    }

    /// The stored hash of a member of staff's password.
    pub async fn password_hash(&self, staff_id: &str) -> Result<Option<String>, StoreError> {
        let sql = "select password_hash from staff where id = $1";
        let row: Option<(String,)> =
            on_pool!(self, pool => sqlx::query_as(sql).bind(staff_id).fetch_optional(pool).await?);
        Ok(row.map(|r| r.0))
    }

    /// Replaces a password hash; `must_change` makes the person choose a new
    /// one at their next sign-in (after an admin's reset).
    pub async fn set_password(
        &self,
        staff_id: &str,
        hash: &str,
        must_change: bool,
    ) -> Result<(), StoreError> {
        let sql = "update staff set password_hash = $2, must_change_password = $3 where id = $1";
        on_pool!(self, pool => {
            sqlx::query(sql).bind(staff_id).bind(hash).bind(must_change).execute(pool).await?.rows_affected()
        });
        Ok(())
    }

    /// Every account with the names of its wards, by name.
    pub async fn staff_summaries(&self) -> Result<Vec<StaffSummary>, StoreError> {
        let sql = "select id, username, display_name, role, active from staff order by display_name";
        let rows: Vec<(String, String, String, String, bool)> =
            on_pool!(self, pool => sqlx::query_as(sql).fetch_all(pool).await?);
        let sql = "select sw.staff_id, w.id, w.name from staff_wards sw join wards w on w.id = sw.ward_id
                   order by w.name";
        let wards: Vec<(String, String, String)> =
            on_pool!(self, pool => sqlx::query_as(sql).fetch_all(pool).await?);
        rows.into_iter()
            .map(|(id, username, display_name, role, active)| {
                let role: Role = role.parse().map_err(|e| StoreError::Corrupt(format!("{e}")))?;
                let theirs = || wards.iter().filter(|(s, _, _)| *s == id);
                let ward_ids = theirs().map(|(_, w, _)| w.clone()).collect();
                let ward_names = theirs().map(|(_, _, name)| name.clone()).collect();
                Ok(StaffSummary {
                    id: id.clone(),
                    username,
                    display_name,
                    role,
                    ward_ids,
                    ward_names,
                    active,
                    deployments: Vec::new(),
                })
            })
            .collect()
    }

    /// Turns an account on or off by id; off also ends every session it has.
    /// False when there is no such account.
    pub async fn set_staff_active_by_id(&self, staff_id: &str, active: bool) -> Result<bool, StoreError> {
        let sql = "update staff set active = $2 where id = $1";
        let changed = on_pool!(self, pool => sqlx::query(sql).bind(staff_id).bind(active).execute(pool).await?.rows_affected());
        if !active {
            self.end_sessions_of(staff_id).await?;
        }
        Ok(changed == 1)
    }
}
