//! Limited-memory BFGS (Nocedal & Wright, *Numerical Optimization*, algorithms 7.4 and 7.5)
//! with a backtracking Armijo line search, for smooth convex objectives whose value and
//! gradient come from one pass over the data.
//!
//! It replaces argmin's L-BFGS, whose More-Thuente line search asks for the value and the
//! gradient in two separate calls (two passes over the rows per step) and allocates a vector
//! per arithmetic operation.

use std::collections::VecDeque;

/// Stopping rules.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    /// Most iterations.
    pub max_iters: usize,
    /// Stop when the largest gradient component is at most this.
    pub gradient_tolerance: f64,
    /// Stop when a step lowers the value by at most this, relative to the value.
    pub value_tolerance: f64,
    /// Correction pairs kept.
    pub history: usize,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            max_iters: 500,
            // scikit-learn's default `tol` for its L-BFGS solver, on the same (mean) loss.
            gradient_tolerance: 1e-4,
            value_tolerance: 1e-10,
            history: 10,
        }
    }
}

/// Why the optimiser stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stop {
    /// The gradient or the value change fell under its tolerance.
    Converged,
    /// [`Settings::max_iters`] was reached first.
    IterationLimit,
    /// No step along the search direction lowered the value (at the limit of precision).
    LineSearchFailed,
}

/// The result of [`minimise`].
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The best point found.
    pub x: Vec<f64>,
    /// The objective there.
    pub value: f64,
    /// Iterations done.
    pub iters: usize,
    /// Why it stopped.
    pub stop: Stop,
}

/// `a·b`, summed in eight interleaved lanes (a fixed order, so the same on every machine):
/// one running sum would wait on each addition, eight let the CPU pipeline and vectorise them.
pub fn dot(a: &[f64], b: &[f64]) -> f64 {
    let mut lanes = [0.0f64; 8];
    let (a8, b8) = (a.chunks_exact(8), b.chunks_exact(8));
    let tail: f64 = a8
        .remainder()
        .iter()
        .zip(b8.remainder())
        .map(|(x, y)| x * y)
        .sum();
    for (x, y) in a8.zip(b8) {
        for l in 0..8 {
            lanes[l] += x[l] * y[l];
        }
    }
    lanes.iter().sum::<f64>() + tail
}

/// `a += t·b`.
fn axpy(a: &mut [f64], t: f64, b: &[f64]) {
    for (x, y) in a.iter_mut().zip(b) {
        *x += t * y;
    }
}

