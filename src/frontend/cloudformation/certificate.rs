//! `AWS::CertificateManager::Certificate`.

use crate::model::schema::CERTIFICATE;
use crate::model::{Model, Scalar};

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
        Scalar::str("RSA_2048"),
    );
    props.set(
        model,
        cert,
        "certificate_authority_arn",
        "CertificateAuthorityArn",
    );
    props.set(model, cert, "validation_method", "ValidationMethod");
}
