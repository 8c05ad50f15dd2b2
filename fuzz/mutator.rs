//! The seeded mutator of the in-tree mini-fuzz, shared by `tests/suite/fuzz_parsers.rs` (the
//! library's parsers) and the binary's unit tests (the renewal-conf parser, which is private to
//! the binary): deterministic, so a failure is replayed by its seed and iteration.

#![allow(dead_code)]

/// xorshift64*: seeded, so a failure is replayed by its seed and iteration.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

pub const SEED: u64 = 0xF022_5EED;
pub const ITERATIONS: usize = 20_000;

/// Bytes that matter to these formats, spliced in by the mutator.
const TOKENS: &[&[u8]] = &[
    b"\"",
    b"{",
    b"}",
    b"[",
    b"]",
    b":",
    b",",
    b"null",
    b"true",
    b"-1",
    b"1e999",
    b"\\u0000",
    b"\\ud800",
    b"\n",
    b"\r\n",
    b"=",
    b"#",
    b".",
    b"..",
    b"*.",
    b"-",
    b"xn--",
    b"\xff",
    b"\xc3",
    b"\xe2\x80\x8b",
    b"-----BEGIN CERTIFICATE-----\n",
    b"-----END CERTIFICATE-----\n",
    b"-----BEGIN PRIVATE KEY-----\n",
    b"=\n",
    b"AAAA",
    b"[::1]",
    b"0.0.0.0",
    b"%",
];

pub fn mutate(rng: &mut Rng, input: &[u8]) -> Vec<u8> {
    let mut v = input.to_vec();
    for _ in 0..1 + rng.below(8) {
        let at = rng.below(v.len() + 1);
        match rng.below(7) {
            0 if !v.is_empty() => {
                let i = rng.below(v.len());
                v[i] ^= 1 << rng.below(8);
            }
            1 if !v.is_empty() => {
                let i = rng.below(v.len());
                v[i] = rng.next() as u8;
            }
            2 if at < v.len() => {
                let n = rng.below(v.len() - at + 1).min(32);
                v.drain(at..at + n);
            }
            3 => {
                let t = TOKENS[rng.below(TOKENS.len())];
                v.splice(at..at, t.iter().copied());
            }
            4 if !v.is_empty() => {
                // Duplicate a slice (repeated fields, repeated blocks).
                let from = rng.below(v.len());
                let n = rng.below(v.len() - from + 1).min(256);
                let piece: Vec<u8> = v[from..from + n].to_vec();
                v.splice(at..at, piece);
            }
            5 => v.truncate(at),
            _ => {
                let n = rng.below(16);
                let junk: Vec<u8> = (0..n).map(|_| rng.next() as u8).collect();
                v.splice(at..at, junk);
            }
        }
    }
    v
}

/// Feeds `target` its seeds, then `ITERATIONS` mutations of them (and pure random bytes).
pub fn fuzz(name: &str, seeds: &[Vec<u8>], target: fn(&[u8])) {
    let mut rng = Rng(SEED ^ name.len() as u64 ^ (name.as_bytes()[0] as u64) << 32);
    for s in seeds {
        target(s);
    }
    for i in 0..ITERATIONS {
        let input = if i % 10 == 9 {
            let n = rng.below(512);
            (0..n).map(|_| rng.next() as u8).collect()
        } else {
            let seed = &seeds[rng.below(seeds.len())];
            mutate(&mut rng, seed)
        };
        let result = std::panic::catch_unwind(|| target(&input));
        if result.is_err() {
            panic!(
                "{name}: iteration {i} (seed {SEED:#x}) panicked on input {:?}",
                String::from_utf8_lossy(&input)
            );
        }
    }
}
