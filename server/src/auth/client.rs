//! Where a request came from, for the rate limits and the audit trail.

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::{header, request::Parts};
use std::convert::Infallible;
use std::net::SocketAddr;

/// The address and browser a request came from. Behind a load balancer the
/// address is the balancer's; trusting a forwarded header needs a setting
/// naming the balancer, which a later change can add.
#[derive(Clone, Debug)]
pub struct Client {
    pub address: String,
    pub device: String,
}

impl<S: Send + Sync> FromRequestParts<S> for Client {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let address = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map_or_else(|| "unknown".to_owned(), |info| info.0.ip().to_string());
        let device = parts
            .headers
            .get(header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        Ok(Client { address, device })
    }
}
