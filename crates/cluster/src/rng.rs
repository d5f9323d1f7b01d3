//! Deterministic pseudo-random numbers (xorshift64*) and a Zipf sampler, for the generated streams of the
//! benchmarks (`examples/scale.rs`, `examples/dedup_lookup.rs`) and the generated pairs of `eval neardup`:
//! the same seed gives the same stream on every machine, with no dependency.

/// xorshift64* (Vigna 2016): fast, small state, good enough for generating test data (not for secrets).
#[derive(Debug, Clone)]
pub struct XorShift(u64);

impl XorShift {
    /// A generator from a seed (a zero seed is replaced: xorshift never leaves the zero state).
    pub fn new(seed: u64) -> Self {
        XorShift(if seed == 0 { 0x9E37_79B9_7F4A_7C15 } else { seed })
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in 0..n (0 when n is 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }

    /// Standard normal (Box–Muller).
    pub fn normal(&mut self) -> f64 {
        let (u, v) = (self.unit().max(1e-12), self.unit());
        (-2.0 * u.ln()).sqrt() * (2.0 * std::f64::consts::PI * v).cos()
    }

    /// One item, uniformly. Panics on an empty slice.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// Fisher–Yates shuffle.
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }
}

/// Samples ranks 0..n with probability ∝ 1 / (rank + 1)^s (word frequencies follow s ≈ 1).
#[derive(Debug, Clone)]
pub struct Zipf {
    cumulative: Vec<f64>,
}

impl Zipf {
    pub fn new(n: usize, s: f64) -> Self {
        let mut total = 0.0;
        let cumulative = (0..n.max(1))
            .map(|r| {
                total += 1.0 / ((r + 1) as f64).powf(s);
                total
            })
            .collect();
        Zipf { cumulative }
    }

    pub fn sample(&self, rng: &mut XorShift) -> usize {
        let total = self.cumulative.last().copied().unwrap_or(1.0);
        let x = rng.unit() * total;
        self.cumulative.partition_point(|&c| c < x).min(self.cumulative.len() - 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_stream_and_values_in_range() {
        let (mut a, mut b) = (XorShift::new(7), XorShift::new(7));
        let xs: Vec<u64> = (0..100).map(|_| a.next_u64()).collect();
        assert!(xs.iter().all(|&x| x == b.next_u64()));
        assert!(xs.windows(2).all(|w| w[0] != w[1]));
        assert!((0..1000).all(|_| (0.0..1.0).contains(&a.unit()) && a.below(10) < 10));
        assert_ne!(XorShift::new(0).next_u64(), 0);
    }

    #[test]
    fn zipf_favours_low_ranks() {
        let (zipf, mut rng) = (Zipf::new(1000, 1.0), XorShift::new(3));
        let samples: Vec<usize> = (0..10_000).map(|_| zipf.sample(&mut rng)).collect();
        let first = samples.iter().filter(|&&r| r == 0).count();
        let tenth = samples.iter().filter(|&&r| r == 9).count();
        assert!(first > 5 * tenth, "rank 0: {first}, rank 9: {tenth}");
        assert!(samples.iter().all(|&r| r < 1000));
    }
}
