//! `fermyon:spin/variables@2.0.0`: a component reads only its own `[component.X.variables]`.

use crate::bindings::fermyon::spin::variables;
use crate::manifest::is_variable_name;
use crate::state::HostState;

impl variables::Host for HostState {
    async fn get(&mut self, name: String) -> wasmtime::Result<Result<String, variables::Error>> {
        if !is_variable_name(&name) {
            return Ok(Err(variables::Error::InvalidName(name)));
        }
        Ok(match self.ctx.variables.get(&name) {
            Some(value) => Ok(value.clone()),
            None => Err(variables::Error::Undefined(name)),
        })
    }
}
