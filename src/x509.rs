//! Reading certificates: PEM chains, validity, names, keys, and the ARI CertID.

use anyhow::{Context, Result, bail};
use x509_parser::extensions::{GeneralName, ParsedExtension};
use x509_parser::prelude::{FromDer, X509Certificate};

use crate::crypto::{b64url, b64url_decode};
use crate::identifiers::Identifier;

/// What this client needs to know about one certificate.
#[derive(Clone, Debug)]
pub struct CertInfo {
    /// The certificate as parsed, in DER.
    pub der: Vec<u8>,
    /// Start of validity, Unix seconds
    /// ([RFC 5280 §4.1.2.5](https://www.rfc-editor.org/rfc/rfc5280#section-4.1.2.5)).
    pub not_before: i64,
    /// End of validity, Unix seconds; the certificate is valid through this second
    /// ([RFC 5280 §4.1.2.5](https://www.rfc-editor.org/rfc/rfc5280#section-4.1.2.5)).
    pub not_after: i64,
    /// Subject alternative names, in certificate order.
    pub identifiers: Vec<Identifier>,
    /// DER SubjectPublicKeyInfo.
    pub spki_der: Vec<u8>,
    /// Serial number as DER content octets (leading 00 kept, as ARI wants).
    pub serial: Vec<u8>,
    /// The keyIdentifier of the Authority Key Identifier extension
    /// ([RFC 5280 §4.2.1.1](https://www.rfc-editor.org/rfc/rfc5280#section-4.2.1.1)): the first
    /// half of the ARI CertID.
    pub authority_key_id: Option<Vec<u8>>,
    /// The subject's distinguished name, as text.
    pub subject: String,
    /// The issuer's distinguished name, as text.
    pub issuer: String,
    /// The issuer's common name, which names a chain's root or intermediate for a preferred-chain
    /// choice.
    pub issuer_cn: Option<String>,
}

impl CertInfo {
    /// The serial number as lower-case hex without leading zeros, for display.
    pub fn serial_hex(&self) -> String {
        let trimmed: Vec<u8> = self
            .serial
            .iter()
            .copied()
            .skip_while(|b| *b == 0)
            .collect();
        trimmed.iter().map(|b| format!("{b:02x}")).collect()
    }

    /// [RFC 9773 §4.1](https://www.rfc-editor.org/rfc/rfc9773#section-4.1): base64url(AKI
    /// keyIdentifier) "." base64url(serial).
    pub fn ari_cert_id(&self) -> Option<String> {
        Some(format!(
            "{}.{}",
            b64url(self.authority_key_id.as_ref()?),
            b64url(&self.serial)
        ))
    }

    /// Seconds from notBefore to notAfter: what the renewal point is a fraction of.
    pub fn lifetime_secs(&self) -> i64 {
        self.not_after - self.not_before
    }
}

/// Splits PEM text into DER certificates. Any block that is not a CERTIFICATE is an error: a chain
/// download must never smuggle a key or anything else into the files we install.
pub fn pem_certificates(pem: &str) -> Result<Vec<Vec<u8>>> {
    let mut out = Vec::new();
    let mut lines = pem.lines().map(str::trim);
    while let Some(line) = lines.next() {
        if line.is_empty() {
            continue;
        }
        let Some(label) = line
            .strip_prefix("-----BEGIN ")
            .and_then(|l| l.strip_suffix("-----"))
        else {
            bail!(
                "unexpected text outside a PEM block: {:?}",
                line.chars().take(60).collect::<String>()
            );
        };
        if label != "CERTIFICATE" {
            bail!(
                "the chain holds a PEM block of type {label:?}; only CERTIFICATE blocks are accepted"
            );
        }
        let end = format!("-----END {label}-----");
        let mut b64 = String::new();
        loop {
            match lines.next() {
                Some(l) if l == end => break,
                Some(l) => b64.push_str(l),
                None => bail!("a PEM CERTIFICATE block is not terminated"),
            }
        }
        out.push(b64url_decode(&b64).context("a PEM CERTIFICATE block is not valid base64")?);
    }
    if out.is_empty() {
        bail!("no certificate found in the PEM text");
    }
    Ok(out)
}

/// One DER certificate as a PEM `CERTIFICATE` block.
pub fn to_pem(der: &[u8]) -> String {
    pem_block("CERTIFICATE", der)
}

/// One PEM block: `label`, base64 in 64-character lines (RFC 7468).
pub fn pem_block(label: &str, der: &[u8]) -> String {
    let b64 = openssl::base64::encode_block(der);
    let mut out = format!("-----BEGIN {label}-----\n");
    for chunk in b64.as_bytes().chunks(64) {
        out.push_str(std::str::from_utf8(chunk).expect("base64 is ASCII"));
        out.push('\n');
    }
    out.push_str(&format!("-----END {label}-----\n"));
    out
}

/// The address in an iPAddress GeneralName (4 or 16 octets); `None` if malformed.
pub fn san_ip(octets: &[u8]) -> Option<std::net::IpAddr> {
    match octets.len() {
        4 => Some(<[u8; 4]>::try_from(octets).ok()?.into()),
        16 => Some(<[u8; 16]>::try_from(octets).ok()?.into()),
        _ => None,
    }
}

