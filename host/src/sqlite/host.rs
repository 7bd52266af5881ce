//! `spin:sqlite/sqlite@3.0.0` and `fermyon:spin/sqlite@2.0.0` for the guest. A component may
//! only open the databases it lists in `sqlite_databases`.

use super::{Conn, QueryResult, SqlValue};
use crate::bindings::fermyon::spin::sqlite as v2;
use crate::bindings::spin::sqlite::sqlite as v3;
use crate::state::HostState;
use std::sync::Arc;
use std::time::Instant;
use wasmtime::component::Resource;
use wasmtime::Result;

/// Why opening failed, before mapping to either interface's error type.
enum Failure {
    AccessDenied,
}

impl HostState {
    /// A new handle on `label`. Its connection is opened at its first statement, as in Spin
    /// (`crates/sqlite-inproc`), so a file that cannot be opened shows as an `io` error there.
    fn open_db(&mut self, label: &str) -> Result<Result<Resource<Conn>, Failure>> {
        let Some(db) = self.ctx.sqlite.get(label).map(Arc::clone) else {
            return Ok(Err(Failure::AccessDenied));
        };
        Ok(Ok(self.table.push(Conn::labelled(db, Arc::from(label)))?))
    }

    async fn run(
        &mut self,
        c: &Resource<Conn>,
        statement: String,
        params: Vec<SqlValue>,
    ) -> Result<Result<QueryResult, String>> {
        let Some(metrics) = self.ctx.metrics.clone() else {
            return Ok(self.table.get(c)?.execute(statement, params).await);
        };
        let kind = crate::metrics::statement_kind(&statement);
        let conn = self.table.get(c)?;
        let started = Instant::now();
        let result = conn.execute(statement, params).await;
        metrics.sql(conn.label(), kind, started.elapsed());
        Ok(result)
    }
}

macro_rules! value_conversions {
    ($m:ident) => {
        impl From<$m::Value> for SqlValue {
            fn from(v: $m::Value) -> Self {
                match v {
                    $m::Value::Integer(i) => SqlValue::Integer(i),
                    $m::Value::Real(r) => SqlValue::Real(r),
                    $m::Value::Text(t) => SqlValue::Text(t),
                    $m::Value::Blob(b) => SqlValue::Blob(b),
                    $m::Value::Null => SqlValue::Null,
                }
            }
        }

        impl From<SqlValue> for $m::Value {
            fn from(v: SqlValue) -> Self {
                match v {
                    SqlValue::Integer(i) => $m::Value::Integer(i),
                    SqlValue::Real(r) => $m::Value::Real(r),
                    SqlValue::Text(t) => $m::Value::Text(t),
                    SqlValue::Blob(b) => $m::Value::Blob(b),
                    SqlValue::Null => $m::Value::Null,
                }
            }
        }

        impl From<QueryResult> for $m::QueryResult {
            fn from(r: QueryResult) -> Self {
                $m::QueryResult {
                    columns: r.columns,
                    rows: r
                        .rows
                        .into_iter()
                        .map(|row| $m::RowResult {
                            values: row.into_iter().map(Into::into).collect(),
                        })
                        .collect(),
                }
            }
        }

        impl From<Failure> for $m::Error {
            fn from(f: Failure) -> Self {
                match f {
                    Failure::AccessDenied => $m::Error::AccessDenied,
                }
            }
        }
    };
}

value_conversions!(v2);
value_conversions!(v3);

impl v3::Host for HostState {}

impl v3::HostConnection for HostState {
    async fn open(&mut self, database: String) -> Result<Result<Resource<Conn>, v3::Error>> {
        Ok(self.open_db(&database)?.map_err(Into::into))
    }

    async fn execute(
        &mut self,
        c: Resource<Conn>,
        statement: String,
        parameters: Vec<v3::Value>,
    ) -> Result<Result<v3::QueryResult, v3::Error>> {
        let params = parameters.into_iter().map(Into::into).collect();
        Ok(self
            .run(&c, statement, params)
            .await?
            .map(Into::into)
            .map_err(v3::Error::Io))
    }

    async fn last_insert_rowid(&mut self, c: Resource<Conn>) -> Result<i64> {
        Ok(self.table.get(&c)?.last_insert_rowid().await)
    }

    async fn changes(&mut self, c: Resource<Conn>) -> Result<u64> {
        Ok(self.table.get(&c)?.changes().await)
    }

    async fn drop(&mut self, c: Resource<Conn>) -> Result<()> {
        self.table.delete(c)?;
        Ok(())
    }
}

impl v2::Host for HostState {}

impl v2::HostConnection for HostState {
    async fn open(&mut self, database: String) -> Result<Result<Resource<Conn>, v2::Error>> {
        Ok(self.open_db(&database)?.map_err(Into::into))
    }

    async fn execute(
        &mut self,
        c: Resource<Conn>,
        statement: String,
        parameters: Vec<v2::Value>,
    ) -> Result<Result<v2::QueryResult, v2::Error>> {
        let params = parameters.into_iter().map(Into::into).collect();
        Ok(self
            .run(&c, statement, params)
            .await?
            .map(Into::into)
            .map_err(v2::Error::Io))
    }

    async fn drop(&mut self, c: Resource<Conn>) -> Result<()> {
        self.table.delete(c)?;
        Ok(())
    }
}
