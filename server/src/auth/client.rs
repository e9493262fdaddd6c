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
/// proxy (a load balancer named in the settings); then `X-Forwarded-For` is
/// walked from the right (the end the proxies wrote), past trusted proxies,
/// to the first address that is not one. Anything unparsable stops the walk
/// at the proxy that passed it on: what lies left of it was written by the
/// client and is not believed. A header from anyone else is ignored, so
/// nobody can dodge the rate limits or choose the audit trail's address.
pub fn client_address(peer: Option<IpAddr>, headers: &HeaderMap, trusted: &[IpAddr]) -> String {
    let Some(peer) = peer else { return "unknown".to_owned() };
    if !trusted.contains(&peer) {
        return peer.to_string();
    }
    let hops: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .map(|v| v.to_str().unwrap_or("?"))
        .flat_map(|v| v.split(','))
        .collect();
    let mut nearest = peer;
    for hop in hops.iter().rev() {
        let Ok(ip) = hop.trim().parse::<IpAddr>() else { break };
        if !trusted.contains(&ip) {
            return ip.to_string();
        }
        nearest = ip;
    }
    nearest.to_string()
}

/// The address as the sign-in limits count it: an IPv4 address whole, an
/// IPv6 one by its /64 (one household or phone gets a whole /64, so its
/// last 64 bits are the sender's to choose).
pub fn limit_key(address: &str) -> String {
    match address.parse::<IpAddr>() {
        Ok(IpAddr::V6(v6)) if v6.to_ipv4_mapped().is_none() => {
            let bits = u128::from(v6) & !((1u128 << 64) - 1);
            format!("{}/64", std::net::Ipv6Addr::from(bits))
        }
        Ok(IpAddr::V6(v6)) => v6.to_ipv4_mapped().map_or_else(|| address.to_owned(), |v4| v4.to_string()),
        _ => address.to_owned(),
    }
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
    use super::{client_address, limit_key};
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
    fn a_made_up_address_before_garbage_is_not_believed() {
        // Walking from the left used to stop at "x" and take "1.2.3.4".
        let balancer = ip("10.0.0.2");
        for hostile in
            ["1.2.3.4, x", "1.2.3.4, ", "1.2.3.4,[::1]:80", "1.2.3.4, 203.0.113.9:443", "1.2.3.4,,"]
        {
            assert_eq!(
                client_address(Some(balancer), &forwarded(hostile), &[balancer]),
                "10.0.0.2",
                "{hostile}"
            );
        }
    }

    #[test]
    fn the_walk_passes_trusted_proxies_and_stops_at_the_first_other_address() {
        let (balancer, inner) = (ip("10.0.0.2"), ip("10.0.0.3"));
        let headers = forwarded("1.2.3.4, 203.0.113.9, 10.0.0.3");
        assert_eq!(client_address(Some(balancer), &headers, &[balancer, inner]), "203.0.113.9");
        // Garbage behind a trusted inner proxy: the inner proxy is the address.
        let headers = forwarded("1.2.3.4, nonsense, 10.0.0.3");
        assert_eq!(client_address(Some(balancer), &headers, &[balancer, inner]), "10.0.0.3");
        // Two headers read as one list, in order.
        let mut headers = forwarded("1.2.3.4");
        headers.append("x-forwarded-for", "2001:db8::7".parse().expect("header"));
        assert_eq!(client_address(Some(balancer), &headers, &[balancer]), "2001:db8::7");
    }

    #[test]
    fn ipv6_addresses_count_by_their_64_bit_prefix() {
        assert_eq!(limit_key("2001:db8:1:2:aaaa::1"), "2001:db8:1:2::/64");
        assert_eq!(limit_key("2001:db8:1:2:ffff:ffff:ffff:ffff"), "2001:db8:1:2::/64");
        assert_ne!(limit_key("2001:db8:1:3::1"), limit_key("2001:db8:1:2::1"));
        assert_eq!(limit_key("::ffff:203.0.113.9"), "203.0.113.9");
        assert_eq!(limit_key("203.0.113.9"), "203.0.113.9");
        assert_eq!(limit_key("unknown"), "unknown");
    }

    #[test]
    fn a_trusted_proxy_without_a_header_is_the_address() {
        let balancer = ip("10.0.0.2");
        assert_eq!(client_address(Some(balancer), &HeaderMap::new(), &[balancer]), "10.0.0.2");
        assert_eq!(client_address(None, &HeaderMap::new(), &[]), "unknown");
    }
}
