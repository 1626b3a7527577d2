//! `AWS::CloudFront::Distribution`: its `DistributionConfig` mirrors the
//! API's, so the reader shared with exports reads it, with CloudFormation's
//! spellings.

use crate::frontend::api_shape::{ApiMap, DistributionDialect, Spellings, read_distribution};
use crate::frontend::fields::Fields;
use crate::model::schema::DISTRIBUTION;
use crate::model::{Model, defaults};

use super::props::Props;

pub fn read(model: &mut Model, id: &str, props: Props<'_>) {
    let dist = model.add_resource(&DISTRIBUTION, props.loc(), id);
    let Some(config) = props.map("DistributionConfig") else {
        return;
    };
    read_distribution(model, dist, config);
    super::quantity::read(model, dist, config);
}

impl DistributionDialect for Props<'_> {
    const SPELLINGS: Spellings = Spellings {
        ipv6_enabled: "IPV6Enabled",
        acm_certificate_arn: "AcmCertificateArn",
        iam_certificate_id: "IamCertificateId",
        ssl_support_method: "SslSupportMethod",
        origin_ssl_protocols: "OriginSSLProtocols",
        origin_ssl_protocols_default: Some(defaults::CLOUDFORMATION_ORIGIN_SSL_PROTOCOLS),
        origin_custom_headers: "OriginCustomHeaders",
    };
}
