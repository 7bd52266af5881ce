//! `fermyon:spin/key-value@2.0.0` and `wasi:keyvalue/{store,atomics,batch}@0.2.0-draft2`
//! for the guest. A component may only open the labels it lists in `key_value_stores`.

use super::{Cas, OpenStore};
use crate::bindings::fermyon::spin::key_value as spin_kv;
use crate::bindings::wasi::keyvalue::{atomics, batch, store as wasi_kv};
use crate::state::HostState;
use wasmtime::component::Resource;
use wasmtime::Result;

impl HostState {
    fn open_label(&self, label: &str) -> Option<OpenStore> {
        self.ctx.kv.get(label).map(|backend| {
            OpenStore::new(label, backend.clone()).with_metrics(self.ctx.metrics.clone())
        })
    }

    fn store(&self, handle: &Resource<OpenStore>) -> Result<OpenStore> {
        Ok(self.table.get(handle)?.clone())
    }
}

impl spin_kv::Host for HostState {}

impl spin_kv::HostStore for HostState {
    async fn open(&mut self, label: String) -> Result<Result<Resource<OpenStore>, spin_kv::Error>> {
        match self.open_label(&label) {
            Some(store) => Ok(Ok(self.table.push(store)?)),
            None => Ok(Err(spin_kv::Error::AccessDenied)),
        }
    }

    async fn get(
        &mut self,
        s: Resource<OpenStore>,
        key: String,
    ) -> Result<Result<Option<Vec<u8>>, spin_kv::Error>> {
        Ok(self
            .store(&s)?
            .get(key)
            .await
            .map_err(spin_kv::Error::Other))
    }

    async fn set(
        &mut self,
        s: Resource<OpenStore>,
        key: String,
        value: Vec<u8>,
    ) -> Result<Result<(), spin_kv::Error>> {
        Ok(self
            .store(&s)?
            .set(key, value)
            .await
            .map_err(spin_kv::Error::Other))
    }

    async fn delete(
        &mut self,
        s: Resource<OpenStore>,
        key: String,
    ) -> Result<Result<(), spin_kv::Error>> {
        Ok(self
            .store(&s)?
            .delete(key)
            .await
            .map_err(spin_kv::Error::Other))
    }

    async fn exists(
        &mut self,
        s: Resource<OpenStore>,
        key: String,
    ) -> Result<Result<bool, spin_kv::Error>> {
        Ok(self
            .store(&s)?
            .exists(key)
            .await
            .map_err(spin_kv::Error::Other))
    }

    async fn get_keys(
        &mut self,
        s: Resource<OpenStore>,
    ) -> Result<Result<Vec<String>, spin_kv::Error>> {
        Ok(self.store(&s)?.keys().await.map_err(spin_kv::Error::Other))
    }

    async fn drop(&mut self, s: Resource<OpenStore>) -> Result<()> {
        self.table.delete(s)?;
        Ok(())
    }
}

impl wasi_kv::Host for HostState {
    async fn open(
        &mut self,
        identifier: String,
    ) -> Result<Result<Resource<OpenStore>, wasi_kv::Error>> {
        match self.open_label(&identifier) {
            Some(store) => Ok(Ok(self.table.push(store)?)),
            None => Ok(Err(wasi_kv::Error::AccessDenied)),
        }
    }
}

impl wasi_kv::HostBucket for HostState {
    async fn get(
        &mut self,
        b: Resource<OpenStore>,
        key: String,
    ) -> Result<Result<Option<Vec<u8>>, wasi_kv::Error>> {
        Ok(self
            .store(&b)?
            .get(key)
            .await
            .map_err(wasi_kv::Error::Other))
    }

    async fn set(
        &mut self,
        b: Resource<OpenStore>,
        key: String,
        value: Vec<u8>,
    ) -> Result<Result<(), wasi_kv::Error>> {
        Ok(self
            .store(&b)?
            .set(key, value)
            .await
            .map_err(wasi_kv::Error::Other))
    }

