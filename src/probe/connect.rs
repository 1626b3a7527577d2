//! Resolving an origin's name and opening TCP to it, with CloudFront's
//! connection timeout and attempts.

use std::io;
use std::net::{IpAddr, SocketAddr, TcpStream, ToSocketAddrs};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use super::catalog::Check;
use super::outcome::Problem;

/// `--resolve NAME:PORT:ADDR`: a name mapped to an address, as curl has it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mapping {
    pub name: String,
    pub port: u16,
    pub addr: IpAddr,
}

impl std::str::FromStr for Mapping {
    type Err = String;

    fn from_str(text: &str) -> Result<Mapping, String> {
        let bad = || format!("expected NAME:PORT:ADDR, got `{text}`");
        let (name, rest) = text.split_once(':').ok_or_else(bad)?;
        let (port, addr) = rest.split_once(':').ok_or_else(bad)?;
        let addr = addr.trim_start_matches('[').trim_end_matches(']');
        Ok(Mapping {
            name: name.trim_end_matches('.').to_ascii_lowercase(),
            port: port.parse().map_err(|_| bad())?,
            addr: addr.parse().map_err(|_| bad())?,
        })
    }
}

/// The addresses to connect to: mapped ones as they are, resolved ones
/// when at least one is public.
pub fn resolve(
    host: &str,
    port: u16,
    mappings: &[Mapping],
    timeout: Duration,
) -> Result<(Vec<SocketAddr>, bool), Problem> {
    let mapped: Vec<SocketAddr> = mappings
        .iter()
        .filter(|m| m.name.eq_ignore_ascii_case(host) && m.port == port)
        .map(|m| SocketAddr::new(m.addr, port))
        .collect();
    if !mapped.is_empty() {
        return Ok((mapped, true));
    }
    let (send, receive) = mpsc::channel();
    let name = host.to_string();
    // the system resolver has no timeout of its own; a lookup that hangs
    // leaves this thread behind, not the run
    std::thread::spawn(move || {
        let _ = send.send((name.as_str(), port).to_socket_addrs().map(Vec::from_iter));
    });
    let addrs = match receive.recv_timeout(timeout) {
        Ok(Ok(addrs)) => addrs,
        Ok(Err(err)) => {
            return Err(Problem::new(
                Check::DnsNotPublic,
                format!("`{host}` does not resolve ({err})"),
            ));
        }
        Err(_) => {
            return Err(Problem::new(
                Check::DnsNotPublic,
                format!("`{host}` did not resolve within {} s", timeout.as_secs()),
            ));
        }
    };
    let public: Vec<SocketAddr> = addrs
        .iter()
        .copied()
        .filter(|a| is_public(a.ip()))
        .collect();
    if public.is_empty() {
        let list: Vec<String> = addrs.iter().map(|a| a.ip().to_string()).collect();
        let what = if list.is_empty() {
            "to no address".to_string()
        } else {
            format!(
                "only to addresses the internet cannot reach ({})",
                list.join(", ")
            )
        };
        return Err(Problem::new(
            Check::DnsNotPublic,
            format!("`{host}` resolves {what}"),
        ));
    }
    Ok((public, false))
}

/// Whether CloudFront's edge could reach an address: not private,
/// loopback, link-local, shared (carrier-grade NAT), unique-local,
/// documentation or unspecified.
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(a) => {
            let [first, second, ..] = a.octets();
            let shared = first == 100 && (64..128).contains(&second);
            !(a.is_private()
                || a.is_loopback()
                || a.is_link_local()
                || a.is_unspecified()
                || a.is_broadcast()
                || a.is_documentation()
                || shared)
        }
        IpAddr::V6(a) => {
            if let Some(v4) = a.to_ipv4_mapped() {
                return is_public(IpAddr::V4(v4));
            }
            let [first, second, ..] = a.segments();
            !(a.is_loopback()
                || a.is_unspecified()
                || (first & 0xfe00) == 0xfc00
                || (first & 0xffc0) == 0xfe80
                || (first == 0x2001 && second == 0x0db8))
        }
    }
}

/// Opens TCP as CloudFront does: each attempt within the connection
/// timeout, no more attempts than the origin's, none past `deadline`.
pub fn connect(
    addrs: &[SocketAddr],
    timeout: Duration,
    attempts: u32,
    deadline: Instant,
) -> Result<(TcpStream, SocketAddr), Problem> {
    let mut last: Option<(SocketAddr, io::Error)> = None;
    let mut made = 0;
    for attempt in 0..attempts {
        // each attempt goes to the next address, as a client cycling
        // through a name's addresses does
        let Some(&addr) = addrs.get(attempt as usize % addrs.len().max(1)) else {
            break;
        };
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            break;
        }
        made += 1;
        match TcpStream::connect_timeout(&addr, timeout.min(left)) {
            Ok(stream) => return Ok((stream, addr)),
            Err(err) => last = Some((addr, err)),
        }
    }
    let tries = format!(
        "{made} attempt{}, {} s timeout each",
        if made == 1 { "" } else { "s" },
        timeout.as_secs()
    );
    let message = match last {
        Some((addr, err)) if err.kind() == io::ErrorKind::ConnectionRefused => {
            format!("{addr} refused the connection ({tries})")
        }
        Some((addr, err))
            if matches!(
                err.kind(),
                io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock
            ) =>
        {
            format!("{addr} did not accept a connection ({tries})")
        }
        Some((addr, err)) => format!("cannot connect to {addr}: {err} ({tries})"),
        None => "no connection attempt fit in the total deadline".to_string(),
    };
    Err(Problem::new(Check::ConnectionFailed, message))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn private_and_special_addresses_are_not_public() {
        for ip in [
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "127.0.0.1",
            "169.254.1.1",
            "100.64.0.1",
            "::1",
            "fd00::1",
            "fe80::1",
            "::ffff:10.0.0.1",
        ] {
            assert!(!is_public(ip.parse().unwrap()), "{ip}");
        }
        for ip in ["52.94.236.248", "100.128.0.1", "2600:1f18::1"] {
            assert!(is_public(ip.parse().unwrap()), "{ip}");
        }
    }

    #[test]
    fn mappings_read_like_curls() {
        let m: Mapping = "Origin.Example.com:8443:127.0.0.1".parse().unwrap();
        assert_eq!((m.name.as_str(), m.port), ("origin.example.com", 8443));
        let v6: Mapping = "a.test:443:[::1]".parse().unwrap();
        assert_eq!(v6.addr, "::1".parse::<IpAddr>().unwrap());
        assert!("a.test:443".parse::<Mapping>().is_err());
    }

    #[test]
    fn a_loopback_name_is_refused_unless_mapped() {
        let err = resolve("localhost", 80, &[], Duration::from_secs(5)).unwrap_err();
        assert_eq!(err.check, Check::DnsNotPublic);
        assert!(
            err.message.contains("127.0.0.1") || err.message.contains("::1"),
            "{}",
            err.message
        );
        let mapped = vec!["localhost:80:127.0.0.1".parse().unwrap()];
        let (addrs, was_mapped) =
            resolve("localhost", 80, &mapped, Duration::from_secs(5)).unwrap();
        assert!(was_mapped);
        assert_eq!(addrs, vec!["127.0.0.1:80".parse().unwrap()]);
    }
}
