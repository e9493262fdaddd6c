//! The statements the op writer makes, said once for both engines: a record
//! kind's storage (`store/records/`) is plain code over [`Statements`], and
//! the one place that knows the two transaction types is [`statements_on!`]
//! below, expanded once per engine.

use super::ROWS_PER_INSERT;
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{Postgres, QueryBuilder, Sqlite, Transaction};

/// A value bound into a statement.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Bind<'a> {
    Text(&'a str),
    MaybeText(Option<&'a str>),
    /// Text made for the statement (a record's details as JSON, say).
    Owned(String),
    MaybeOwned(Option<String>),
    Int(i64),
    /// For an `integer` column that PostgreSQL would not take a bigint for.
    Int32(i32),
    Time(DateTime<Utc>),
    Date(NaiveDate),
}

impl<'a> From<&'a str> for Bind<'a> {
    fn from(text: &'a str) -> Self {
        Bind::Text(text)
    }
}

impl<'a> From<&'a String> for Bind<'a> {
    fn from(text: &'a String) -> Self {
        Bind::Text(text)
    }
}

impl<'a> From<&'a Option<String>> for Bind<'a> {
    fn from(text: &'a Option<String>) -> Self {
        Bind::MaybeText(text.as_deref())
    }
}

impl From<String> for Bind<'_> {
    fn from(text: String) -> Self {
        Bind::Owned(text)
    }
}

impl From<Option<String>> for Bind<'_> {
    fn from(text: Option<String>) -> Self {
        Bind::MaybeOwned(text)
    }
}

impl From<i64> for Bind<'_> {
    fn from(n: i64) -> Self {
        Bind::Int(n)
    }
}

impl From<DateTime<Utc>> for Bind<'_> {
    fn from(at: DateTime<Utc>) -> Self {
        Bind::Time(at)
    }
}

/// What a kind's storage may ask of the open transaction.
pub(crate) trait Statements {
    /// `head` (`insert into t (a, b) `) with a `values` row for each of
    /// `rows`, [`ROWS_PER_INSERT`] rows to a statement.
    async fn insert(&mut self, head: &str, rows: &[Vec<Bind<'_>>]) -> Result<(), sqlx::Error>;

    /// The same ending in `tail`, whose `returning` names one text column:
    /// that column of every row written.
    async fn insert_returning(
        &mut self,
        head: &str,
        rows: &[Vec<Bind<'_>>],
        tail: &str,
    ) -> Result<Vec<String>, sqlx::Error>;

    /// One statement, for what is not an insert.
    async fn execute(&mut self, sql: &str, binds: &[Bind<'_>]) -> Result<(), sqlx::Error>;

    /// One text value read in the transaction (what a write depends on).
    async fn fetch_text(&mut self, sql: &str, binds: &[Bind<'_>]) -> Result<String, sqlx::Error>;
}

/// `$target.$method(value)` with `$value`, a [`Bind`], in its own type.
macro_rules! with_bind {
    ($target:expr, $method:ident, $value:expr) => {
        match $value {
            Bind::Text(t) => $target.$method(*t),
            Bind::MaybeText(t) => $target.$method(*t),
            Bind::Owned(t) => $target.$method(t.as_str()),
            Bind::MaybeOwned(t) => $target.$method(t.as_deref()),
            Bind::Int(n) => $target.$method(*n),
            Bind::Int32(n) => $target.$method(*n),
            Bind::Time(at) => $target.$method(*at),
            Bind::Date(day) => $target.$method(*day),
        }
    };
}

/// Implements [`Statements`] for one engine's transaction.
macro_rules! statements_on {
    ($db:ty) => {
        impl Statements for Transaction<'_, $db> {
            async fn insert(&mut self, head: &str, rows: &[Vec<Bind<'_>>]) -> Result<(), sqlx::Error> {
                self.insert_returning(head, rows, "").await.map(drop)
            }

            async fn insert_returning(
                &mut self,
                head: &str,
                rows: &[Vec<Bind<'_>>],
                tail: &str,
            ) -> Result<Vec<String>, sqlx::Error> {
                let mut returned = Vec::new();
                for chunk in rows.chunks(ROWS_PER_INSERT) {
                    let mut insert = QueryBuilder::<$db>::new(head);
                    insert.push_values(chunk, |mut row, values| {
                        for value in values {
                            with_bind!(row, push_bind, value);
                        }
                    });
                    insert.push(tail);
                    let ids: Vec<(String,)> = insert.build_query_as().fetch_all(&mut **self).await?;
                    returned.extend(ids.into_iter().map(|(id,)| id));
                }
                Ok(returned)
            }

            async fn execute(&mut self, sql: &str, binds: &[Bind<'_>]) -> Result<(), sqlx::Error> {
                let mut query = sqlx::query::<$db>(sql);
                for value in binds {
                    query = with_bind!(query, bind, value);
                }
                query.execute(&mut **self).await.map(drop)
            }

            async fn fetch_text(&mut self, sql: &str, binds: &[Bind<'_>]) -> Result<String, sqlx::Error> {
                let mut query = sqlx::query_as::<$db, (String,)>(sql);
                for value in binds {
                    query = with_bind!(query, bind, value);
                }
                Ok(query.fetch_one(&mut **self).await?.0)
            }
        }
    };
}

statements_on!(Sqlite);
statements_on!(Postgres);
