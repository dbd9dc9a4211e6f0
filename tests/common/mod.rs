//! Helpers shared by the integration tests.

pub mod pdf;
pub mod qr;
