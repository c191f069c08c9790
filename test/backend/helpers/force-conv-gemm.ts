// Imported first by the *-gemm tests: every convolution of the process takes the BLAS GEMM route
// (not oneDNN, which the automatic choice prefers where it loads, nor XNNPACK for few channels).
process.env.SHARPNESS_LAB_DNNL = 'off';
process.env.SHARPNESS_LAB_CONV_GEMM = 'always';
