//! Settings rules read as `$name`: limits AWS documents as adjustable
//! quotas, or where current AWS pages disagree. Each has the documented
//! default; the configuration file can change them.

pub struct SettingDef {
    pub name: &'static str,
    pub default: i64,
    pub doc: &'static str,
}

pub static SETTINGS: &[SettingDef] = &[
    SettingDef {
        name: "edge_timeout_limit",
        default: 30,
        doc: "Lambda@Edge function timeout limit in seconds, any event (current quotas page).",
    },
    SettingDef {
        name: "viewer_edge_timeout_limit",
        default: 5,
        doc: "Lambda@Edge timeout in seconds for viewer events as older pages and deploy errors state.",
    },
    SettingDef {
        name: "viewer_edge_memory_limit",
        default: 128,
        doc: "Lambda@Edge memory in MB for viewer events (edge-functions-choosing page, deploy errors).",
    },
    SettingDef {
        name: "viewer_package_size_limit",
        default: 1_048_576,
        doc: "Lambda@Edge compressed package size in bytes for viewer events as older pages and deploy errors state (the current quotas page gives 50 MB for every event).",
    },
    SettingDef {
        name: "origin_timeout_ceiling",
        default: 120,
        doc: "Highest origin read and keep-alive timeout without a raised quota, in seconds.",
    },
    SettingDef {
        name: "rules_per_security_group",
        default: 60,
        doc: "Inbound rules per security group and IP family.",
    },
    SettingDef {
        name: "error_caching_ttl_5xx",
        default: 60,
        doc: "Longest error-caching TTL in seconds for 500, 502, 503 and 504 before CF450 warns (a policy, not a quota).",
    },
    SettingDef {
        name: "failover_delay_limit",
        default: 20,
        doc: "Longest time in seconds CloudFront may spend on an unreachable primary origin (attempts × connection timeout) before CF407 notes it (a policy, not a quota).",
    },
    SettingDef {
        name: "origin_custom_header_limit",
        default: 30,
        doc: "Custom headers per origin.",
    },
];

/// Setting values in force: defaults, overridden by configuration.
#[derive(Clone, Debug, Default)]
pub struct SettingValues {
    overrides: Vec<(String, i64)>,
}

impl SettingValues {
    pub fn set(&mut self, name: &str, value: i64) -> bool {
        if !exists(name) {
            return false;
        }
        self.overrides.retain(|(n, _)| n != name);
        self.overrides.push((name.to_string(), value));
        true
    }

    pub fn get(&self, name: &str) -> Option<i64> {
        self.overrides
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| *v)
            .or_else(|| SETTINGS.iter().find(|s| s.name == name).map(|s| s.default))
    }
}

pub fn exists(name: &str) -> bool {
    SETTINGS.iter().any(|s| s.name == name)
}

pub fn names() -> Vec<&'static str> {
    SETTINGS.iter().map(|s| s.name).collect()
}
