//! Where a request came from, for the rate limits and the audit trail.

use crate::state::AppState;
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::{header, request::Parts, HeaderMap};
use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};

/// The address and browser a request came from.
#[derive(Clone, Debug)]
pub struct Client {
    pub address: String,
    pub device: String,
}

/// The person's address: the connection's, unless it comes from a trusted
/// proxy (a load balancer named in the settings); then the nearest address
/// in `X-Forwarded-For` that is not itself a trusted proxy. A header from
/// anyone else is ignored, so nobody can dodge the rate limits by sending one.
pub fn client_address(peer: Option<IpAddr>, headers: &HeaderMap, trusted: &[IpAddr]) -> String {
    let Some(peer) = peer else { return "unknown".to_owned() };
    if !trusted.contains(&peer) {
        return peer.to_string();
    }
    let forwarded: Vec<IpAddr> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map_while(|part| part.trim().parse::<IpAddr>().ok())
        .collect();
    forwarded.into_iter().rev().find(|ip| !trusted.contains(ip)).unwrap_or(peer).to_string()
}

impl FromRequestParts<AppState> for Client {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let peer = parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|info| info.0.ip());
        let address = client_address(peer, &parts.headers, &state.auth.trusted_proxies);
        let device = parts
            .headers
            .get(header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        Ok(Client { address, device })
    }
}

#[cfg(test)]
mod tests {
    use super::client_address;
    use axum::http::HeaderMap;
    use std::net::IpAddr;

    fn ip(text: &str) -> IpAddr {
        text.parse().expect("ip")
    }

    fn forwarded(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert("x-forwarded-for", value.parse().expect("header"));
        headers
    }

    #[test]
    fn without_a_trusted_proxy_the_header_is_ignored() {
        let headers = forwarded("203.0.113.9");
        assert_eq!(client_address(Some(ip("198.51.100.4")), &headers, &[]), "198.51.100.4");
    }

    #[test]
    fn behind_the_trusted_balancer_the_forwarded_address_counts() {
        let balancer = ip("10.0.0.2");
        let headers = forwarded("203.0.113.9");
        assert_eq!(client_address(Some(balancer), &headers, &[balancer]), "203.0.113.9");
    }

    #[test]
    fn an_address_the_person_made_up_is_not_believed() {
        // The person sent "1.2.3.4" themselves; the balancer appended their real address.
        let balancer = ip("10.0.0.2");
        let headers = forwarded("1.2.3.4, 203.0.113.9");
        assert_eq!(client_address(Some(balancer), &headers, &[balancer]), "203.0.113.9");
    }

    #[test]
    fn a_trusted_proxy_without_a_header_is_the_address() {
        let balancer = ip("10.0.0.2");
        assert_eq!(client_address(Some(balancer), &HeaderMap::new(), &[balancer]), "10.0.0.2");
        assert_eq!(client_address(None, &HeaderMap::new(), &[]), "unknown");
    }
}