    async fn delete(
        &mut self,
        b: Resource<OpenStore>,
        key: String,
    ) -> Result<Result<(), wasi_kv::Error>> {
        Ok(self
            .store(&b)?
            .delete(key)
            .await
            .map_err(wasi_kv::Error::Other))
    }

    async fn exists(
        &mut self,
        b: Resource<OpenStore>,
        key: String,
    ) -> Result<Result<bool, wasi_kv::Error>> {
        Ok(self
            .store(&b)?
            .exists(key)
            .await
            .map_err(wasi_kv::Error::Other))
    }

    async fn list_keys(
        &mut self,
        b: Resource<OpenStore>,
        _cursor: Option<String>,
    ) -> Result<Result<wasi_kv::KeyResponse, wasi_kv::Error>> {
        let keys = self.store(&b)?.keys().await.map_err(wasi_kv::Error::Other);
        Ok(keys.map(|keys| wasi_kv::KeyResponse { keys, cursor: None }))
    }

    async fn drop(&mut self, b: Resource<OpenStore>) -> Result<()> {
        self.table.delete(b)?;
        Ok(())
    }
}

impl atomics::Host for HostState {
    async fn increment(
        &mut self,
        b: Resource<OpenStore>,
        key: String,
        delta: i64,
    ) -> Result<Result<i64, wasi_kv::Error>> {
        Ok(self
            .store(&b)?
            .increment(key, delta)
            .await
            .map_err(wasi_kv::Error::Other))
    }

    async fn swap(
        &mut self,
        cas: Resource<Cas>,
        value: Vec<u8>,
    ) -> Result<Result<(), atomics::CasError>> {
        let cas_value = self.table.get(&cas)?.clone();
        let swapped = cas_value
            .store
            .swap(cas_value.key.clone(), cas_value.current.clone(), value)
            .await;
        Ok(match swapped {
            Ok(true) => {
                self.table.delete(cas)?;
                Ok(())
            }
            Ok(false) => Err(atomics::CasError::CasFailed(cas)),
            Err(e) => {
                self.table.delete(cas)?;
                Err(atomics::CasError::StoreError(wasi_kv::Error::Other(e)))
            }
        })
    }
}

impl atomics::HostCas for HostState {
    async fn new(
        &mut self,
        b: Resource<OpenStore>,
        key: String,
    ) -> Result<Result<Resource<Cas>, wasi_kv::Error>> {
        let store = self.store(&b)?;
        let current = match store.get(key.clone()).await {
            Ok(v) => v,
            Err(e) => return Ok(Err(wasi_kv::Error::Other(e))),
        };
        Ok(Ok(self.table.push(Cas {
            store,
            key,
            current,
        })?))
    }

    async fn current(
        &mut self,
        cas: Resource<Cas>,
    ) -> Result<Result<Option<Vec<u8>>, wasi_kv::Error>> {
        Ok(Ok(self.table.get(&cas)?.current.clone()))
    }

    async fn drop(&mut self, cas: Resource<Cas>) -> Result<()> {
        self.table.delete(cas)?;
        Ok(())
    }
}

impl batch::Host for HostState {
    async fn get_many(
        &mut self,
        b: Resource<OpenStore>,
        keys: Vec<String>,
    ) -> Result<Result<Vec<(String, Option<Vec<u8>>)>, wasi_kv::Error>> {
        Ok(self
            .store(&b)?
            .get_many(keys)
            .await
            .map_err(wasi_kv::Error::Other))
    }

    async fn set_many(
        &mut self,
        b: Resource<OpenStore>,
        key_values: Vec<(String, Vec<u8>)>,
    ) -> Result<Result<(), wasi_kv::Error>> {
        Ok(self
            .store(&b)?
            .set_many(key_values)
            .await
            .map_err(wasi_kv::Error::Other))
    }

    async fn delete_many(
        &mut self,
        b: Resource<OpenStore>,
        keys: Vec<String>,
    ) -> Result<Result<(), wasi_kv::Error>> {
        Ok(self
            .store(&b)?
            .delete_many(keys)
            .await
            .map_err(wasi_kv::Error::Other))
    }
}
