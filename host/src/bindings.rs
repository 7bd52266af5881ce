//! Host bindings for the Spin platform interfaces (generated from `wit/`).

wasmtime::component::bindgen!({
    path: "wit",
    world: "ratusz:host/spin-imports",
    imports: { default: async | trappable },
    with: {
        "fermyon:spin/key-value.store": crate::kv::OpenStore,
        "wasi:keyvalue/store.bucket": crate::kv::OpenStore,
        "wasi:keyvalue/atomics.cas": crate::kv::Cas,
        "fermyon:spin/sqlite.connection": crate::sqlite::Conn,
        "spin:sqlite/sqlite.connection": crate::sqlite::Conn,
    },
});
