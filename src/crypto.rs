//! Keys, JWS signatures and CSRs, all through OpenSSL.
//!
//! The one subtle rule lives in [`KeyPair::sign`]: JWS wants ECDSA signatures as the fixed-size
//! concatenation r‖s ([RFC 7518 §3.4](https://www.rfc-editor.org/rfc/rfc7518#section-3.4)), not the
//! DER that OpenSSL produces.

use anyhow::{Context, Result, bail};
use openssl::bn::BigNumContext;
use openssl::ec::{EcGroup, EcKey, PointConversionForm};
use openssl::ecdsa::EcdsaSig;
use openssl::hash::{MessageDigest, hash};
use openssl::nid::Nid;
use openssl::pkey::{Id, PKey, Private};
use openssl::rsa::Rsa;
use openssl::sign::Signer;
use openssl::stack::Stack;
use openssl::x509::extension::SubjectAlternativeName;
use openssl::x509::{X509NameBuilder, X509ReqBuilder};
use serde_json::{Value, json};
use std::fmt;
use std::str::FromStr;

use crate::identifiers::Identifier;

/// The key algorithms ACME CAs accept for accounts and certificates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyType {
    /// ECDSA on P-256; signs as JWS `ES256`.
    EcdsaP256,
    /// ECDSA on P-384; signs as JWS `ES384`.
    EcdsaP384,
    /// RSA with a 2048-bit modulus; signs as JWS `RS256`.
    Rsa2048,
    /// RSA with a 3072-bit modulus; signs as JWS `RS256`.
    Rsa3072,
    /// RSA with a 4096-bit modulus; signs as JWS `RS256`.
    Rsa4096,
}

impl KeyType {
    /// Every supported type, in the order an error lists them.
    pub const ALL: [KeyType; 5] = [
        KeyType::EcdsaP256,
        KeyType::EcdsaP384,
        KeyType::Rsa2048,
        KeyType::Rsa3072,
        KeyType::Rsa4096,
    ];

    /// The stable name (`ecdsa-p256`, `rsa2048`, …) that [`FromStr`] reads back.
    pub fn as_str(self) -> &'static str {
        match self {
            KeyType::EcdsaP256 => "ecdsa-p256",
            KeyType::EcdsaP384 => "ecdsa-p384",
            KeyType::Rsa2048 => "rsa2048",
            KeyType::Rsa3072 => "rsa3072",
            KeyType::Rsa4096 => "rsa4096",
        }
    }
}

impl fmt::Display for KeyType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for KeyType {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        KeyType::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| {
                let names: Vec<_> = KeyType::ALL.iter().map(|k| k.as_str()).collect();
                format!("unknown key type '{s}'; use one of: {}", names.join(", "))
            })
    }
}

/// A private key with what JWS needs to know about it.
pub struct KeyPair {
    pkey: PKey<Private>,
    kind: KeyType,
}

impl KeyPair {
    /// Generates a new private key of type `kind`. It exists only in memory until the caller
    /// stores [`KeyPair::to_pem`].
    pub fn generate(kind: KeyType) -> Result<Self> {
        let pkey = match kind {
            KeyType::EcdsaP256 | KeyType::EcdsaP384 => {
                let group = EcGroup::from_curve_name(curve_nid(kind))?;
                PKey::from_ec_key(EcKey::generate(&group)?)?
            }
            KeyType::Rsa2048 => PKey::from_rsa(Rsa::generate(2048)?)?,
            KeyType::Rsa3072 => PKey::from_rsa(Rsa::generate(3072)?)?,
            KeyType::Rsa4096 => PKey::from_rsa(Rsa::generate(4096)?)?,
        };
        Ok(KeyPair { pkey, kind })
    }