/// Minimise `f` from `x`. `f(x, gradient)` returns the value at `x` and writes the gradient.
pub fn minimise(f: &dyn Fn(&[f64], &mut [f64]) -> f64, x: Vec<f64>, s: Settings) -> Outcome {
    let n = x.len();
    let mut x = x;
    let mut g = vec![0.0; n];
    let mut value = f(&x, &mut g);
    // Correction pairs (s, y, 1 / s·y), oldest first.
    let mut pairs: VecDeque<(Vec<f64>, Vec<f64>, f64)> = VecDeque::with_capacity(s.history);
    let mut d = vec![0.0; n];
    let mut x_new = vec![0.0; n];
    let mut g_new = vec![0.0; n];
    let mut alpha = vec![0.0; s.history];
    for iter in 0..s.max_iters {
        if g.iter().all(|v| v.abs() <= s.gradient_tolerance) {
            return Outcome {
                x,
                value,
                iters: iter,
                stop: Stop::Converged,
            };
        }
        // Two-loop recursion: d = -H·g.
        d.iter_mut().zip(&g).for_each(|(di, gi)| *di = -gi);
        for (k, (sk, yk, rho)) in pairs.iter().enumerate().rev() {
            alpha[k] = rho * dot(sk, &d);
            axpy(&mut d, -alpha[k], yk);
        }
        let scale = match pairs.back() {
            Some((sk, yk, _)) => dot(sk, yk) / dot(yk, yk),
            None => 1.0 / dot(&g, &g).sqrt().max(1e-300),
        };
        d.iter_mut().for_each(|v| *v *= scale);
        for (k, (sk, yk, rho)) in pairs.iter().enumerate() {
            let beta = rho * dot(yk, &d);
            axpy(&mut d, alpha[k] - beta, sk);
        }
        let mut slope = dot(&g, &d);
        if slope >= 0.0 {
            // Not a descent direction (rounding): restart from steepest descent.
            pairs.clear();
            d.iter_mut().zip(&g).for_each(|(di, gi)| *di = -gi);
            slope = -dot(&g, &g);
        }
        let mut step = 1.0;
        let new_value = loop {
            x_new
                .iter_mut()
                .zip(x.iter().zip(&d))
                .for_each(|(xn, (xi, di))| *xn = xi + step * di);
            let v = f(&x_new, &mut g_new);
            if v.is_finite() && v <= value + 1e-4 * step * slope {
                break Some(v);
            }
            step *= 0.5;
            if step < 1e-12 {
                break None;
            }
        };
        let Some(new_value) = new_value else {
            return Outcome {
                x,
                value,
                iters: iter,
                stop: Stop::LineSearchFailed,
            };
        };
        let mut sk: Vec<f64> = x_new.iter().zip(&x).map(|(a, b)| a - b).collect();
        let yk: Vec<f64> = g_new.iter().zip(&g).map(|(a, b)| a - b).collect();
        let sy = dot(&sk, &yk);
        if sy > 1e-12 * dot(&yk, &yk) {
            if pairs.len() == s.history {
                // Reuse the oldest pair's buffers.
                if let Some((mut old_s, mut old_y, _)) = pairs.pop_front() {
                    old_s.copy_from_slice(&sk);
                    old_y.copy_from_slice(&yk);
                    sk = old_s;
                    pairs.push_back((sk, old_y, 1.0 / sy));
                }
            } else {
                pairs.push_back((sk, yk, 1.0 / sy));
            }
        }
        let improvement = value - new_value;
        std::mem::swap(&mut x, &mut x_new);
        std::mem::swap(&mut g, &mut g_new);
        value = new_value;
        if improvement <= s.value_tolerance * value.abs().max(1.0) {
            return Outcome {
                x,
                value,
                iters: iter + 1,
                stop: Stop::Converged,
            };
        }
    }
    Outcome {
        x,
        value,
        iters: s.max_iters,
        stop: Stop::IterationLimit,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Rosenbrock's function: minimum 0 at (1, 1), a curved valley that defeats plain gradient
    /// descent.
    fn rosenbrock(x: &[f64], g: &mut [f64]) -> f64 {
        let (a, b) = (x[0], x[1]);
        g[0] = -2.0 * (1.0 - a) - 400.0 * a * (b - a * a);
        g[1] = 200.0 * (b - a * a);
        (1.0 - a).powi(2) + 100.0 * (b - a * a).powi(2)
    }

    #[test]
    fn finds_the_minimum_of_rosenbrocks_valley() {
        let settings = Settings {
            max_iters: 1000,
            gradient_tolerance: 1e-8,
            value_tolerance: 0.0,
            history: 5,
        };
        let out = minimise(&rosenbrock, vec![-1.2, 1.0], settings);
        assert_eq!(out.stop, Stop::Converged);
        assert!(
            (out.x[0] - 1.0).abs() < 1e-6 && (out.x[1] - 1.0).abs() < 1e-6,
            "{out:?}"
        );
    }

    #[test]
    fn solves_a_quadratic_in_at_most_a_few_steps_per_dimension() {
        // f = Σ c_i (x_i - i)², minimum at x_i = i.
        let c = [1.0, 10.0, 100.0, 0.5];
        let f = |x: &[f64], g: &mut [f64]| {
            let mut v = 0.0;
            for i in 0..4 {
                let r = x[i] - i as f64;
                g[i] = 2.0 * c[i] * r;
                v += c[i] * r * r;
            }
            v
        };
        let out = minimise(&f, vec![0.0; 4], Settings::default());
        assert_eq!(out.stop, Stop::Converged);
        for (i, xi) in out.x.iter().enumerate() {
            assert!((xi - i as f64).abs() < 1e-5, "{:?}", out.x);
        }
        assert!(out.iters <= 20, "{} iterations", out.iters);
    }

    #[test]
    fn the_iteration_limit_is_reported() {
        let out = minimise(
            &rosenbrock,
            vec![-1.2, 1.0],
            Settings {
                max_iters: 3,
                ..Settings::default()
            },
        );
        assert_eq!(out.stop, Stop::IterationLimit);
        assert_eq!(out.iters, 3);
    }
}
