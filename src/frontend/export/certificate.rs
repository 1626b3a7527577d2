//! ACM exports: `acm describe-certificate` and `acm list-certificates`.

use crate::document::NodeValue;
use crate::frontend::api_shape::ApiMap;
use crate::frontend::fields::Fields;
use crate::model::schema::CERTIFICATE;
use crate::model::{Model, Scalar, State, UnknownReason, Value};

use super::api::Obj;

/// A `Certificate` (describe) or a `CertificateSummaryList[]` item.
pub fn read(model: &mut Model, cert: Obj<'_>) {
    let Some(arn) = cert.str("CertificateArn").filter(|s| !s.is_empty()) else {
        return;
    };
    if model.resource(arn).is_some() {
        return;
    }
    let obj = model.add_resource(&CERTIFICATE, cert.loc(), arn);
    cert.set(model, obj, "arn", "CertificateArn");
    cert.set(model, obj, "domain_name", "DomainName");
    if cert.has("SubjectAlternativeNames") {
        cert.set_list(
            model,
            obj,
            "subject_alternative_names",
            "SubjectAlternativeNames",
        );
    } else if cert.has("SubjectAlternativeNameSummaries") {
        // A summary lists at most some of the names; it says when there
        // are more, and then the list is not known.
        if cert
            .get("HasAdditionalSubjectAlternativeNames")
            .is_some_and(|n| n.value == NodeValue::Bool(true))
        {
            model.set_value(
                obj,
                "subject_alternative_names",
                Value::unknown(UnknownReason::External, cert.loc()),
            );
        } else {
            cert.set_list(
                model,
                obj,
                "subject_alternative_names",
                "SubjectAlternativeNameSummaries",
            );
        }
    }
    if let Some(mut algorithm) = cert.value("KeyAlgorithm") {
        // Describe outputs write `RSA-2048`; the enum elsewhere is `RSA_2048`.
        if let State::Known(Scalar::Str(s)) = &algorithm.state {
            algorithm.state = State::Known(Scalar::str(&s.replace('-', "_")));
        }
        model.set_value(obj, "key_algorithm", algorithm);
    }
    cert.set(
        model,
        obj,
        "certificate_authority_arn",
        "CertificateAuthorityArn",
    );
    if let Some(method) = cert
        .maps("DomainValidationOptions")
        .iter()
        .find_map(|o| o.value("ValidationMethod"))
    {
        model.set_value(obj, "validation_method", method);
    }
}