/// Reads what [`CertInfo`] holds from one DER certificate; an error if it is not X.509.
pub fn parse(der: &[u8]) -> Result<CertInfo> {
    let (_, cert) = X509Certificate::from_der(der)
        .map_err(|e| anyhow::anyhow!("not a valid X.509 certificate: {e}"))?;
    let mut identifiers = Vec::new();
    let mut authority_key_id = None;
    for ext in cert.extensions() {
        match ext.parsed_extension() {
            ParsedExtension::SubjectAlternativeName(san) => {
                for name in &san.general_names {
                    match name {
                        GeneralName::DNSName(n) => {
                            identifiers.push(Identifier::Dns(n.to_ascii_lowercase()))
                        }
                        GeneralName::IPAddress(b) => {
                            identifiers.extend(san_ip(b).map(Identifier::Ip))
                        }
                        _ => {}
                    }
                }
            }
            ParsedExtension::AuthorityKeyIdentifier(aki) => {
                authority_key_id = aki.key_identifier.as_ref().map(|k| k.0.to_vec());
            }
            _ => {}
        }
    }
    let issuer_cn = cert
        .issuer()
        .iter_common_name()
        .next()
        .and_then(|cn| cn.as_str().ok())
        .map(str::to_string);
    Ok(CertInfo {
        der: der.to_vec(),
        not_before: cert.validity().not_before.timestamp(),
        not_after: cert.validity().not_after.timestamp(),
        identifiers,
        spki_der: cert.public_key().raw.to_vec(),
        serial: cert.raw_serial().to_vec(),
        authority_key_id,
        subject: cert.subject().to_string(),
        issuer: cert.issuer().to_string(),
        issuer_cn,
    })
}

/// Parses a PEM chain (leaf first) and checks what must hold before it is installed: only
/// certificates, the leaf's key is `spki` (when known), and its names are exactly `identifiers`.
pub fn check_chain(
    pem: &str,
    spki: Option<&[u8]>,
    identifiers: &[Identifier],
) -> Result<Vec<CertInfo>> {
    let certs: Vec<CertInfo> = pem_certificates(pem)?
        .iter()
        .map(|d| parse(d))
        .collect::<Result<_>>()?;
    let leaf = &certs[0];
    if let Some(spki) = spki
        && leaf.spki_der != spki
    {
        bail!("the certificate the CA sent is for a different key than ours");
    }
    let mut got = leaf.identifiers.clone();
    let mut want = identifiers.to_vec();
    got.sort();
    got.dedup();
    want.sort();
    if got != want {
        let show = |v: &[Identifier]| v.iter().map(|i| i.value()).collect::<Vec<_>>().join(", ");
        bail!(
            "the certificate the CA sent names [{}] but [{}] was ordered",
            show(&got),
            show(&want)
        );
    }
    Ok(certs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn non_certificate_blocks_are_refused() {
        let pem = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n";
        let err = pem_certificates(pem).unwrap_err().to_string();
        assert!(err.contains("PRIVATE KEY"), "{err}");
        assert!(pem_certificates("").is_err());
        assert!(pem_certificates("-----BEGIN CERTIFICATE-----\nAAAA\n").is_err());
    }

    #[test]
    fn pem_round_trip() {
        let der: Vec<u8> = (0..200u8).collect();
        let pem = to_pem(&der) + &to_pem(&der[..5]);
        assert_eq!(
            pem_certificates(&pem).unwrap(),
            vec![der.clone(), der[..5].to_vec()]
        );
    }

    /// RFC 9773 Appendix A: a certificate with that example's AKI keyIdentifier and serial
    /// (0x87654321, whose DER content keeps a leading 00) has CertID
    /// `aYhba4dGQEHhs3uEe6CuLN4ByNQ.AIdlQyE`.
    #[test]
    fn ari_cert_id_matches_rfc9773_example() {
        use openssl::asn1::{Asn1Integer, Asn1Object, Asn1OctetString, Asn1Time};
        use openssl::bn::BigNum;
        use openssl::x509::{X509, X509Extension};
        let key = crate::crypto::KeyPair::generate(crate::crypto::KeyType::EcdsaP256).unwrap();
        let key_id = b64url_decode("aYhba4dGQEHhs3uEe6CuLN4ByNQ").unwrap();
        let mut aki = vec![0x30, key_id.len() as u8 + 2, 0x80, key_id.len() as u8];
        aki.extend(&key_id);
        let mut b = X509::builder().unwrap();
        b.set_version(2).unwrap();
        let serial = Asn1Integer::from_bn(&BigNum::from_hex_str("87654321").unwrap()).unwrap();
        b.set_serial_number(&serial).unwrap();
        b.set_not_before(&Asn1Time::days_from_now(0).unwrap())
            .unwrap();
        b.set_not_after(&Asn1Time::days_from_now(1).unwrap())
            .unwrap();
        b.set_pubkey(key.pkey()).unwrap();
        let oid = Asn1Object::from_str("2.5.29.35").unwrap();
        let value = Asn1OctetString::new_from_bytes(&aki).unwrap();
        b.append_extension(X509Extension::new_from_der(&oid, false, &value).unwrap())
            .unwrap();
        b.sign(key.pkey(), openssl::hash::MessageDigest::sha256())
            .unwrap();
        let info = parse(&b.build().to_der().unwrap()).unwrap();
        assert_eq!(
            info.ari_cert_id().unwrap(),
            "aYhba4dGQEHhs3uEe6CuLN4ByNQ.AIdlQyE"
        );
        assert_eq!(info.serial_hex(), "87654321");
    }
}
