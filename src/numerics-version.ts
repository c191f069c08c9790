/**
 * The version of the kit's numerics: bump it whenever a change alters any run's records (a fixed
 * gradient, a new kernel, a solver constant, a tuner rule). It is part of every run's identity, so
 * runs computed by older code are never read as current. `test/train/golden-records.test.ts`
 * pins tiny runs' records per version and fails when they change under an unchanged version;
 * `npm run golden` records a new version's records (and refuses to overwrite an old version's).
 *
 * History: 1 = wave 1 (implicit: not in run identities); 2 = resolved configs (every default in the
 * hash) and the native-BLAS path; 3 = the curvature along the step taken (rho_step, eta_rho) where λ₁
 * is measured, and dense measurement also when the step size jumps by more than 10%; 4 = MLP HVPs by the
 * written-out R-operator (src/curvature/mlp-hvp.ts): the same Hessian, other float32 rounding; 5 = conv-net
 * (VGG11, ResNet34) HVPs by the written-out R-operator on their layer program (src/curvature/program-hvp.ts);
 * 6 = oneDNN's convolutions on NHWC activations (nxc kernels, no reorders: src/backend/dnnl/dnnl-conv.ts);
 * 7 = the filter gradients of strided 1x1 convolutions (ResNet34's projection shortcuts) by a GEMM, not
 * oneDNN's kernel, which writes past its workspace (oneDNN#6035; src/backend/dnnl/dnnl-conv.ts);
 * 8 = oneDNN's sgemm computes tall, narrow Aᵀ·B over ≥ 4096 rows (an MLP's weight gradient over ≥ 4096
 * images) as its transpose (src/backend/dnnl/dnnl-sgemm.ts): other float32 rounding for those products only;
 * 9 = line searches on an MLP evaluate f(w + η·u) from the first layer's pre-activations z₀ + η·Δz₀
 * (src/objective/line-objective.ts): other float32 rounding of the trial losses, so of armijo_trial_loss, and
 * of the accepted η wherever a trial sits within rounding of the Armijo bound.
 */
export const NUMERICS_VERSION = 9;
