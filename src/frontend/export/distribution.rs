//! A `DistributionConfig` (or a `list-distributions` summary, which has the
//! same fields) in the CloudFront API shape → a distribution of the model.
//! The reader shared with CloudFormation reads it with the API's spellings;
//! what only exports have is read here: the deprecated `CertificateSource`,
//! response codes written as text, and the `{Quantity, Items}` counts.

use crate::frontend::api_shape::{DistributionDialect, Spellings, read_distribution};
use crate::frontend::fields::Fields;
use crate::model::schema::DISTRIBUTION;
use crate::model::{Model, ObjId, Scalar, State, Value};

use super::api::Obj;
use super::quantity;

/// Reads one distribution named `name`.
pub fn read(model: &mut Model, name: &str, config: Obj<'_>) {
    let dist = model.add_resource(&DISTRIBUTION, config.loc(), name);
    read_distribution(model, dist, config);
    quantity::read(model, dist, config);
}

impl DistributionDialect for Obj<'_> {
    const SPELLINGS: Spellings = Spellings {
        ipv6_enabled: "IsIPV6Enabled",
        acm_certificate_arn: "ACMCertificateArn",
        iam_certificate_id: "IAMCertificateId",
        ssl_support_method: "SSLSupportMethod",
        // Note the API's spelling, `Ssl`.
        origin_ssl_protocols: "OriginSslProtocols",
        // Exports always carry the list.
        origin_ssl_protocols_default: None,
        origin_custom_headers: "CustomHeaders",
    };

    fn read_viewer_certificate_extras(&self, model: &mut Model, obj: ObjId) {
        self.set(model, obj, "certificate_source", "CertificateSource");
        // Older outputs name the certificate only in the deprecated
        // `Certificate` / `CertificateSource` pair.
        let named = [
            (
                "acm",
                Self::SPELLINGS.acm_certificate_arn,
                "acm_certificate_arn",
            ),
            (
                "iam",
                Self::SPELLINGS.iam_certificate_id,
                "iam_certificate_id",
            ),
        ];
        for (source, key, field) in named {
            if self.value(key).is_none() && self.str("CertificateSource") == Some(source) {
                self.set(model, obj, field, "Certificate");
            }
        }
    }

    /// The API writes the viewer's status code as a string (`"404"`); the
    /// CLI writes an unset one as `""`, which is not a value.
    fn response_code(&self) -> Option<Value> {
        self.value("ResponseCode").map(as_int)
    }
}

fn as_int(mut value: Value) -> Value {
    if let State::Known(Scalar::Str(s)) = &value.state
        && let Ok(n) = s.trim().parse::<i64>()
    {
        value.state = State::Known(Scalar::Int(n));
    }
    value
}
