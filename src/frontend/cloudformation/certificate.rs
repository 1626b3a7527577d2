//! `AWS::CertificateManager::Certificate`.

use std::sync::Arc;

use crate::frontend::fields::Fields;
use crate::model::schema::CERTIFICATE;
use crate::model::{Model, Scalar, UnknownReason, Value, defaults};

use super::props::Props;

pub fn read(model: &mut Model, id: &str, props: Props<'_>) {
    let cert = model.add_resource(&CERTIFICATE, props.loc(), id);
    props.set(model, cert, "domain_name", "DomainName");
    props.set_list(
        model,
        cert,
        "subject_alternative_names",
        "SubjectAlternativeNames",
    );
    props.set_or(
        model,
        cert,
        "key_algorithm",
        "KeyAlgorithm",
        Scalar::str(defaults::CERTIFICATE_KEY_ALGORITHM),
    );
    props.set(
        model,
        cert,
        "certificate_authority_arn",
        "CertificateAuthorityArn",
    );
    props.set(model, cert, "validation_method", "ValidationMethod");
    // The certificate is requested in the stack's region.
    let region = match props.ev.t.region {
        Some(region) => Value::known(Scalar::str(region), props.loc()),
        None => Value::unknown(UnknownReason::Input(Arc::from("AWS::Region")), props.loc()),
    };
    model.set_value(cert, "region", region);
}
