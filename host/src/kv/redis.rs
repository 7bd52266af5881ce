//! The Redis (or Valkey) key-value backend. Keys are used as-is, like Spin's Redis backend
//! (one Redis database per store label); counters use `INCRBY` and are stored in decimal.

use redis::aio::ConnectionManager;
use redis::AsyncCommands;
use std::time::Duration;

const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// A reconnecting Redis connection.
#[derive(Clone)]
pub struct RedisKv {
    conn: ConnectionManager,
}

impl std::fmt::Debug for RedisKv {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RedisKv")
    }
}

fn err(e: redis::RedisError) -> String {
    e.to_string()
}

impl RedisKv {
    /// Connects (fails fast at start-up when Redis is unreachable).
    pub async fn connect(url: &str) -> Result<Self, String> {
        let client = redis::Client::open(url).map_err(err)?;
        let conn = tokio::time::timeout(CONNECT_TIMEOUT, ConnectionManager::new(client))
            .await
            .map_err(|_| "timed out connecting".to_string())?
            .map_err(err)?;
        Ok(Self { conn })
    }

    /// GET.
    pub async fn get(&self, key: &str) -> Result<Option<Vec<u8>>, String> {
        self.conn.clone().get(key).await.map_err(err)
    }

    /// SET.
    pub async fn set(&self, key: &str, value: &[u8]) -> Result<(), String> {
        self.conn.clone().set(key, value).await.map_err(err)
    }

    /// DEL.
    pub async fn delete(&self, key: &str) -> Result<(), String> {
        self.conn.clone().del(key).await.map_err(err)
    }

    /// EXISTS.
    pub async fn exists(&self, key: &str) -> Result<bool, String> {
        self.conn.clone().exists(key).await.map_err(err)
    }

    /// KEYS * (as Spin does).
    pub async fn keys(&self) -> Result<Vec<String>, String> {
        self.conn.clone().keys("*").await.map_err(err)
    }

    /// INCRBY.
    pub async fn increment(&self, key: &str, delta: i64) -> Result<i64, String> {
        self.conn.clone().incr(key, delta).await.map_err(err)
    }

    /// MGET.
    pub async fn get_many(&self, keys: &[String]) -> Result<Vec<Option<Vec<u8>>>, String> {
        if keys.is_empty() {
            return Ok(Vec::new());
        }
        redis::cmd("MGET")
            .arg(keys)
            .query_async(&mut self.conn.clone())
            .await
            .map_err(err)
    }

    /// MSET.
    pub async fn set_many(&self, pairs: &[(String, Vec<u8>)]) -> Result<(), String> {
        if pairs.is_empty() {
            return Ok(());
        }
        let mut cmd = redis::cmd("MSET");
        for (k, v) in pairs {
            cmd.arg(k).arg(v.as_slice());
        }
        cmd.query_async(&mut self.conn.clone()).await.map_err(err)
    }

    /// DEL of several keys.
    pub async fn delete_many(&self, keys: &[String]) -> Result<(), String> {
        if keys.is_empty() {
            return Ok(());
        }
        self.conn.clone().del(keys).await.map_err(err)
    }
}