    /// Reads a PEM private key (PKCS#8, SEC1 or PKCS#1) of a supported type.
    pub fn from_pem(pem: &[u8]) -> Result<Self> {
        let pkey = PKey::private_key_from_pem(pem).context("not a PEM private key")?;
        let kind = match pkey.id() {
            Id::EC => {
                let nid = pkey.ec_key()?.group().curve_name();
                match nid {
                    Some(Nid::X9_62_PRIME256V1) => KeyType::EcdsaP256,
                    Some(Nid::SECP384R1) => KeyType::EcdsaP384,
                    _ => bail!("unsupported EC curve (use P-256 or P-384)"),
                }
            }
            Id::RSA => match pkey.bits() {
                2048 => KeyType::Rsa2048,
                3072 => KeyType::Rsa3072,
                4096 => KeyType::Rsa4096,
                b => bail!("unsupported RSA key size {b} (use 2048, 3072 or 4096)"),
            },
            _ => bail!("unsupported key algorithm (use ECDSA P-256/P-384 or RSA)"),
        };
        Ok(KeyPair { pkey, kind })
    }

    /// The private key as PKCS#8 PEM, which [`KeyPair::from_pem`] reads back. A secret: write it
    /// to a file that is mode 0600 from its creation.
    pub fn to_pem(&self) -> Result<Vec<u8>> {
        Ok(self.pkey.private_key_to_pem_pkcs8()?)
    }

    /// The key's algorithm and size.
    pub fn key_type(&self) -> KeyType {
        self.kind
    }

    /// DER SubjectPublicKeyInfo, to compare with a certificate's key.
    pub fn public_key_der(&self) -> Result<Vec<u8>> {
        Ok(self.pkey.public_key_to_der()?)
    }

    /// The OpenSSL key, for what this type does not wrap (signing a CSR or a certificate).
    pub fn pkey(&self) -> &PKey<Private> {
        &self.pkey
    }

    /// The JWS `alg` for this key
    /// ([RFC 7518 §3.1](https://www.rfc-editor.org/rfc/rfc7518#section-3.1)).
    pub fn jws_alg(&self) -> &'static str {
        match self.kind {
            KeyType::EcdsaP256 => "ES256",
            KeyType::EcdsaP384 => "ES384",
            _ => "RS256",
        }
    }

    /// Signs `data` as JWS requires: RSASSA-PKCS1-v1_5 for RSA, and for ECDSA the fixed-width r‖s
    /// ([RFC 7518 §3.4](https://www.rfc-editor.org/rfc/rfc7518#section-3.4): "the JWS Signature
    /// value is the concatenation of R and S").
    pub fn sign(&self, data: &[u8]) -> Result<Vec<u8>> {
        let digest = match self.kind {
            KeyType::EcdsaP384 => MessageDigest::sha384(),
            _ => MessageDigest::sha256(),
        };
        let mut signer = Signer::new(digest, &self.pkey)?;
        signer.update(data)?;
        let sig = signer.sign_to_vec()?;
        match self.kind {
            KeyType::EcdsaP256 => ecdsa_der_to_raw(&sig, 32),
            KeyType::EcdsaP384 => ecdsa_der_to_raw(&sig, 48),
            _ => Ok(sig),
        }
    }

    /// The public JWK with exactly the members
    /// [RFC 7638 §3.2](https://www.rfc-editor.org/rfc/rfc7638#section-3.2) requires, so that its
    /// compact serialisation (serde_json sorts object keys) is also the thumbprint input.
    pub fn jwk(&self) -> Result<Value> {
        match self.kind {
            KeyType::EcdsaP256 | KeyType::EcdsaP384 => {
                let ec = self.pkey.ec_key()?;
                let width = if self.kind == KeyType::EcdsaP256 {
                    32
                } else {
                    48
                };
                let mut ctx = BigNumContext::new()?;
                let point = ec.public_key().to_bytes(
                    ec.group(),
                    PointConversionForm::UNCOMPRESSED,
                    &mut ctx,
                )?;
                // Uncompressed point: 0x04 ‖ X ‖ Y, each exactly `width` bytes.
                let (x, y) = point[1..].split_at(width);
                let crv = if self.kind == KeyType::EcdsaP256 {
                    "P-256"
                } else {
                    "P-384"
                };
                Ok(json!({"crv": crv, "kty": "EC", "x": b64url(x), "y": b64url(y)}))
            }
            _ => {
                let rsa = self.pkey.rsa()?;
                Ok(
                    json!({"e": b64url(&rsa.e().to_vec()), "kty": "RSA", "n": b64url(&rsa.n().to_vec())}),
                )
            }
        }
    }

    /// RFC 7638 JWK thumbprint, base64url.
    pub fn thumbprint(&self) -> Result<String> {
        Ok(jwk_thumbprint(&self.jwk()?))
    }
}

