// The conv/pool gradient tests again with every convolution on the native-BLAS GEMM route.
import '../backend/helpers/force-conv-gemm';
import './conv-pool-gradients.test';
