// The conv-net oracle tests again with every convolution on oneDNN (src/backend/dnnl/): the
// float64 dense-Hessian HVP and gradient checks must hold on that path too.
import './helpers/force-conv-dnnl';
import './conv-net-exact.test';