fn curve_nid(kind: KeyType) -> Nid {
    if kind == KeyType::EcdsaP384 {
        Nid::SECP384R1
    } else {
        Nid::X9_62_PRIME256V1
    }
}

/// Converts a DER ECDSA signature to r‖s, each left-padded with zeros to `width` bytes.
pub fn ecdsa_der_to_raw(der: &[u8], width: i32) -> Result<Vec<u8>> {
    let sig = EcdsaSig::from_der(der)?;
    let mut out = sig.r().to_vec_padded(width)?;
    out.extend(sig.s().to_vec_padded(width)?);
    Ok(out)
}

/// RFC 7638 thumbprint of a JWK that holds only its required members.
pub fn jwk_thumbprint(jwk: &Value) -> String {
    b64url(&sha256(jwk.to_string().as_bytes()))
}

/// SHA-256 of `data`: the digest of JWK thumbprints
/// ([RFC 7638 §3](https://www.rfc-editor.org/rfc/rfc7638#section-3)) and of dns-01 TXT values
/// ([RFC 8555 §8.4](https://www.rfc-editor.org/rfc/rfc8555#section-8.4)).
pub fn sha256(data: &[u8]) -> Vec<u8> {
    hash(MessageDigest::sha256(), data)
        .expect("SHA-256 is always available")
        .to_vec()
}

/// base64url without padding ([RFC 8555 §6.1](https://www.rfc-editor.org/rfc/rfc8555#section-6.1):
/// "MUST NOT include ... padding").
pub fn b64url(data: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (b[0] as u32) << 16 | (b[1] as u32) << 8 | b[2] as u32;
        for i in 0..=chunk.len() {
            out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
        }
    }
    out
}

/// Decodes base64url, with or without padding (EAB MAC keys are sometimes padded).
pub fn b64url_decode(s: &str) -> Result<Vec<u8>> {
    let s = s.trim().trim_end_matches('=');
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0);
    for c in s.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'-' | b'+' => 62,
            b'_' | b'/' => 63,
            _ => bail!("invalid base64url character {:?}", c as char),
        };
        acc = acc << 6 | v as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Ok(out)
}

/// A PKCS#10 CSR (DER) for `identifiers`, all as SANs
/// ([RFC 8555 §7.4](https://www.rfc-editor.org/rfc/rfc8555#section-7.4)). The CN is the first DNS
/// name when it fits in 64 characters; CAs take the names from the SANs.
pub fn csr_der(key: &KeyPair, identifiers: &[Identifier]) -> Result<Vec<u8>> {
    let mut req = X509ReqBuilder::new()?;
    req.set_pubkey(&key.pkey)?;
    if let Some(cn) = identifiers
        .iter()
        .find(|i| !i.is_ip())
        .map(|i| i.value())
        .filter(|v| v.len() <= 64)
    {
        let mut name = X509NameBuilder::new()?;
        name.append_entry_by_nid(Nid::COMMONNAME, &cn)?;
        req.set_subject_name(&name.build())?;
    }
    let mut san = SubjectAlternativeName::new();
    for id in identifiers {
        if id.is_ip() {
            san.ip(&id.value());
        } else {
            san.dns(&id.value());
        }
    }
    let mut exts = Stack::new()?;
    exts.push(san.build(&req.x509v3_context(None))?)?;
    req.add_extensions(&exts)?;
    let digest = if key.kind == KeyType::EcdsaP384 {
        MessageDigest::sha384()
    } else {
        MessageDigest::sha256()
    };
    req.sign(&key.pkey, digest)?;
    Ok(req.build().to_der()?)
}

