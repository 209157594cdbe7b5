//! The seeded random numbers shared by the stages (bootstrap intervals, fold assignment).

/// A small, fast, seedable generator (SplitMix64, Steele, Lea & Flood 2014).
#[derive(Debug, Clone)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    /// A generator from `seed`.
    #[must_use]
    pub fn new(seed: u64) -> Self {
        SplitMix64(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A uniform index below `n` (n > 0), by Lemire's multiply-shift (bias below 2^-32 for the
    /// group sizes we see).
    pub fn below(&mut self, n: usize) -> usize {
        let n = n as u64;
        #[allow(clippy::cast_possible_truncation)] // the product's high half is below n
        let i = ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as usize;
        i
    }

    /// Shuffle `items` in place (Fisher-Yates, from the end).
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }

    /// Move a uniform sample of `take` of `items` (at most all of them) to the front, in
    /// random order (Fisher-Yates stopped after `take` steps, from the front).
    pub fn sample_to_front<T>(&mut self, items: &mut [T], take: usize) {
        for i in 0..take.min(items.len()) {
            let j = i + self.below(items.len() - i);
            items.swap(i, j);
        }
    }
}
