//! Rate limits: how many bank requests one client address, and how many logins and 利用者認証 one
//! contract ID, may make in a fixed window; past that the answer is `429 rate_limited` with
//! `Retry-After` (the seconds left in the window). The counters live in the database, so server
//! processes behind a load balancer share them (none keeps anything in memory another needs).
//!
//! They slow guessing; they do not replace the lockouts. A refused request never reaches the bank,
//! so it counts no failure and resets none, and a lock still comes after exactly 5 (or 3) wrong
//! answers however they are spread.
//!
//! The per-address limit comes first, and only a request it lets through is counted against the
//! contract ID it names: a client already over its own limit cannot spend a chosen customer's
//! per-contract budget (which would make that customer's logins `429` from every address). A
//! request the per-contract limit then refuses is taken back off the address's count (one more
//! statement, on refused requests only), so an attacker hammering one customer's ID is stopped
//! there without using up the budget of everyone else behind the same address (an office, a
//! mobile carrier's NAT); the per-address limit is set high for the same reason. The count taken
//! back is not atomic with the one added: requests racing in the same instant may see the
//! address's count one or two higher than it ends up, never lower.

use crate::db::Db;
use crate::error::ApiError;
use crate::service::ServiceError;
use shinkin_otp_domain::input::ContractId;
use shinkin_otp_domain::Clock;
use std::net::IpAddr;
use std::sync::Arc;

/// The limits; a limit of 0 is off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimits {
    /// Bank requests per window from one client address (an IPv6 client: its /64).
    pub per_address: u32,
    /// ログイン and 利用者認証 requests per window naming one contract ID, from anywhere.
    pub per_contract: u32,
    /// The window, in seconds.
    pub window_seconds: u64,
}

impl RateLimits {
    /// The defaults: 300 requests a minute per address, 10 logins a minute per contract ID.
    pub const DEFAULT: RateLimits = RateLimits {
        per_address: 300,
        per_contract: 10,
        window_seconds: 60,
    };

    /// No limits (tests that are not about them).
    pub const OFF: RateLimits = RateLimits {
        per_address: 0,
        per_contract: 0,
        window_seconds: 60,
    };
}

/// Counts requests in the database and refuses those over a limit.
#[derive(Clone)]
pub struct RateLimiter {
    /// The database holding the counters.
    pub db: Db,
    /// Now (the bank's clock, so tests move both together).
    pub clock: Arc<dyn Clock>,
    /// The limits.
    pub limits: RateLimits,
}

impl std::fmt::Debug for RateLimiter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RateLimiter")
            .field("limits", &self.limits)
            .finish_non_exhaustive()
    }
}

/// The bucket of a client address: IPv4 whole, IPv6 by its /64 (one customer's network).
fn address_bucket(address: IpAddr) -> String {
    match address {
        IpAddr::V4(v4) => format!("a:{v4}"),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => format!("a:{v4}"),
            None => {
                let s = v6.segments();
                format!("a:{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
    }
}

impl RateLimiter {
    /// Counts a request from `address` (if known) naming `contract` (if any); refuses it with
    /// `429` when a limit is passed.
    pub async fn check(
        &self,
        address: Option<IpAddr>,
        contract: Option<&ContractId>,
    ) -> Result<(), ApiError> {
        let RateLimits {
            per_address,
            per_contract,
            window_seconds,
        } = self.limits;
        let window = window_seconds.max(1);
        let now = self.clock.now();
        let start = now - now % window;
        let retry_after = start + window - now;
        let address = address.filter(|_| per_address > 0).map(address_bucket);
        if let Some(bucket) = &address {
            if self.hit(bucket, start).await? > u64::from(per_address) {
                tracing::info!(limit = "address", "rate limited");
                return Err(ApiError::rate_limited(retry_after));
            }
        }
        if let Some(id) = contract.filter(|_| per_contract > 0) {
            if self.hit(&format!("c:{}", id.as_str()), start).await? > u64::from(per_contract) {
                if let Some(bucket) = &address {
                    self.take_back(bucket, start).await?;
                }
                tracing::info!(limit = "contract", "rate limited");
                return Err(ApiError::rate_limited(retry_after));
            }
        }
        Ok(())
    }

    /// Takes back one of `bucket`'s count in the window starting at `start` (if still that window).
    async fn take_back(&self, bucket: &str, start: u64) -> Result<(), ServiceError> {
        sqlx::query(
            "UPDATE rate_limits SET hits = hits - 1 \
             WHERE bucket = $1 AND window_start = $2 AND hits > 0",
        )
        .bind(bucket)
        .bind(i64::try_from(start).unwrap_or(i64::MAX))
        .execute(&self.db.pool)
        .await?;
        Ok(())
    }

    /// Adds one to `bucket`'s count for the window starting at `start` (a new window starts at 1),
    /// in one atomic statement; returns the count.
    async fn hit(&self, bucket: &str, start: u64) -> Result<u64, ServiceError> {
        let hits: i64 = sqlx::query_scalar(
            "INSERT INTO rate_limits (bucket, window_start, hits) VALUES ($1, $2, 1) \
             ON CONFLICT (bucket) DO UPDATE SET \
             hits = CASE WHEN rate_limits.window_start = excluded.window_start \
                    THEN rate_limits.hits + 1 ELSE 1 END, \
             window_start = excluded.window_start \
             RETURNING hits",
        )
        .bind(bucket)
        .bind(i64::try_from(start).unwrap_or(i64::MAX))
        .fetch_one(&self.db.pool)
        .await?;
        Ok(u64::try_from(hits).unwrap_or(0))
    }

    /// Deletes the counters of windows that have ended.
    pub async fn sweep(&self) -> Result<(), ServiceError> {
        let window = self.limits.window_seconds.max(1);
        let now = self.clock.now();
        sqlx::query("DELETE FROM rate_limits WHERE window_start < $1")
            .bind(i64::try_from(now - now % window).unwrap_or(i64::MAX))
            .execute(&self.db.pool)
            .await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_ipv6_client_is_counted_by_its_64_and_a_mapped_ipv4_as_ipv4() {
        let a: IpAddr = "2001:db8:1:2:aaaa::1".parse().unwrap();
        let b: IpAddr = "2001:db8:1:2:bbbb::2".parse().unwrap();
        assert_eq!(address_bucket(a), address_bucket(b));
        assert_eq!(address_bucket(a), "a:2001:db8:1:2::/64");
        let mapped: IpAddr = "::ffff:192.0.2.7".parse().unwrap();
        assert_eq!(address_bucket(mapped), "a:192.0.2.7");
    }
}