/// A private JWK ([RFC 7518 §6](https://www.rfc-editor.org/rfc/rfc7518#section-6): RSA with
/// `n, e, d, p, q, dp, dq, qi`, or EC P-256/P-384 with `crv, x, y, d`) as a PKCS#8 PEM private
/// key. certbot stores account keys this way.
pub fn private_key_pem_from_jwk(jwk: &Value) -> Result<Vec<u8>> {
    use openssl::bn::BigNum;
    let field = |name: &str| -> Result<BigNum> {
        let text = jwk
            .get(name)
            .and_then(Value::as_str)
            .with_context(|| format!("the JWK has no {name:?} member"))?;
        Ok(BigNum::from_slice(&b64url_decode(text)?)?)
    };
    let pkey = match jwk.get("kty").and_then(Value::as_str) {
        Some("RSA") => {
            let rsa = Rsa::from_private_components(
                field("n")?,
                field("e")?,
                field("d")?,
                field("p")?,
                field("q")?,
                field("dp")?,
                field("dq")?,
                field("qi")?,
            )?;
            if !rsa.check_key()? {
                bail!("the RSA JWK is inconsistent (its components do not form a key)");
            }
            PKey::from_rsa(rsa)?
        }
        Some("EC") => {
            let nid = match jwk.get("crv").and_then(Value::as_str) {
                Some("P-256") => Nid::X9_62_PRIME256V1,
                Some("P-384") => Nid::SECP384R1,
                other => bail!("unsupported JWK curve {other:?} (use P-256 or P-384)"),
            };
            let group = EcGroup::from_curve_name(nid)?;
            let (d, x, y) = (field("d")?, field("x")?, field("y")?);
            let mut ctx = BigNumContext::new()?;
            let mut point = openssl::ec::EcPoint::new(&group)?;
            point.set_affine_coordinates_gfp(&group, &x, &y, &mut ctx)?;
            let ec = EcKey::from_private_components(&group, &d, &point)?;
            ec.check_key()
                .context("the EC JWK's public point does not match its private key")?;
            PKey::from_ec_key(ec)?
        }
        other => bail!("unsupported JWK key type {other:?}"),
    };
    Ok(pkey.private_key_to_pem_pkcs8()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 7638 §3.1: the example RSA key's thumbprint.
    #[test]
    fn rfc7638_thumbprint_vector() {
        let n = "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw";
        let jwk = json!({"e": "AQAB", "kty": "RSA", "n": n});
        assert_eq!(
            jwk_thumbprint(&jwk),
            "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs"
        );
    }

    #[test]
    fn ecdsa_signature_keeps_leading_zero_bytes_of_r_and_s() {
        // DER SEQUENCE of r = 0x00..01 (one significant byte) and s = 0x7f followed by 31 bytes.
        let r = [0x01u8];
        let s = [0x7fu8; 32];
        let mut der = vec![0x30, (2 + r.len() + 2 + s.len()) as u8, 0x02, r.len() as u8];
        der.extend(r);
        der.extend([0x02, s.len() as u8]);
        der.extend(s);
        let raw = ecdsa_der_to_raw(&der, 32).unwrap();
        assert_eq!(raw.len(), 64);
        assert_eq!(&raw[..31], &[0u8; 31]);
        assert_eq!(raw[31], 1);
        assert_eq!(&raw[32..], &s);
    }

    #[test]
    fn ecdsa_signatures_are_fixed_width_and_verify() {
        for (kind, width) in [(KeyType::EcdsaP256, 32), (KeyType::EcdsaP384, 48)] {
            let key = KeyPair::generate(kind).unwrap();
            for i in 0..50u8 {
                let sig = key.sign(&[i]).unwrap();
                assert_eq!(sig.len(), 2 * width);
                let r = openssl::bn::BigNum::from_slice(&sig[..width]).unwrap();
                let s = openssl::bn::BigNum::from_slice(&sig[width..]).unwrap();
                let der = EcdsaSig::from_private_components(r, s)
                    .unwrap()
                    .to_der()
                    .unwrap();
                let digest = if width == 32 {
                    MessageDigest::sha256()
                } else {
                    MessageDigest::sha384()
                };
                let mut v = openssl::sign::Verifier::new(digest, key.pkey()).unwrap();
                v.update(&[i]).unwrap();
                assert!(v.verify(&der).unwrap());
            }
        }
    }

    #[test]
    fn ec_jwk_coordinates_are_full_width() {
        let key = KeyPair::generate(KeyType::EcdsaP384).unwrap();
        let jwk = key.jwk().unwrap();
        assert_eq!(b64url_decode(jwk["x"].as_str().unwrap()).unwrap().len(), 48);
        assert_eq!(b64url_decode(jwk["y"].as_str().unwrap()).unwrap().len(), 48);
        assert_eq!(jwk["crv"], "P-384");
    }

    #[test]
    fn base64url_round_trips_without_padding() {
        for len in 0..40usize {
            let data: Vec<u8> = (0..len as u8).map(|b| b.wrapping_mul(37)).collect();
            let enc = b64url(&data);
            assert!(!enc.contains('=') && !enc.contains('+') && !enc.contains('/'));
            assert_eq!(b64url_decode(&enc).unwrap(), data);
        }
        assert_eq!(b64url(b"\xfb\xff"), "-_8");
    }

    #[test]
    fn pem_round_trip_keeps_key_type() {
        for kind in [KeyType::EcdsaP256, KeyType::EcdsaP384, KeyType::Rsa2048] {
            let key = KeyPair::generate(kind).unwrap();
            let back = KeyPair::from_pem(&key.to_pem().unwrap()).unwrap();
            assert_eq!(back.key_type(), kind);
            assert_eq!(back.thumbprint().unwrap(), key.thumbprint().unwrap());
        }
    }

    #[test]
    fn unknown_key_type_lists_the_valid_ones() {
        let err = "ed25519".parse::<KeyType>().unwrap_err();
        assert!(
            err.contains("ecdsa-p256, ecdsa-p384, rsa2048, rsa3072, rsa4096"),
            "{err}"
        );
    }

    #[test]
    fn private_jwks_become_the_same_keys() {
        for kind in [KeyType::Rsa2048, KeyType::EcdsaP384] {
            let key = KeyPair::generate(kind).unwrap();
            let mut jwk = key.jwk().unwrap();
            let b = |n: &openssl::bn::BigNumRef| json!(b64url(&n.to_vec()));
            if kind == KeyType::Rsa2048 {
                let rsa = key.pkey().rsa().unwrap();
                jwk["d"] = b(rsa.d());
                jwk["p"] = b(rsa.p().unwrap());
                jwk["q"] = b(rsa.q().unwrap());
                jwk["dp"] = b(rsa.dmp1().unwrap());
                jwk["dq"] = b(rsa.dmq1().unwrap());
                jwk["qi"] = b(rsa.iqmp().unwrap());
            } else {
                jwk["d"] = b(key.pkey().ec_key().unwrap().private_key());
            }
            let back = KeyPair::from_pem(&private_key_pem_from_jwk(&jwk).unwrap()).unwrap();
            assert_eq!(back.thumbprint().unwrap(), key.thumbprint().unwrap());
            assert_eq!(back.key_type(), kind);
            jwk["kty"] = json!("OKP");
            assert!(private_key_pem_from_jwk(&jwk).is_err());
        }
    }
}
