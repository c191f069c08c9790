// The conv-net oracle tests again with every convolution and matmul on oneDNN (src/backend/dnnl/): the
// float64 dense-Hessian HVP and gradient checks must hold on that path too.
import './helpers/force-dnnl';
import './conv-net-exact.test';
