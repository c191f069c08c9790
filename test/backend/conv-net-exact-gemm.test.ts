// The conv-net oracle tests again with EVERY convolution (3 and 4 channels here) on the native-BLAS
// GEMM route (src/backend/blas/conv-kernels.ts), which the channel rule would otherwise keep for
// wider layers only. Where the BLAS path is not active the tests run on that path and say so.
import './helpers/force-conv-gemm';
import './conv-net-exact.test';
