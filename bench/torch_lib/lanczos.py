"""Top eigenvalue by Lanczos with full re-orthogonalisation (classical Gram-Schmidt twice), in
float64 numpy, with the stopping rule of src/curvature/lanczos.ts: relative residual
|beta_m s_m| / |theta| <= tol. Warm start: previous vector plus 1e-2 of seeded noise."""
import numpy as np


def lanczos_top(apply, dim, start=None, tol=1e-3, max_iter=100, seed=0, noise=1e-2):
    rng = np.random.default_rng(seed)
    g = rng.standard_normal(dim)
    g /= np.linalg.norm(g)
    q = g if start is None else start / np.linalg.norm(start) + noise * g
    q /= np.linalg.norm(q)
    basis, alpha, beta = [q], [], []
    theta, vec, res = 0.0, q, np.inf
    for it in range(1, min(max_iter, dim) + 1):
        w = apply(basis[-1])
        q_mat = np.array(basis)
        coeff = q_mat @ w
        w -= q_mat.T @ coeff
        c2 = q_mat @ w
        w -= q_mat.T @ c2
        alpha.append(coeff[-1] + c2[-1])
        b = np.linalg.norm(w)
        beta.append(b)
        t = np.diag(alpha) + np.diag(beta[:-1], 1) + np.diag(beta[:-1], -1)
        vals, vecs = np.linalg.eigh(t)
        theta, s = vals[-1], vecs[:, -1]
        res = abs(b * s[-1]) / max(abs(theta), 1e-300)
        if res <= tol or b == 0:
            vec = q_mat.T @ s
            return {'value': float(theta), 'hvps': it, 'residual': float(res), 'vector': vec / np.linalg.norm(vec)}
        basis.append(w / b)
    vec = np.array(basis[:len(alpha)]).T @ s
    return {'value': float(theta), 'hvps': len(alpha), 'residual': float(res), 'vector': vec / np.linalg.norm(vec)}
