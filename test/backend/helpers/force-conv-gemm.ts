// Imported first by the *-gemm tests: every convolution of the process takes the BLAS GEMM route.
process.env.SHARPNESS_LAB_CONV_GEMM = 'always';
