//! The user's own CSR (`--csr`): read it (PEM or DER), check its self-signature, and take the
//! identifiers it asks for. We never see its private key.

use openssl::x509::X509Req;
use x509_parser::certification_request::X509CertificationRequest;
use x509_parser::extensions::{GeneralName, ParsedExtension};
use x509_parser::prelude::FromDer;

use crate::identifiers::{self, Identifier};

/// A checked CSR.
#[derive(Clone, Debug)]
pub struct UserCsr {
    /// The CSR as given, in DER: what finalize sends, base64url-encoded
    /// ([RFC 8555 §7.4](https://www.rfc-editor.org/rfc/rfc8555#section-7.4)).
    pub der: Vec<u8>,
    /// From its subjectAltName (DNS and IP), or its CN when it has no SAN; normalised.
    pub identifiers: Vec<Identifier>,
    /// DER SubjectPublicKeyInfo: the issued certificate must carry this key.
    pub spki_der: Vec<u8>,
}

impl UserCsr {
    /// The CSR as a PEM `CERTIFICATE REQUEST` block.
    pub fn to_pem(&self) -> String {
        crate::x509::pem_block("CERTIFICATE REQUEST", &self.der)
    }
}

/// Parses a CSR in PEM or DER form. The error says what is wrong, for the user to fix.
pub fn parse(bytes: &[u8]) -> Result<UserCsr, String> {
    let req = if bytes.trim_ascii_start().starts_with(b"-----BEGIN") {
        X509Req::from_pem(bytes)
            .map_err(|_| "it is PEM but not a CERTIFICATE REQUEST (PKCS#10)".to_string())?
    } else {
        X509Req::from_der(bytes).map_err(|_| "it is neither a PEM nor a DER CSR".to_string())?
    };
    let public = req
        .public_key()
        .map_err(|_| "its public key cannot be read".to_string())?;
    // PKCS#10 §3: the signature proves the requester holds the private key.
    if !req.verify(&public).unwrap_or(false) {
        return Err("its signature does not verify against its own public key".into());
    }
    let der = req.to_der().map_err(|e| e.to_string())?;
    let spki_der = public.public_key_to_der().map_err(|e| e.to_string())?;
    let (_, parsed) = X509CertificationRequest::from_der(&der)
        .map_err(|e| format!("it cannot be parsed: {e}"))?;
    let mut names: Vec<String> = Vec::new();
    if let Some(exts) = parsed.requested_extensions() {
        for ext in exts {
            if let ParsedExtension::SubjectAlternativeName(san) = ext {
                for name in &san.general_names {
                    match name {
                        GeneralName::DNSName(n) => names.push(n.to_string()),
                        GeneralName::IPAddress(b) => match crate::x509::san_ip(b) {
                            Some(ip) => names.push(ip.to_string()),
                            None => return Err("it has a malformed IP address SAN".into()),
                        },
                        other => {
                            return Err(format!(
                                "it asks for a name CAs do not issue for ACME: {other}"
                            ));
                        }
                    }
                }
            }
        }
    }
    if names.is_empty()
        && let Some(cn) = parsed
            .certification_request_info
            .subject
            .iter_common_name()
            .next()
            .and_then(|cn| cn.as_str().ok())
    {
        names.push(cn.to_string());
    }
    if names.is_empty() {
        return Err("it names no domain: no subjectAltName and no common name".into());
    }
    let identifiers = identifiers::normalize(&names)?;
    Ok(UserCsr {
        der,
        identifiers,
        spki_der,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::{KeyPair, KeyType, csr_der};

    fn ids(names: &[&str]) -> Vec<Identifier> {
        identifiers::normalize(&names.iter().map(|s| s.to_string()).collect::<Vec<_>>()).unwrap()
    }

    #[test]
    fn pem_and_der_give_the_same_names_and_key() {
        let key = KeyPair::generate(KeyType::EcdsaP256).unwrap();
        let want = ids(&["a.example.com", "192.0.2.1", "2001:db8::1"]);
        let der = csr_der(&key, &want).unwrap();
        let from_der = parse(&der).unwrap();
        assert_eq!(from_der.identifiers, want);
        assert_eq!(from_der.spki_der, key.public_key_der().unwrap());
        let from_pem = parse(from_der.to_pem().as_bytes()).unwrap();
        assert_eq!(from_pem.der, der);
    }

    #[test]
    fn a_tampered_signature_is_refused() {
        let key = KeyPair::generate(KeyType::EcdsaP256).unwrap();
        let mut der = csr_der(&key, &ids(&["a.example.com"])).unwrap();
        let last = der.len() - 3;
        der[last] ^= 0x55;
        let err = parse(&der).unwrap_err();
        assert!(
            err.contains("signature") || err.contains("neither"),
            "{err}"
        );
        assert!(parse(b"garbage").unwrap_err().contains("neither"));
        assert!(
            parse(
                b"-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n"
            )
            .is_err()
        );
    }

    #[test]
    fn a_csr_without_san_names_its_common_name() {
        use openssl::x509::{X509NameBuilder, X509ReqBuilder};
        let key = KeyPair::generate(KeyType::EcdsaP256).unwrap();
        let mut req = X509ReqBuilder::new().unwrap();
        req.set_pubkey(key.pkey()).unwrap();
        let mut name = X509NameBuilder::new().unwrap();
        name.append_entry_by_text("CN", "Only.Example.COM").unwrap();
        req.set_subject_name(&name.build()).unwrap();
        req.sign(key.pkey(), openssl::hash::MessageDigest::sha256())
            .unwrap();
        let csr = parse(&req.build().to_der().unwrap()).unwrap();
        assert_eq!(csr.identifiers, ids(&["only.example.com"]));
    }
}
